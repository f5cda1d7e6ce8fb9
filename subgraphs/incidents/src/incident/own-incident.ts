import type { FindOneOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid, Role, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { forbidden, notFound } from '../../../../platform/errors.js';
import { Incident } from './incident.entity.js';

/**
 * The incident an organization submits about (a report, its closing, a notice, a request for
 * help): only its own. Another organization's incident is answered exactly as an unknown id is —
 * NOT_FOUND, as reads answer — so no mutation tells which incident ids exist. A role that never
 * submits is refused with FORBIDDEN whatever the id (by `@VisibleTo` before this runs).
 */
export async function findOwnIncident<Hint extends string = never>(
  em: EntityManager,
  caller: Caller,
  incidentId: string,
  options?: FindOneOptions<Incident, Hint>,
): Promise<{ incident: Incident; reporter: SignedInCaller }> {
  if (caller.role !== Role.ORGANIZATION) throw forbidden('Only an organization submits about its incidents');
  const id = requireUuid(incidentId, 'incidentId');
  const incident = await em.findOne(Incident, { id, organization: caller.organizationId }, options);
  if (!incident) throw notFound('Incident', id);
  return { incident, reporter: caller };
}
