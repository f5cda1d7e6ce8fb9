import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ErrorCode } from '../../subgraphs/shared/errors.js';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  /** graphql-armor's static cost: objects 2, scalars 1, times 1.5 per level of depth. */
  maxCost: number;
  maxTokens: number;
}

/**
 * Refuses operations too long (graphql-js stops parsing at `maxTokens`: GRAPHQL_PARSE_FAILED), too
 * deep, too aliased or too costly (graphql-armor's validation rules: GRAPHQL_VALIDATION_FAILED),
 * each with a message naming the limit, before anything is planned or fetched. Suggestions ("Did
 * you mean …") are withheld from every error where errors leave (`withoutSuggestions`), not here:
 * graphql-armor's masking covers only field names and only over HTTP.
 */
export function operationLimits(limits: OperationLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    maxTokens: { enabled: false }, // graphql-js's own limit instead: a clean parse error, not a thrown 500
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin[], validationRules: validationRules as ValidationRule[], parseOptions: { maxTokens: limits.maxTokens } };
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

