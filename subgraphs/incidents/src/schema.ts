import { isUuid } from '../../../platform/caller.js';
import { streamHeadResolver } from '../../kit/events/stream-head.js';
import { buildFederatedSchema, type FederatedSchema } from '../../kit/federation.js';
import { Audience } from '../../kit/visibility.js';
import { AssessmentResolver } from './assessment/assessment.resolver.js';
import { AssistanceResolver } from './assistance/assistance.resolver.js';
import { IncidentCaseFieldResolver, IncidentCaseResolver } from './case-workflow/case.resolver.js';
import { IncidentCommentResolver } from './comment/comment.resolver.js';
import type { IncidentsContext } from './context.js';
import { IncidentEventSubscription } from './events/incident-event.subscription.js';
import { IncidentFeedResolver } from './events/incident-feed.resolver.js';
import { IncidentReceiptResolver } from './events/incident-receipt.resolver.js';
import { OrganizationRef } from './federation/references.js';
import {
  IncidentResolver,
  IncidentRevisionResolver,
  OrganizationIncidentsResolver,
  ReportSignatureResolver,
} from './incident/incident.resolver.js';
import { PrintableFormResolver } from './incident/printable-form.resolver.js';
import { IncidentObservedCaseResolver, ObservedCaseResolver } from './observed-case/observed-case.resolver.js';
import { RefusedSubmissionResolver } from './refusals/refused-submission.resolver.js';
import { VocabularyResolver } from './vocabulary/vocabulary.resolver.js';

type Reference = { id: string };

/** The incidents subgraph's schema, built from code; no database needed. */
export function incidentsSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema({
    service: 'incidents',
    resolvers: [
      IncidentResolver,
      IncidentRevisionResolver,
      ReportSignatureResolver,
      PrintableFormResolver,
      OrganizationIncidentsResolver,
      AssessmentResolver,
      AssistanceResolver,
      IncidentCommentResolver,
      IncidentCaseResolver,
      IncidentCaseFieldResolver,
      ObservedCaseResolver,
      IncidentObservedCaseResolver,
      IncidentFeedResolver,
      IncidentReceiptResolver,
      IncidentEventSubscription,
      streamHeadResolver('incidentEvents', Audience.SIGNED_IN),
      RefusedSubmissionResolver,
      VocabularyResolver,
    ],
    referenceResolvers: {
      Incident: ({ id }: Reference, { loaders }: IncidentsContext) => (isUuid(id) ? loaders.incidentById.load(id) : null),
      Organization: ({ id }: Reference) => OrganizationRef.of(id),
    },
  });
}
