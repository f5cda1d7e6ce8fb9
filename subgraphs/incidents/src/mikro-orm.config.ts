import type { Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../../platform/logger.js';
import { subgraphOrmOptions } from '../../kit/orm-options.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';
import { AnalystNote, SeverityAssessment } from './assessment/severity-assessment.entity.js';
import { AssistanceRequest } from './assistance/assistance-request.entity.js';
import { CaseTransition, IncidentCase } from './case-workflow/incident-case.entity.js';
import { IncidentComment } from './comment/incident-comment.entity.js';
import { IncidentRevision } from './incident/incident-revision.entity.js';
import { Incident } from './incident/incident.entity.js';
import { migrations } from './migrations/index.js';
import { ObservedCase } from './observed-case/observed-case.entity.js';
import { RefusedSubmission } from './refusals/refused-submission.entity.js';
import { ReportSignature } from './signature/report-signature.js';
import { SigningKey } from './signature/signing-key.entity.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'incidents';

export const entities = [
  SupervisedOrganization,
  RegulatorDeadline,
  Incident,
  IncidentRevision,
  ReportSignature,
  SigningKey,
  SeverityAssessment,
  AnalystNote,
  AssistanceRequest,
  IncidentComment,
  IncidentCase,
  CaseTransition,
  ObservedCase,
  RefusedSubmission,
];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return subgraphOrmOptions({ schema: SCHEMA, entities, migrations, databaseUrl, poolSize, logger, kitTablesInOwnMigrations: true });
}
