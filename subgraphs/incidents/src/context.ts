import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

import type { Caller } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxListener } from '../../kit/events/outbox-listener.js';
import { byIdLoader, childrenLoader } from '../../kit/loaders.js';
import type { BaseContext } from '../../kit/subgraph-runtime.js';
import { SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';
import { AnalystNote, SeverityAssessment } from './assessment/severity-assessment.entity.js';
import { AssistanceRequest } from './assistance/assistance-request.entity.js';
import { CaseTransition, IncidentCase } from './case-workflow/incident-case.entity.js';
import type { IncidentReport } from './incident/incident-report.js';
import { IncidentRevision } from './incident/incident-revision.entity.js';
import { Incident } from './incident/incident.entity.js';

export interface IncidentsLoaders {
  incidentById: DataLoader<string, Incident | null>;
  /** The full report of each incident asked about, in one query per level (it is not loaded with lists). */
  contentOf: DataLoader<Incident, IncidentReport, string>;
  supervisionById: DataLoader<string, SupervisedOrganization | null>;
  revisionsByIncident: DataLoader<string, IncidentRevision[]>;
  assessmentsByIncident: DataLoader<string, SeverityAssessment[]>;
  notesByIncident: DataLoader<string, AnalystNote[]>;
  assistanceByIncident: DataLoader<string, AssistanceRequest[]>;
  /** An incident's case, by the incident's id (which is the case's). */
  caseById: DataLoader<string, IncidentCase | null>;
  transitionsByCase: DataLoader<string, CaseTransition[]>;
}

export interface IncidentsContext extends BaseContext {
  caller: Caller;
  /** Forked per request (per event, for a subscription), with its loaders. */
  em: EntityManager;
  /** For work outside the request's unit of work (keeping refused submissions). */
  orm: MikroORM;
  loaders: IncidentsLoaders;
  /**
   * Brings the copies of the registry (supervision, contacts' keys) up to date now, e.g. for an organization or a
   * key registered a moment ago.
   */
  syncRegistry: () => Promise<unknown>;
  /** This process's outbox listener, which subscriptions stream from. */
  events: OutboxListener;
}

/** What belongs to one unit of work: an entity manager, its loaders, and lookups through them. */
function unitOfWork(orm: MikroORM): Pick<IncidentsContext, 'em' | 'loaders' | 'supervision'> {
  const em = orm.em.fork();
  const loaders = createLoaders(em);
  return {
    em,
    loaders,
    supervision: {
      regulatorIdOf: async (organizationId) => (await loaders.supervisionById.load(organizationId))?.regulatorId ?? null,
    },
  };
}

/**
 * A subscription keeps its context for hours; each event gets a fresh unit of work, so it reads
 * current data and caches nothing from one event to the next.
 */
export function renewUnitOfWork(context: IncidentsContext): void {
  Object.assign(context, unitOfWork(context.orm));
}

function createLoaders(em: EntityManager): IncidentsLoaders {
  const byIncident = <T extends { incident: Incident }>(entity: new () => T, orderBy: Record<string, 'asc' | 'desc'>) =>
    childrenLoader<T>(em, entity, 'incident' as keyof T & string, (row) => row.incident.id, {} as never, orderBy);
  return {
    incidentById: byIdLoader(em, Incident),
    contentOf: new DataLoader(
      async (incidents) => {
        await em.populate(incidents.filter((incident) => incident.content === undefined) as Incident[], ['content']);
        return incidents.map((incident) => incident.content);
      },
      { cacheKeyFn: (incident) => incident.id },
    ),
    supervisionById: byIdLoader(em, SupervisedOrganization),
    revisionsByIncident: byIncident(IncidentRevision, { number: 'asc' }),
    assessmentsByIncident: byIncident(SeverityAssessment, { assessedAt: 'asc' }),
    notesByIncident: byIncident(AnalystNote, { writtenAt: 'asc' }),
    assistanceByIncident: byIncident(AssistanceRequest, { requestedAt: 'asc' }),
    caseById: byIdLoader(em, IncidentCase),
    transitionsByCase: childrenLoader(em, CaseTransition, 'incidentCase', (row) => row.incidentCase.id, {}, { at: 'asc' }),
  };
}

export function createContext(
  orm: MikroORM,
  identity: { caller: Caller; requestId: string; log: Logger },
  background: Pick<IncidentsContext, 'syncRegistry' | 'events'>,
): IncidentsContext {
  return { ...identity, ...unitOfWork(orm), ...background, orm };
}
