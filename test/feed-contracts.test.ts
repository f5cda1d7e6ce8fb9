import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningServer } from '../platform/http-server.js';
import { DEVELOPMENT_IDENTITY_SECRET, identitySecret } from '../platform/identity.js';
import { createLogger } from '../platform/logger.js';
import { ormOptions as incidentsOrmOptions } from '../subgraphs/incidents/src/mikro-orm.config.js';
import { applyContactKeyEvents } from '../subgraphs/incidents/src/signature/signing-key.entity.js';
import { applyMigrations } from '../subgraphs/kit/database.js';
import { FeedContractViolation, type FeedConsumer } from '../subgraphs/kit/events/feed-consumer.js';
import { RegulatorDeadline, SupervisedOrganization } from '../subgraphs/kit/supervision/supervised-organization.entity.js';
import { supervisionFeed } from '../subgraphs/kit/supervision/supervision-feed.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { createTestDatabase, type TestDatabase } from './database.js';

// The real registry and the incidents subgraph's real consumer of its feed, on one fresh database.
// Events are put in the registry's outbox in SQL, as a migration does: only that way can one of a
// type this consumer does not know, or one that breaks the contract, reach a feed.
let database: TestDatabase;
let organizations: RunningServer;
let incidents: MikroORM;
let feed: FeedConsumer;
const logged: { level: number; msg: string; sequence?: number; type?: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  organizations = await SUBGRAPHS.find((s) => s.name === 'organizations')!.start({
    DATABASE_URL: database.url,
    ORGANIZATIONS_PORT: '0',
    ORGANIZATIONS_ADMIN_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  incidents = await MikroORM.init(incidentsOrmOptions(database.url, 2, createLogger('feed-contracts-test', 'silent')));
  await applyMigrations(incidents);
  feed = supervisionFeed({
    orm: incidents,
    organizationsUrl: organizations.url,
    subject: 'incidents',
    identitySecret: identitySecret(DEVELOPMENT_IDENTITY_SECRET),
    pollIntervalMs: 10,
    logger: pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) }),
    metrics: new Registry(),
    alsoApply: applyContactKeyEvents,
  });
});
afterAll(async () => {
  await feed?.stop();
  await incidents?.close();
  await organizations?.close();
  await database?.drop();
});

/** Appends an event to the registry's outbox as a migration would, numbered as appendEvent numbers it. */
async function publish(type: string, aggregateId: string, payload: unknown): Promise<number> {
  const [row] = await incidents.em.getConnection().execute<{ sequence: string }[]>(
    `with next as (update "organizations"."outbox_sequence" set "value" = "value" + 1 where "name" = 'events' returning "value")
     insert into "organizations"."outbox_event" ("sequence", "type", "aggregate_id", "payload") select "value", ?, ?, ?::jsonb from next returning "sequence"`,
    [type, aggregateId, JSON.stringify(payload)],
  );
  return Number(row!.sequence);
}

const checkpoint = async () =>
  Number(
    (
      await incidents.em
        .getConnection()
        .execute<{ sequence: string }[]>(`select "sequence" from "incidents"."feed_checkpoint" where "feed" = 'organizations'`)
    )[0]?.sequence ?? 0,
  );

const organization = (id: string, regulatorId: string | null = null) => ({
  organizationId: id,
  kind: 'CII_ORGANIZATION',
  sectorId: null,
  regulatorId,
});
const supervised = (id: string) => incidents.em.fork().findOne(SupervisedOrganization, { id });

describe('a feed consumer reading against the feed contract', () => {
  it('skips an event of a type it does not know, logs it, and moves its checkpoint past it', async () => {
    const first = crypto.randomUUID();
    const merged = await publish('ORGANIZATION_MERGED', first, { into: crypto.randomUUID() });
    const registered = await publish('ORGANIZATION_REGISTERED', first, organization(first));

    await feed.catchUp();

    expect(await checkpoint()).toBe(registered);
    expect(await supervised(first)).toMatchObject({ id: first, kind: 'CII_ORGANIZATION' });
    expect(logged).toContainEqual(expect.objectContaining({ level: 40, sequence: merged, type: 'ORGANIZATION_MERGED' }));
  });

  it('applies a regulator event written before report deadlines existed as none set, and a later one with its report deadline', async () => {
    const regulatorId = crypto.randomUUID();
    const deadline = () => incidents.em.fork().findOne(RegulatorDeadline, { regulatorId });
    await publish('REGULATOR_REGISTERED', regulatorId, { regulatorId, notificationDeadlineHours: 6 });
    await feed.catchUp();
    expect(await deadline()).toMatchObject({ notificationDeadlineHours: 6, reportDeadlineHours: null });
    await publish('REGULATOR_DEADLINE_CHANGED', regulatorId, { regulatorId, notificationDeadlineHours: 6, reportDeadlineHours: 48 });
    await feed.catchUp();
    expect(await deadline()).toMatchObject({ notificationDeadlineHours: 6, reportDeadlineHours: 48 });
  });

  it('stops before an event that breaks the contract, applying nothing of its batch and keeping its checkpoint', async () => {
    const before = await checkpoint();
    const second = crypto.randomUUID();
    await publish('ORGANIZATION_REGISTERED', second, organization(second));
    const broken = await publish('ORGANIZATION_UPDATED', second, { ...organization(second), kind: 'BANK' });

    const failure = await feed.catchUp().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FeedContractViolation);
    expect(failure).toMatchObject({ feed: 'organizations', sequence: broken });
    expect(await checkpoint()).toBe(before);
    expect(await supervised(second)).toBeNull();
  });

  it('logs the broken event as an error and polls no more', async () => {
    const errorsBefore = logged.filter((line) => line.level === 50).length;
    feed.start();
    await expect.poll(() => logged.filter((line) => line.level === 50).length).toBe(errorsBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const since = logged.slice(logged.findLastIndex((line) => line.level === 50));
    expect(since).toEqual([expect.objectContaining({ msg: 'event breaks the feed contract; consumer stopped' })]);
  });
});
