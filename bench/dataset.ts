import pg from 'pg';

export interface DatasetSize {
  organizations: number;
  incidents: number;
  advisories: number;
}

export const NATIONAL_SCALE: DatasetSize = { organizations: 2000, incidents: 100_000, advisories: 2000 };
export const QUICK_SCALE: DatasetSize = { organizations: 500, incidents: 10_000, advisories: 300 };

/** A deterministic integer in [0, modulo) for a key: the same seed gives the same data set. */
const pick = (key: string, modulo: number | string) => `(abs(hashtext($1 || ${key})) % ${modulo})`;

/**
 * Reserves `count` sequence numbers in a subgraph's outbox (as appendEvent does, in bulk) and
 * inserts the events `rows` describes, in the order they are given.
 */
function eventsSql(schema: string, rows: string): string {
  return `with events as (${rows}),
    numbered as (select row_number() over (order by ord) as n, * from events),
    reserved as (update "${schema}"."outbox_sequence" set "value" = "value" + (select count(*) from numbered) where "name" = 'events' returning "value" - (select count(*) from numbered) as base)
  insert into "${schema}"."outbox_event" ("sequence", "type", "aggregate_id", "payload", "occurred_at")
  select reserved.base + numbered.n, numbered.type, numbered.aggregate_id, numbered.payload, numbered.occurred_at from numbered, reserved`;
}

/**
 * Loads a national-scale data set straight into each subgraph's tables, with the outbox events
 * the other subgraphs follow (so their copies and the statistics read model fill up through the
 * real feeds). Deterministic for a seed, relative to the load time.
 */
export async function loadDataset(
  databaseUrl: string,
  size: DatasetSize,
  seed: string,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const timings: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[]) => {
    const started = Date.now();
    await db.query(sql, params);
    timings[name] = (Date.now() - started) / 1000;
    log(`  ${name}: ${timings[name]} s`);
  };
  try {
    await step(
      'organizations',
      `with pairs as (select row_number() over (order by regulator_id, sector_id) - 1 as k, regulator_id, sector_id from organizations.regulator_sector),
            n as (select count(*) as c from pairs)
       insert into organizations.organization (id, name_th, name_en, kind, sector_id, regulator_id, mission_description, address_province)
       select md5($1 || ':org:' || i)::uuid, 'องค์กรทดสอบที่ ' || i, 'Bench Organization ' || lpad(i::text, 5, '0'), 'CII_ORGANIZATION',
              p.sector_id, p.regulator_id, 'bench', 'กรุงเทพมหานคร'
       from generate_series(1, $2::int) i join pairs p on p.k = i % (select c from n)`,
      [seed, size.organizations],
    );
    await step(
      'points of contact',
      `insert into organizations.point_of_contact (id, organization_id, full_name, position, email, office_phone, mobile_phone, is_primary, available24x7)
       select md5($1 || ':poc:' || i || ':' || j)::uuid, md5($1 || ':org:' || i)::uuid, 'ผู้ติดต่อ ' || i || '-' || j, 'SOC',
              'soc' || j || '@org' || i || '.example', '+6621' || lpad((i % 1000000)::text, 6, '0'), '+6681' || lpad((i * 7 % 10000000)::text, 7, '0'), j = 1, j = 1
       from generate_series(1, $2::int) i, generate_series(1, 2) j`,
      [seed, size.organizations],
    );
    await step(
      'registry events',
      eventsSql(
        'organizations',
        `select i as ord, 'ORGANIZATION_REGISTERED' as type, o.id as aggregate_id, now() as occurred_at,
                jsonb_build_object('organizationId', o.id, 'kind', o.kind, 'sectorId', o.sector_id, 'regulatorId', o.regulator_id) as payload
         from generate_series(1, $2::int) i join organizations.organization o on o.id = md5($1 || ':org:' || i)::uuid`,
      ),
      [seed, size.organizations],
    );
    log('  waiting for the incidents and advisories subgraphs to learn the organizations…');
    for (const schema of ['incidents', 'advisories', 'statistics']) {
      while (Number((await db.query(`select count(*) from "${schema}".supervised_organization`)).rows[0].count) < size.organizations) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    await step(
      'incidents',
      `insert into incidents.incident (id, organization_id, idempotency_key, status, continuity, reported_severity, severity, categories, cve_ids,
          occurred_at, detected_at, report_due_at, report_filed_at, regulator_deadline_hours, current_revision, part_two_restricted, content,
          closed_at, deadline_approaching_announced_at, overdue_announced_at)
       select id, org, 'bench-' || i, status, 'NEW', severity, severity, categories, cves, detected - interval '1 hour', detected,
              case when severity <> 'NON_SERIOUS' then detected + interval '24 hours' end, filed, null, revisions, false,
              jsonb_build_object('severity', severity, 'categories', categories, 'detectedAt', detected, 'affectedAssetTypes', jsonb_build_array(asset),
                                 'partTwo', jsonb_build_object('cveIds', cves)),
              case when status = 'CLOSED' then filed + interval '2 days' end, now(), now()
       from (
         select i, md5($1 || ':incident:' || i)::uuid as id, md5($1 || ':org:' || (1 + ${pick("':o:' || i", '$3')}))::uuid as org,
                (array['NOTIFIED','NOTIFIED','REPORTED','REPORTED','REPORTED','REPORTED','REPORTED','CLOSED','CLOSED','CLOSED'])[1 + i % 10] as status,
                (array['NON_SERIOUS','SERIOUS','SERIOUS','CRITICAL_A','CRITICAL_B','UNDETERMINED'])[1 + ${pick("':s:' || i", 6)}] as severity,
                array[(array['CAT2_RECONNAISSANCE','CAT3_NON_COMPLIANCE_ACTIVITY','CAT4_MALICIOUS_LOGIC','CAT5_USER_LEVEL_INTRUSION','CAT6_ROOT_LEVEL_INTRUSION','CAT7_DENIAL_OF_SERVICE','CAT8_INVESTIGATING'])[1 + ${pick("':c:' || i", 7)}]] as categories,
                case when ${pick("':v:' || i", 10)} < 3 then array['CVE-2024-' || lpad((10000 + ${pick("':cve:' || i", 300)})::text, 5, '0')] else '{}' end as cves,
                (array['SERVER_OR_DIRECTORY','WORKSTATION','SWITCH_OR_ROUTER','WEBSITE','OTHER'])[1 + ${pick("':a:' || i", 5)}] as asset,
                case when i % 10 < 2 then now() - (${pick("':d:' || i", 72)} || ' hours')::interval
                     else now() - (${pick("':d:' || i", 3 * 365 * 24)} || ' hours')::interval - interval '3 days' end as detected,
                1 + (i % 10 >= 2)::int + (i % 10 >= 7)::int as revisions
         from generate_series(1, $2::int) i
       ) g cross join lateral (select case when g.status <> 'NOTIFIED' then g.detected + (${pick("':f:' || g.i", 40)} || ' hours')::interval end as filed) f`,
      [seed, size.incidents, size.organizations],
    );
    await step(
      'incident revisions',
      `insert into incidents.incident_revision (id, incident_id, number, kind, submitted_at, submitted_by, based_on_revision, content, changes)
       select md5($1 || ':revision:' || i.id || ':' || n)::uuid, i.id, n, (array['NOTIFICATION','REPORT','CLOSING_REPORT'])[n],
              i.detected_at + (n - 1) * interval '3 hours', 'bench', nullif(n - 1, 0), i.content, '[]'::jsonb
       from incidents.incident i, generate_series(1, 3) n where n <= i.current_revision and i.idempotency_key like 'bench-%'`,
      [seed],
    );
    await step(
      'incident events',
      eventsSql(
        'incidents',
        `select (row_number() over (order by i.detected_at, i.id)) * 4 + e.k as ord, e.type, i.id as aggregate_id,
                i.detected_at + e.k * interval '1 hour' as occurred_at,
                jsonb_build_object('incidentId', i.id, 'organizationId', i.organization_id, 'status', e.status, 'revision', e.k + 1,
                  'severity', i.severity, 'reportedSeverity', i.reported_severity, 'categories', to_jsonb(i.categories),
                  'affectedAssetTypes', i.content -> 'affectedAssetTypes', 'detectedAt', i.detected_at,
                  'reportDeadline', i.report_due_at, 'reportDueAt', coalesce(i.report_due_at, i.detected_at + interval '24 hours'))
                || case when e.type = 'CLOSED' then jsonb_build_object('closedAt', i.closed_at) else '{}'::jsonb end as payload
         from incidents.incident i
         cross join lateral (values (0, 'NOTIFIED', 'NOTIFIED'), (1, 'REPORT_REVISED', 'REPORTED'), (2, 'CLOSED', 'CLOSED')) as e(k, type, status)
         where i.idempotency_key like 'bench-%' and e.k < i.current_revision and $1::text is not null`,
      ),
      [seed],
    );
    await step(
      'advisories',
      `insert into advisories.advisory (id, identifier, status, tlp, title_th, title_en, summary_th, summary_en, recommendations_th, recommendations_en,
          cve_ids, cvss_vector, cvss_base_score, cvss_severity, affected_products, product_terms, "references", target_sector_ids,
          recipient_organization_ids, current_revision, published_at, last_revised_at, created_by, created_at)
       select id, 'TH-CERT-' || extract(year from published) || '-' || (5000 + row_number() over (partition by extract(year from published) order by published, id)),
              'PUBLISHED', tlp, 'คำเตือนทดสอบ ' || i, 'Bench advisory ' || i, 'สรุป', 'Summary', 'คำแนะนำ', 'Recommendations',
              array['CVE-2024-' || lpad((10000 + ${pick("':acve:' || i", 300)})::text, 5, '0')], 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL',
              jsonb_build_array(jsonb_build_object('vendor', 'Vendor ' || (i % 50), 'product', 'Product ' || (i % 120), 'versions', jsonb_build_array('< 1.' || (i % 9)))),
              array['vendor ' || (i % 50), 'product ' || (i % 120)], '{}', case when tlp in ('AMBER', 'AMBER_STRICT') then array['BANKING_FINANCE'] else '{}' end,
              case when tlp = 'RED' then array[md5($1 || ':org:' || (1 + i % $3::int))::text] else '{}' end, 1, published, published, 'bench', published
       from (
         select i, md5($1 || ':advisory:' || i)::uuid as id, now() - (${pick("':p:' || i", 3 * 365)} || ' days')::interval as published,
                (array['CLEAR','CLEAR','CLEAR','GREEN','GREEN','GREEN','AMBER','AMBER','AMBER_STRICT','RED'])[1 + i % 10] as tlp
         from generate_series(1, $2::int) i
       ) a`,
      [seed, size.advisories, size.organizations],
    );
    await step(
      'advisory identifiers',
      `insert into advisories.advisory_identifier_counter (year, last)
         select split_part(identifier, '-', 3)::int, max(split_part(identifier, '-', 4)::int) from advisories.advisory where created_by = $1 group by 1
         on conflict (year) do update set last = greatest(advisories.advisory_identifier_counter.last, excluded.last)`,
      ['bench'],
    );
    await step(
      'advisory revisions',
      `insert into advisories.advisory_revision (id, advisory_id, number, status, date, summary, revised_by, content)
         select md5(id::text || ':r1')::uuid, id, 1, 'PUBLISHED', published_at, 'Initial publication', $1::varchar, '{}'::jsonb from advisories.advisory where created_by = $1::varchar`,
      ['bench'],
    );
    const counts =
      await db.query(`select (select count(*) from organizations.organization) as organizations, (select count(*) from incidents.incident) as incidents,
      (select count(*) from incidents.incident_revision) as revisions, (select count(*) from advisories.advisory) as advisories`);
    log(`  loaded: ${JSON.stringify(counts.rows[0])}`);
    // What autovacuum does to freshly loaded tables: statistics, and the visibility map index-only scans rely on.
    await db.query('vacuum analyze');
  } finally {
    await db.end();
  }
  return timings;
}

/** Waits until the statistics read model has applied every incident event; returns the seconds it took. */
export async function statisticsCaughtUp(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await db.query(
        `select (select value from incidents.outbox_sequence) as head, (select sequence from statistics.feed_checkpoint where feed = 'incidents') as applied`,
      );
      if (Number(rows[0].applied ?? 0) >= Number(rows[0].head)) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await db.end();
  }
}
