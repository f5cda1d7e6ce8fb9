import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';

import { ThreatCategory } from '../../../../contracts/form-vocabulary.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import { SectorRef } from '../federation/references.js';

@ObjectType({ description: 'A count published to everyone; small ones are withheld so no organization can be singled out.' })
@VisibleTo(Audience.PUBLIC)
export class PublicCount {
  @Field(() => Int, { nullable: true, description: 'Null when withheld.' }) count!: number | null;
  @Field({ description: 'Withheld: below the minimum, or one that would let a withheld count be worked out.' }) suppressed!: boolean;
}

@ObjectType()
@VisibleTo(Audience.PUBLIC)
export class PublicMonthCount extends PublicCount {
  @Field(() => Int, { description: '1–12, Thai calendar month of detection.' }) month!: number;
}

@ObjectType()
@VisibleTo(Audience.PUBLIC)
export class PublicCategoryCount extends PublicCount {
  @Field(() => ThreatCategory) category!: ThreatCategory;
}

@ObjectType()
@VisibleTo(Audience.PUBLIC)
export class PublicSectorCount extends PublicCount {
  @Field(() => SectorRef) sector!: SectorRef;
}

@ObjectType({ description: 'ThaiCERT’s public statistics of reported cyber threats for a year (ThaiCERT 1.3).' })
@VisibleTo(Audience.PUBLIC)
export class PublicStatistics {
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Counts below this are withheld.' }) minimumCount!: number;
  @Field(() => PublicCount) total!: PublicCount;
  @Field(() => [PublicMonthCount]) byMonth!: PublicMonthCount[];
  @Field(() => [PublicCategoryCount]) byCategory!: PublicCategoryCount[];
  @Field(() => [PublicSectorCount]) bySector!: PublicSectorCount[];
}

/**
 * Withholds small counts: every count from 1 to minimum − 1, and — when exactly one count of a
 * breakdown is withheld — the next smallest too, so it cannot be worked out from the total.
 */
function suppress(counts: number[], minimum: number): PublicCount[] {
  const withheld = new Set(counts.flatMap((c, i) => (c > 0 && c < minimum ? [i] : [])));
  if (withheld.size === 1) {
    const next = counts
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => c > 0 && !withheld.has(i))
      .sort((a, b) => a.c - b.c)[0];
    if (next) withheld.add(next.i);
  }
  return counts.map((count, i) => (withheld.has(i) ? { count: null, suppressed: true } : { count, suppressed: false }));
}

async function counts(em: EntityManager, expression: string, year: number): Promise<Map<string, number>> {
  const rows = await em
    .getConnection()
    .execute<{ key: string | null; count: string }[]>(
      `select ${expression} as key, count(*) as count from "statistics"."incident_fact" where "detected_year" = ? group by 1`,
      [year],
    );
  return new Map(rows.filter((r) => r.key !== null).map((r) => [String(r.key), Number(r.count)]));
}

/** Counts by month, category and sector for a year, from the read model, small counts withheld. */
export async function publicStatistics(em: EntityManager, year: number, minimum: number): Promise<PublicStatistics> {
  const [months, categories, sectors] = await Promise.all([
    counts(em, '"detected_month"', year),
    counts(em, 'unnest("categories")', year),
    counts(em, '"sector_id"', year),
  ]);
  const monthKeys = Array.from({ length: 12 }, (_, i) => String(i + 1));
  const categoryKeys = Object.values(ThreatCategory).filter((c) => categories.has(c));
  const sectorKeys = [...sectors.keys()].sort();
  const total = [...months.values()].reduce((a, b) => a + b, 0);
  const shownMonths = suppress(
    monthKeys.map((m) => months.get(m) ?? 0),
    minimum,
  );
  const shownCategories = suppress(
    categoryKeys.map((c) => categories.get(c)!),
    minimum,
  );
  const shownSectors = suppress(
    sectorKeys.map((s) => sectors.get(s)!),
    minimum,
  );
  return {
    year,
    minimumCount: minimum,
    total: total > 0 && total < minimum ? { count: null, suppressed: true } : { count: total, suppressed: false },
    byMonth: monthKeys.map((m, i) => Object.assign(new PublicMonthCount(), shownMonths[i], { month: Number(m) })),
    byCategory: categoryKeys.map((c, i) => Object.assign(new PublicCategoryCount(), shownCategories[i], { category: c })),
    bySector: sectorKeys.map((s, i) =>
      Object.assign(new PublicSectorCount(), shownSectors[i], { sector: Object.assign(new SectorRef(), { id: s }) }),
    ),
  };
}
