import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';

import { ErrorCode } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';

/** `enforce` refuses an operation estimated over the maximum; `measure` serves it and only reports. */
export type CostMode = 'enforce' | 'measure';
/** Every {@link CostMode}, as `COST_MODE` may name them. */
export const COST_MODES: readonly CostMode[] = ['enforce', 'measure'];

/** How operations' estimated costs are judged (`COST_*`). */
export interface DemandControlConfig {
  /** `COST_MODE`. @default 'enforce' */
  mode: CostMode;
  /** `COST_MAX`: the largest estimated cost served in enforce mode. @default 10000 */
  max: number;
  /** `COST_LIST_SIZE`: the size assumed for a list the schema gives no `@listSize`. @default 10 */
  listSize: number;
}

/** What a client sees of its budget, in `extensions.cost` of every response. */
export interface CostReport {
  estimated: number;
  max: number;
  mode: CostMode;
}

/** A mutation's own cost, before its fields (as Apollo Router and Hive Router count it). */
const MUTATION_COST = 10;

/** `@listSize` as the IBM cost spec defines it. */
interface ListSize {
  assumedSize?: number;
  slicingArguments: readonly string[];
  /** Child fields the size applies to (a connection's `edges`), by name. */
  sizedFields: readonly string[];
  requireOneSlicingArgument: boolean;
}

/** The supergraph's `@cost` weights and `@listSize` declarations, by schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`). */
interface Declarations {
  weights: ReadonlyMap<string, number>;
  listSizes: ReadonlyMap<string, ListSize>;
}

const argumentsOf = (directive: DirectiveNode) =>
  Object.fromEntries((directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)])) as Record<
    string,
    unknown
  >;

/**
 * Reads `@cost` and `@listSize` where composition puts them: on types, fields, arguments and
 * input fields of the supergraph (the API schema the gateway serves drops them).
 */
function readDeclarations(supergraphSdl: string): Declarations {
  const weights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const read = (coordinate: string, directives: readonly DirectiveNode[] | undefined) => {
    for (const directive of directives ?? []) {
      const values = argumentsOf(directive);
      if (directive.name.value === 'cost') weights.set(coordinate, Number(values.weight));
      if (directive.name.value === 'listSize') {
        listSizes.set(coordinate, {
          ...(typeof values.assumedSize === 'number' && { assumedSize: values.assumedSize }),
          slicingArguments: (values.slicingArguments as string[] | undefined) ?? [],
          sizedFields: (values.sizedFields as string[] | undefined) ?? [],
          requireOneSlicingArgument: values.requireOneSlicingArgument !== false,
        });
      }
    }
  };
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const type = definition.name.value;
    read(type, definition.directives);
    for (const field of ('fields' in definition && definition.fields) || []) {
      read(`${type}.${field.name.value}`, field.directives);
      for (const argument of ('arguments' in field && field.arguments) || [])
        read(`${type}.${field.name.value}(${argument.name.value}:)`, argument.directives);
    }
  }
  return { weights, listSizes };
}

/** A `@listSize` size passed down to the child fields it names. */
interface SizedFields {
  size: number;
  fields: readonly string[];
}

/** What a slicing argument's value says of a list's size: a number as is, a list by its length. */
function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return Array.isArray(value) ? value.length : undefined;
}

/**
 * One operation's estimate, as Apollo Router's static estimate computes it: each object,
 * interface or union 1 and each scalar or enum 0 (unless `@cost` weighs it), times how many a
 * list holds (the slicing argument, e.g. `first`, given in the document or in a variable, else
 * the argument's default; else `@listSize(assumedSize)`; else the configured size), plus its
 * arguments (an input object 1, unless weighed) and 10 for a mutation. A fragment is counted
 * where it is spread, once per spread (an upper bound, as the routers do). `@skip`/`@include`
 * are honoured; `__typename` and introspection cost nothing.
 */
class Estimate {
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  /** A fragment's cost under the same sizing is the same: counted once, so nesting cannot make the estimate itself exponential. */
  private readonly fragmentCosts = new Map<string, number>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly declared: Declarations,
    private readonly defaultListSize: number,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
  ) {
    this.fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  }

  operation(operation: OperationDefinitionNode): number {
    const root = this.schema.getRootType(operation.operation);
    if (!root) return 0;
    return (operation.operation === 'mutation' ? MUTATION_COST : 0) + this.selectionSet(operation.selectionSet, root);
  }

  private selectionSet(set: SelectionSetNode, parent: GraphQLCompositeType, sized?: SizedFields): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) cost += this.field(selection, parent, sized);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        cost += this.selectionSet(selection.selectionSet, this.typeCondition(selection.typeCondition?.name.value) ?? parent, sized);
      else cost += this.fragment(selection.name.value, sized);
    }
    return cost;
  }

  private fragment(name: string, sized?: SizedFields): number {
    const key = sized ? `${name}:${sized.size}:${sized.fields.join()}` : name;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    const type = this.typeCondition(fragment?.typeCondition.name.value);
    this.fragmentCosts.set(key, 0); // a cycle (refused by validation, which may come later) adds nothing
    const cost = fragment && type ? this.selectionSet(fragment.selectionSet, type, sized) : 0;
    this.fragmentCosts.set(key, cost);
    return cost;
  }

  private typeCondition(name: string | undefined): GraphQLCompositeType | undefined {
    const type = name === undefined ? undefined : this.schema.getType(name);
    return isCompositeType(type) ? type : undefined;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, sized?: SizedFields): number {
    const name = node.name.value;
    if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
    const definition = parent.getFields()[name];
    if (!definition) return 0; // an unknown field is refused by validation
    const coordinate = `${parent.name}.${name}`;
    const values = this.argumentValues(definition, node);
    const listSize = this.declared.listSizes.get(coordinate);
    const expected = listSize && this.expectedSize(listSize, values, coordinate);
    const type = getNamedType(definition.type);
    const count = !isListType(getNullableType(definition.type))
      ? 1
      : sized?.fields.includes(name)
        ? sized.size
        : (expected ?? this.defaultListSize);
    const weight = this.declared.weights.get(coordinate) ?? this.declared.weights.get(type.name) ?? (isCompositeType(type) ? 1 : 0);
    const sizedChildren =
      listSize?.sizedFields.length && expected !== undefined ? { size: expected, fields: listSize.sizedFields } : undefined;
    const selections = node.selectionSet && isCompositeType(type) ? this.selectionSet(node.selectionSet, type, sizedChildren) : 0;
    return count * (weight + selections) + this.argumentsCost(definition, node, values, coordinate);
  }

  /**
   * The field's arguments as it will run: literals and variables coerced, defaults filled in;
   * undefined when they are invalid (validation, which over WebSocket comes later, refuses them).
   */
  private argumentValues(definition: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> | undefined {
    try {
      return getArgumentValues(definition, node, this.variables);
    } catch {
      return undefined;
    }
  }

  private expectedSize(listSize: ListSize, values: Record<string, unknown> | undefined, coordinate: string): number | undefined {
    if (listSize.slicingArguments.length === 0 || !values) return listSize.assumedSize;
    const sizes = listSize.slicingArguments
      .map((path) => sizeOf(path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], values)))
      .filter((size) => size !== undefined);
    if (listSize.requireOneSlicingArgument && sizes.length !== 1) {
      throw new GraphQLError(`${coordinate} needs exactly one of ${listSize.slicingArguments.join(', ')}`, {
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      });
    }
    return sizes.length > 0 ? Math.max(...sizes) : listSize.assumedSize;
  }

  private argumentsCost(
    definition: GraphQLField<unknown, unknown>,
    node: FieldNode,
    values: Record<string, unknown> | undefined,
    coordinate: string,
  ): number {
    if (!values) return 0;
    let cost = 0;
    for (const argument of node.arguments ?? []) {
      const name = argument.name.value;
      const defined = definition.args.find((a) => a.name === name);
      if (defined) cost += this.inputCost(values[name], defined.type, this.declared.weights.get(`${coordinate}(${name}:)`));
    }
    return cost;
  }

  private inputCost(value: unknown, type: GraphQLInputType, weight: number | undefined): number {
    if (value === null || value === undefined) return 0;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      return (weight ?? 0) + (value as unknown[]).reduce<number>((sum, item) => sum + this.inputCost(item, nullable.ofType, weight), 0);
    }
    if (isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      return Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, field]) =>
          sum + (fields[name] ? this.inputCost(field, fields[name].type, this.declared.weights.get(`${nullable.name}.${name}`)) : 0),
        weight ?? this.declared.weights.get(nullable.name) ?? 1,
      );
    }
    return weight ?? this.declared.weights.get(nullable.name) ?? 0;
  }

  private included(selection: SelectionNode): boolean {
    try {
      return (
        getDirectiveValues(GraphQLSkipDirective, selection, this.variables)?.if !== true &&
        getDirectiveValues(GraphQLIncludeDirective, selection, this.variables)?.if !== false
      );
    } catch {
      return true; // an invalid condition is refused by validation
    }
  }
}

const costTooExpensive = (estimatedCost: number, maxCost: number) =>
  new GraphQLError(
    `The operation's estimated cost is ${estimatedCost}, over the maximum of ${maxCost}: ask for smaller pages (first) or fewer nested lists`,
    {
      extensions: { code: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, estimatedCost, maxCost },
    },
  );

/**
 * Demand control as Apollo Router and Hive Router do it, on the IBM GraphQL Cost Directive
 * spec: every operation's cost is estimated before anything is planned or fetched, from the
 * operation, its variables (coerced, as it will run) and the `@cost`/`@listSize` the subgraphs
 * declare in the supergraph. In `enforce` mode one over the maximum is refused with
 * `COST_ESTIMATED_TOO_EXPENSIVE` (`estimatedCost`, `maxCost`); in `measure` mode it is served
 * and logged. Either way the client sees the estimate in `extensions.cost`.
 */
export class DemandControl {
  private readonly declared: Declarations;
  /**
   * Estimates made, by document (Apollo's document store hands out the same one for the same
   * text) and then operation and variables: a hot operation is walked once, not on every request.
   */
  private readonly estimates = new WeakMap<DocumentNode, LRUCache<string, number>>();

  constructor(
    private readonly schema: GraphQLSchema,
    supergraphSdl: string,
    private readonly config: DemandControlConfig,
    private readonly logger: Logger,
  ) {
    this.declared = readDeclarations(supergraphSdl);
  }

  /**
   * The operation's estimated cost; undefined when its variables do not coerce (refused as
   * `BAD_USER_INPUT` where they are coerced) or the document names no such operation.
   */
  estimate(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): number | undefined {
    const key = `${operationName ?? ''}:${JSON.stringify(variables ?? {})}`;
    let remembered = this.estimates.get(document);
    const known = remembered?.get(key);
    if (known !== undefined) return known;
    const operation = getOperationAST(document, operationName);
    if (!operation) return undefined;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return undefined;
    const estimated = new Estimate(this.schema, this.declared, this.config.listSize, document, coerced.coerced).operation(operation);
    // Large variables (a report's text) are not worth keeping.
    if (key.length <= 1024) {
      if (!remembered) this.estimates.set(document, (remembered = new LRUCache({ max: 64 })));
      remembered.set(key, estimated);
    }
    return estimated;
  }

  /** Estimates an operation and, in enforce mode, refuses it (throws) when it is over the maximum. */
  check(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void {
    const estimated = this.estimate(document, operationName, variables);
    if (estimated !== undefined) this.judge(estimated, operationName);
  }

  private judge(estimated: number, operationName: string | null | undefined): void {
    if (estimated <= this.config.max) return;
    if (this.config.mode === 'enforce') throw costTooExpensive(estimated, this.config.max);
    this.logger.warn(
      { operationName, estimatedCost: estimated, maxCost: this.config.max },
      'operation over the cost maximum, served (COST_MODE=measure)',
    );
  }

  /** The estimate as the client reads it in `extensions.cost`. */
  report(estimated: number): CostReport {
    return { estimated, max: this.config.max, mode: this.config.mode };
  }

  /** Over HTTP: checked once the operation is resolved (validated), reported in `extensions.cost`. */
  plugin(): ApolloServerPlugin<BaseContext> {
    return {
      requestDidStart: async () => {
        let estimated: number | undefined;
        return {
          didResolveOperation: async ({ document, operationName, request, response }) => {
            try {
              estimated = this.estimate(document, operationName, request.variables);
              if (estimated !== undefined) this.judge(estimated, operationName);
            } catch (refusal) {
              if (refusal instanceof GraphQLError) response.http.status = 400; // the client's to change, like a validation error
              throw refusal;
            }
          },
          willSendResponse: async ({ response }) => {
            if (estimated === undefined || response.body.kind !== 'single') return;
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: this.report(estimated) };
          },
        };
      },
    };
  }
}
