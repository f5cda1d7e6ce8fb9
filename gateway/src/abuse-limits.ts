import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, parse, type DocumentNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';

import { isSignedIn, type Caller } from '../../platform/caller.js';
import { ErrorCode } from '../../platform/errors.js';
import type { DemandControl } from './demand-control.js';

/** How large a document one caller may send. */
export interface DocumentLimit {
  /** Lexical tokens (names, punctuation, values). */
  maxTokens: number;
  /** Selections — fields, fragment spreads and inline fragments — written in the whole document. */
  maxSelections: number;
}

/** What an operation may be, refused before it is planned (`GRAPHQL_MAX_*`). */
export interface OperationLimits {
  /** `GRAPHQL_MAX_DEPTH`: nesting of selections, introspection aside. @default 12 */
  maxDepth: number;
  /** `GRAPHQL_MAX_ALIASES`: aliases in one operation. @default 15 */
  maxAliases: number;
  /** `GRAPHQL_MAX_TOKENS`, `GRAPHQL_MAX_SELECTIONS`. @default { maxTokens: 3000, maxSelections: 500 } */
  signedIn: DocumentLimit;
  /**
   * `GRAPHQL_ANONYMOUS_MAX_TOKENS`, `GRAPHQL_ANONYMOUS_MAX_SELECTIONS`: anyone may call, so less. @default {
   * maxTokens: 1000, maxSelections: 100 }
   */
  anonymous: DocumentLimit;
}

/**
 * Refuses operations too deep or too aliased (graphql-armor's validation rules:
 * GRAPHQL_VALIDATION_FAILED), each with a message naming the limit, before anything is planned or
 * fetched. Size is refused earlier still ({@link DocumentLimits}), cost later
 * ({@link DemandControl}). Suggestions ("Did you mean …") are withheld from every error where
 * errors leave (`withoutSuggestions`), not here: graphql-armor's masking covers only field names
 * and only over HTTP.
 */
export function operationLimits(limits: OperationLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { enabled: false }, // demand control estimates cost, from the variables too
    maxTokens: { enabled: false }, // DocumentLimits, per caller; graphql-js's own limit as the backstop
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  const maxTokens = Math.max(limits.signedIn.maxTokens, limits.anonymous.maxTokens);
  return { plugins: plugins as ApolloServerPlugin[], validationRules: validationRules as ValidationRule[], parseOptions: { maxTokens } };
}

/** graphql-js's message when parsing stops at `maxTokens` ("more that" in graphql 16). */
const TOKEN_LIMIT = /contains more tha[nt] \d+ tokens/;

/** The document's selections, counted until there are more than `max`: time proportional to the document, never more. */
function moreSelectionsThan(document: DocumentNode, max: number): boolean {
  const sets: SelectionSetNode[] = document.definitions.flatMap((definition) =>
    'selectionSet' in definition ? [definition.selectionSet] : [],
  );
  let count = 0;
  for (let set = sets.pop(); set; set = sets.pop()) {
    count += set.selections.length;
    if (count > max) return true;
    for (const selection of set.selections) if ('selectionSet' in selection && selection.selectionSet) sets.push(selection.selectionSet);
  }
  return false;
}

const tooLarge = (caller: string, limit: 'tokens' | 'selections', max: number) =>
  new GraphQLError(
    limit === 'tokens'
      ? `This operation is longer than ${max} tokens, the most ${caller} may send`
      : `This operation has more than ${max} selections (fields and fragments), the most ${caller} may send`,
    { extensions: { code: ErrorCode.OPERATION_TOO_LARGE, limit, max, http: { status: 400 } } },
  );

/**
 * Refuses a document larger than its caller may send — more tokens, or more selections — in time
 * proportional to its size, before it is validated. graphql-js's validation is quadratic in
 * selections that repeat (OverlappingFieldsCanBeMerged compares every pair): 3,000 tokens of one
 * field repeated cost 100–700 ms of CPU to refuse, while parsing them costs under 1 ms and counting
 * their selections microseconds. Anonymous callers, whom no token makes accountable, may send less.
 */
export class DocumentLimits {
  /** Documents admitted, by caller kind: a hot query is parsed here once, not on every request. */
  private readonly admitted = {
    signedIn: new LRUCache<string, DocumentNode>({ max: 256, maxSize: 1_000_000, sizeCalculation: (_, query) => query.length }),
    anonymous: new LRUCache<string, DocumentNode>({ max: 256, maxSize: 1_000_000, sizeCalculation: (_, query) => query.length }),
  };

  constructor(private readonly limits: Pick<OperationLimits, 'signedIn' | 'anonymous'>) {}

  /**
   * The parsed document, or undefined when there is none to check (no query text, as in an APQ
   * request by hash, or text that does not parse: GraphQL reports that as usual). Throws
   * `OPERATION_TOO_LARGE` (400, `limit` and `max`) for one too large for the caller.
   */
  admit(query: unknown, caller: Caller | undefined): DocumentNode | undefined {
    if (typeof query !== 'string') return undefined;
    const kind = caller && isSignedIn(caller) ? 'signedIn' : 'anonymous';
    const known = this.admitted[kind].get(query);
    if (known) return known;
    const limit = this.limits[kind];
    const who = kind === 'signedIn' ? 'a signed-in caller' : 'an anonymous caller';
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limit.maxTokens, noLocation: true });
    } catch (error) {
      if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) throw tooLarge(who, 'tokens', limit.maxTokens);
      return undefined;
    }
    if (moreSelectionsThan(document, limit.maxSelections)) throw tooLarge(who, 'selections', limit.maxSelections);
    this.admitted[kind].set(query, document);
    return document;
  }
}

/**
 * For graphql-ws's `onSubscribe`: the same size limits and cost estimate as over HTTP, before the
 * subscription is validated; the refusal to send, if any.
 */
export function subscriptionAdmission(documents: DocumentLimits, demandControl: DemandControl) {
  return (
    payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    caller: Caller | undefined,
  ): GraphQLError | undefined => {
    try {
      const document = documents.admit(payload.query, caller);
      if (document) demandControl.check(document, payload.operationName, payload.variables);
      return undefined;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { http: _http, ...extensions } = error.extensions; // an HTTP status means nothing here
      return new GraphQLError(error.message, { extensions });
    }
  };
}

/** SHA-256 of an operation's text, as Apollo's persisted-query manifests and APQ name it. */
export const operationHash = (query: string) => createHash('sha256').update(query).digest('hex');

/**
 * The registered operations of a safelist, by hash: an Apollo persisted-query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "body", … }] }`).
 */
export async function readSafelist(path: string): Promise<ReadonlyMap<string, string>> {
  const manifest = JSON.parse(await readFile(path, 'utf8')) as { format?: string; operations?: { body?: string }[] };
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
    throw new Error(`${path} is not an Apollo persisted-query manifest`);
  }
  return new Map(
    manifest.operations.map((operation) => {
      if (typeof operation.body !== 'string') throw new Error(`${path}: every operation needs its body`);
      return [operationHash(operation.body), operation.body];
    }),
  );
}

/**
 * In safelist mode the persisted-query store is the safelist itself: clients may send just an
 * operation's hash, and nothing else can be registered.
 */
export function safelistStore(registered: ReadonlyMap<string, string>) {
  const PREFIX = 'apq:'; // Apollo Server's key prefix for persisted queries
  return {
    cache: {
      get: async (key: string) => (key.startsWith(PREFIX) ? registered.get(key.slice(PREFIX.length)) : undefined),
      set: async () => {},
      delete: async () => false,
    },
  };
}

/** The refusal of an operation the safelist does not hold: FORBIDDEN (403 over HTTP). */
export const notInSafelist = () =>
  new GraphQLError('This gateway runs registered operations only, and this one is not registered (safelist); ask for it to be added', {
    extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
  });

/** In safelist mode, only registered operations run — sent in full or by their APQ hash. */
export function safelistPlugin(registered: ReadonlyMap<string, string>): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      // Refused once resolved (Apollo reports an error thrown earlier as a 500).
      didResolveOperation: async ({ queryHash }) => {
        if (!registered.has(queryHash)) throw notInSafelist();
      },
    }),
  };
}
