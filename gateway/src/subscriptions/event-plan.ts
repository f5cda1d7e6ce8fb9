import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from '../server.js';

/** One result the owning subgraph pushed for a subscription. */
export interface UpstreamResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

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
  /** The upstream subscription, with `sequence` always selected. */
  upstreamOperation: string;
  /** Variables of the client operation the upstream subscription uses. */
  upstreamVariableNames: string[];
  /** Plan completing one event: the primary fetch (answered by the event) then the rest. */
  completion: QueryPlan;
  document: DocumentNode;
  operationName?: string;
}

/** Adds `sequence` to the root field's selection when the client did not ask for it. */
function withSequence(operation: string, rootField: string): string {
  return print(
    visit(parse(operation), {
      Field(node: FieldNode) {
        if (node.name.value !== rootField || !node.selectionSet) return undefined;
        if (node.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'sequence' && !s.alias)) return false;
        const sequence: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'sequence' } };
        return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, sequence] } };
      },
    }),
  );
}

/**
 * The upstream operation resumed after `sequence`: the root field's `afterSequence` set to it
 * (variables it no longer uses are dropped), so a reconnection misses nothing and repeats nothing.
 */
export function resumedOperation(operation: string, rootField: string, sequence: number): string {
  const document = visit(parse(operation), {
    Field(node: FieldNode) {
      if (node.name.value !== rootField) return undefined;
      const others = (node.arguments ?? []).filter((a) => a.name.value !== 'afterSequence');
      return {
        ...node,
        arguments: [...others, { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'afterSequence' }, value: { kind: Kind.INT, value: String(sequence) } }],
      };
    },
  });
  const used = new Set<string>();
  visit(document, { VariableDefinition: () => false, Variable: (node) => void used.add(node.name.value) });
  return print(
    visit(document, {
      OperationDefinition: (node: OperationDefinitionNode) => ({
        ...node,
        variableDefinitions: node.variableDefinitions?.filter((d) => used.has(d.variable.name.value)),
      }),
    }),
  );
}

export class SubscriptionPlanner {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  /** The API schema clients validate against. */
  readonly schema: GraphQLSchema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly plans = new Map<string, SubscriptionPlan>();
  /** Each subgraph's routing URL, as the supergraph names them. */
  readonly routingUrls: Record<string, string>;

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    const subgraphs = supergraph.subgraphs();
    this.routingUrls = Object.fromEntries(subgraphs.names().map((name) => [name, subgraphs.get(name)!.url]));
    this.planner = new QueryPlanner(supergraph);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  }

  /** Plans a (validated) subscription document, once per distinct document. */
  plan(document: DocumentNode, operationName?: string): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${print(document)}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName, validate: false });
    const node = this.planner.buildQueryPlan(operation).node;
    if (node?.kind !== 'Subscription') throw new GraphQLError('Only subscription operations are served over WebSocket; use HTTP for queries and mutations');
    const primary: FetchNode = node.primary;
    const rootField = (parse(primary.operation).definitions[0] as OperationDefinitionNode).selectionSet.selections
      .filter((s): s is FieldNode => s.kind === Kind.FIELD)
      .map((s) => s.name.value)
      .find((name) => name !== '__typename');
    if (!rootField) throw new GraphQLError('A subscription selects one root field');
    const fromEvent: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
    const completion: QueryPlan = {
      kind: 'QueryPlan',
      node: node.rest ? { kind: 'Sequence', nodes: [fromEvent, node.rest as PlanNode] } : fromEvent,
    };
    const plan: SubscriptionPlan = {
      serviceName: primary.serviceName,
      rootField,
      upstreamOperation: withSequence(primary.operation, rootField),
      upstreamVariableNames: primary.variableUsages ?? [],
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
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: plan.document, operationName: plan.operationName });
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
