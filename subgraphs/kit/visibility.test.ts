import { graphql, type GraphQLSchema } from 'graphql';
import { Directive, Field, ID, ObjectType, Query, Resolver, type ClassType } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { PUBLIC_CALLER, Role, type Caller } from '../../platform/caller.js';
import { buildFederatedSchema } from './federation.js';
import { Audience, audiencesOf, isVisible, VisibleTo, type Scoped, type ScopeOwner, type VisibilityContext } from './visibility.js';

const BANK = '11111111-1111-4111-8111-111111111111';
const OTHER_BANK = '22222222-2222-4222-8222-222222222222';
const BOT = '33333333-3333-4333-8333-333333333333';
const SEC = '44444444-4444-4444-8444-444444444444';

const CALLERS = {
  public: PUBLIC_CALLER,
  bank: { role: Role.ORGANIZATION, subject: 'bank-user', organizationId: BANK },
  otherBank: { role: Role.ORGANIZATION, subject: 'other-user', organizationId: OTHER_BANK },
  bot: { role: Role.REGULATOR, subject: 'bot-user', regulatorId: BOT },
  sec: { role: Role.REGULATOR, subject: 'sec-user', regulatorId: SEC },
  thaicert: { role: Role.THAICERT, subject: 'thaicert-user' },
  ncsa: { role: Role.NCSA, subject: 'ncsa-user' },
  service: { role: 'SERVICE', subject: 'statistics' },
} satisfies Record<string, Caller>;
type CallerName = keyof typeof CALLERS;

/** BOT supervises BANK; nobody supervises OTHER_BANK. */
const context = (caller: CallerName): VisibilityContext => ({
  caller: CALLERS[caller],
  supervision: { regulatorIdOf: async (organizationId) => (organizationId === BANK ? BOT : null) },
});
const owned = (owner: ScopeOwner): Scoped => ({ scopeOwner: () => owner });

describe('isVisible: who is in each audience', () => {
  const everyone = Object.keys(CALLERS) as CallerName[];
  it.each<[string, Audience[], unknown, CallerName[]]>([
    ['PUBLIC', [Audience.PUBLIC], {}, everyone],
    ['SIGNED_IN', [Audience.SIGNED_IN], {}, ['bank', 'otherBank', 'bot', 'sec', 'thaicert', 'ncsa']],
    ['ORGANIZATION', [Audience.ORGANIZATION], {}, ['bank', 'otherBank']],
    ['REGULATOR', [Audience.REGULATOR], {}, ['bot', 'sec']],
    ['THAICERT and NCSA', [Audience.THAICERT, Audience.NCSA], {}, ['thaicert', 'ncsa']],
    ['SERVICE', [Audience.SERVICE], {}, ['service']],
    ['OWN_ORGANIZATION of a bank’s record', [Audience.OWN_ORGANIZATION], owned({ organizationId: BANK }), ['bank']],
    ['OWN_ORGANIZATION of a record without an owner', [Audience.OWN_ORGANIZATION], {}, []],
    ['SUPERVISING_REGULATOR, looked up', [Audience.SUPERVISING_REGULATOR], owned({ organizationId: BANK }), ['bot']],
    ['SUPERVISING_REGULATOR of an unsupervised organization', [Audience.SUPERVISING_REGULATOR], owned({ organizationId: OTHER_BANK }), []],
    [
      'SUPERVISING_REGULATOR named by the record, not looked up',
      [Audience.SUPERVISING_REGULATOR],
      owned({ organizationId: BANK, regulatorId: SEC }),
      ['sec'],
    ],
    [
      'SUPERVISING_REGULATOR_UNLESS_WITHHELD, not withheld',
      [Audience.SUPERVISING_REGULATOR_UNLESS_WITHHELD],
      owned({ organizationId: BANK }),
      ['bot'],
    ],
    [
      'SUPERVISING_REGULATOR_UNLESS_WITHHELD, withheld',
      [Audience.SUPERVISING_REGULATOR_UNLESS_WITHHELD],
      owned({ organizationId: BANK, withheldFromRegulator: true }),
      [],
    ],
    [
      'SUPERVISING_REGULATOR heeding no withholding',
      [Audience.SUPERVISING_REGULATOR],
      owned({ organizationId: BANK, withheldFromRegulator: true }),
      ['bot'],
    ],
    [
      'the owner, its regulator and the national centre',
      [Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, Audience.THAICERT, Audience.NCSA],
      owned({ organizationId: BANK }),
      ['bank', 'bot', 'thaicert', 'ncsa'],
    ],
  ])('%s', async (_case, audiences, source, allowed) => {
    const verdicts = await Promise.all(everyone.map(async (caller) => [caller, await isVisible(audiences, source, context(caller))]));
    expect(verdicts.filter(([, visible]) => visible).map(([caller]) => caller)).toEqual(allowed);
  });

  it('answers at once, without a promise, unless it must look the supervision up', () => {
    expect(isVisible([Audience.NCSA], {}, context('ncsa'))).toBe(true);
    expect(isVisible([Audience.SUPERVISING_REGULATOR], owned({ organizationId: BANK, regulatorId: BOT }), context('bot'))).toBe(true);
    expect(isVisible([Audience.SUPERVISING_REGULATOR], owned({ organizationId: BANK }), context('bank'))).toBe(false);
    expect(isVisible([Audience.SUPERVISING_REGULATOR], owned({ organizationId: BANK }), context('bot'))).toBeInstanceOf(Promise);
  });

  it('refuses an audience it does not know rather than deny or grant by accident', () => {
    expect(() => isVisible(['EVERYBODY'], {}, context('ncsa'))).toThrow('unknown audience EVERYBODY');
  });
});

describe('declaring audiences', () => {
  it('needs at least one', () => {
    expect(() => VisibleTo()).toThrow('VisibleTo needs at least one audience');
  });

  it('remembers a type’s audiences, and names a type that declared none', () => {
    @VisibleTo(Audience.REGULATOR, Audience.NCSA)
    class Declared {}
    class Undeclared {}
    expect(audiencesOf(Declared)).toEqual([Audience.REGULATOR, Audience.NCSA]);
    expect(() => audiencesOf(Undeclared)).toThrow('Undeclared declares no @VisibleTo audience');
  });
});

// Tiny schemas, built the way every subgraph builds its own.

/** A subgraph of the test's own, without the audit feed a real one serves. */
const TEST_SUBGRAPH = { service: 'visibility-test', auditFeed: false };

@ObjectType()
@VisibleTo(Audience.PUBLIC)
class Unchecked {
  @Field() name!: string;
}

@ObjectType()
class NoAudience {
  @Field() name!: string;
}

@ObjectType()
@VisibleTo(Audience.SIGNED_IN)
class NonNullSecret {
  @Field() name!: string;
  @Field() @VisibleTo(Audience.NCSA) secret!: string;
}

@ObjectType()
@VisibleTo(Audience.REGULATOR)
class Covered {
  /** Whoever may see a REGULATOR-only record is signed in: nothing to check, so it may be non-null. */
  @Field() @VisibleTo(Audience.SIGNED_IN) name!: string;
}

@Resolver()
class RootWithoutAudience {
  @Query(() => Unchecked) unchecked(): Unchecked {
    return { name: 'x' };
  }
}

@Resolver()
class TypeWithoutAudience {
  @Query(() => NoAudience) @VisibleTo(Audience.PUBLIC) noAudience(): NoAudience {
    return { name: 'x' };
  }
}

@Resolver()
class CheckedNonNull {
  @Query(() => NonNullSecret) @VisibleTo(Audience.PUBLIC) nonNull(): NonNullSecret {
    return { name: 'x', secret: 'y' };
  }
}

@Resolver()
class CoveredNonNull {
  @Query(() => Covered, { nullable: true }) @VisibleTo(Audience.PUBLIC) covered(): Covered {
    return { name: 'x' };
  }
}

describe('the schema build, which denies by default', () => {
  it.each<[string, ClassType, string]>([
    ['a root field without an audience', RootWithoutAudience, 'Query.unchecked declares no audience'],
    ['an object type without an audience', TypeWithoutAudience, 'type NoAudience declares no audience'],
    ['a non-null field that is checked', CheckedNonNull, 'NonNullSecret.secret is checked (NCSA) so it must be nullable'],
  ])('stops at %s', async (_case, resolver, problem) => {
    await expect(buildFederatedSchema({ ...TEST_SUBGRAPH, resolvers: [resolver] })).rejects.toThrow(
      `Role-scoped fields are not fully declared:\n- ${problem}`,
    );
  });

  it('lists every problem at once', async () => {
    await expect(
      buildFederatedSchema({ ...TEST_SUBGRAPH, resolvers: [RootWithoutAudience, TypeWithoutAudience, CheckedNonNull] }),
    ).rejects.toThrow(/declared:\n- .+\n- .+\n- .+$/);
  });

  it('lets a field be non-null when whoever sees its type may see it', async () => {
    await expect(buildFederatedSchema({ ...TEST_SUBGRAPH, resolvers: [CoveredNonNull] })).resolves.toHaveProperty('sdl');
  });
});

/** A bank's record: its organization, its regulator, and ThaiCERT and NCSA see it; part of it only NCSA. */
@ObjectType()
@Directive('@key(fields: "id")')
@VisibleTo(Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, Audience.THAICERT, Audience.NCSA)
class Dossier implements Scoped {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) @VisibleTo(Audience.NCSA) ncsaNote!: string;
  @Field(() => String, { nullable: true }) @VisibleTo(Audience.OWN_ORGANIZATION) ownerNote!: string;
  organizationId!: string;
  scopeOwner(): ScopeOwner {
    return { organizationId: this.organizationId };
  }
}

const dossier = (id: string, organizationId: string) =>
  Object.assign(new Dossier(), { id, organizationId, title: `dossier ${id}`, ncsaNote: 'n', ownerNote: 'o' });

/** The bank's public listing, whose `dossier` field is checked as the Dossier type is (the listing's owner is the dossier's). */
@ObjectType()
@VisibleTo(Audience.PUBLIC)
class Listing implements Scoped {
  @Field() name!: string;
  @Field(() => Dossier, { nullable: true }) dossier!: Dossier;
  scopeOwner(): ScopeOwner {
    return { organizationId: BANK };
  }
}

@Resolver()
class DossierResolver {
  @Query(() => Listing) @VisibleTo(Audience.PUBLIC) listing(): Listing {
    return Object.assign(new Listing(), { name: 'public listing', dossier: dossier('d1', BANK) });
  }
  @Query(() => [Dossier], { nullable: true }) @VisibleTo(Audience.SIGNED_IN) dossiers(): Dossier[] {
    return [dossier('d1', BANK), dossier('d2', OTHER_BANK)];
  }
  @Query(() => String, { nullable: true }) @VisibleTo(Audience.NCSA) ncsaOnly(): string {
    return 'for NCSA';
  }
}

describe('the enforced schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    ({ schema } = await buildFederatedSchema({
      ...TEST_SUBGRAPH,
      resolvers: [DossierResolver],
      referenceResolvers: { Dossier: ({ id }: { id: string }) => dossier(id, BANK) },
    }));
  });
  const run = async (source: string, caller: CallerName) => {
    const result = await graphql({ schema, source, contextValue: context(caller) });
    return { data: result.data, errors: result.errors?.map((e) => [e.path?.join('.'), e.message, e.extensions.code]) };
  };

  it('answers a public field to anyone', async () => {
    expect(await run('{ listing { name } }', 'public')).toEqual({ data: { listing: { name: 'public listing' } }, errors: undefined });
  });

  it('refuses a root field with FORBIDDEN to a role not in its audience, and answers one that is', async () => {
    expect(await run('{ ncsaOnly }', 'thaicert')).toEqual({
      data: { ncsaOnly: null },
      errors: [['ncsaOnly', 'Query.ncsaOnly is not available to your role', 'FORBIDDEN']],
    });
    expect((await run('{ ncsaOnly }', 'ncsa')).data).toEqual({ ncsaOnly: 'for NCSA' });
  });

  it.each<[CallerName, boolean]>([
    ['public', false],
    ['bank', true],
    ['otherBank', false],
    ['bot', true],
    ['sec', false],
    ['thaicert', true],
  ])('checks a field returning a scoped type by the type’s audiences: %s sees it: %s', async (caller, sees) => {
    const result = await run('{ listing { dossier { title } } }', caller);
    expect(result.data).toEqual({ listing: { dossier: sees ? { title: 'dossier d1' } : null } });
    expect(result.errors).toEqual(sees ? undefined : [['listing.dossier', 'Listing.dossier is not available to your role', 'FORBIDDEN']]);
  });

  it('checks a field’s own narrower audience within a type the caller may see', async () => {
    expect(await run('{ listing { dossier { title ncsaNote } } }', 'thaicert')).toEqual({
      data: { listing: { dossier: { title: 'dossier d1', ncsaNote: null } } },
      errors: [['listing.dossier.ncsaNote', 'Dossier.ncsaNote is not available to your role', 'FORBIDDEN']],
    });
    expect((await run('{ listing { dossier { ncsaNote } } }', 'ncsa')).data).toEqual({ listing: { dossier: { ncsaNote: 'n' } } });
  });

  it('checks each record’s owner, not only the role: a bank reads its own record’s field and not another bank’s', async () => {
    expect(await run('{ dossiers { id ownerNote } }', 'bank')).toEqual({
      data: {
        dossiers: [
          { id: 'd1', ownerNote: 'o' },
          { id: 'd2', ownerNote: null },
        ],
      },
      errors: [['dossiers.1.ownerNote', 'Dossier.ownerNote is not available to your role', 'FORBIDDEN']],
    });
  });

  it('checks the type when the gateway resolves it by key', async () => {
    const entities = '{ _entities(representations: [{ __typename: "Dossier", id: "d9" }]) { ... on Dossier { id title } } }';
    expect((await run(entities, 'bot')).data).toEqual({ _entities: [{ id: 'd9', title: 'dossier d9' }] });
    const refused = await run(entities, 'sec');
    expect(refused.data).toEqual({ _entities: [null] });
    expect(refused.errors).toEqual([['_entities.0', 'Dossier is not available to your role', 'FORBIDDEN']]);
  });
});
