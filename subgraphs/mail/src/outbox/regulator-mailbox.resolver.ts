import * as openpgp from 'openpgp';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';

import { isNationalCentre, requireUuid, Role } from '../../../../platform/caller.js';
import { conflictingField, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { MailContext } from '../context.js';
import { RegulatorMailbox } from './mail-delivery.entity.js';

/** The regulator itself, or ThaiCERT/NCSA. */
function mayManage({ caller }: MailContext, regulatorId: string): void {
  if (isNationalCentre(caller)) return;
  if (caller.role === Role.REGULATOR && caller.regulatorId === regulatorId) return;
  throw forbidden('Only the regulator itself, ThaiCERT or NCSA manage its mailboxes');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Resolver(() => RegulatorMailbox)
export class RegulatorMailboxResolver {
  @Query(() => [RegulatorMailbox], { nullable: true, description: 'Where a regulator is sent notices of new notifications (clause 4).' })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  regulatorMailboxes(@Arg('regulatorId', () => ID) regulatorId: string, @Ctx() context: MailContext): Promise<RegulatorMailbox[]> {
    mayManage(context, requireUuid(regulatorId, 'regulatorId'));
    return context.em.find(RegulatorMailbox, { regulatorId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  @Mutation(() => RegulatorMailbox, {
    nullable: true,
    description:
      'Adds an address the regulator is notified at, with the OpenPGP public key notices are encrypted to (the regulator, THAICERT/NCSA).',
  })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  async addRegulatorMailbox(
    @Arg('regulatorId', () => ID) regulatorId: string,
    @Arg('email', () => String) email: string,
    @Arg('pgpPublicKey', () => String, { nullable: true }) pgpPublicKey: string | null | undefined,
    @Ctx() context: MailContext,
  ): Promise<RegulatorMailbox> {
    mayManage(context, requireUuid(regulatorId, 'regulatorId'));
    const address = email.trim();
    if (address.length > 254 || !EMAIL.test(address))
      throw invalidField('email', ProblemCode.NOT_AN_EMAIL, 'email must be an e-mail address');
    let fingerprint: string | null = null;
    if (pgpPublicKey?.trim()) {
      try {
        fingerprint = (await openpgp.readKey({ armoredKey: pgpPublicKey })).getFingerprint().toUpperCase();
      } catch {
        throw invalidField('pgpPublicKey', ProblemCode.NOT_A_KEY, 'pgpPublicKey must be an ASCII-armored OpenPGP public key');
      }
    }
    return context.em.transactional(async (tx) => {
      if ((await tx.count(RegulatorMailbox, { regulatorId, email: { $ilike: address } })) > 0)
        throw conflictingField('email', ProblemCode.ALREADY_REGISTERED, 'this address is already a mailbox of the regulator');
      const mailbox = tx.create(RegulatorMailbox, {
        regulatorId,
        email: address,
        pgpPublicKey: fingerprint ? pgpPublicKey : null,
        pgpFingerprint: fingerprint,
        createdBy: context.caller.role === 'PUBLIC' ? '' : context.caller.subject,
        createdAt: new Date(),
      });
      await tx.flush();
      return mailbox;
    });
  }

  @Mutation(() => Boolean, {
    nullable: true,
    description: 'Removes a regulator’s mailbox; mail queued for it is cancelled (the regulator, THAICERT/NCSA).',
  })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  async removeRegulatorMailbox(@Arg('id', () => ID) id: string, @Ctx() context: MailContext): Promise<boolean> {
    return context.em.transactional(async (tx) => {
      const mailbox = await tx.findOne(RegulatorMailbox, { id: requireUuid(id, 'id') });
      if (!mailbox) throw notFound('Regulator mailbox', id);
      mayManage(context, mailbox.regulatorId);
      tx.remove(mailbox);
      await tx.flush();
      return true;
    });
  }
}
