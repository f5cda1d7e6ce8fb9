/**
 * SQL for a migration: the table `schema`.`table` made append-only, for records that are evidence
 * (audit lines, comments, a case's history): a trigger refuses any update, delete or truncate with
 * `refusal`, even to someone with the database's password.
 */
export function appendOnlySql(schema: string, table: string, refusal: string): string[] {
  const refuse = `"${schema}"."${table}_append_only"`;
  const t = `"${schema}"."${table}"`;
  return [
    `create function ${refuse}() returns trigger language plpgsql as $$ begin raise exception '${refusal.replaceAll("'", "''")}'; end $$;`,
    `create trigger "${table}_append_only" before update or delete on ${t} for each row execute function ${refuse}();`,
    `create trigger "${table}_no_truncate" before truncate on ${t} for each statement execute function ${refuse}();`,
  ];
}
