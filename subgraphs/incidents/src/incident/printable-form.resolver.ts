import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';

import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead, type AuditedRecord } from '../../../kit/audit/audited-reads.js';
import { audiencesOf, isVisible, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { INCIDENT_READERS, IncidentPartTwo } from './incident-report.js';
import { Incident } from './incident.entity.js';
import { incidentFormHtml } from './printable-form.js';

@ObjectType({ description: 'Form ก1 or ก2 as a printable A4 page, as the caller may read the incident.' })
@VisibleTo(...INCIDENT_READERS)
@AuditedRead()
export class PrintableForm implements AuditedRecord {
  @Field({ description: 'The page (HTML, A4 print CSS): sections ก–ง in Thai with English beside, Bangkok time, Buddhist-era years.' })
  html!: string;

  @Field(() => Int, { description: 'The revision of the report it shows.' }) revision!: number;

  @Field({ description: 'Part 2 (section ง) is withheld from the caller: the page has a notice in its place.' })
  partTwoWithheld!: boolean;

  incidentId!: string;
  /** Part 2 is on the page, so reading it is reading part 2. */
  showsPartTwo!: boolean;

  restrictedRead(): { what: RestrictedRead; type: string; id: string } | null {
    return this.showsPartTwo ? { what: RestrictedRead.INCIDENT_PART_TWO, type: 'Incident', id: this.incidentId } : null;
  }
}

@Resolver(() => Incident)
export class PrintableFormResolver {
  @FieldResolver(() => PrintableForm, { description: 'Printable form ก1 (notified only) or ก2 (clause 7: reports in writing).' })
  async printableForm(@Root() incident: Incident, @Ctx() ctx: IncidentsContext): Promise<PrintableForm> {
    const report = await ctx.loaders.contentOf.load(incident);
    // The very check IncidentReport.partTwo is read under: part 2's own audiences, against the incident's owner.
    const partTwoVisible = await isVisible(audiencesOf(IncidentPartTwo), incident, ctx);
    const html = incidentFormHtml(
      {
        id: incident.id,
        organizationId: incident.organization.id,
        referenceNumber: incident.referenceNumber,
        continuity: incident.continuity,
        notifiedAt: incident.createdAt,
        reportFiledAt: incident.reportFiledAt,
        revision: incident.currentRevision,
      },
      report,
      partTwoVisible ? { shown: true, content: report.partTwo } : { shown: false },
    );
    return Object.assign(new PrintableForm(), {
      html,
      revision: incident.currentRevision,
      partTwoWithheld: !partTwoVisible,
      incidentId: incident.id,
      showsPartTwo: partTwoVisible && Boolean(incident.reportFiledAt) && report.partTwo != null,
    });
  }
}
