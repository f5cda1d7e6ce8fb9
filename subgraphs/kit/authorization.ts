import { isNationalCentre, Role, type Caller } from '../../platform/caller.js';
import { forbidden } from '../../platform/errors.js';

/**
 * Row-level write rule shared by every subgraph: ThaiCERT and NCSA act for any organization,
 * an organization only for itself.
 */
export function assertActsForOrganization(caller: Caller, organizationId: string): void {
  if (isNationalCentre(caller)) return;
  if (caller.role === Role.ORGANIZATION && caller.organizationId === organizationId) return;
  throw forbidden('You may act only for your own organization');
}
