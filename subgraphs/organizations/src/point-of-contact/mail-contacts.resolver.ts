import { raw } from '@mikro-orm/core';
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';

import { isUuid } from '../../../../platform/caller.js';
import { badUserInput } from '../../../../platform/errors.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Organization } from '../organization/organization.entity.js';
import { PointOfContact } from './point-of-contact.entity.js';

/**
 * A point of contact as the mail subgraph addresses it: its address and OpenPGP key as they stand
 * now, so a mail is encrypted to the key registered when it is sent. For our own services only.
 */
@ObjectType({ description: 'A point of contact as the mail subgraph addresses it.' })
@Directive('@inaccessible')
@VisibleTo(Audience.SERVICE)
export class MailContact {
  @Field(() => ID) contactId!: string;
  @Field(() => ID) organizationId!: string;
  @Field() fullName!: string;
  @Field() email!: string;
  @Field(() => String, { nullable: true }) pgpPublicKey!: string | null;
  @Field(() => String, { nullable: true }) pgpFingerprint!: string | null;
  @Field({ description: 'Removed from the directory: it is sent nothing more.' }) removed!: boolean;
}

/** An organization as the mail subgraph names it, with the regulator that supervises it now. For our own services only. */
@ObjectType({ description: 'An organization as the mail subgraph names it, with its current regulator.' })
@Directive('@inaccessible')
@VisibleTo(Audience.SERVICE)
export class MailOrganization {
  @Field(() => ID) organizationId!: string;
  @Field() nameTh!: string;
  @Field() nameEn!: string;
  @Field(() => ID, { nullable: true }) regulatorId!: string | null;
}

const mailContactOf = (contact: PointOfContact): MailContact =>
  Object.assign(new MailContact(), {
    contactId: contact.id,
    organizationId: contact.organization.id,
    fullName: contact.fullName,
    email: contact.email,
    pgpPublicKey: contact.pgpPublicKey ?? null,
    pgpFingerprint: contact.pgpFingerprint ?? null,
    removed: !!contact.removedAt,
  });

/** The most ids of each list one call reads. */
const MAX_IDS = 5000;

@Resolver()
export class MailContactsResolver {
  @Query(() => [MailContact], {
    nullable: true,
    description:
      'The current contacts of these organizations (primary first) or with these addresses, and these contacts (removed ones too), for the mail subgraph.',
  })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async mailContacts(
    @Arg('organizationIds', () => [ID], { defaultValue: [] }) organizationIds: string[],
    @Arg('contactIds', () => [ID], { defaultValue: [] }) contactIds: string[],
    @Arg('emails', () => [String], {
      defaultValue: [],
      description: 'Current contacts with these addresses (any case), in any organization.',
    })
    emails: string[],
    @Ctx() { em }: OrganizationsContext,
  ): Promise<MailContact[]> {
    if (organizationIds.length > MAX_IDS || contactIds.length > MAX_IDS || emails.length > MAX_IDS)
      throw badUserInput(`At most ${MAX_IDS} of each list at a time`);
    const organizations = organizationIds.filter(isUuid);
    const contacts = contactIds.filter(isUuid);
    const addresses = emails.map((email) => email.trim().toLowerCase()).filter(Boolean);
    if (organizations.length === 0 && contacts.length === 0 && addresses.length === 0) return [];
    const found = await em.find(
      PointOfContact,
      {
        $or: [
          ...(organizations.length ? [{ organization: { $in: organizations }, removedAt: null }] : []),
          ...(contacts.length ? [{ id: { $in: contacts } }] : []),
          ...(addresses.length ? [{ [raw('lower(email)')]: { $in: addresses }, removedAt: null }] : []),
        ],
      },
      { orderBy: { organization: 'asc', isPrimary: 'desc', id: 'asc' } },
    );
    return found.map(mailContactOf);
  }

  @Query(() => [MailOrganization], {
    nullable: true,
    description: 'These organizations and who supervises them now, for the mail subgraph.',
  })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async mailOrganizations(@Arg('ids', () => [ID]) ids: string[], @Ctx() { em }: OrganizationsContext): Promise<MailOrganization[]> {
    if (ids.length > MAX_IDS) throw badUserInput(`At most ${MAX_IDS} ids at a time`);
    const found = await em.find(Organization, { id: { $in: ids.filter(isUuid) } }, { orderBy: { id: 'asc' } });
    return found.map((o) =>
      Object.assign(new MailOrganization(), {
        organizationId: o.id,
        nameTh: o.nameTh,
        nameEn: o.nameEn,
        regulatorId: o.regulator?.id ?? null,
      }),
    );
  }
}
