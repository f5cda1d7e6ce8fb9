import { LRUCache } from 'lru-cache';

import { Role, type SignedInCaller } from '../../platform/caller.js';
import { unauthenticated } from '../../platform/errors.js';
import type { IdentitySigner } from '../../platform/identity.js';
import type { Logger } from '../../platform/logger.js';
import { identityRefusalHint, refusesForwardedIdentity, type IdentityRefusals } from './identity-refusals.js';
import { serviceRequest } from './service-requests.js';

/** What a token may name that the registry keeps. */
export type RegisteredKind = 'organization' | 'regulator';

/** Asks the registry whether it keeps an organization or regulator; rejects when it cannot say. */
export type RegistryLookup = (kind: RegisteredKind, id: string) => Promise<boolean>;

/** Nothing is ever removed from the registry: an id seen registered stays trusted for a while. */
const REGISTERED_MS = 5 * 60_000;
/** An id not registered is asked about again soon: it may be registered just after. */
const NOT_REGISTERED_MS = 10_000;
/** While the registry cannot answer, it is asked about one id at most this often. */
const UNKNOWN_MS = 5_000;

/** The subgraph that keeps the registry, as the supergraph names it. */
export const REGISTRY_SUBGRAPH = 'organizations';

/**
 * Asks the organizations subgraph, as the gateway's own service identity, through its service-only
 * `organizationRegistered` and `regulatorRegistered` queries (not part of the API).
 */
export function registryLookup(url: string, identities: IdentitySigner, refusals: IdentityRefusals): RegistryLookup {
  return async (kind, id) => {
    const field = `${kind}Registered`;
    const answer = await serviceRequest(url, identities, `query ($id: ID!) { ${field}(id: $id) }`, { id }, REGISTRY_SUBGRAPH);
    if (refusesForwardedIdentity(answer.errors)) {
      refusals.report(REGISTRY_SUBGRAPH);
      throw new Error(identityRefusalHint(REGISTRY_SUBGRAPH));
    }
    const registered = answer.data?.[field];
    if (typeof registered !== 'boolean') throw new Error(answer.errors?.[0]?.message ?? `no answer to ${field}`);
    return registered;
  };
}

/**
 * A token naming an organization or regulator the registry does not keep is refused: its holder
 * would sign in to nothing (`me.organization: null`, an empty dashboard) and never learn why.
 * Answers are kept — a registered id for minutes, an unregistered one for seconds — so a request
 * costs no lookup. While the registry cannot say (the organizations subgraph down or refusing),
 * such a token is accepted and a warning logged: its signature verified, its scope is its own
 * organization or regulator whether or not that is registered, and refusing every signed-in
 * request would turn one subgraph's outage into the whole graph's.
 */
export class RegisteredCallers {
  private readonly answers = new LRUCache<string, Promise<boolean | undefined>>({ max: 10_000, ttl: UNKNOWN_MS });

  constructor(
    private readonly lookup: RegistryLookup,
    private readonly logger: Logger,
  ) {}

  /** Throws UNAUTHENTICATED when the caller acts for an organization or regulator the registry does not keep. */
  async refuseUnregistered(caller: SignedInCaller): Promise<void> {
    const named: [RegisteredKind, string] | undefined =
      caller.role === Role.ORGANIZATION
        ? ['organization', caller.organizationId]
        : caller.role === Role.REGULATOR
          ? ['regulator', caller.regulatorId]
          : undefined;
    if (!named) return;
    const [kind, id] = named;
    if ((await this.registered(kind, id)) === false)
      throw unauthenticated(`Not signed in: the token names ${kind} ${id}, which is not registered`);
  }

  /** true or false as the registry says, undefined when it could not say; one lookup at a time per id. */
  private registered(kind: RegisteredKind, id: string): Promise<boolean | undefined> {
    const key = `${kind}:${id}`;
    const known = this.answers.get(key);
    if (known) return known;
    const answer: Promise<boolean | undefined> = this.lookup(kind, id).then(
      (registered) => {
        this.answers.set(key, answer, { ttl: registered ? REGISTERED_MS : NOT_REGISTERED_MS });
        return registered;
      },
      (error: unknown) => {
        this.logger.warn(
          { reason: (error as Error).message, [`${kind}Id`]: id },
          `cannot learn whether ${kind} ${id} is registered: its tokens are accepted meanwhile`,
        );
        return undefined;
      },
    );
    this.answers.set(key, answer);
    return answer;
  }
}
