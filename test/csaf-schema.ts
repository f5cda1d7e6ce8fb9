import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import * as optionalTests from '@secvisogram/csaf-validator-lib/optionalTests.js';
import * as schemaTests from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import addFormats from 'ajv-formats';
import { Ajv2020 } from 'ajv/dist/2020.js';

const fixture = (file: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'csaf', file), 'utf8'));

/** OASIS's CSAF 2.0 JSON schema, compiled with FIRST's CVSS schemas it refers to by their URLs. */
export function csafSchemaValidator(): ReturnType<Ajv2020['compile']> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  for (const version of ['2.0', '3.0', '3.1']) {
    ajv.addSchema({ ...fixture(`cvss-v${version}.json`), $id: `https://www.first.org/cvss/cvss-v${version}.json` });
  }
  return ajv.compile(fixture('csaf_json_schema.json'));
}

/** What BSI's validator found in a document: `failures` break it, `warnings` are advice. */
export interface CsafFindings {
  /** The strict CSAF 2.0 schema and every mandatory test (CSAF 2.0 §6.1): a document with one is not valid CSAF. */
  failures: string[];
  /** The optional tests (CSAF 2.0 §6.2, "recommended" in CSAF 2.1): reported, not failed on. */
  warnings: string[];
}

/**
 * Runs BSI's `@secvisogram/csaf-validator-lib` as its own validator service does: the strict schema
 * (no properties beyond CSAF's), all mandatory tests and all optional ones. The informative tests
 * (§6.3) are left out: they spell-check with hunspell and resolve URLs over the network.
 */
export async function csafFindings(document: unknown): Promise<CsafFindings> {
  const tests = [schemaTests.csaf_2_0_strict!, ...Object.values(mandatoryTests), ...Object.values(optionalTests)];
  const optional = new Set(Object.values(optionalTests).map((test) => test.name));
  const result = await validateStrict(tests, document);
  const line = (name: string, f: { instancePath: string; message: string }) => `${name} ${f.instancePath || '/'}: ${f.message}`;
  return {
    failures: result.tests.flatMap((t) => (optional.has(t.name) ? [] : t.errors.map((f) => line(t.name, f)))),
    warnings: result.tests.flatMap((t) => [...(optional.has(t.name) ? t.errors : []), ...t.warnings].map((f) => line(t.name, f))),
  };
}

/** Warnings already printed, so that a property test's hundred documents print each kind once. */
const printed = new Set<string>();

/**
 * BSI's findings on a document, with its warnings printed to the test log (each distinct one once):
 * the caller fails on `failures`.
 */
export async function checkedCsaf(document: unknown, label: string): Promise<string[]> {
  const { failures, warnings } = await csafFindings(document);
  for (const warning of warnings) {
    const kind = warning.replace(/\/\d+/g, '/*');
    if (printed.has(kind)) continue;
    printed.add(kind);
    console.warn(`CSAF recommended test (${label}): ${warning}`);
  }
  return failures;
}

/**
 * OASIS's CSAF 2.0 provider metadata schema (its `publisher` is the CSAF schema's) and the CSAF
 * TC's ROLIE feed schema, compiled for `csaf-provider.e2e.ts`.
 */
export function csafProviderValidators(): { metadata: ReturnType<Ajv2020['compile']>; feed: ReturnType<Ajv2020['compile']> } {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  for (const version of ['2.0', '3.0', '3.1']) {
    ajv.addSchema({ ...fixture(`cvss-v${version}.json`), $id: `https://www.first.org/cvss/cvss-v${version}.json` });
  }
  ajv.addSchema(fixture('csaf_json_schema.json'));
  return { metadata: ajv.compile(fixture('provider_json_schema.json')), feed: ajv.compile(fixture('ROLIE_feed_json_schema.json')) };
}
