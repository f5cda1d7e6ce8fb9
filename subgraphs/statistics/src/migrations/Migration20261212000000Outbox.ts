import { Migration } from '@mikro-orm/migrations';

import { outboxTablesSql } from '../../../kit/events/outbox.js';

/** Every subgraph now has all the kit's tables; statistics publishes no events yet, so its outbox stays empty. */
export class Migration20261212000000Outbox extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTablesSql('statistics')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "statistics"."outbox_event";');
    this.addSql('drop table if exists "statistics"."outbox_sequence";');
  }
}
