import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'sarif-schema-2.1.0.json');

let validate: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/**
 * Validates a SARIF log against the official 2.1.0 schema (test/schemas, see SOURCE.md) and returns the
 * errors, empty when valid. Formats (`uri`, `date-time`) are not checked: `ajv-formats` is not a dependency.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  if (validate(log)) return [];
  const errors = Array.isArray(validate.errors) ? (validate.errors as { instancePath?: string; message?: string }[]) : [];
  return errors.map((e) => `${e.instancePath ?? ''} ${e.message ?? ''}`.trim());
}
