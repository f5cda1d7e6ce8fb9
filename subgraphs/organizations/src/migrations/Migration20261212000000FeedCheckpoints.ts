import { Migration } from '@mikro-orm/migrations';

import { feedCheckpointTableSql } from '../../../kit/events/feed-consumer.js';

/** Every subgraph now has all the kit's tables; the registry follows no feed yet, so this one stays empty. */
export class Migration20261212000000FeedCheckpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(feedCheckpointTableSql('organizations'));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "organizations"."feed_checkpoint";');
  }
}
