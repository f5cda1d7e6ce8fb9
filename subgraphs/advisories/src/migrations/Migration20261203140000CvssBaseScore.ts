import { Migration } from '@mikro-orm/migrations';

import { scoreCvss } from '../advisory/cvss.js';

/**
 * `cvss_base_score` held the score of every metric of a CVSS 4.0 vector (CVSS-BT, -BE or -BTE when
 * the vector set threat or environmental metrics) where it means the base score, CVSS-B. Each
 * stored v4.0 vector is scored again by the rule the service now applies; a row already right is
 * left alone, so running it again changes nothing. Vectors were stored as the calculator
 * normalised them (each metric once), so none is refused here; one that were would be left as it is.
 */
export class Migration20261203140000CvssBaseScore extends Migration {
  override async up(): Promise<void> {
    const rows = (await this.execute(
      `select "id", "cvss_vector", "cvss_base_score" from "advisories"."advisory" where "cvss_vector" like 'CVSS:4.0/%'`,
    )) as { id: string; cvss_vector: string; cvss_base_score: string | null }[];
    for (const row of rows) {
      let score;
      try {
        score = scoreCvss(row.cvss_vector);
      } catch {
        continue;
      }
      if (row.cvss_base_score !== null && Number(row.cvss_base_score) === score.baseScore) continue;
      await this.execute(`update "advisories"."advisory" set "cvss_base_score" = ?, "cvss_severity" = ? where "id" = ?`, [
        score.baseScore,
        score.severity,
        row.id,
      ]);
    }
  }

  override async down(): Promise<void> {
    // The old value was a wrong one: nothing to restore.
  }
}
