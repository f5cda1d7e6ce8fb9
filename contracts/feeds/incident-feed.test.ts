import { describe, expect, it } from 'vitest';

import { INCIDENT_EVENT_TYPES, incidentFeed } from './incident-feed.js';

const snapshot = {
  incidentId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  organizationId: '6d7e3a1c-1f0b-4e61-9a53-0d5c8b1f2a01',
  status: 'NOTIFIED',
  revision: 1,
  severity: 'SERIOUS',
  reportedSeverity: 'SERIOUS',
  categories: ['CAT4_MALICIOUS_LOGIC'],
  affectedAssetTypes: ['SERVER_OR_DIRECTORY'],
  detectedAt: '2026-11-30T02:00:00.000Z',
  reportDueAt: '2026-12-01T02:00:00.000Z',
  reportDeadline: '2026-12-01T02:00:00.000Z',
};

describe('the incidents feed contract', () => {
  it('knows every type the incidents subgraph writes', () => {
    expect(incidentFeed.types).toEqual([...INCIDENT_EVENT_TYPES]);
  });

  it('reads the snapshot of a notification', () => {
    expect(incidentFeed.read('NOTIFIED', snapshot)).toEqual({ kind: 'event', event: { type: 'NOTIFIED', payload: snapshot } });
  });

  it('reads an event written before the significance rule, without reportDeadline, and one without the duty', () => {
    const { reportDeadline: _reportDeadline, ...before } = snapshot;
    expect(incidentFeed.read('REPORT_REVISED', before).kind).toBe('event');
    expect(incidentFeed.read('REPORT_REVISED', { ...snapshot, reportDeadline: null }).kind).toBe('event');
  });

  it('reads instants as PostgreSQL writes them in bulk loads', () => {
    expect(incidentFeed.read('NOTIFIED', { ...snapshot, detectedAt: '2026-11-30 09:00:00+07' }).kind).toBe('event');
    expect(incidentFeed.read('NOTIFIED', { ...snapshot, detectedAt: 'yesterday' })).toMatchObject({ kind: 'malformed' });
  });

  it('reads an observed case by its own snapshot, not an incident’s', () => {
    const observed = {
      observedCaseId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      organizationId: snapshot.organizationId,
      observedAt: '2026-11-30T01:00:00.000Z',
      severity: null,
      categories: ['CAT4_MALICIOUS_LOGIC'],
    };
    expect(incidentFeed.read('OBSERVED', observed)).toEqual({ kind: 'event', event: { type: 'OBSERVED', payload: observed } });
    expect(incidentFeed.read('OBSERVED', snapshot)).toMatchObject({ kind: 'malformed' });
    expect(incidentFeed.read('NOTIFIED', { ...snapshot, observedCaseId: observed.observedCaseId }).kind).toBe('event');
  });

  it('requires the details of a type besides the snapshot', () => {
    expect(incidentFeed.read('CLOSED', snapshot)).toEqual({
      kind: 'malformed',
      reason: 'CLOSED: closedAt: expected an instant, got nothing',
    });
    expect(incidentFeed.read('CLOSED', { ...snapshot, closedAt: '2026-12-02T00:00:00.000Z' }).kind).toBe('event');
    const answered = { ...snapshot, assistanceRequestId: 'a', answeredBy: 'thaicert' };
    expect(incidentFeed.read('ASSISTANCE_UPDATED', { ...answered, assistanceStatus: 'COMPLETED' }).kind).toBe('event');
    expect(incidentFeed.read('ASSISTANCE_UPDATED', { ...answered, assistanceStatus: 'DONE' })).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('assistanceStatus'),
    });
  });

  it('reads a comment by the id of the comment', () => {
    expect(incidentFeed.read('COMMENTED', { ...snapshot, commentId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }).kind).toBe('event');
    expect(incidentFeed.read('COMMENTED', snapshot)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('commentId') });
  });

  it('reads the case workflow’s events: an unassignment with a null assignee, a status among the handling statuses', () => {
    expect(incidentFeed.read('CASE_ASSIGNED', { ...snapshot, assignee: null, previousAssignee: 'analyst-somchai' }).kind).toBe('event');
    expect(incidentFeed.read('CASE_ASSIGNED', snapshot)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('assignee') });
    const changed = { ...snapshot, previousHandlingStatus: 'TRIAGE' };
    expect(incidentFeed.read('CASE_STATUS_CHANGED', { ...changed, handlingStatus: 'IN_PROGRESS' }).kind).toBe('event');
    expect(incidentFeed.read('CASE_STATUS_CHANGED', { ...changed, handlingStatus: 'DONE' })).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('handlingStatus'),
    });
  });

  it('names the item of an array that breaks the contract', () => {
    expect(incidentFeed.read('NOTIFIED', { ...snapshot, categories: ['CAT4_MALICIOUS_LOGIC', 'GOSSIP'] })).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('categories: [1]: expected one of'),
    });
    expect(incidentFeed.read('NOTIFIED', { ...snapshot, affectedAssetTypes: 'SERVER_OR_DIRECTORY' })).toEqual({
      kind: 'malformed',
      reason: 'NOTIFIED: affectedAssetTypes: expected an array, got a string',
    });
  });

  it('reads a type it does not know as unknown, whatever its payload', () => {
    expect(incidentFeed.read('ESCALATED', 'anything')).toEqual({ kind: 'unknown' });
  });
});
