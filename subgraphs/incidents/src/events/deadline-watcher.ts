import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';

import type { Logger } from '../../../../platform/logger.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentEventType } from '../vocabulary/incident-vocabulary.js';
import { recordIncidentEvent } from './incident-events.js';

export interface DeadlineWatcherOptions {
  /** How often to look. @default 30000 */
  intervalMs: number;
  /** How long before the ก2 deadline to warn. @default 120 */
  warningMinutes: number;
  logger: Logger;
  /**
   * Where to report `deadline_scan_completed_timestamp_seconds` (when a scan last finished) and
   * `deadline_scan_interval_seconds`, so an alert can tell a watcher that stopped scanning.
   */
  metrics?: Registry;
}

const BATCH = 500;

/**
 * Time passing is a change too: writes "deadline approaching" and "overdue" events for ก2
 * reports. Only incidents with a ก2 deadline are watched: a NON_SERIOUS one has none
 * (`reportDueAt` null, see applyReportDuty), so it is never announced. Each is written exactly
 * once per deadline, however many replicas watch: rows are claimed with FOR UPDATE SKIP LOCKED and
 * marked announced in the same transaction as the event (a duty that starts anew clears the marks).
 */
export class DeadlineWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly completed: Gauge | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: DeadlineWatcherOptions,
  ) {
    if (!options.metrics) return;
    const registers = [options.metrics];
    this.completed = new Gauge({
      name: 'deadline_scan_completed_timestamp_seconds',
      help: 'When this process last completed a deadline scan',
      registers,
    });
    new Gauge({ name: 'deadline_scan_interval_seconds', help: 'How often this process scans for report deadlines', registers }).set(
      options.intervalMs / 1000,
    );
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.scan(new Date())
        .then(() => this.completed?.setToCurrentTime())
        .catch((error) => this.options.logger.warn({ err: error }, 'deadline scan failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; resolves to how many events it wrote. */
  async scan(now: Date): Promise<number> {
    const warnFrom = new Date(now.getTime() + this.options.warningMinutes * 60_000);
    const approaching = await this.announce(
      { reportFiledAt: null, reportDueAt: { $gt: now, $lte: warnFrom }, deadlineApproachingAnnouncedAt: null },
      IncidentEventType.DEADLINE_APPROACHING,
      (incident) => (incident.deadlineApproachingAnnouncedAt = now),
      now,
    );
    const overdue = await this.announce(
      { reportFiledAt: null, reportDueAt: { $lte: now }, overdueAnnouncedAt: null },
      IncidentEventType.OVERDUE,
      (incident) => (incident.overdueAnnouncedAt = now),
      now,
    );
    return approaching + overdue;
  }

  private async announce(
    where: FilterQuery<Incident>,
    type: IncidentEventType.DEADLINE_APPROACHING | IncidentEventType.OVERDUE,
    mark: (incident: Incident) => void,
    now: Date,
  ): Promise<number> {
    let written = 0;
    for (;;) {
      const batch = await this.orm.em.fork().transactional(async (tx) => {
        const due = await tx.find(Incident, where, {
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
          limit: BATCH,
          orderBy: { reportDueAt: 'asc' },
        });
        for (const incident of due) {
          mark(incident);
          await recordIncidentEvent(tx, type, incident, now);
        }
        return due.length;
      });
      written += batch;
      if (batch < BATCH) return written;
    }
  }
}
