import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { findOwnIncident } from '../incident/own-incident.js';
import { AssistanceStatus, IncidentEventType, IncidentStatus } from '../vocabulary/incident-vocabulary.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import type { AssistanceAnswerInput, AssistanceRequestInput } from './assistance.input.js';

/** Where a request may go next; COMPLETED and DECLINED are final. */
const NEXT: Record<AssistanceStatus, readonly AssistanceStatus[]> = {
  [AssistanceStatus.REQUESTED]: [AssistanceStatus.ACCEPTED, AssistanceStatus.IN_PROGRESS, AssistanceStatus.DECLINED],
  [AssistanceStatus.ACCEPTED]: [AssistanceStatus.IN_PROGRESS, AssistanceStatus.COMPLETED, AssistanceStatus.DECLINED],
  [AssistanceStatus.IN_PROGRESS]: [AssistanceStatus.COMPLETED],
  [AssistanceStatus.COMPLETED]: [],
  [AssistanceStatus.DECLINED]: [],
};

/** ThaiCERT 2.4: an organization asks for help with one of its open incidents. */
export function requestAssistance(em: EntityManager, caller: Caller, input: AssistanceRequestInput, now: Date): Promise<AssistanceRequest> {
  return em.transactional(async (tx) => {
    const { incident, reporter } = await findOwnIncident(tx, caller, input.incidentId);
    if (incident.status === IncidentStatus.CLOSED) throw invalidField('incidentId', ProblemCode.INCIDENT_CLOSED, 'The incident is closed');
    const request = tx.create(AssistanceRequest, {
      incident,
      kinds: [...new Set(input.kinds)],
      mode: input.mode,
      description: input.description.trim(),
      requestedBy: reporter.subject,
      requestedAt: now,
    });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.ASSISTANCE_REQUESTED, incident, now, {
      assistanceRequestId: request.id,
      kinds: request.kinds,
    });
    return request;
  });
}

/** ThaiCERT answers: accepts, works on, completes or declines, with the time of each step kept. */
export function answerAssistanceRequest(
  em: EntityManager,
  caller: SignedInCaller,
  input: AssistanceAnswerInput,
  now: Date,
): Promise<AssistanceRequest> {
  return em.transactional(async (tx) => {
    const request = await tx.findOne(AssistanceRequest, { id: requireUuid(input.id, 'id') }, { populate: ['incident'] });
    if (!request) throw notFound('AssistanceRequest', input.id);
    assertVersion(request, input.expectedVersion, 'The assistance request');
    if (!NEXT[request.status].includes(input.status)) {
      throw invalidField(
        'status',
        ProblemCode.NOT_A_TRANSITION,
        `An assistance request cannot go from ${request.status} to ${input.status}`,
      );
    }
    request.status = input.status;
    request.response = input.response.trim();
    request.firstRespondedAt ??= now;
    if (input.status === AssistanceStatus.COMPLETED || input.status === AssistanceStatus.DECLINED) request.resolvedAt = now;
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.ASSISTANCE_UPDATED, request.incident, now, {
      assistanceRequestId: request.id,
      assistanceStatus: request.status,
      answeredBy: caller.subject,
    });
    return request;
  });
}
