import { Migration } from '@mikro-orm/migrations';

/**
 * The registry's feed starts announcing contacts' OpenPGP keys (POINT_OF_CONTACT_KEY_CHANGED), so
 * the incidents subgraph can verify signed reports: the keys registered before are announced
 * once here, numbered after the events already in the outbox.
 */
export class Migration20261201000000ContactKeyEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      with keyed as (
        select c.id, c.organization_id, c.pgp_fingerprint, c.pgp_public_key, row_number() over (order by c.created_at, c.id) as n
        from "organizations"."point_of_contact" c
        where c.pgp_public_key is not null and c.removed_at is null
      ), base as (
        select "value" from "organizations"."outbox_sequence" where "name" = 'events' for update
      ), announced as (
        insert into "organizations"."outbox_event" ("sequence", "type", "aggregate_id", "payload")
        select base."value" + keyed.n, 'POINT_OF_CONTACT_KEY_CHANGED', keyed.id,
          jsonb_build_object('contactId', keyed.id, 'organizationId', keyed.organization_id, 'fingerprint', keyed.pgp_fingerprint, 'armoredKey', keyed.pgp_public_key)
        from keyed, base
        returning 1
      )
      update "organizations"."outbox_sequence" set "value" = "value" + (select count(*) from announced) where "name" = 'events';`);
  }

  override async down(): Promise<void> {
    // The announcements stay: the outbox is append-only and consumers may have applied them.
  }
}
