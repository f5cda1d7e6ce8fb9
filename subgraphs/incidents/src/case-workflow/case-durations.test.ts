import { describe, expect, it } from 'vitest';

import { HandlingStatus } from '../vocabulary/incident-vocabulary.js';
import { firstResponseAt, timeInStatus, type CaseStep } from './case-durations.js';

const MINUTE = 60_000;
const reportedAt = new Date('2026-12-01T02:00:00.000Z');
const at = (minutes: number) => new Date(reportedAt.getTime() + minutes * MINUTE);
const step = (minutes: number, fromStatus: HandlingStatus, toStatus: HandlingStatus): CaseStep => ({
  at: at(minutes),
  fromStatus,
  toStatus,
});
const { TRIAGE, IN_PROGRESS, WAITING_FOR_ORGANIZATION, RESOLVED } = HandlingStatus;

describe('time to first response', () => {
  it('is null while nobody has touched the case', () => {
    expect(firstResponseAt([])).toBeNull();
  });

  it('is the first step, an assignment (status unchanged) as much as a change of status', () => {
    expect(firstResponseAt([step(30, TRIAGE, IN_PROGRESS), step(12, TRIAGE, TRIAGE)])).toEqual(at(12));
  });
});

describe('time in each status', () => {
  it('counts an untouched case as in triage since the report arrived', () => {
    expect(timeInStatus(reportedAt, [], at(45))).toEqual({ TRIAGE: 45 * MINUTE, IN_PROGRESS: 0, WAITING_FOR_ORGANIZATION: 0, RESOLVED: 0 });
  });

  it('splits the time at each change of status, adding up a status held twice, up to now', () => {
    const steps = [
      step(5, TRIAGE, TRIAGE), // assigned: still in triage
      step(10, TRIAGE, IN_PROGRESS),
      step(70, IN_PROGRESS, WAITING_FOR_ORGANIZATION),
      step(190, WAITING_FOR_ORGANIZATION, IN_PROGRESS),
      step(200, IN_PROGRESS, RESOLVED),
    ];
    expect(timeInStatus(reportedAt, steps, at(260))).toEqual({
      TRIAGE: 10 * MINUTE,
      IN_PROGRESS: 70 * MINUTE,
      WAITING_FOR_ORGANIZATION: 120 * MINUTE,
      RESOLVED: 60 * MINUTE,
    });
  });

  it('orders the steps by time, whatever order they come in', () => {
    const steps = [step(30, IN_PROGRESS, RESOLVED), step(10, TRIAGE, IN_PROGRESS)];
    expect(timeInStatus(reportedAt, steps, at(40))).toEqual({
      TRIAGE: 10 * MINUTE,
      IN_PROGRESS: 20 * MINUTE,
      WAITING_FOR_ORGANIZATION: 0,
      RESOLVED: 10 * MINUTE,
    });
  });
});
