import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';

import type { Caller } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import type { AuditContext } from '../../kit/audit/audit-log.js';
import type { OutboxListener } from '../../kit/events/outbox-listener.js';
import { byIdLoader, childrenLoader } from '../../kit/loaders.js';
import type { BaseContext } from '../../kit/subgraph-runtime.js';
import { SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';
import { Acknowledgment, AdvisoryRevision } from './advisory/advisory-records.entity.js';
import type { Advisory } from './advisory/advisory.entity.js';
import { relatedAdvisoriesLoader } from './advisory/advisory.service.js';
import type { CsafProvider } from './advisory/csaf-provider.js';
import type { IncidentLookup } from './indicator/incident-lookup.js';
import { Indicator, IndicatorRevision } from './indicator/indicator.entity.js';
import { indicatorsByIncidentLoader } from './indicator/indicator.service.js';

export interface AdvisoriesLoaders {
  supervisionById: DataLoader<string, SupervisedOrganization | null>;
  revisionsByAdvisory: DataLoader<string, AdvisoryRevision[]>;
  acknowledgmentsByAdvisory: DataLoader<string, Acknowledgment[]>;
  relatedAdvisories: DataLoader<readonly string[], Advisory[], string>;
  revisionsByIndicator: DataLoader<string, IndicatorRevision[]>;
  indicatorsByIncident: DataLoader<string, Indicator[]>;
}

export interface AdvisoriesContext extends BaseContext, AuditContext {
  caller: Caller;
  em: EntityManager;
  orm: MikroORM;
  loaders: AdvisoriesLoaders;
  events: OutboxListener;
  /** ThaiCERT as a CSAF trusted provider: its key, its public base URL, the documents it signed. */
  csaf: CsafProvider;
  /** Asks the incidents subgraph whether an incident exists (see incident-lookup.ts). */
  incidentExists: IncidentLookup;
}

function unitOfWork(orm: MikroORM, caller: Caller): Pick<AdvisoriesContext, 'em' | 'loaders' | 'supervision'> {
  const em = orm.em.fork();
  const loaders: AdvisoriesLoaders = {
    supervisionById: byIdLoader(em, SupervisedOrganization),
    revisionsByAdvisory: childrenLoader(em, AdvisoryRevision, 'advisory', (r) => r.advisory.id, {} as never, { number: 'asc' }),
    acknowledgmentsByAdvisory: childrenLoader(em, Acknowledgment, 'advisory', (a) => a.advisory.id, {} as never, { acknowledgedAt: 'asc' }),
    relatedAdvisories: relatedAdvisoriesLoader(em, caller),
    revisionsByIndicator: childrenLoader(em, IndicatorRevision, 'indicator', (r) => r.indicator.id, {} as never, { number: 'asc' }),
    indicatorsByIncident: indicatorsByIncidentLoader(em, caller),
  };
  return {
    em,
    loaders,
    supervision: { regulatorIdOf: async (organizationId) => (await loaders.supervisionById.load(organizationId))?.regulatorId ?? null },
  };
}

/** Each event of a subscription reads current data through a fresh unit of work. */
export function renewUnitOfWork(context: AdvisoriesContext): void {
  Object.assign(context, unitOfWork(context.orm, context.caller));
}

export function createContext(
  orm: MikroORM,
  identity: { caller: Caller; requestId: string; log: Logger },
  background: Pick<AdvisoriesContext, 'events' | 'csaf' | 'incidentExists'>,
): AdvisoriesContext {
  return { ...identity, ...unitOfWork(orm, identity.caller), ...background, orm };
}
