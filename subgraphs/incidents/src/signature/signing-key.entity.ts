import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { readAll } from '../../../../contracts/feeds/feed-contract.js';
import type { RegistryEvent } from '../../../kit/supervision/supervision-feed.js';

/**
 * This subgraph's copy of the OpenPGP public keys registered for points of contact, kept current
 * from the organizations subgraph's feed (POINT_OF_CONTACT_KEY_CHANGED) and never edited by hand.
 * A signed report is verified against the keys of its organization's contacts.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'uuid' })
  contactId!: string;

  @Property({ type: 'uuid', index: true })
  organizationId!: string;

  /** Of the primary key, uppercase hex, as the directory shows it. */
  @Property({ length: 64 })
  fingerprint!: string;

  @Property({ type: 'text' })
  armoredKey!: string;
}

/** Applies the registry's key announcements: a key set or replaced is kept, one cleared or withdrawn is dropped. */
export async function applyContactKeyEvents(em: EntityManager, events: RegistryEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type !== 'POINT_OF_CONTACT_KEY_CHANGED') continue;
    const { contactId, organizationId, fingerprint, armoredKey, ...rest } = event.payload;
    readAll(rest);
    if (armoredKey && fingerprint) {
      await em.upsert(SigningKey, { contactId, organizationId, fingerprint, armoredKey });
    } else {
      await em.nativeDelete(SigningKey, { contactId });
    }
  }
}
