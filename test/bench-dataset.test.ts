import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { loadDataset, statisticsCaughtUp } from '../bench/dataset.js';
import { advisoryFeed } from '../contracts/feeds/advisory-feed.js';
import type { FeedContract, FeedEvent } from '../contracts/feeds/feed-contract.js';
import { incidentFeed } from '../contracts/feeds/incident-feed.js';
import { organizationFeed } from '../contracts/feeds/organization-feed.js';
import { createTestDatabase } from './database.js';
import { startGraph } from './graph.js';

/** Each subgraph's outbox the bench's loader writes to, and the contract its consumers read it by. */
const FEEDS: Record<string, FeedContract<FeedEvent>> = {
  organizations: organizationFeed,
  incidents: incidentFeed,
  advisories: advisoryFeed,
};

// The bench measures the graph on a data set written straight into the tables: the events it puts
// in the outboxes must be ones the real consumers apply, or the bench measures a stopped read model.
describe("the bench's data set", () => {
  it('keeps every feed contract, so the statistics read model catches up on it', async () => {
    const database = await createTestDatabase();
    const graph = await startGraph({ DATABASE_URL: database.url });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      await loadDataset(database.url, { organizations: 40, incidents: 400, advisories: 20 }, 'bench-dataset-test', () => {});
      for (const [schema, contract] of Object.entries(FEEDS)) {
        const { rows } = await db.query<{ sequence: string; type: string; payload: unknown }>(
          `select sequence, type, payload from "${schema}".outbox_event order by sequence`,
        );
        expect(rows.length, schema).toBeGreaterThan(0);
        const broken = rows.flatMap((row) => {
          const reading = contract.read(row.type, row.payload);
          return reading.kind === 'event'
            ? []
            : [`${schema} ${row.sequence} ${row.type}: ${reading.kind === 'malformed' ? reading.reason : 'unknown type'}`];
        });
        expect(broken).toEqual([]);
      }
      await expect(
        Promise.race([
          statisticsCaughtUp(database.url),
          new Promise((_, reject) => setTimeout(() => reject(new Error('statistics did not catch up in 60 s')), 60_000)),
        ]),
      ).resolves.toBeGreaterThanOrEqual(0);
    } finally {
      await db.end();
      await graph.close();
      await database.drop();
    }
  }, 120_000);
});
