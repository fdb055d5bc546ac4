import { API_TOKEN_ENFORCEMENT_DATE } from './model';

/**
 * The policy sentences findings' details quote (Atlassian's Marketplace security enforcement policy).
 * A finding's message says what differs; these say why it matters, once, in the detail.
 */

/** "Personal access tokens", with its deadline: every API-token finding is overdue. */
export const API_TOKEN_POLICY = `Policy "Personal access tokens": Marketplace apps must not collect, transmit or store Atlassian API tokens (enforced since ${API_TOKEN_ENFORCEMENT_DATE}, overdue).`;

/** The way out of an API token, for code outside Forge and inside it. */
export const API_TOKEN_FIX = 'Fix: authorize the app with OAuth 2.0 (3LO) and send a Bearer access token to api.atlassian.com/ex/…, or on Forge call api.asUser()/asApp().requestJira(route`…`), which needs no token.';

export const OAUTH_SECRET_POLICY = 'Policy "OAuth implementation": client secrets and tokens belong in encrypted secret stores, never in source, configuration or client-side artifacts.';

export const REDIRECT_POLICY = 'Policy "Redirect URI security": every redirect URI must be on a domain you own and operate, over https://.';

export const SCOPE_POLICY = 'Policy "OAuth scope management": request only the scopes the app needs (least privilege).';
