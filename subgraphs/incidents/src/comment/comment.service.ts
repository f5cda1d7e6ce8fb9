import type { EntityManager } from '@mikro-orm/postgresql';

import { Role, type SignedInCaller } from '../../../../platform/caller.js';
import { forbidden } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { findIncident } from '../incident/incident-query.service.js';
import { CommentAuthorRole, IncidentEventType } from '../vocabulary/incident-vocabulary.js';
import { IncidentComment } from './incident-comment.entity.js';

/** Who the author is, as the comment keeps it; an organization comments on nothing (SPEC §3). */
function authorOf(caller: SignedInCaller): Pick<IncidentComment, 'authorRole' | 'authorSubject' | 'authorRegulatorId'> {
  if (caller.role === Role.ORGANIZATION) throw forbidden('Only a regulator, ThaiCERT or NCSA comments on an incident');
  const authorRole = CommentAuthorRole[caller.role];
  return { authorRole, authorSubject: caller.subject, authorRegulatorId: caller.role === Role.REGULATOR ? caller.regulatorId : null };
}

/**
 * SPEC §3: a regulator comments on its sector's incidents, ThaiCERT and NCSA on any. The incident
 * is looked up in the caller's row scope, so a regulator that does not supervise the organization
 * gets NOT_FOUND, as for an unknown id. The COMMENTED event goes out in the same transaction.
 */
export function addIncidentComment(
  em: EntityManager,
  caller: SignedInCaller,
  incidentId: string,
  text: string,
  now: Date,
): Promise<IncidentComment> {
  return em.transactional(async (tx) => {
    const author = authorOf(caller);
    const incident = await findIncident(tx, caller, incidentId, 'incidentId');
    const comment = tx.create(IncidentComment, { incident, text: text.trim(), writtenAt: now, ...author });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.COMMENTED, incident, now, { commentId: comment.id });
    return comment;
  });
}

/** An incident's comments, oldest first (the caller already reads the incident). */
export function listIncidentComments(em: EntityManager, incidentId: string, page: PageArgs): Promise<ConnectionShape<IncidentComment>> {
  return paginate(em, IncidentComment, { incident: incidentId }, page, { writtenAt: 'asc', id: 'asc' });
}
