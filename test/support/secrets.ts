import { randomBytes } from 'crypto';

/**
 * Test secrets are generated at run time: nothing real-looking is committed. Each helper returns a
 * value with the shape the rules look for, different on every run.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[(bytes[i] ?? 0) % ALNUM.length];
  // Guarantee the mix of classes real tokens have.
  return `A${'z'}${'7'}${out.slice(3)}`;
}

/** An Atlassian API token shape: `ATATT3` + 186 url-safe characters + `=` + 8 hex. */
export function fakeApiToken(): string {
  return `ATATT3${randomAlnum(186)}=${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** An org admin API key shape. */
export function fakeAdminKey(): string {
  return `ATCTT3${randomAlnum(186)}=${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** A Bitbucket app password shape. */
export function fakeAppPassword(): string {
  return `ATBB${randomAlnum(28)}`;
}

/** A legacy 24-character API token shape. */
export function fakeLegacyToken(): string {
  return randomAlnum(24);
}

/** An Atlassian 3LO client secret shape (`ATOA` prefix). */
export function fakeClientSecret(): string {
  return `ATOA${randomAlnum(60)}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Every 8-character window of a secret: no output may contain any of them. */
export function windows(secret: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= secret.length; i++) out.push(secret.slice(i, i + size));
  return out;
}
