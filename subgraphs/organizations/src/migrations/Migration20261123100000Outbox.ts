import { Migration } from '@mikro-orm/migrations';

import { outboxTablesSql } from '../../../kit/events/outbox.js';

/** The registry's event outbox, which other subgraphs read through `organizationEvents`. */
export class Migration20261123100000Outbox extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTablesSql('organizations')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "organizations"."outbox_event";');
    this.addSql('drop table if exists "organizations"."outbox_sequence";');
  }
}
