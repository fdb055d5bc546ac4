import type { Rule } from '../rule';
import noApiTokenBasicAuth from './code/no-api-token-basic-auth';
import noApiTokenClient from './code/no-api-token-client';
import noApiTokenCollection from './code/no-api-token-collection';
import noApiTokenLiteral from './code/no-api-token-literal';
import noApiTokenStorage from './code/no-api-token-storage';
import noDirectProductFetch from './code/no-direct-product-fetch';
import noCustomerOAuthApp from './code/no-customer-oauth-app';
import noHardcodedClientSecret from './code/no-hardcoded-client-secret';
import noHardcodedSigningKey from './code/no-hardcoded-signing-key';
import noClientSecretInFrontend from './code/no-client-secret-in-frontend';
import noPlaintextSecretStorage from './code/no-plaintext-secret-storage';
import noSecretLogging from './code/no-secret-logging';
import redirectUriInsecure from './code/redirect-uri-insecure';
import redirectUriUntrustedHost from './code/redirect-uri-untrusted-host';
import manifestValid from './manifest/manifest-valid';
import missingScope from './manifest/missing-scope';
import noBroadScope from './manifest/no-broad-scope';
import noInsecureEgress from './manifest/no-insecure-egress';
import noUnknownScope from './manifest/no-unknown-scope';
import noUnusedScope from './manifest/no-unused-scope';
import noWildcardEgress from './manifest/no-wildcard-egress';
import runsOnAtlassian from './manifest/runs-on-atlassian';
import invalidSuppression from './meta/invalid-suppression';
import analysisIncomplete from './meta/analysis-incomplete';

/** Every rule, in SPEC order. A test checks this list equals the files in `rules/code`, `rules/manifest` and `rules/meta`. */
export const ALL_RULES: readonly Rule[] = [
  noApiTokenBasicAuth,
  noApiTokenClient,
  noApiTokenCollection,
  noApiTokenStorage,
  noApiTokenLiteral,
  noDirectProductFetch,
  noCustomerOAuthApp,
  noHardcodedClientSecret,
  noHardcodedSigningKey,
  noClientSecretInFrontend,
  noPlaintextSecretStorage,
  noSecretLogging,
  redirectUriInsecure,
  redirectUriUntrustedHost,
  noUnknownScope,
  noBroadScope,
  noUnusedScope,
  missingScope,
  noWildcardEgress,
  noInsecureEgress,
  manifestValid,
  runsOnAtlassian,
  invalidSuppression,
  analysisIncomplete,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));
