import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type ClassType, type NonEmptyArray } from 'type-graphql';

import { validateArgument } from './argument-validation.js';
import { auditFeedResolver } from './audit/audit-feed.js';
import { auditedReadDirective, recordAuditedReads } from './audit/audited-reads.js';
import { DateTimeScalar } from './date-time.js';

import './contract-enums.js';

import { sizeConnectionFields } from './connection.js';
import { enforceVisibility, visibleToDirective } from './visibility.js';

/**
 * `@auditedRead` is composed into the supergraph, so the gateway knows which selections read audited
 * data (it serves those subscriptions per subscriber, each audited as its own reader). The URL
 * only names the directive's spec; nothing fetches it. `@cost` and `@listSize` (IBM cost spec,
 * federation 2.9+) are composed too: the gateway estimates an operation's cost from them.
 */
const FEDERATION_LINK = [
  'extend schema',
  '@link(url: "https://specs.apollo.dev/federation/v2.10", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@composeDirective", "@cost", "@listSize"])',
  '@link(url: "https://ncsa.go.th/graph/audit/v1.0", import: ["@auditedRead"])',
  '@composeDirective(name: "@auditedRead")',
].join(' ');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReferenceResolver = (reference: any, context: any) => unknown;

export interface SubgraphSchemaDefinition {
  /**
   * The subgraph's name. Its audit trail is served to the statistics subgraph as `<name>Audit`
   * (service identity only) unless `auditFeed` is false — for the one that keeps everyone's trail.
   */
  service: string;
  auditFeed?: boolean;
  resolvers: NonEmptyArray<ClassType>;
  /** Types not reachable from a resolver but served to the gateway (e.g. entity stubs). */
  orphanedTypes?: ClassType[];
  /** `__resolveReference` for each entity type this subgraph owns, keyed by type name. */
  referenceResolvers?: Record<string, ReferenceResolver>;
}

export interface FederatedSchema {
  /** The executable subgraph schema, with `@visibleTo` enforced. */
  schema: GraphQLSchema;
  /** The subgraph SDL as composition sees it (checked in under `schema/`). */
  sdl: string;
}

/**
 * Turns type-graphql classes into an Apollo Federation 2 subgraph. Reference resolvers are
 * merged into the resolver map before the subgraph schema is built: attached afterwards they
 * are silently ignored by @apollo/subgraph (see STACK.md).
 */
export async function buildFederatedSchema(definition: SubgraphSchemaDefinition): Promise<FederatedSchema> {
  const codeFirst = await buildSchema({
    resolvers: definition.auditFeed === false ? definition.resolvers : [auditFeedResolver(definition.service), ...definition.resolvers],
    orphanedTypes: definition.orphanedTypes ?? [],
    directives: [visibleToDirective, auditedReadDirective],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Unstorable text (NUL, lone surrogates) anywhere in the arguments, then class-validator's rules.
    validateFn: validateArgument,
    // Subscriptions stream from the outbox (their own `subscribe`), never from in-process topics.
    pubSub: {
      publish: () => {
        throw new Error('in-process topics are not used: subscriptions stream from the outbox');
      },
      subscribe: () => {
        throw new Error('in-process topics are not used: subscriptions stream from the outbox');
      },
    },
    skipCheck: true,
  });
  const resolvers = createResolversMap(codeFirst) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const typeDefs = sizeConnectionFields(codeFirst, parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(codeFirst)}`));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const subgraph = buildSubgraphSchema({ typeDefs, resolvers: resolvers as any });
  return { schema: recordAuditedReads(enforceVisibility(subgraph)), sdl: printSubgraphSchema(subgraph) };
}
