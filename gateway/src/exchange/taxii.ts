import express from 'express';
import { parse } from 'graphql';

import { ErrorCode } from '../../../platform/errors.js';
import type { OperationAnswer, OperationRoutes, OperationRunner } from '../../../platform/http-server.js';
import { operationHash } from '../abuse-limits.js';
import { refusalOf } from '../operation-documents.js';

/**
 * A read-only TAXII 2.1 server (OASIS TAXII 2.1, 2021) at `/taxii2/`: discovery, one API root
 * (`/taxii2/api/`), a collection per TLP label the caller may read, and each collection's objects
 * and manifest with TAXII's paging (`added_after`, `limit`, `next`, `more`) and filters
 * (`match[type]`, `match[id]`). Every answer with data runs a GraphQL operation of the advisories
 * subgraph through the gateway's own pipeline as the caller (`Authorization: Bearer …`, or the
 * public without it), so tokens, limits, safelist, audit and TLP are those of `/graphql`.
 */

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

const COLLECTIONS = 'query TaxiiCollections { stixCollections { id title description } }';
const COLLECTION = 'query TaxiiCollection($id: ID!) { stixCollection(id: $id) { id title description } }';
const OBJECTS = `query TaxiiObjects($collectionId: ID!, $addedAfter: DateTime, $next: String, $limit: Int!, $types: [String!], $ids: [String!]) {
  stixObjects(collectionId: $collectionId, addedAfter: $addedAfter, next: $next, limit: $limit, types: $types, ids: $ids) {
    more next objects { id version dateAdded object }
  }
}`;
const MANIFEST = `query TaxiiManifest($collectionId: ID!, $addedAfter: DateTime, $next: String, $limit: Int!, $types: [String!], $ids: [String!]) {
  stixObjects(collectionId: $collectionId, addedAfter: $addedAfter, next: $next, limit: $limit, types: $types, ids: $ids) {
    more next objects { id version dateAdded }
  }
}`;

/** The TAXII routes' operations: the gateway's own, registered in the safelist by being here. */
export const TAXII_OPERATIONS: readonly string[] = [COLLECTIONS, COLLECTION, OBJECTS, MANIFEST];
for (const query of TAXII_OPERATIONS) parse(query); // a mistake here stops the gateway from starting

/** The safelist with the TAXII operations in it. */
export function withTaxiiOperations(safelist: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  return new Map([...safelist, ...TAXII_OPERATIONS.map((query): [string, string] => [operationHash(query), query])]);
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** A TAXII 2.1 error message (§3.6.1): title, description, http_status as text, and our error code. */
function refuse(res: express.Response, status: number, description: string, code: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(status)
    .setHeader('Content-Type', TAXII_MEDIA_TYPE)
    .setHeader('Cache-Control', 'no-store')
    .send(Buffer.from(JSON.stringify({ title: TITLES[status] ?? 'Error', description, error_code: code, http_status: String(status) })));
}

/** Whether the request accepts TAXII 2.1 JSON: no Accept, a wildcard, or `application/taxii+json` without another version. */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept?.trim()) return true;
  return accept.split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const params = Object.fromEntries(parameters.map((p) => p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''))));
    if (params.q !== undefined && Number(params.q) === 0) return false;
    if (type === '*/*' || type === 'application/*') return true;
    return type === 'application/taxii+json' && (params.version === undefined || params.version === '2.1');
  });
}

function send(res: express.Response, body: unknown, headers: Record<string, string> = {}): void {
  res.status(200).setHeader('Content-Type', TAXII_MEDIA_TYPE).setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.send(Buffer.from(JSON.stringify(body)));
}

/** The API root's URL as the caller reached the gateway. */
const apiRootOf = (req: express.Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}/api/`;

type PageParameters = { addedAfter?: string; next?: string; limit: number; types?: string[]; ids?: string[] };

/** TAXII's query parameters of a page, or the reason they are refused. */
function pageParameters(req: express.Request): PageParameters | string {
  const search = new URL(req.originalUrl, 'http://taxii.invalid').searchParams;
  const list = (name: string) =>
    search
      .getAll(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
  const limitText = search.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return 'limit must be a positive whole number';
  const addedAfter = search.get('added_after') ?? undefined;
  if (addedAfter !== undefined && Number.isNaN(Date.parse(addedAfter))) return 'added_after must be a timestamp';
  const types = list('match[type]');
  const ids = list('match[id]');
  return {
    ...(addedAfter && { addedAfter: new Date(addedAfter).toISOString() }),
    ...(search.get('next') && { next: search.get('next')! }),
    limit: Math.min(limit, MAX_LIMIT), // a server may return fewer than asked (TAXII 2.1 §3.4)
    ...(types.length && { types }),
    ...(ids.length && { ids }),
  };
}

type Answered<T> = { data: T } | null;

/** Runs an operation as the caller; on a refusal, answers it as a TAXII error and gives null. */
async function ask<T>(
  run: OperationRunner,
  req: express.Request,
  res: express.Response,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<Answered<T>> {
  const answer: OperationAnswer = await run(req, { query, variables });
  const value = answer.body.data?.[field];
  const retryAfter = answer.headers.get('retry-after');
  if (retryAfter) res.setHeader('Retry-After', retryAfter);
  const refusal = refusalOf(answer, value === null || value === undefined ? undefined : '');
  if (refusal) {
    refuse(res, refusal.status, refusal.message, refusal.code);
    return null;
  }
  return { data: value as T };
}

type CollectionRow = { id: string; title: string; description: string };
type EntryRow = { id: string; version: string; dateAdded: string; object?: Record<string, unknown> };
type PageRow = { more: boolean; next: string | null; objects: EntryRow[] };

const collectionResource = (row: CollectionRow) => ({ ...row, can_read: true, can_write: false, media_types: [STIX_MEDIA_TYPE] });

/** The TAXII headers of a page: when its first and last objects were added (TAXII 2.1 §3.3.1). */
function dateHeaders(page: PageRow): Record<string, string> {
  const first = page.objects[0];
  const last = page.objects.at(-1);
  return first && last ? { 'X-TAXII-Date-Added-First': first.dateAdded, 'X-TAXII-Date-Added-Last': last.dateAdded } : {};
}

function handler(run: OperationRunner): express.RequestHandler {
  const router = express.Router({ strict: false });
  const wrap =
    (serve: (req: express.Request, res: express.Response) => Promise<void> | void): express.RequestHandler =>
    async (req, res, next) => {
      try {
        await serve(req, res);
      } catch (error) {
        next(error);
      }
    };
  router.use((req, res, next) => {
    if (acceptsTaxii(req.header('accept'))) return next();
    refuse(res, 406, `This server answers ${TAXII_MEDIA_TYPE}`, 'NOT_ACCEPTABLE');
  });
  router.get(
    '/',
    wrap((req, res) => {
      const root = apiRootOf(req);
      send(res, {
        title: 'ThaiCERT TAXII 2.1',
        description: 'Advisories and indicators ThaiCERT shares as STIX 2.1, per TLP 2.0 label.',
        contact: 'https://www.thaicert.or.th/',
        default: root,
        api_roots: [root],
      });
    }),
  );
  router.get(
    '/api/',
    wrap((_req, res) =>
      send(res, {
        title: 'ThaiCERT',
        description: 'ThaiCERT’s advisories and indicators of compromise, read-only.',
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: 0,
      }),
    ),
  );
  router.get(
    '/api/collections/',
    wrap(async (req, res) => {
      const answered = await ask<CollectionRow[]>(run, req, res, COLLECTIONS, {}, 'stixCollections');
      if (answered) send(res, { collections: answered.data.map(collectionResource) });
    }),
  );
  router.get(
    '/api/collections/:collectionId/',
    wrap(async (req, res) => {
      const answered = await ask<CollectionRow>(run, req, res, COLLECTION, { id: req.params.collectionId }, 'stixCollection');
      if (answered) send(res, collectionResource(answered.data));
    }),
  );
  const page = (query: string, resource: (page: PageRow) => unknown, objectId?: (req: express.Request) => string) =>
    wrap(async (req, res) => {
      const parameters = pageParameters(req);
      if (typeof parameters === 'string') return refuse(res, 400, parameters, ErrorCode.BAD_USER_INPUT);
      const ids = objectId ? [objectId(req)] : parameters.ids;
      const variables = { collectionId: req.params.collectionId, ...parameters, ...(ids && { ids }) };
      const answered = await ask<PageRow>(run, req, res, query, variables, 'stixObjects');
      if (!answered) return;
      if (objectId && answered.data.objects.length === 0)
        return refuse(res, 404, 'There is no such object in this collection', ErrorCode.NOT_FOUND);
      send(res, resource(answered.data), dateHeaders(answered.data));
    });
  const envelope = (p: PageRow) => ({ more: p.more, ...(p.next && { next: p.next }), objects: p.objects.map((o) => o.object) });
  router.get('/api/collections/:collectionId/objects/', page(OBJECTS, envelope));
  router.get(
    '/api/collections/:collectionId/objects/:objectId/',
    page(OBJECTS, envelope, (req) => String(req.params.objectId)),
  );
  router.get(
    '/api/collections/:collectionId/manifest/',
    page(MANIFEST, (p) => ({
      more: p.more,
      ...(p.next && { next: p.next }),
      objects: p.objects.map((o) => ({ id: o.id, date_added: o.dateAdded, version: o.version, media_type: STIX_MEDIA_TYPE })),
    })),
  );
  router.use((_req, res) => refuse(res, 404, 'There is no such TAXII resource', ErrorCode.NOT_FOUND));
  return router;
}

/** The TAXII 2.1 routes at `/taxii2`. */
export function taxiiRoutes(): OperationRoutes {
  return { path: '/taxii2', handler };
}
