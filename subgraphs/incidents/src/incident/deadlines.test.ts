import { describe, expect, it } from 'vitest';

import { ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { inBangkok } from '../../../kit/bangkok-time.js';
import {
  applyRegulatorReportDuty,
  applyReportDuty,
  DutyChange,
  regulatorNotificationOnTime,
  regulatorNotificationOverdue,
  regulatorReportOnTime,
  regulatorReportOverdue,
  REPORT_DUE_HOURS,
  reportOnTime,
  reportOverdue,
  SIGNIFICANT_LEVELS,
  type RegulatorReportDuty,
  type ReportDuty,
} from './deadlines.js';
import type { Incident } from './incident.entity.js';

const HOUR = 3_600_000;
const DETECTED = new Date('2026-03-01T10:00:00Z');
const hoursAfterDetection = (hours: number) => new Date(DETECTED.getTime() + hours * HOUR);

/** An incident's ก2 duty as a fresh notification leaves it before the duty is applied. */
const duty = (severity: ThreatLevel, rest: Partial<ReportDuty> = {}): ReportDuty => ({
  severity,
  detectedAt: DETECTED,
  reportDueAt: null,
  reportFiledAt: null,
  reportDutyAssessedAt: null,
  deadlineApproachingAnnouncedAt: null,
  overdueAnnouncedAt: null,
  ...rest,
});

/** The duty after one change at `now`. */
const applied = (incident: ReportDuty, change: DutyChange, now: Date) => {
  applyReportDuty(incident, change, now);
  return incident;
};

describe('the ก2 report deadline (clause 5: 24 hours after detection, for a significant threat)', () => {
  it('runs 24 hours', () => {
    expect(REPORT_DUE_HOURS).toBe(24);
  });

  it('holds for the significant levels, an undetermined one included, and not for NON_SERIOUS', () => {
    expect([...SIGNIFICANT_LEVELS].sort()).toEqual(['CRITICAL_A', 'CRITICAL_B', 'SERIOUS', 'UNDETERMINED']);
  });

  it.each([ThreatLevel.SERIOUS, ThreatLevel.CRITICAL_A, ThreatLevel.CRITICAL_B, ThreatLevel.UNDETERMINED])(
    'is due exactly 24 hours after detection for a %s threat the organization reports',
    (severity) => {
      const incident = applied(duty(severity), DutyChange.SUBMISSION, hoursAfterDetection(1));
      expect(incident.reportDueAt).toEqual(new Date('2026-03-02T10:00:00Z'));
      expect(incident.reportDutyAssessedAt).toBeNull();
    },
  );

  it('is not due for a NON_SERIOUS threat', () => {
    const incident = applied(duty(ThreatLevel.NON_SERIOUS), DutyChange.SUBMISSION, hoursAfterDetection(1));
    expect(incident.reportDueAt).toBeNull();
    expect(incident.reportDutyAssessedAt).toBeNull();
  });

  it('falls at the same time of day on Thai clocks, across the date line of 31 December', () => {
    const detectedAt = new Date('2025-12-31T16:30:00Z');
    expect(inBangkok(detectedAt)).toBe('2025-12-31T23:30:00+07:00');
    const incident = applied(duty(ThreatLevel.SERIOUS, { detectedAt }), DutyChange.SUBMISSION, detectedAt);
    expect(inBangkok(incident.reportDueAt!)).toBe('2026-01-01T23:30:00+07:00');
  });

  it('runs from ThaiCERT’s assessment when that is what made the threat significant, and records when', () => {
    const assessedAt = hoursAfterDetection(30);
    const incident = applied(duty(ThreatLevel.CRITICAL_A), DutyChange.ASSESSMENT, assessedAt);
    expect(incident.reportDutyAssessedAt).toEqual(assessedAt);
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(54));
  });

  it('gives no grace when the organization itself revises the level to significant late: the revision is late', () => {
    const incident = applied(duty(ThreatLevel.SERIOUS), DutyChange.SUBMISSION, hoursAfterDetection(30));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(24));
    expect(incident.reportDutyAssessedAt).toBeNull();
  });

  it('keeps the assessment it started from through later changes, and follows a revised detection time', () => {
    const incident = applied(duty(ThreatLevel.SERIOUS), DutyChange.ASSESSMENT, hoursAfterDetection(2));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(26));
    incident.severity = ThreatLevel.CRITICAL_B;
    applyReportDuty(incident, DutyChange.ASSESSMENT, hoursAfterDetection(3));
    expect(incident.reportDutyAssessedAt).toEqual(hoursAfterDetection(2));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(26));
    incident.detectedAt = hoursAfterDetection(5); // detection revised to after the assessment: 24 hours from it
    applyReportDuty(incident, DutyChange.SUBMISSION, hoursAfterDetection(6));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(29));
  });

  it('starts anew, announcements cleared, when a duty begins where there was none', () => {
    const announced = new Date('2026-01-01T00:00:00Z');
    const incident = duty(ThreatLevel.SERIOUS, { deadlineApproachingAnnouncedAt: announced, overdueAnnouncedAt: announced });
    applyReportDuty(incident, DutyChange.SUBMISSION, hoursAfterDetection(1));
    expect(incident.deadlineApproachingAnnouncedAt).toBeNull();
    expect(incident.overdueAnnouncedAt).toBeNull();
  });

  it('keeps the announcements of a running duty', () => {
    const announced = hoursAfterDetection(22);
    const incident = duty(ThreatLevel.SERIOUS, { reportDueAt: hoursAfterDetection(24), deadlineApproachingAnnouncedAt: announced });
    applyReportDuty(incident, DutyChange.ASSESSMENT, hoursAfterDetection(23));
    expect(incident.deadlineApproachingAnnouncedAt).toEqual(announced);
    expect(incident.reportDutyAssessedAt).toBeNull();
  });

  it('is lifted by a reassessment to NON_SERIOUS before it is due and unfiled', () => {
    const incident = duty(ThreatLevel.NON_SERIOUS, { reportDueAt: hoursAfterDetection(26), reportDutyAssessedAt: hoursAfterDetection(2) });
    applyReportDuty(incident, DutyChange.ASSESSMENT, hoursAfterDetection(10));
    expect(incident.reportDueAt).toBeNull();
    expect(incident.reportDutyAssessedAt).toBeNull();
  });

  it('stays missed after a reassessment to NON_SERIOUS once its time has passed, from the very instant it is due', () => {
    const incident = duty(ThreatLevel.NON_SERIOUS, { reportDueAt: hoursAfterDetection(24) });
    applyReportDuty(incident, DutyChange.ASSESSMENT, hoursAfterDetection(24));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(24));
  });

  it('stays met after a reassessment to NON_SERIOUS once a report was filed', () => {
    const incident = duty(ThreatLevel.NON_SERIOUS, { reportDueAt: hoursAfterDetection(24), reportFiledAt: hoursAfterDetection(3) });
    applyReportDuty(incident, DutyChange.ASSESSMENT, hoursAfterDetection(5));
    expect(incident.reportDueAt).toEqual(hoursAfterDetection(24));
  });
});

/** An incident with only the deadline fields that matter here. */
const incident = (fields: Partial<Incident>) => fields as Incident;
const due = hoursAfterDetection(24);
const justBefore = new Date(due.getTime() - 1);
const justAfter = new Date(due.getTime() + 1);

describe('whether the ก2 report is overdue or was on time', () => {
  it.each<[string, Partial<Incident>, Date, boolean, boolean | null]>([
    ['no duty', { reportDueAt: null }, justAfter, false, null],
    ['unfiled, a millisecond before it is due', { reportDueAt: due }, justBefore, false, null],
    ['unfiled, exactly 24 hours after detection', { reportDueAt: due }, due, true, false],
    ['unfiled, past due', { reportDueAt: due }, justAfter, true, false],
    ['filed exactly when due', { reportDueAt: due, reportFiledAt: due }, justAfter, false, true],
    ['filed a millisecond late', { reportDueAt: due, reportFiledAt: justAfter }, justAfter, false, false],
    ['filed early, before it is due', { reportDueAt: due, reportFiledAt: justBefore }, justBefore, false, true],
  ])('%s', (_case, fields, now, overdue, onTime) => {
    expect(reportOverdue(incident(fields), now)).toBe(overdue);
    expect(reportOnTime(incident(fields), now)).toBe(onTime);
  });
});

describe('whether the regulator was told on time', () => {
  it.each<[string, Partial<Incident>, Date, boolean, boolean | null]>([
    ['no regulator, so no deadline', { regulatorNotificationDueAt: null }, justAfter, false, null],
    ['not told, before the deadline', { regulatorNotificationDueAt: due }, justBefore, false, null],
    ['not told, at the deadline', { regulatorNotificationDueAt: due }, due, true, false],
    ['told at the deadline', { regulatorNotificationDueAt: due, regulatorNotifiedAt: due }, justAfter, false, true],
    ['told late', { regulatorNotificationDueAt: due, regulatorNotifiedAt: justAfter }, justAfter, false, false],
  ])('%s', (_case, fields, now, overdue, onTime) => {
    expect(regulatorNotificationOverdue(incident(fields), now)).toBe(overdue);
    expect(regulatorNotificationOnTime(incident(fields), now)).toBe(onTime);
  });
});

describe('the regulator’s ก2 deadline (clause 5, second sentence: within the time the regulator prescribes)', () => {
  /** The duty towards NCSA as applyReportDuty left it, and the regulator's hours. */
  const regulatorDuty = (rest: Partial<RegulatorReportDuty>): RegulatorReportDuty => ({
    detectedAt: DETECTED,
    reportDueAt: hoursAfterDetection(24),
    reportDutyAssessedAt: null,
    regulatorReportDeadlineHours: 48,
    regulatorReportDueAt: null,
    ...rest,
  });
  const dueAt = (rest: Partial<RegulatorReportDuty>) => {
    const incident = regulatorDuty(rest);
    applyRegulatorReportDuty(incident);
    return incident.regulatorReportDueAt;
  };

  it('runs the regulator’s hours from detection', () => {
    expect(dueAt({})).toEqual(hoursAfterDetection(48));
    expect(dueAt({ regulatorReportDeadlineHours: 4 })).toEqual(hoursAfterDetection(4));
  });

  it('runs from ThaiCERT’s assessment when that is what made the threat significant, as the ก2 duty does', () => {
    expect(dueAt({ reportDutyAssessedAt: hoursAfterDetection(10), reportDueAt: hoursAfterDetection(34) })).toEqual(hoursAfterDetection(58));
  });

  it('is none without the ก2 duty, or when the regulator set no report deadline, and is lifted with the duty', () => {
    expect(dueAt({ reportDueAt: null })).toBeNull();
    expect(dueAt({ regulatorReportDeadlineHours: null })).toBeNull();
    expect(dueAt({ reportDueAt: null, regulatorReportDueAt: hoursAfterDetection(48) })).toBeNull();
  });

  it('follows a revised detection time', () => {
    expect(dueAt({ detectedAt: hoursAfterDetection(-2) })).toEqual(hoursAfterDetection(46));
  });

  it.each<[string, Partial<Incident>, Date, boolean, boolean | null]>([
    ['no such deadline', { regulatorReportDueAt: null }, justAfter, false, null],
    ['unfiled, before the deadline', { regulatorReportDueAt: due }, justBefore, false, null],
    ['unfiled, at the deadline', { regulatorReportDueAt: due }, due, true, false],
    ['filed (so received) at the deadline', { regulatorReportDueAt: due, reportFiledAt: due }, justAfter, false, true],
    ['filed (so received) late', { regulatorReportDueAt: due, reportFiledAt: justAfter }, justAfter, false, false],
    [
      'filed on time for the regulator though late for NCSA',
      { reportDueAt: justBefore, regulatorReportDueAt: due, reportFiledAt: due },
      justAfter,
      false,
      true,
    ],
  ])('%s', (_case, fields, now, overdue, onTime) => {
    expect(regulatorReportOverdue(incident(fields), now)).toBe(overdue);
    expect(regulatorReportOnTime(incident(fields), now)).toBe(onTime);
  });
});
