import { canonicalJson } from '../../../../platform/canonical-json.js';
import { toE164 } from '../../../kit/validators.js';
import type { IncidentReport } from './incident-report.js';
import type { FieldChangeShape } from './incident-revision.entity.js';

/*
 * A report's content is stored as plain JSON (dates as ISO strings). Submissions are partial:
 * merging one into the current content gives the next revision's content, and comparing the two
 * tells what changed.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Input objects (class instances, Dates) as plain JSON; `undefined` fields dropped. */
export function toJson(value: unknown): Json {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v)]),
    );
  }
  return (value ?? null) as Json;
}

/** Phone numbers in the contact are kept in E.164, like the directory's. */
function normalise(report: Record<string, Json>): Record<string, Json> {
  const contact = report.contact;
  if (isObject(contact)) {
    for (const key of ['officePhone', 'mobilePhone'] as const) {
      if (typeof contact[key] === 'string') contact[key] = toE164(contact[key] as string);
    }
  }
  return report;
}

/** Applies a partial submission: omitted fields stay, null clears, lists are replaced whole, sections merge. */
export function mergeReport(current: IncidentReport, patch: object): IncidentReport {
  const merge = (base: Record<string, Json>, change: Record<string, Json>): Record<string, Json> => {
    const result: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(change)) {
      const existing = result[key];
      result[key] = isObject(value) && isObject(existing) ? merge(existing, value) : value;
    }
    return result;
  };
  return normalise(merge(toJson(current) as Record<string, Json>, toJson(patch) as Record<string, Json>)) as IncidentReport;
}

function flatten(value: Json, prefix: string, into: Map<string, Json>): Map<string, Json> {
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner as Json, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix && value !== null) {
    into.set(prefix, value);
  }
  return into;
}

/** Every field whose value differs between two contents, by path; lists compare as a whole. */
export function diffReports(before: IncidentReport, after: IncidentReport): FieldChangeShape[] {
  const a = flatten(toJson(before), '', new Map());
  const b = flatten(toJson(after), '', new Map());
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .filter((field) => canonicalJson(a.get(field) ?? null) !== canonicalJson(b.get(field) ?? null))
    .map((field) => ({ field, before: a.get(field) ?? null, after: b.get(field) ?? null }));
}

/** A stored date field as a Date (JSON keeps ISO strings). */
export function dateOf(value: unknown): Date | null {
  return typeof value === 'string' || value instanceof Date ? new Date(value) : null;
}
