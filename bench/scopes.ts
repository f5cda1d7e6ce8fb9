import { DEMO_ORGANIZATIONS, DEMO_REGULATORS, demoId } from '../demo/demo-registry.js';
import { Role, type SignedInCaller } from '../platform/caller.js';

/**
 * Who receives which incident event, as the bench's subscribers see it: the fan-out and the soak
 * both count expected deliveries with these, so the two measure against the same rule.
 */

/** The demo organizations (they exist in every bench graph) with the regulator supervising each. */
export const SCOPED_ORGANIZATIONS = DEMO_ORGANIZATIONS.map((o) => ({
  id: demoId(`organization:${o.key}`),
  regulatorId: o.regulator ? demoId(`regulator:${o.regulator}`) : null,
}));

/** A tenth national centre, three tenths regulators, six tenths organizations, spread over every demo one. */
export function callerFor(index: number): SignedInCaller {
  const slot = index % 10;
  if (slot === 0)
    return index % 20 === 0
      ? { role: Role.NCSA, subject: `bench-ncsa-${index}` }
      : { role: Role.THAICERT, subject: `bench-thaicert-${index}` };
  if (slot <= 3) {
    const regulator = DEMO_REGULATORS[index % DEMO_REGULATORS.length]!;
    return { role: Role.REGULATOR, subject: `bench-reg-${index}`, regulatorId: demoId(`regulator:${regulator.key}`) };
  }
  return {
    role: Role.ORGANIZATION,
    subject: `bench-org-${index}`,
    organizationId: SCOPED_ORGANIZATIONS[index % SCOPED_ORGANIZATIONS.length]!.id,
  };
}

/** Subscribers with the same scope receive the same events (and share an upstream at the gateway). */
export const scopeOf = (caller: SignedInCaller): string =>
  caller.role === Role.REGULATOR
    ? `R:${caller.regulatorId}`
    : caller.role === Role.ORGANIZATION
      ? `O:${caller.organizationId}`
      : 'NATIONAL';

/**
 * The scopes an event about an organization's incident reaches (README, "Scope"): the national
 * centres, the organization itself, and the regulator supervising it when the event is dispatched.
 */
export function scopesReceiving(organizationId: string, regulatorId: string | null): string[] {
  return ['NATIONAL', `O:${organizationId}`, ...(regulatorId ? [`R:${regulatorId}`] : [])];
}
