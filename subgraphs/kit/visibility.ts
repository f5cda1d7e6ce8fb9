import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  DirectiveLocation,
  getNamedType,
  GraphQLDirective,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  isNonNullType,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { Directive, type ClassType } from 'type-graphql';

import { isSignedIn, Role, type Caller } from '../../platform/caller.js';
import { forbidden } from '../../platform/errors.js';

/**
 * Who may see a type or field (SPEC §3). Role audiences match the caller's role; the
 * relationship audiences match the caller against the record's owner.
 */
export enum Audience {
  /** Anyone, including callers without a token. */
  PUBLIC = 'PUBLIC',
  /** Any caller with a valid token. */
  SIGNED_IN = 'SIGNED_IN',
  ORGANIZATION = 'ORGANIZATION',
  REGULATOR = 'REGULATOR',
  THAICERT = 'THAICERT',
  NCSA = 'NCSA',
  /** Another of our services (internal feeds); never a user. */
  SERVICE = 'SERVICE',
  /** An ORGANIZATION caller acting for the organization that owns the record. */
  OWN_ORGANIZATION = 'OWN_ORGANIZATION',
  /**
   * A REGULATOR caller that currently supervises the record's organization, or that is the
   * record's own regulator. Looked up at request time, so access follows supervision changes.
   */
  SUPERVISING_REGULATOR = 'SUPERVISING_REGULATOR',
  /**
   * As SUPERVISING_REGULATOR, unless the owner withheld the record from its regulator (the
   * Announcement lets a reporter send part 2 in line with its confidentiality policy).
   */
  SUPERVISING_REGULATOR_UNLESS_WITHHELD = 'SUPERVISING_REGULATOR_UNLESS_WITHHELD',
}

/** Audiences shorthand for "ThaiCERT and NCSA", who see every record (SPEC §3). */
export const NATIONAL_CENTRE = [Audience.THAICERT, Audience.NCSA] as const;

/** The organization (and, when known, regulator) a record belongs to. */
export interface ScopeOwner {
  organizationId?: string | null;
  /** Omit to have the regulator looked up from the current supervision. */
  regulatorId?: string | null;
  /** The owner withheld parts from its regulator; only SUPERVISING_REGULATOR_UNLESS_WITHHELD heeds it. */
  withheldFromRegulator?: boolean;
}

/** Implemented by records whose visibility depends on who owns them. */
export interface Scoped {
  scopeOwner(): ScopeOwner;
}

/** Each subgraph tells the visibility check who currently supervises an organization. */
export interface SupervisionLookup {
  regulatorIdOf(organizationId: string): Promise<string | null>;
}

export interface VisibilityContext {
  caller: Caller;
  supervision: SupervisionLookup;
}

const DIRECTIVE = 'visibleTo';

/** The schema directive that carries the audiences; printed into each subgraph's SDL. */
export const visibleToDirective = new GraphQLDirective({
  name: DIRECTIVE,
  description:
    'Who may read this type or field (role-scoped fields, SPEC §3). Anything not granted is denied. ' +
    'On an input type it means nothing: it appears where one class defines both an output and an input type.',
  locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.INPUT_OBJECT],
  args: { audiences: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))) } },
});

/**
 * Declares who may read a type (default for all its fields) or a field (replaces the type's
 * audiences). The declaration lives in the schema; {@link enforceVisibility} enforces it.
 */
export function VisibleTo(...audiences: readonly Audience[]): MethodDecorator & PropertyDecorator & ClassDecorator {
  if (audiences.length === 0) throw new Error('VisibleTo needs at least one audience');
  const directive = Directive(`@${DIRECTIVE}(audiences: [${audiences.map((a) => JSON.stringify(a)).join(', ')}])`);
  return ((target: object, property?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (property === undefined) typeAudiences.set(target as ClassType, audiences);
    return (directive as (...args: unknown[]) => unknown)(target, property, descriptor);
  }) as MethodDecorator & PropertyDecorator & ClassDecorator;
}

const typeAudiences = new WeakMap<ClassType, readonly Audience[]>();

/** The audiences a class declared with `@VisibleTo`, for wrapper types that share them. */
export function audiencesOf(type: ClassType): readonly Audience[] {
  const audiences = typeAudiences.get(type);
  if (!audiences) throw new Error(`${type.name} declares no @VisibleTo audience`);
  return audiences;
}

function ownerOf(source: unknown): ScopeOwner | undefined {
  const candidate = source as Partial<Scoped> | null | undefined;
  return typeof candidate?.scopeOwner === 'function' ? candidate.scopeOwner() : undefined;
}

/**
 * Decides visibility; synchronous unless the current supervision has to be looked up, so the
 * common case costs no promise.
 */
export function isVisible(audiences: readonly string[], source: unknown, context: VisibilityContext): boolean | Promise<boolean> {
  const { caller } = context;
  let needsSupervisionLookup = false;
  for (const audience of audiences) {
    switch (audience) {
      case Audience.PUBLIC:
        return true;
      case Audience.SIGNED_IN:
        if (isSignedIn(caller)) return true;
        break;
      case Audience.ORGANIZATION:
      case Audience.REGULATOR:
      case Audience.THAICERT:
      case Audience.NCSA:
      case Audience.SERVICE:
        if ((caller.role as string) === audience) return true;
        break;
      case Audience.OWN_ORGANIZATION:
        if (caller.role === Role.ORGANIZATION && ownerOf(source)?.organizationId === caller.organizationId) {
          return true;
        }
        break;
      case Audience.SUPERVISING_REGULATOR:
        if (caller.role === Role.REGULATOR) needsSupervisionLookup = true;
        break;
      case Audience.SUPERVISING_REGULATOR_UNLESS_WITHHELD:
        if (caller.role === Role.REGULATOR && !ownerOf(source)?.withheldFromRegulator) needsSupervisionLookup = true;
        break;
      default:
        throw new Error(`unknown audience ${audience}`);
    }
  }
  if (!needsSupervisionLookup || caller.role !== Role.REGULATOR) return false;
  const owner = ownerOf(source);
  if (!owner) return false;
  if (owner.regulatorId !== undefined) return owner.regulatorId === caller.regulatorId;
  if (!owner.organizationId) return false;
  return context.supervision.regulatorIdOf(owner.organizationId).then((regulatorId) => regulatorId === caller.regulatorId);
}

/** Runs `proceed` when `source` is visible to the caller, else raises FORBIDDEN for `what`. */
function whenVisible<T>(
  what: string,
  audiences: readonly string[],
  source: unknown,
  context: VisibilityContext,
  proceed: () => T,
): T | Promise<T> {
  const denied = () => forbidden(`${what} is not available to your role`);
  const verdict = isVisible(audiences, source, context);
  if (verdict === true) return proceed();
  if (verdict === false) throw denied();
  return verdict.then((visible) => {
    if (!visible) throw denied();
    return proceed();
  });
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
/**
 * Whoever may see the parent may certainly see the child: then reaching the child checks nothing
 * more. SIGNED_IN covers every user audience; otherwise each parent audience must be the child's too.
 */
function covers(child: readonly string[], parent: readonly string[] | undefined): boolean {
  if (parent === undefined) return false;
  if (child.includes(Audience.SIGNED_IN) && !parent.includes(Audience.PUBLIC) && !parent.includes(Audience.SERVICE)) return true;
  return parent.every((audience) => child.includes(audience));
}

type ReferenceResolver = (reference: unknown, context: VisibilityContext, info: unknown) => unknown;

/**
 * The type with its federation reference resolver (`_entities`) checked against its audiences:
 * an entity the caller may not see is FORBIDDEN; one not found stays `null`. A type without a
 * reference resolver, or a PUBLIC one, is returned as it is.
 */
function guardReferences(type: GraphQLObjectType, audiences: readonly string[]): GraphQLObjectType {
  const config = type.toConfig();
  const subgraph = (config.extensions as { apollo?: { subgraph?: { resolveReference?: ReferenceResolver } } }).apollo?.subgraph;
  if (!subgraph?.resolveReference || audiences.includes(Audience.PUBLIC)) return type;
  const resolveReference = subgraph.resolveReference;
  const guarded: ReferenceResolver = async (reference, context, info) => {
    const entity = await resolveReference(reference, context, info);
    return entity == null ? entity : whenVisible(type.name, audiences, entity, context, () => entity);
  };
  const extensions = config.extensions as { apollo: Record<string, unknown> };
  return new GraphQLObjectType({
    ...config,
    extensions: { ...extensions, apollo: { ...extensions.apollo, subgraph: { ...subgraph, resolveReference: guarded } } },
  });
}

/**
 * The field with its resolver checked against `audiences` (FORBIDDEN for a caller outside them), and
 * its subscribe too: a subscription is refused before it starts, not event by event.
 */
function guardField(
  fieldConfig: GraphQLFieldConfig<unknown, VisibilityContext>,
  what: string,
  audiences: readonly string[],
): GraphQLFieldConfig<unknown, VisibilityContext> {
  const resolve = fieldConfig.resolve ?? defaultFieldResolver;
  const { subscribe } = fieldConfig;
  return {
    ...fieldConfig,
    resolve: (source, args, context: VisibilityContext, info) =>
      whenVisible(what, audiences, source, context, () => resolve(source, args, context, info)),
    ...(subscribe && {
      subscribe: ((source, args, context: VisibilityContext, info) =>
        whenVisible(what, audiences, source, context, () => subscribe(source, args, context, info))) as GraphQLFieldResolver<
        unknown,
        VisibilityContext
      >,
    }),
  };
}

/**
 * Enforces the `@visibleTo` declarations of a subgraph schema:
 * - a field's own declaration is checked on that field;
 * - a type's declaration is checked wherever the type is reached: on fields returning it from a
 *   type with other audiences, and when the gateway resolves it by key (`_entities`);
 * - within a type, fields inherit the visibility of the object they belong to.
 * Deny by default at build time: a root field or an object type without a declaration, or a
 * checked field that is non-null (a denial would null its parent), stops the schema building.
 */
export function enforceVisibility(schema: GraphQLSchema): GraphQLSchema {
  const problems: string[] = [];
  const declaredOn = (node: Parameters<typeof getDirective>[1]) =>
    getDirective(schema, node, DIRECTIVE)?.[0]?.audiences as string[] | undefined;
  const typeLevel = (typeName: string) => {
    const type = schema.getType(typeName);
    return type ? declaredOn(type) : undefined;
  };

  const enforced = mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      if (type.name.startsWith('_') || ROOT_TYPES.has(type.name)) return type;
      const audiences = declaredOn(type);
      if (!audiences) {
        problems.push(`type ${type.name} declares no audience`);
        return type;
      }
      return guardReferences(type, audiences);
    },
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      if (fieldName.startsWith('_') || typeName.startsWith('_')) return fieldConfig; // federation internals
      const own = declaredOn(fieldConfig);
      const parent = ROOT_TYPES.has(typeName) ? undefined : typeLevel(typeName);
      if (ROOT_TYPES.has(typeName) && !own) problems.push(`${typeName}.${fieldName} declares no audience`);
      const returned = getNamedType(fieldConfig.type);
      const effective = own ?? (isObjectType(returned) ? typeLevel(returned.name) : undefined);
      if (!effective || effective.includes(Audience.PUBLIC) || covers(effective, parent)) return fieldConfig;
      if (isNonNullType(fieldConfig.type)) {
        problems.push(`${typeName}.${fieldName} is checked (${effective.join(', ')}) so it must be nullable`);
        return fieldConfig;
      }
      return guardField(fieldConfig, `${typeName}.${fieldName}`, effective);
    },
  });
  if (problems.length > 0) throw new Error(`Role-scoped fields are not fully declared:\n- ${problems.join('\n- ')}`);
  return enforced;
}
