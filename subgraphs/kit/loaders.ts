import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import DataLoader from 'dataloader';

/**
 * Per-request batching: every `load(id)` made while resolving one level of a response becomes
 * one `WHERE id IN (…)` query, so a page of 100 costs as many statements as a page of 10.
 */
export function byIdLoader<T extends { id: string }>(em: EntityManager, entity: EntityName<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Batches "all children of these parents" lookups into one query per level. */
export function childrenLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  parentKey: keyof T & string,
  parentIdOf: (child: T) => string,
  extraWhere: FilterQuery<T> = {} as FilterQuery<T>,
  orderBy: Record<string, 'asc' | 'desc'> = {},
): DataLoader<string, T[]> {
  return new DataLoader(async (parentIds) => {
    const rows = await em.find(entity, { ...(extraWhere as object), [parentKey]: { $in: [...parentIds] } } as FilterQuery<T>, {
      orderBy: orderBy as never,
    });
    const byParent = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentIdOf(row);
      byParent.set(key, [...(byParent.get(key) ?? []), row]);
    }
    return parentIds.map((id) => byParent.get(id) ?? []);
  });
}
