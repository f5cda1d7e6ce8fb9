import { BigIntType, Entity, PrimaryKey, Property, type EntityManager } from '@mikro-orm/postgresql';

/**
 * One committed change, as other parts of the system learn of it. Written in the same
 * transaction as the change (a transactional outbox), so a committed change always has its
 * event and a rolled-back one never does.
 */
@Entity({ tableName: 'outbox_event' })
export class OutboxEvent {
  /** Strictly increasing, without gaps in commit order (see {@link appendEvent}). */
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: false })
  sequence!: number;

  @Property({ length: 60 })
  type!: string;

  /** The record the event is about (an incident, an organization, …). */
  @Property({ type: 'uuid', index: true })
  aggregateId!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Date = new Date();
}

/** The counter behind the sequence. One row; its lock orders concurrent writers. */
@Entity({ tableName: 'outbox_sequence' })
export class OutboxSequence {
  @PrimaryKey({ length: 40 })
  name!: string;

  @Property({ type: new BigIntType('number') })
  value!: number;
}

/** The NOTIFY channel a subgraph's outbox announces new events on. */
export const outboxChannel = (schema: string) => `${schema}_outbox`;

/** SQL for a migration: the outbox tables in `schema`. */
export function outboxTablesSql(schema: string): string[] {
  return [
    `create table "${schema}"."outbox_event" ("sequence" bigint not null, "type" varchar(60) not null, "aggregate_id" uuid not null, "payload" jsonb not null, "occurred_at" timestamptz not null default now(), constraint "outbox_event_pkey" primary key ("sequence"));`,
    `create index "outbox_event_aggregate_id_index" on "${schema}"."outbox_event" ("aggregate_id");`,
    `create table "${schema}"."outbox_sequence" ("name" varchar(40) not null, "value" bigint not null, constraint "outbox_sequence_pkey" primary key ("name"));`,
    `insert into "${schema}"."outbox_sequence" ("name", "value") values ('events', 0);`,
  ];
}

export interface NewEvent {
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt?: Date;
}

/**
 * Appends an event inside the caller's transaction and returns its sequence. Taking the next
 * number locks the counter row until commit, so events become visible strictly in sequence order:
 * a reader that has seen N has seen everything below N (no gaps for "after N" readers). A
 * rolled-back transaction gives its number back. Listeners are told on commit (NOTIFY).
 */
export async function appendEvent(em: EntityManager, event: NewEvent): Promise<number> {
  const trx = em.getTransactionContext();
  if (!trx) throw new Error('events are appended inside the transaction of the change they describe');
  const schema = em.config.get('schema')!;
  const connection = em.getConnection();
  const [row] = await connection.execute<{ value: string }[]>(
    `update "${schema}"."outbox_sequence" set "value" = "value" + 1 where "name" = 'events' returning "value"`,
    [],
    'all',
    trx,
  );
  const sequence = Number(row!.value);
  await connection.execute(
    `insert into "${schema}"."outbox_event" ("sequence", "type", "aggregate_id", "payload", "occurred_at") values (?, ?, ?, ?, ?)`,
    [sequence, event.type, event.aggregateId, JSON.stringify(event.payload), event.occurredAt ?? new Date()],
    'run',
    trx,
  );
  await connection.execute('select pg_notify(?, ?)', [outboxChannel(schema), String(sequence)], 'all', trx);
  return sequence;
}

/** Events after `afterSequence`, oldest first. */
export function readEvents(em: EntityManager, afterSequence: number, limit: number): Promise<OutboxEvent[]> {
  return em.find(OutboxEvent, { sequence: { $gt: afterSequence } }, { orderBy: { sequence: 'asc' }, limit });
}

/** SQL for the sequence of the newest committed event in `schema`'s outbox (null when there is none), as `max`. */
export const newestSequenceSql = (schema: string) => `select max("sequence") as max from "${schema}"."outbox_event"`;

/** The sequence of the newest committed event (0 when there is none). */
export async function newestSequence(em: EntityManager): Promise<number> {
  const [row] = await em.getConnection().execute<{ max: string | null }[]>(newestSequenceSql(em.config.get('schema')!));
  return Number(row?.max ?? 0);
}
