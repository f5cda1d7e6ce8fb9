import express from 'express';
import { getNamedType, Kind, parse, typeFromAST, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import { ErrorCode } from '../../platform/errors.js';
import type { OperationAnswer, OperationRoutes, OperationRunner } from '../../platform/http-server.js';
import { operationHash } from './abuse-limits.js';

/**
 * One home for "serve a GraphQL leaf as an HTTP document": the downloads (`downloads.ts`) and the
 * exchange routes partners call (`exchange/*.ts`) are each a table of these, mounted by
 * {@link documentRoutes} and registered in the safelist by {@link withDocumentOperations}.
 */

/** Media types the tables serve. */
export const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  pgpSignature: 'application/pgp-signature',
  pgpKeys: 'application/pgp-keys',
} as const;

/**
 * A document served over a plain GET: a GraphQL operation whose one leaf field is the document's
 * text. Its variables are the path's parameters by name (`:year` fills `$year`) and, for those the
 * path has not, the query string's (`?filing=2`).
 */
export interface DocumentRoute {
  /** Under its table's mount, in Express's syntax, e.g. `/annual-summary/:regulatorId/:year.csv`. */
  path: string;
  /** The `Content-Type` it is served with. */
  type: string;
  /** `Content-Disposition`, with the file name from the path: whether a browser shows it or saves it. None: not sent. */
  disposition?: 'attachment' | 'inline';
  /**
   * `token`: someone's document — without `Authorization` the answer is 401, not the FORBIDDEN a
   * public caller gets, and nothing is cached. `anyone`: public too (the operation's own scope
   * decides what a caller sees), revalidated on each use.
   */
  access: 'token' | 'anyone';
  query: string;
}

/** A table of document routes mounted together. */
export interface DocumentTable {
  /** Where its routes are mounted, e.g. `/downloads`, `/.well-known/csaf`. */
  mount: string;
  routes: readonly DocumentRoute[];
  /** The message of the 404 for a path no route has. */
  notFound: string;
}

/** The HTTP status of each GraphQL error code a document can answer with; others keep the status GraphQL gave. */
const STATUS_OF: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.IDENTITY_EXPIRED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  [ErrorCode.OPERATION_TOO_LARGE]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export type Refusal = { status: number; code: string; message: string };

/** The refusal a GraphQL answer carries, if any: its first error, or NOT_FOUND for a document that came back null. */
export function refusalOf(answer: OperationAnswer, text: unknown): Refusal | null {
  const error = answer.body.errors?.[0];
  if (error) {
    const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    return { status: STATUS_OF[code] ?? (answer.status >= 400 ? answer.status : 500), code, message: error.message };
  }
  if (typeof text !== 'string') return { status: 404, code: ErrorCode.NOT_FOUND, message: 'There is no such document' };
  return null;
}

/** A parsed route: its operation, where its text sits in the answer, and how to read its variables. */
interface PreparedRoute extends DocumentRoute {
  /** The fields from the root to the leaf holding the document. */
  textPath: string[];
  /** Each variable's name, and whether it is numeric (a path's text then becomes a number). */
  variables: { name: string; numeric: boolean }[];
  /** The file name, from the path with its parameters filled in. */
  filename: (params: Record<string, string>) => string;
}

/** The fields from the root to the operation's one leaf; a route whose operation selects more is a mistake in the table. */
function leafPath(operation: OperationDefinitionNode, path: string): string[] {
  const fields: string[] = [];
  let selections = operation.selectionSet.selections;
  for (;;) {
    const [only, ...others] = selections;
    if (!only || others.length || only.kind !== Kind.FIELD)
      throw new Error(`document ${path}: its operation must select exactly one field at each level`);
    fields.push(only.alias?.value ?? only.name.value);
    if (!only.selectionSet) return fields;
    selections = only.selectionSet.selections;
  }
}

function prepare(route: DocumentRoute, schema: GraphQLSchema): PreparedRoute {
  const document: DocumentNode = parse(route.query);
  const operation = document.definitions[0];
  if (document.definitions.length !== 1 || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') {
    throw new Error(`document ${route.path}: its operation must be one query`);
  }
  const variables = (operation.variableDefinitions ?? []).map((definition) => {
    const type = typeFromAST(schema, definition.type);
    if (!type) throw new Error(`document ${route.path}: $${definition.variable.name.value} has a type the graph does not know`);
    return { name: definition.variable.name.value, numeric: ['Int', 'Float'].includes(getNamedType(type).name) };
  });
  return {
    ...route,
    textPath: leafPath(operation, route.path),
    variables,
    filename: (params) =>
      route.path
        .slice(1)
        .replace(/:(\w+)/g, (_, name: string) => params[name] ?? name)
        .replace(/[^\w.-]+/g, '-'),
  };
}

/** Numeric variables arrive as text; anything that is not a number is passed on as it came, for GraphQL to refuse. */
const valueOf = (text: string, numeric: boolean): unknown => (numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

function variablesOf(route: PreparedRoute, req: express.Request): Record<string, unknown> {
  const given = { ...(req.query as Record<string, unknown>), ...req.params };
  return Object.fromEntries(
    route.variables.flatMap(({ name, numeric }) => (typeof given[name] === 'string' ? [[name, valueOf(given[name], numeric)]] : [])),
  );
}

/** A refusal as JSON (`{ errors: [{ message, extensions: { code } }] }`) with the status its code means. */
export function refuse(res: express.Response, refusal: Refusal): void {
  if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(refusal.status)
    .setHeader('Cache-Control', 'no-store')
    .json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

/** Answers one route: the document, or the refusal its GraphQL answer carries. */
function serve(route: PreparedRoute, run: OperationRunner): express.RequestHandler {
  return async (req, res, next) => {
    try {
      if (route.access === 'token' && !req.header('authorization')) {
        return refuse(res, {
          status: 401,
          code: ErrorCode.UNAUTHENTICATED,
          message: 'This document needs a token: Authorization: Bearer …',
        });
      }
      const answer = await run(req, { query: route.query, variables: variablesOf(route, req) });
      const text = route.textPath.reduce<unknown>((value, field) => (value as Record<string, unknown> | null)?.[field], answer.body.data);
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) res.setHeader('Retry-After', retryAfter);
      const refusal = refusalOf(answer, text);
      if (refusal) return refuse(res, refusal);
      res
        .status(200)
        .setHeader('Content-Type', route.type)
        .setHeader('Cache-Control', route.access === 'token' ? 'no-store' : 'no-cache');
      if (route.disposition) {
        res.setHeader('Content-Disposition', `${route.disposition}; filename="${route.filename(req.params as Record<string, string>)}"`);
      }
      res.send(Buffer.from(text as string, 'utf8'));
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A table's routes at its mount: each a GET answered with the document, or with the refusal as
 * JSON and the status its code means. Each runs as its caller through the gateway's own graph, so
 * it is checked, limited and audited as that operation sent to `/graphql` would be. Each row is
 * checked when the gateway starts (one query, one leaf, variables of types the graph knows).
 */
export function documentRoutes(table: DocumentTable, schema: GraphQLSchema): OperationRoutes {
  const prepared = table.routes.map((route) => prepare(route, schema));
  return {
    path: table.mount,
    handler: (run) => {
      const router = express.Router();
      for (const route of prepared) router.get(route.path, serve(route, run));
      router.use((_req, res) => refuse(res, { status: 404, code: ErrorCode.NOT_FOUND, message: table.notFound }));
      return router;
    },
  };
}

/** The safelist with the tables' operations in it: they are the gateway's own, registered by being in its tables. */
export function withDocumentOperations(
  safelist: ReadonlyMap<string, string>,
  tables: readonly DocumentTable[],
): ReadonlyMap<string, string> {
  const queries = tables.flatMap((table) => table.routes.map((route) => route.query));
  return new Map([...safelist, ...queries.map((query): [string, string] => [operationHash(query), query])]);
}
