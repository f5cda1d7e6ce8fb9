import { LockMode } from '@mikro-orm/core';
import { IsOptional } from 'class-validator';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { isNationalCentre, isUuid, requireUuid, Role } from '../../../../platform/caller.js';
import { badUserInput, conflict, forbidden, notFound } from '../../../../platform/errors.js';
import { Connection, PageArgs, paginate, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { MailContext } from '../context.js';
import { MailDelivery, MailOptOut } from './mail-delivery.entity.js';
import { MailDeliveryStatus, MailKind, MANDATORY_KINDS } from './mail-vocabulary.js';

export const MailDeliveryConnection = Connection(MailDelivery, 'MailDelivery');

@InputType({ description: 'Which deliveries to list; every field narrows.' })
export class MailDeliveryFilter {
  @Field(() => [MailDeliveryStatus], { nullable: true }) @IsOptional() statuses?: MailDeliveryStatus[];
  @Field(() => [MailKind], { nullable: true }) @IsOptional() kinds?: MailKind[];
  @Field(() => ID, { nullable: true }) @IsOptional() organizationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() contactId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() incidentId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() advisoryId?: string;
}

/** The incidents subgraph's Incident, extended with the mail sent about it. */
@ObjectType('Incident')
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
export class IncidentRef {
  @Field(() => ID) id!: string;
}

/** A contact's mail preferences: the kinds of mail that are not mandatory it declined. */
@ObjectType({ description: 'Which kinds of mail a point of contact declined (mandatory ones cannot be).' })
@VisibleTo(Audience.ORGANIZATION, ...NATIONAL_CENTRE)
export class MailPreferences {
  @Field(() => ID) contactId!: string;
  @Field(() => [MailKind]) declined!: MailKind[];
}

function whereOf(filter: MailDeliveryFilter | undefined) {
  const id = (value: string | undefined, name: string) => (value === undefined ? {} : { [name]: requireUuid(value, name) });
  return {
    ...(filter?.statuses?.length && { status: { $in: filter.statuses } }),
    ...(filter?.kinds?.length && { kind: { $in: filter.kinds } }),
    ...id(filter?.organizationId, 'organizationId'),
    ...id(filter?.contactId, 'contactId'),
    ...id(filter?.incidentId, 'incidentId'),
    ...id(filter?.advisoryId, 'advisoryId'),
  };
}

async function preferencesOf(em: MailContext['em'], contactId: string): Promise<MailPreferences> {
  const rows = await em.find(MailOptOut, { contactId }, { orderBy: { kind: 'asc' } });
  return Object.assign(new MailPreferences(), { contactId, declined: rows.map((r) => r.kind) });
}

@Resolver(() => MailDelivery)
export class MailDeliveryResolver {
  @Query(() => MailDeliveryConnection, { nullable: true, description: 'The mail outbox, newest first (THAICERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  mailDeliveries(
    @Arg('filter', () => MailDeliveryFilter, { nullable: true }) filter: MailDeliveryFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: MailContext,
  ): Promise<ConnectionShape<MailDelivery>> {
    return paginate(em, MailDelivery, whereOf(filter), page, { createdAt: 'desc', id: 'desc' });
  }

  @Mutation(() => MailDelivery, {
    nullable: true,
    description: 'Sends a FAILED mail again now, its attempts counted from zero, with the same Message-ID (THAICERT/NCSA).',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  retryMailDelivery(@Arg('id', () => ID) id: string, @Ctx() { em }: MailContext): Promise<MailDelivery> {
    return em.transactional(async (tx) => {
      const delivery = await tx.findOne(MailDelivery, { id: requireUuid(id, 'id') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!delivery) throw notFound('Mail delivery', id);
      if (delivery.status !== MailDeliveryStatus.FAILED) throw conflict(`Only a FAILED mail is retried; this one is ${delivery.status}`);
      Object.assign(delivery, { status: MailDeliveryStatus.PENDING, attempts: 0, nextAttemptAt: new Date() });
      return delivery;
    });
  }

  @Query(() => MailPreferences, { nullable: true, description: 'A point of contact’s mail preferences (its organization, THAICERT/NCSA).' })
  @VisibleTo(Audience.ORGANIZATION, ...NATIONAL_CENTRE)
  async mailPreferences(@Arg('contactId', () => ID) contactId: string, @Ctx() context: MailContext): Promise<MailPreferences> {
    await mayManage(context, contactId);
    return preferencesOf(context.em, contactId);
  }

  @Mutation(() => MailPreferences, {
    nullable: true,
    description:
      'Declines (or accepts again) a kind of mail that is not mandatory, for one point of contact (its organization, THAICERT/NCSA).',
  })
  @VisibleTo(Audience.ORGANIZATION, ...NATIONAL_CENTRE)
  async setMailOptOut(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('kind', () => MailKind) kind: MailKind,
    @Arg('declined', () => Boolean) declined: boolean,
    @Ctx() context: MailContext,
  ): Promise<MailPreferences> {
    if (MANDATORY_KINDS.has(kind)) throw badUserInput(`${kind} is mandatory under the Announcement and cannot be declined`);
    await mayManage(context, contactId);
    return context.em.transactional(async (tx) => {
      const existing = await tx.findOne(MailOptOut, { contactId, kind });
      if (declined && !existing)
        tx.create(MailOptOut, {
          contactId,
          kind,
          createdAt: new Date(),
          createdBy: context.caller.role === 'PUBLIC' ? '' : context.caller.subject,
        });
      if (!declined && existing) tx.remove(existing);
      await tx.flush();
      return preferencesOf(tx, contactId);
    });
  }
}

/** A contact's own organization, or ThaiCERT/NCSA, manages its preferences. */
async function mayManage({ caller, directory }: MailContext, contactId: string): Promise<void> {
  if (!isUuid(contactId)) throw notFound('Point of contact', contactId);
  const contact = (await directory.contacts([contactId])).get(contactId);
  if (!contact || contact.removed) throw notFound('Point of contact', contactId);
  if (isNationalCentre(caller)) return;
  if (caller.role === Role.ORGANIZATION && caller.organizationId === contact.organizationId) return;
  throw forbidden('Only the contact’s own organization, ThaiCERT or NCSA manage its mail preferences');
}

@Resolver(() => IncidentRef)
export class IncidentMailHistoryResolver {
  @FieldResolver(() => [MailDelivery], { nullable: true, description: 'The mail sent about this incident, oldest first (THAICERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  mailHistory(@Root() incident: IncidentRef, @Ctx() { em }: MailContext): Promise<MailDelivery[]> {
    if (!isUuid(incident.id)) return Promise.resolve([]);
    return em.find(MailDelivery, { incidentId: incident.id }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 500 });
  }
}
