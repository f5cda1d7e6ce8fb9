import { isUuid } from '../../../platform/caller.js';
import { buildFederatedSchema, type FederatedSchema } from '../../kit/federation.js';
import { IncidentMailHistoryResolver, IncidentRef, MailDeliveryResolver } from './outbox/mail-delivery.resolver.js';
import { RegulatorMailboxResolver } from './outbox/regulator-mailbox.resolver.js';

/** The mail subgraph's schema, built from code; no database needed. */
export function mailSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema({
    service: 'mail',
    resolvers: [MailDeliveryResolver, IncidentMailHistoryResolver, RegulatorMailboxResolver],
    // Reached only through the incidents subgraph, never from this subgraph's own root fields.
    orphanedTypes: [IncidentRef],
    referenceResolvers: {
      Incident: ({ id }: { id: string }) => (isUuid(id) ? Object.assign(new IncidentRef(), { id }) : null),
    },
  });
}
