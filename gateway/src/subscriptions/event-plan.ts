import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';

import { headFieldOf } from '../../../platform/subscription-protocol.js';
import type { GatewayContext } from '../server.js';
import type { UpstreamResult } from './upstream.js';

/** The synthetic service whose "fetch" hands the plan the event the owning subgraph pushed. */
const EVENT_SOURCE = '__subscription_event__';

/**
 * How one client subscription runs: the primary fetch is a subscription on the subgraph that owns
 * the root field; every event it pushes is completed with the rest of the plan (entity fetches to
 * the other subgraphs) by the gateway's own executor, exactly as a query would be.
 */
export interface SubscriptionPlan {
  /** The owning subgraph. */
  serviceName: string;
  /** The root field, whose `sequence` orders and resumes the stream. */
  rootField: string;
  /** The owning subgraph's query for the newest sequence of the root field's stream, where a stream starts. */
  headField: string;
  /**
   * The upstream subscription, with `sequence` always selected and without `afterSequence`: the
   * hub sets where each stream starts (see {@link resumedOperation}), so subscribers that differ
   * only in where they start share it.
   */
  upstreamOperation: string;
  /** Variables of the client operation the upstream subscription uses. */
  upstreamVariableNames: string[];
  /** The client variable that only says where to start, left out when telling whether two subscribers can share. */
  startVariable?: string;
  /** The client operation without `afterSequence`: subscribers with the same one (and variables, and scope) can share a stream. */
  sharedAs: string;
  /** Where the client asked to start (`afterSequence`), if it did. */
  requestedStart: (variables: Record<string, unknown>) => number | undefined;
  /** Whether the selection reads data whose every read is audited (`@auditedRead`). */
  readsAuditedData: boolean;
  /** Plan completing one event: the primary fetch (answered by the event) then the rest. */
  completion: QueryPlan;
  document: DocumentNode;
  operationName?: string;
}

/** The stream arguments the hub sets on the upstream subscription, never the client. */
const START = 'afterSequence';
const END = 'untilSequence';

/** Adds `sequence` to the root field's selection when the client did not ask for it. */
function withSequence(document: DocumentNode, rootField: string): DocumentNode {
  return visit(document, {
    Field(node: FieldNode) {
      if (node.name.value !== rootField || !node.selectionSet) return undefined;
      if (node.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'sequence' && !s.alias)) return false;
      const sequence: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'sequence' } };
      return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, sequence] } };
    },
  });
}

/** The names of the variables a document uses outside variable definitions. */
function usedVariables(node: ASTNode): Set<string> {
  const used = new Set<string>();
  visit(node, { VariableDefinition: () => false, Variable: (variable) => void used.add(variable.name.value) });
  return used;
}

/** The root field's stream arguments replaced by `set` (none when empty), with variables it no longer uses dropped. */
function withStreamArguments(document: DocumentNode, rootField: string, set: Record<string, number>): DocumentNode {
  const rewritten = visit(document, {
    Field(node: FieldNode) {
      if (node.name.value !== rootField) return undefined;
      const others = (node.arguments ?? []).filter((a) => a.name.value !== START && a.name.value !== END);
      const added = Object.entries(set).map(([name, value]) => ({
        kind: Kind.ARGUMENT as const,
        name: { kind: Kind.NAME as const, value: name },
        value: { kind: Kind.INT as const, value: String(value) },
      }));
      return { ...node, arguments: [...others, ...added] };
    },
  });
  const used = usedVariables(rewritten);
  return visit(rewritten, {
    OperationDefinition: (node: OperationDefinitionNode) => ({
      ...node,
      variableDefinitions: node.variableDefinitions?.filter((d) => used.has(d.variable.name.value)),
    }),
  });
}

/**
 * The upstream operation starting after `afterSequence`, and — for a subscriber catching up to a
 * stream it joins — ending at `untilSequence`, so a reconnection misses nothing and repeats nothing.
 */
export function resumedOperation(operation: string, rootField: string, afterSequence: number, untilSequence?: number): string {
  const set: Record<string, number> = { [START]: afterSequence };
  if (untilSequence !== undefined) set[END] = untilSequence;
  return print(withStreamArguments(parse(operation), rootField, set));
}

/** The root field of a subscription document (the first field that is not `__typename`). */
function rootFieldNode(document: DocumentNode, operationName?: string): FieldNode | undefined {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  return operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
}

/** Whether a directive named `name` is on a schema element. */
const carries = (element: { astNode?: { directives?: readonly { name: { value: string } }[] } | null } | null | undefined, name: string) =>
  element?.astNode?.directives?.some((d) => d.name.value === name) ?? false;

/** Whether a (validated) document selects a field or a type marked `@auditedRead`. */
function selectsAuditedData(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let audited = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (carries(typeInfo.getFieldDef(), AUDITED_READ) || carries(typeInfo.getParentType(), AUDITED_READ)) audited = true;
      },
    }),
  );
  return audited;
}

const AUDITED_READ = 'auditedRead';

/** The document with the root field's `afterSequence` argument removed (to see what else uses its variable). */
function withoutStart(document: DocumentNode, rootField: string): DocumentNode {
  return visit(document, {
    Field(node: FieldNode) {
      if (node.name.value !== rootField) return undefined;
      return { ...node, arguments: node.arguments?.filter((a) => a.name.value !== START) };
    },
  });
}

/**
 * Plans client subscriptions over the supergraph with Apollo's own query planner, since
 * @apollo/gateway executes none: the plan's primary fetch becomes the upstream subscription on the
 * subgraph that owns the root field, and the rest of the plan completes each event it pushes with
 * the other subgraphs' fields through @apollo/gateway's executor — so a field resolves, is
 * authorized and fails in a subscription exactly as in a query, with no second resolver layer.
 *
 * Guarantees: the upstream operation always selects `sequence` and never carries the client's
 * `afterSequence` (the hub sets where each stream starts and ends, see {@link resumedOperation}),
 * and a plan says which client variable only says where to start, so subscribers that differ only
 * in that share a stream. A supergraph with an event stream but no `<stream>Head` query, where a
 * stream starts, is refused at construction: a subscriber could not otherwise resume from where
 * it started. Each distinct document is planned once (the thousand most recent are kept).
 */
export class SubscriptionPlanner {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  /** The API schema clients validate against. */
  readonly schema: GraphQLSchema;
  private readonly supergraphSchema: GraphQLSchema;
  /**
   * Bounded: any client may send a document never seen before, and an unbounded cache would keep
   * each one for as long as the gateway runs. Dashboards send a few documents each, so the recent
   * thousand are every one that is in use.
   */
  private readonly plans = new LRUCache<string, SubscriptionPlan>({ max: 1_000 });
  /** Each subgraph's routing URL, as the supergraph names them. */
  readonly routingUrls: Record<string, string>;

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    const subgraphs = supergraph.subgraphs();
    this.routingUrls = Object.fromEntries(subgraphs.names().map((name) => [name, subgraphs.get(name)!.url]));
    // Every stream must say where it stands, or a subscriber could not resume from where it started.
    for (const name of subgraphs.names()) {
      const schema = subgraphs.get(name)!.schema;
      for (const field of schema.schemaDefinition.rootType('subscription')?.fields() ?? []) {
        if (!schema.schemaDefinition.rootType('query')?.field(headFieldOf(field.name))) {
          throw new Error(
            `subgraph ${name} serves Subscription.${field.name} without Query.${headFieldOf(field.name)}, where its stream starts`,
          );
        }
      }
    }
    this.planner = new QueryPlanner(supergraph);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  }

  /**
   * Plans a (validated) subscription document, once per distinct document; throws a GraphQLError
   * for an operation that is not a subscription or selects no root field.
   */
  plan(document: DocumentNode, operationName?: string): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${print(document)}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName, validate: false });
    const node = this.planner.buildQueryPlan(operation).node;
    if (node?.kind !== 'Subscription')
      throw new GraphQLError('Only subscription operations are served over WebSocket; use HTTP for queries and mutations');
    const primary: FetchNode = node.primary;
    const rootField = rootFieldNode(parse(primary.operation))?.name.value;
    if (!rootField) throw new GraphQLError('A subscription selects one root field');
    const fromEvent: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
    const completion: QueryPlan = {
      kind: 'QueryPlan',
      node: node.rest ? { kind: 'Sequence', nodes: [fromEvent, node.rest as PlanNode] } : fromEvent,
    };
    const upstream = withStreamArguments(withSequence(parse(primary.operation), rootField), rootField, {});
    const stillUsed = usedVariables(upstream);
    const start = rootFieldNode(document, operationName)?.arguments?.find((a) => a.name.value === START)?.value;
    const startVariable = start?.kind === Kind.VARIABLE ? start.name.value : undefined;
    // A variable used elsewhere too (say, in a selection's argument) still distinguishes subscribers.
    const startOnly = startVariable !== undefined && !usedVariables(withoutStart(document, rootField)).has(startVariable);
    const plan: SubscriptionPlan = {
      serviceName: primary.serviceName,
      rootField,
      headField: headFieldOf(rootField),
      upstreamOperation: print(upstream),
      upstreamVariableNames: (primary.variableUsages ?? []).filter((name) => stillUsed.has(name)),
      startVariable: startOnly ? startVariable : undefined,
      sharedAs: `${operationName ?? ''}\n${print(withoutStart(document, rootField))}`,
      requestedStart: (variables) => {
        const value = start?.kind === Kind.INT ? Number(start.value) : startVariable ? variables[startVariable] : undefined;
        return typeof value === 'number' ? value : undefined;
      },
      readsAuditedData: selectsAuditedData(this.supergraphSchema, document),
      completion,
      document,
      operationName,
    };
    this.plans.set(key, plan);
    return plan;
  }

  /**
   * Completes one event with the rest of the plan under the subscriber's identity, and shapes
   * it as the client asked (the `sequence` the gateway added is dropped unless asked for).
   */
  async complete(
    plan: SubscriptionPlan,
    event: UpstreamResult,
    variables: Record<string, unknown>,
    context: GatewayContext,
    dataSources: ServiceMap,
  ): Promise<ExecutionResult> {
    // The event's own errors (fields refused by the owning subgraph) go through the executor like any fetch's.
    const source: GraphQLDataSource<GatewayContext> = { process: async () => event as never };
    const requestContext = {
      request: { query: print(plan.document), variables, operationName: plan.operationName },
      context,
      metrics: {},
      cache: undefined,
      logger: console,
    };
    const operationContext = buildOperationContext({
      schema: this.schema,
      operationDocument: plan.document,
      operationName: plan.operationName,
    });
    const result = await executeQueryPlan(
      plan.completion,
      { ...dataSources, [EVENT_SOURCE]: source },
      requestContext as never,
      operationContext,
      this.supergraphSchema,
      this.apiSchema,
    );
    return { data: result.data as Record<string, unknown> | null | undefined, errors: result.errors as GraphQLError[] | undefined };
  }
}
