import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
