import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';

import addFormats from 'ajv-formats';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'stix2.1', 'schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

/** OASIS's STIX 2.1 JSON schemas, every file loaded (they refer to one another by relative `$ref`), compiled once. */
function compile(): { bundle: ValidateFunction; byType: Map<string, ValidateFunction> } {
  // The schemas' patterns escape '-' outside a class, which a Unicode-mode RegExp refuses.
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  // ajv-formats has no idn-hostname (domain-name:value): a name WHATWG URL can write in ASCII is one.
  ajv.addFormat('idn-hostname', (name: string) => domainToASCII(name) !== '');
  const byType = new Map<string, string>();
  for (const folder of readdirSync(ROOT)) {
    for (const file of readdirSync(join(ROOT, folder))) {
      const schema = JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8')) as { $id: string };
      ajv.addSchema(schema);
      if (folder !== 'common' || ['language-content.json', 'marking-definition.json'].includes(file)) {
        byType.set(file.replace(/\.json$/, ''), schema.$id);
      }
    }
  }
  return {
    bundle: ajv.getSchema(`${BASE}/common/bundle.json`)!,
    byType: new Map([...byType].map(([type, id]) => [type, ajv.getSchema(id)!])),
  };
}

let compiled: ReturnType<typeof compile> | undefined;

type StixObject = { type: string; id: string; [property: string]: unknown };

/**
 * What is wrong with a STIX 2.1 bundle: the bundle schema, each object against its own type's
 * schema (a bundle accepts custom objects, so this is the strict check), and what the README of
 * the schemas says they cannot check: `modified` not before `created`, and every reference
 * resolving to an object of the bundle or a well-known marking definition.
 */
export function stixProblems(bundle: { objects?: StixObject[] }): string[] {
  compiled ??= compile();
  const problems: string[] = [];
  const report = (what: string, validate: ValidateFunction) =>
    problems.push(...(validate.errors ?? []).map((e) => `${what} ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  if (!compiled.bundle(bundle)) report('bundle', compiled.bundle);
  const ids = new Set((bundle.objects ?? []).map((object) => object.id));
  for (const object of bundle.objects ?? []) {
    const validate = compiled.byType.get(object.type);
    if (!validate) problems.push(`${object.id}: no schema for type ${object.type}`);
    else if (!(validate(object) as boolean)) report(object.id, validate);
    if (typeof object.created === 'string' && typeof object.modified === 'string' && object.modified < object.created)
      problems.push(`${object.id}: modified before created`);
    for (const [property, value] of Object.entries(object)) {
      const refs = property.endsWith('_ref') ? [value] : property.endsWith('_refs') ? (value as unknown[]) : [];
      for (const ref of refs)
        if (!ids.has(ref as string)) problems.push(`${String(object.id)}: ${property} ${String(ref)} is not in the bundle`);
    }
  }
  return problems;
}
