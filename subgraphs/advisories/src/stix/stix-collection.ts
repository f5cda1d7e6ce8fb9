import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';

import { Tlp, TLP_LABELS } from '../../../../contracts/advisory-vocabulary.js';
import type { Caller } from '../../../../platform/caller.js';
import { forbidden, invalidField, notFound, ProblemCode, unauthenticated } from '../../../../platform/errors.js';
import { readableBy, RELEASED } from '../advisory/advisory-scope.js';
import { Advisory } from '../advisory/advisory.entity.js';
import { Indicator } from '../indicator/indicator.entity.js';
import type { TlpRecordRef } from '../tlp/tlp-audit.js';
import { tlpLabelsReadableBy, tlpReadableBy } from '../tlp/tlp-scope.js';
import { advisoryObjects, indicatorObjects, THAICERT_IDENTITY, TLP_MARKINGS, type StixObject } from './stix.js';

/**
 * The STIX objects shared under each TLP label, as TAXII 2.1 collections serve them: one
 * collection per label, each object with the time its current version was added (an advisory's
 * last revision, an indicator's last change), in the order of that time. Which rows of a label a
 * caller reads is the same TLP scope as GraphQL's (advisory-scope.ts, tlp-scope.ts).
 */

/** A collection's id: fixed per label (UUIDv5), so a partner's subscription never changes. */
const COLLECTION_NAMESPACE = '4f1c5d8e-7a3b-5c2d-9e0f-1a2b3c4d5e6f';
export const collectionIdOf = (tlp: Tlp) => uuidv5(`taxii-collection:${tlp}`, COLLECTION_NAMESPACE);

export interface StixCollectionInfo {
  id: string;
  tlp: Tlp;
  title: string;
  description: string;
}

export function collectionOf(tlp: Tlp): StixCollectionInfo {
  return {
    id: collectionIdOf(tlp),
    tlp,
    title: `ThaiCERT advisories and indicators — ${TLP_LABELS[tlp].en.split(' — ')[0]}`,
    description: `Advisories and indicators ThaiCERT shares under ${TLP_LABELS[tlp].en}.`,
  };
}

/** The collections a caller is shown: those of the labels it may read at least some records of. */
export const collectionsFor = (caller: Caller): StixCollectionInfo[] => tlpLabelsReadableBy(caller).map(collectionOf);

/** The collection with this id, if the caller may read it: else NOT_FOUND (no such id), UNAUTHENTICATED (public) or FORBIDDEN. */
export function readableCollection(caller: Caller, id: string): StixCollectionInfo {
  const tlp = Object.values(Tlp).find((label) => collectionIdOf(label) === id.toLowerCase());
  if (!tlp) throw notFound('Collection', id);
  if (!tlpLabelsReadableBy(caller).includes(tlp)) {
    throw caller.role === 'PUBLIC'
      ? unauthenticated('This collection needs a token: Authorization: Bearer …')
      : forbidden('You may not read this collection');
  }
  return collectionOf(tlp);
}

/** One object of a collection, with when its version was added. */
export interface StixEntry {
  id: string;
  version: string;
  dateAdded: Date;
  object: StixObject;
  /** The record it comes from (none for the shared identity and marking), for the audit trail. */
  source: TlpRecordRef | null;
}

export interface StixPage {
  objects: StixEntry[];
  more: boolean;
  next: string | null;
}

/** Where an entry sits: the time its record's version was added, the record, its place among the record's objects. */
interface Position {
  date: number;
  record: string;
  index: number;
}

const comparePositions = (a: Position, b: Position) =>
  a.date - b.date || (a.record < b.record ? -1 : a.record > b.record ? 1 : 0) || a.index - b.index;

const encode = (position: Position) => Buffer.from(JSON.stringify([position.date, position.record, position.index])).toString('base64url');

function decode(next: string): Position {
  try {
    const [date, record, index] = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as unknown[];
    if (typeof date === 'number' && typeof record === 'string' && Number.isInteger(index)) return { date, record, index: index as number };
  } catch {
    // refused below
  }
  throw invalidField('next', ProblemCode.NOT_A_CURSOR, 'next: not a value this server gave');
}

/** A record of a source: when its version was added, its id, and its objects in their fixed order. */
interface SourceRecord {
  date: Date;
  id: string;
  objects: () => StixObject[];
  ref: TlpRecordRef | null;
}

/** Records of one kind after a (date, id) key, in that order: `inclusive` keeps the key's own record. */
type Source = (after: { date: Date; id: string } | null, inclusive: boolean, count: number) => Promise<SourceRecord[]>;

/** When the shared objects (ThaiCERT's identity, the label's marking definition) count as added: fixed. */
const SHARED_ADDED = new Date('2026-01-01T00:00:00.000Z');
const SHARED_RECORD = '00000000-0000-0000-0000-000000000000';

function keyset<T>(dateField: string, after: { date: Date; id: string } | null, inclusive: boolean): FilterQuery<T> {
  if (!after) return {} as FilterQuery<T>;
  return {
    $or: [{ [dateField]: { $gt: after.date } }, { [dateField]: after.date, id: { [inclusive ? '$gte' : '$gt']: after.id } }],
  } as FilterQuery<T>;
}

function sources(em: EntityManager, tlp: Tlp, advisoryScope: FilterQuery<Advisory>, indicatorScope: FilterQuery<Indicator>): Source[] {
  const shared: Source = async (after, inclusive) => {
    const key = { date: SHARED_ADDED, id: SHARED_RECORD };
    const passed =
      after &&
      (after.date > key.date || (after.date.getTime() === key.date.getTime() && (inclusive ? after.id > key.id : after.id >= key.id)));
    return passed ? [] : [{ ...key, objects: () => [THAICERT_IDENTITY, TLP_MARKINGS[tlp]], ref: null }];
  };
  const advisories: Source = async (after, inclusive, count) =>
    (
      await em.find(
        Advisory,
        { $and: [advisoryScope, { tlp, status: { $in: RELEASED } }, keyset<Advisory>('lastRevisedAt', after, inclusive)] },
        { orderBy: { lastRevisedAt: 'asc', id: 'asc' }, limit: count },
      )
    ).map((advisory) => ({
      date: advisory.lastRevisedAt!,
      id: advisory.id,
      objects: () => advisoryObjects(advisory),
      ref: { type: 'Advisory' as const, id: advisory.id, tlp: advisory.tlp },
    }));
  const indicators: Source = async (after, inclusive, count) =>
    (
      await em.find(
        Indicator,
        { $and: [indicatorScope, { tlp }, keyset<Indicator>('updatedAt', after, inclusive)] },
        { orderBy: { updatedAt: 'asc', id: 'asc' }, limit: count },
      )
    ).map((indicator) => ({
      date: indicator.updatedAt,
      id: indicator.id,
      objects: () => indicatorObjects(indicator),
      ref: { type: 'Indicator' as const, id: indicator.id, tlp: indicator.tlp },
    }));
  return [shared, advisories, indicators];
}

const compareRecords = (a: SourceRecord, b: SourceRecord) =>
  a.date.getTime() - b.date.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface PageRequest {
  addedAfter?: Date | null;
  next?: string | null;
  limit: number;
  types?: string[] | null;
  ids?: string[] | null;
}

/**
 * A page of a collection, TAXII 2.1 §5.3–5.4: objects added after `addedAfter`, from where `next`
 * left off, at most `limit`, filtered by type and id. Positions are (date added, record, index),
 * so objects added between two pages come after every object already served: nothing is served
 * twice or skipped (a record revised between pages is served again, as its new version).
 */
export async function collectionPage(em: EntityManager, caller: Caller, collectionId: string, request: PageRequest): Promise<StixPage> {
  const { tlp } = readableCollection(caller, collectionId);
  const positions = [
    ...(request.next ? [decode(request.next)] : []),
    ...(request.addedAfter
      ? [{ date: request.addedAfter.getTime(), record: 'ffffffff-ffff-ffff-ffff-ffffffffffff', index: Infinity }]
      : []),
  ];
  const from = positions.sort(comparePositions).at(-1) ?? null;
  const wanted = (object: StixObject) =>
    (!request.types?.length || request.types.includes(object.type)) && (!request.ids?.length || request.ids.includes(object.id));
  const all = sources(em, tlp, await readableBy(em, caller), await tlpReadableBy<Indicator>(em, caller));
  const batch = request.limit + 1;
  const collected: { position: Position; entry: StixEntry }[] = [];
  let after: { date: Date; id: string } | null = from ? { date: new Date(from.date), id: from.record } : null;
  let inclusive = true;
  for (;;) {
    const batches = await Promise.all(all.map((source) => source(after, inclusive, batch)));
    // Only records up to the end of the shortest full batch are known to be in order across sources.
    const full = batches.filter((records) => records.length === batch).map((records) => records.at(-1)!);
    const boundary = full.sort(compareRecords)[0];
    const records = batches
      .flat()
      .filter((record) => !boundary || compareRecords(record, boundary) <= 0)
      .sort(compareRecords);
    for (const record of records) {
      record.objects().forEach((object, index) => {
        const position = { date: record.date.getTime(), record: record.id, index };
        if (from && comparePositions(position, from) <= 0) return;
        if (!wanted(object)) return;
        const version = String(object.modified ?? object.created);
        collected.push({ position, entry: { id: object.id, version, dateAdded: record.date, object, source: record.ref } });
      });
      if (collected.length > request.limit) break;
    }
    if (collected.length > request.limit || !boundary) break;
    after = { date: boundary.date, id: boundary.id };
    inclusive = false;
  }
  const page = collected.slice(0, request.limit);
  const more = collected.length > request.limit;
  return { objects: page.map((c) => c.entry), more, next: more ? encode(page.at(-1)!.position) : null };
}
