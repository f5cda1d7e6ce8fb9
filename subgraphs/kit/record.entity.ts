import { OptionalProps, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

import { conflict } from '../../platform/errors.js';

/**
 * What every stored record carries: when it was created and last changed, and a version that
 * makes concurrent updates collide (CONFLICT) instead of silently overwriting each other.
 */
@ObjectType()
export abstract class RecordEntity<Optional extends string = never> {
  /** Tells MikroORM's `em.create` which properties the database or the class fills in. */
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | Optional;

  @Field({ description: 'When the record was created (UTC).' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field({ description: 'When the record last changed (UTC).' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Version for optimistic concurrency: send it back as `expectedVersion` when updating.' })
  @Property({ version: true })
  version!: number;
}

/**
 * Refuses a change made against an older version than the stored one. The flush's own
 * `WHERE version = ?` then catches a writer that slips in between (OptimisticLockError → CONFLICT).
 */
export function assertVersion(entity: { version: number }, expectedVersion: number, what: string): void {
  if (entity.version !== expectedVersion) {
    throw conflict(`${what} is at version ${entity.version}, not ${expectedVersion}: reload it and apply your change again`, {
      currentVersion: entity.version,
    });
  }
}
