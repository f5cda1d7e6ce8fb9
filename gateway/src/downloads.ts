import express from 'express';
import { getNamedType, Kind, parse, typeFromAST, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import { ErrorCode } from '../../platform/errors.js';
import type { OperationAnswer, OperationRoutes, OperationRunner } from '../../platform/http-server.js';
import { operationHash } from './abuse-limits.js';

/** How a download is served: its media type, and whether a browser shows it or saves it. */
const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', disposition: 'attachment' },
  html: { type: 'text/html; charset=utf-8', disposition: 'inline' },
} as const;

/**
 * A document served over a plain GET: a GraphQL operation whose one leaf field is the document's
 * text. Its variables are the path's parameters by name (`:year` fills `$year`) and, for those the
 * path has not, the query string's (`?filing=2`).
 */
export interface Download {
  /** Under `/downloads`, in Express's syntax, e.g. `/annual-summary/:regulatorId/:year.csv`. */
  path: string;
  format: keyof typeof FORMATS;
  query: string;
}

/**
 * Every download: one row each. Each runs as its caller through the gateway's own graph, so it is
 * checked, limited and audited as that operation sent to `/graphql` would be.
 */
export const DOWNLOADS: readonly Download[] = [
  {
    path: '/annual-summary/:regulatorId/:year.csv',
    format: 'csv',
    query:
      'query AnnualSummaryCsv($regulatorId: ID!, $year: Int!, $filing: Int) { annualSummary(regulatorId: $regulatorId, year: $year, filing: $filing) { csv } }',
  },
  {
    path: '/annual-summary/:regulatorId/:year.html',
    format: 'html',
    query:
      'query AnnualSummaryHtml($regulatorId: ID!, $year: Int!, $filing: Int) { annualSummary(regulatorId: $regulatorId, year: $year, filing: $filing) { html } }',
  },
  {
    path: '/incident/:incidentId.html',
    format: 'html',
    query: 'query IncidentForm($incidentId: ID!) { incident(id: $incidentId) { printableForm { html } } }',
  },
  {
    path: '/response-outcome/:year.csv',
    format: 'csv',
    query:
      'query ResponseOutcomeCsv($year: Int!, $month: Int, $quarter: Int) { responseOutcomeReport(period: { year: $year, month: $month, quarter: $quarter }) { csv } }',
  },
  {
    path: '/response-outcome/:year.html',
    format: 'html',
    query:
      'query ResponseOutcomeHtml($year: Int!, $month: Int, $quarter: Int) { responseOutcomeReport(period: { year: $year, month: $month, quarter: $quarter }) { html } }',
  },
];

/** The HTTP status of each GraphQL error code a download can answer with; others keep the status GraphQL gave. */
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

type Refusal = { status: number; code: string; message: string };

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

/** A parsed download: its operation, where its text sits in the answer, and how to read its variables. */
interface PreparedDownload extends Download {
  /** The fields from the root to the leaf holding the document. */
  textPath: string[];
  /** Each variable's name, and whether it is numeric (a path's text then becomes a number). */
  variables: { name: string; numeric: boolean }[];
  /** The file name, from the path with its parameters filled in. */
  filename: (params: Record<string, string>) => string;
}

/** The fields from the root to the operation's one leaf; a download whose operation selects more is a mistake in the table. */
function leafPath(operation: OperationDefinitionNode, path: string): string[] {
  const fields: string[] = [];
  let selections = operation.selectionSet.selections;
  for (;;) {
    const [only, ...others] = selections;
    if (!only || others.length || only.kind !== Kind.FIELD)
      throw new Error(`download ${path}: its operation must select exactly one field at each level`);
    fields.push(only.alias?.value ?? only.name.value);
    if (!only.selectionSet) return fields;
    selections = only.selectionSet.selections;
  }
}

function prepare(download: Download, schema: GraphQLSchema): PreparedDownload {
  const document: DocumentNode = parse(download.query);
  const operation = document.definitions[0];
  if (document.definitions.length !== 1 || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') {
    throw new Error(`download ${download.path}: its operation must be one query`);
  }
  const variables = (operation.variableDefinitions ?? []).map((definition) => {
    const type = typeFromAST(schema, definition.type);
    if (!type) throw new Error(`download ${download.path}: $${definition.variable.name.value} has a type the graph does not know`);
    return { name: definition.variable.name.value, numeric: ['Int', 'Float'].includes(getNamedType(type).name) };
  });
  return {
    ...download,
    textPath: leafPath(operation, download.path),
    variables,
    filename: (params) =>
      download.path
        .slice(1)
        .replace(/:(\w+)/g, (_, name: string) => params[name] ?? name)
        .replace(/[^\w.-]+/g, '-'),
  };
}

/** Numeric variables arrive as text; anything that is not a number is passed on as it came, for GraphQL to refuse. */
const valueOf = (text: string, numeric: boolean): unknown => (numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

function variablesOf(download: PreparedDownload, req: express.Request): Record<string, unknown> {
  const given = { ...(req.query as Record<string, unknown>), ...req.params };
  return Object.fromEntries(
    download.variables.flatMap(({ name, numeric }) => (typeof given[name] === 'string' ? [[name, valueOf(given[name], numeric)]] : [])),
  );
}

function refuse(res: express.Response, refusal: Refusal): void {
  if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(refusal.status)
    .setHeader('Cache-Control', 'no-store')
    .json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

/** Answers one download: the document, or the refusal its GraphQL answer carries. */
function serve(download: PreparedDownload, run: OperationRunner): express.RequestHandler {
  return async (req, res, next) => {
    try {
      // Every download is someone's: without a token the answer is 401, not the FORBIDDEN a public caller gets.
      if (!req.header('authorization')) {
        return refuse(res, { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'A download needs a token: Authorization: Bearer …' });
      }
      const answer = await run(req, { query: download.query, variables: variablesOf(download, req) });
      const text = download.textPath.reduce<unknown>(
        (value, field) => (value as Record<string, unknown> | null)?.[field],
        answer.body.data,
      );
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) res.setHeader('Retry-After', retryAfter);
      const refusal = refusalOf(answer, text);
      if (refusal) return refuse(res, refusal);
      const { type, disposition } = FORMATS[download.format];
      res
        .status(200)
        .setHeader('Content-Type', type)
        .setHeader('Content-Disposition', `${disposition}; filename="${download.filename(req.params as Record<string, string>)}"`)
        .setHeader('Cache-Control', 'no-store')
        .send(Buffer.from(text as string, 'utf8'));
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The downloads at `/downloads`: each a GET with the caller's token (`Authorization: Bearer …`)
 * answered with the document, or with the refusal as JSON (`{ errors: [{ message, extensions: { code } }] }`)
 * and the status its code means. Nothing is cached: a document is for its caller only. Each row is
 * checked when the gateway starts (one query, one leaf, variables of types the graph knows).
 */
export function downloadRoutes(downloads: readonly Download[], schema: GraphQLSchema): OperationRoutes {
  const prepared = downloads.map((download) => prepare(download, schema));
  return {
    path: '/downloads',
    handler: (run) => {
      const router = express.Router();
      for (const download of prepared) router.get(download.path, serve(download, run));
      router.use((_req, res) => refuse(res, { status: 404, code: ErrorCode.NOT_FOUND, message: 'There is no such download' }));
      return router;
    },
  };
}

/** The safelist with the downloads' operations in it: they are the gateway's own, registered by being in its table. */
export function withDownloads(safelist: ReadonlyMap<string, string>, downloads: readonly Download[]): ReadonlyMap<string, string> {
  return new Map([...safelist, ...downloads.map((d): [string, string] => [operationHash(d.query), d.query])]);
}
