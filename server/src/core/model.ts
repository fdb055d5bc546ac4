/**
 * The analysis core's data model. Pure: nothing here knows about VS Code or LSP.
 * Every range is a pair of UTF-16 offsets into the file's text (as JavaScript strings count),
 * so adapters convert to line/character once, at the edge.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** The policy areas of Atlassian's Marketplace security enforcement policy. */
export type Category = 'api-tokens' | 'client-secrets' | 'redirect-uris' | 'scopes' | 'meta';

/** What kind of text a file holds, decided from its name (SPEC §2). */
export type FileKind = 'code' | 'manifest' | 'env' | 'json' | 'yaml' | 'markdown' | 'text';

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A text edit; `file` is workspace-relative (forward slashes); absent means the analysed file. */
export interface TextEdit {
  readonly file?: string;
  readonly range: Range;
  readonly newText: string;
}

/** The longest fix title: the rest goes in `detail` or `note`. */
export const MAX_FIX_TITLE = 80;

/** A fix is data: the code-action adapter and the CLI apply the same edits. */
export interface Fix {
  /** A few words (at most {@link MAX_FIX_TITLE} characters): the lightbulb and the tree's pick list show it. */
  readonly title: string;
  /** What the fix does beyond its title (calls rewritten, scopes added), for a reader who wants the detail. */
  readonly detail?: string;
  /** Safe fixes change no behaviour; only these run in `source.fixAll.marketplaceGuard`. */
  readonly safe: boolean;
  readonly edits: readonly TextEdit[];
  /** Files the fix creates when absent (workspace-relative path → full text). */
  readonly createFiles?: Readonly<Record<string, string>>;
  /** A note to show the user after the fix (e.g. "revoke the token"); never holds a secret. */
  readonly note?: string;
  /**
   * Variables the fix declares in a dotenv file. Resolved against the file's text when the fix is
   * applied (see `core/env-declarations.ts`): `NAME=` appended unless the file already declares it.
   */
  readonly envDeclarations?: readonly EnvDeclaration[];
}

/** A variable a fix declares as `NAME=` in a dotenv file (e.g. `.env.example`), workspace-relative. */
export interface EnvDeclaration {
  readonly file: string;
  readonly name: string;
  /** The fix made the variable unused (the 3LO fix and `JIRA_API_TOKEN`): its `NAME=` lines go instead. */
  readonly remove?: boolean;
}

/** Facts a rule attaches for reports, e.g. the endpoint an API token is sent to. */
export interface EndpointData {
  readonly method?: string;
  readonly host?: string;
  readonly path?: string;
  /** e.g. 'basic', 'bearer-api-token', 'client-library'. */
  readonly authKind?: string;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

/**
 * A place that explains a finding: where a credential is built, where the token comes from, the
 * call that passes it. LSP `relatedInformation`, SARIF `relatedLocations`, the JSON report's `related`.
 */
export interface RelatedLocation {
  /** Workspace-relative path with forward slashes (may be another file than the finding's). */
  readonly file: string;
  readonly range: Range;
  readonly start: Position;
  readonly end: Position;
  /** A few words: "API token read here", "Basic credential built here". Never holds a secret. */
  readonly message: string;
}

/** A related location as a rule reports it: offsets, in the analysed file unless `file` says another. */
export interface RelatedReport {
  readonly file?: string;
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  /** Workspace-relative path with forward slashes. */
  readonly file: string;
  readonly range: Range;
  readonly start: Position;
  readonly end: Position;
  readonly messageId: string;
  /**
   * One short sentence (at most 100 characters) that names what differs first; any secret in it is
   * already redacted. The Problems panel, the tree and the reports' tables show it.
   */
  readonly message: string;
  /**
   * The rest: the policy clause, the deadline and the fix (redacted likewise). The hover's second
   * paragraph, the tree's tooltip and the reports show it beside the message.
   */
  readonly detail: string;
  /** The policy clause the finding breaks. */
  readonly policy: string;
  readonly endpoint?: EndpointData;
  readonly fixes: readonly Fix[];
  /** Where the finding's evidence lives besides its own range (at most a few, nearest first). */
  readonly related?: readonly RelatedLocation[];
}

/**
 * A finding a directive suppresses, with the directive's reason: SARIF reports it as a result with
 * `suppressions: [{ kind: 'inSource', justification }]`; the other formats leave it out.
 */
export interface SuppressedFinding extends Finding {
  /** The directive's reason ('' when it gave none or only a placeholder). */
  readonly justification: string;
}

export interface RuleMeta {
  readonly category: Category;
  readonly defaultSeverity: Severity;
  /** The clause of the policy, as the policy names it. */
  readonly policy: string;
  /** One imperative sentence. */
  readonly description: string;
  /**
   * Message templates by id, with `{{placeholder}}` slots: one short sentence that names what differs
   * first; long values are cut in the middle so the rendered message stays within 100 characters.
   */
  readonly messages: Readonly<Record<string, string>>;
  /** The detail of every message (policy clause, deadline, fix), same placeholders; see `details`. */
  readonly detail?: string;
  /** Details by message id, for messages whose policy clause or fix differs from the rule's `detail`. */
  readonly details?: Readonly<Record<string, string>>;
  readonly fixable: boolean;
}

/** A report from a rule; the engine adds severity, positions and the rendered message. */
export interface Report {
  readonly range: Range;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly fixes?: readonly Fix[];
  readonly endpoint?: EndpointData;
  /** Where the credential is built and where the token comes from (see {@link RelatedLocation}). */
  readonly related?: readonly RelatedReport[];
  /**
   * This finding's severity when the user has not set the rule's severity (e.g. a redirect host
   * outside `ownedDomains` is an error, other shared hosts a warning); the rule's default otherwise.
   */
  readonly severity?: Severity;
}

/** A policy deadline shown beside findings of a category. */
export const API_TOKEN_ENFORCEMENT_DATE = '2026-01-01';
