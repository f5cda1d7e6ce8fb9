import { buildFederatedSchema, type FederatedSchema } from '../../kit/federation.js';
import { AnnualSummaryResolver } from './annual-summary/annual-summary.resolver.js';
import { annualSummary, parseSummaryId } from './annual-summary/annual-summary.service.js';
import type { AnnualSummaryView } from './annual-summary/annual-summary.types.js';
import { AuditTrailResolver } from './audit/audit-trail.resolver.js';
import type { StatisticsContext } from './context.js';
import { OrganizationRef, RegulatorRef } from './federation/references.js';
import { statisticsResolver } from './statistics.resolver.js';

/** Public counts below this are withheld unless configured otherwise. */
export const DEFAULT_MINIMUM_PUBLIC_COUNT = 5;

/** The statistics subgraph's schema, built from code; no database needed. */
export function statisticsSchema(minimumPublicCount = DEFAULT_MINIMUM_PUBLIC_COUNT): Promise<FederatedSchema> {
  return buildFederatedSchema({
    service: 'statistics',
    // Everyone's audit trail ends here (auditTrail): it serves no feed of its own.
    auditFeed: false,
    resolvers: [AnnualSummaryResolver, statisticsResolver(minimumPublicCount), AuditTrailResolver],
    referenceResolvers: {
      // The gateway comes back with the reporter’s names (@requires) for the exports, to the same submission (the id says which).
      AnnualSummary: async (reference: Partial<AnnualSummaryView> & { id: string }, { em, caller }: StatisticsContext) => {
        const parsed = parseSummaryId(reference.id);
        if (!parsed) return null;
        const summary = await annualSummary(em, caller, parsed.year, parsed.reporter, new Date(), parsed.filing);
        if (reference.regulator) summary.regulator = Object.assign(new RegulatorRef(), summary.regulator, reference.regulator);
        if (reference.organization)
          summary.organization = Object.assign(new OrganizationRef(), summary.organization, reference.organization);
        return summary;
      },
      Regulator: ({ id }: { id: string }) => Object.assign(new RegulatorRef(), { id }),
      Organization: ({ id }: { id: string }) => Object.assign(new OrganizationRef(), { id }),
    },
  });
}
