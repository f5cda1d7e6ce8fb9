import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';

import { isUuid } from '../../../../platform/caller.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { IncidentRevision } from '../incident/incident-revision.entity.js';
import { SignatureStatus } from '../signature/signature-status.js';

/** What a receipt of one submission states, for the mail subgraph: reference, revision, signature verdict. */
@ObjectType({ description: 'What the receipt of one submission states, for our own services.' })
@Directive('@inaccessible')
@VisibleTo(Audience.SERVICE)
export class IncidentReceipt {
  @Field(() => ID) incidentId!: string;
  @Field(() => Int) revision!: number;
  @Field(() => String, { nullable: true }) referenceNumber!: string | null;
  @Field(() => SignatureStatus) signatureStatus!: SignatureStatus;
  @Field(() => String, { nullable: true, description: 'The verified key’s fingerprint.' }) signatureFingerprint!: string | null;
  @Field(() => ID, { nullable: true, description: 'The point of contact whose registered key signed it.' }) signedByContactId!:
    string | null;
}

@Resolver()
export class IncidentReceiptResolver {
  @Query(() => IncidentReceipt, { nullable: true, description: 'The receipt of one submission, for the mail subgraph.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async incidentReceipt(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('revision', () => Int) revision: number,
    @Ctx() { em }: IncidentsContext,
  ): Promise<IncidentReceipt | null> {
    if (!isUuid(incidentId)) return null;
    const found = await em.findOne(IncidentRevision, { incident: incidentId, number: revision }, { populate: ['incident'] });
    if (!found) return null;
    const verified = found.signature?.status === SignatureStatus.VERIFIED;
    return Object.assign(new IncidentReceipt(), {
      incidentId,
      revision,
      referenceNumber: found.incident.referenceNumber ?? null,
      signatureStatus: found.signature?.status ?? SignatureStatus.UNSIGNED,
      signatureFingerprint: verified ? (found.signature?.fingerprint ?? null) : null,
      signedByContactId: verified ? (found.signature?.contactId ?? null) : null,
    });
  }
}
