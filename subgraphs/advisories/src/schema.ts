import { isUuid } from '../../../platform/caller.js';
import { streamHeadResolver } from '../../kit/events/stream-head.js';
import { buildFederatedSchema, type FederatedSchema } from '../../kit/federation.js';
import { Audience } from '../../kit/visibility.js';
import {
  AcknowledgmentResolver,
  AdvisoryResolver,
  IncidentAdvisoriesResolver,
  OrganizationAdvisoriesResolver,
} from './advisory/advisory.resolver.js';
import { findAdvisory } from './advisory/advisory.service.js';
import { AdvisoryCsafDocumentResolver, CsafProviderResolver } from './advisory/csaf-provider.resolver.js';
import type { AdvisoriesContext } from './context.js';
import { AdvisoryEventSubscription } from './events/advisory-event.subscription.js';
import { IncidentRef, OrganizationRef } from './federation/references.js';
import { IncidentIndicatorsResolver, IndicatorResolver } from './indicator/indicator.resolver.js';
import { AdvisoryMailingResolver } from './mailing/advisory-mailing.resolver.js';
import { MispFeedResolver } from './misp/misp.resolver.js';
import { AdvisoryStixResolver, IndicatorStixResolver, StixCollectionResolver } from './stix/stix.resolver.js';

type Reference = { id: string };

/** The advisories subgraph's schema, built from code; no database needed. */
export function advisoriesSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema({
    service: 'advisories',
    resolvers: [
      AdvisoryResolver,
      AcknowledgmentResolver,
      OrganizationAdvisoriesResolver,
      IncidentAdvisoriesResolver,
      IndicatorResolver,
      IncidentIndicatorsResolver,
      StixCollectionResolver,
      AdvisoryStixResolver,
      IndicatorStixResolver,
      MispFeedResolver,
      CsafProviderResolver,
      AdvisoryCsafDocumentResolver,
      AdvisoryEventSubscription,
      streamHeadResolver('advisoryEvents', Audience.PUBLIC),
      AdvisoryMailingResolver,
    ],
    referenceResolvers: {
      // TLP applies to references too: an advisory the caller may not read resolves to null.
      Advisory: ({ id }: Reference, { em, caller }: AdvisoriesContext) =>
        isUuid(id) ? findAdvisory(em, caller, id).catch(() => null) : null,
      Organization: ({ id }: Reference) => OrganizationRef.of(id),
      Incident: (reference: IncidentRef) => Object.assign(new IncidentRef(), reference),
    },
  });
}
