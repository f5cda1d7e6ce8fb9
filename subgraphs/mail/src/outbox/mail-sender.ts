import type { MikroORM } from '@mikro-orm/postgresql';
import nodemailer from 'nodemailer';
import * as openpgp from 'openpgp';
import { Counter, type Registry } from 'prom-client';

import type { Logger } from '../../../../platform/logger.js';
import type { ThaicertOpenpgpKey } from '../../../../platform/thaicert-openpgp-key.js';
import { encryptedMessage, signedMessage } from '../compose/pgp-mime.js';
import { isRestricted, renderMail } from '../compose/templates.js';
import type { DkimConfig } from '../env.js';
import type { Directory } from '../feeds/service-client.js';
import { MailDelivery, MailOptOut, RegulatorMailbox } from './mail-delivery.entity.js';
import { MailDeliveryStatus, MailKind } from './mail-vocabulary.js';

export interface MailSenderOptions {
  orm: MikroORM;
  directory: Directory;
  thaicert: ThaicertOpenpgpKey;
  smtpUrl: string;
  mailFrom: string;
  dkim: DkimConfig | null;
  consoleUrl: string;
  pollIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  sendTimeoutMs: number;
  /** Mails sent at once. @default 2 */
  concurrency?: number;
  logger: Logger;
  metrics: Registry;
}

/** The delay before attempt `attempts + 1`: doubled at each failure, capped. */
export const backoffMs = (attempts: number, baseMs: number, maxMs: number) => Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

/** A failure of the relay (counted as an attempt), as opposed to one of our own dependencies (retried without counting). */
class RelayError extends Error {}

/**
 * Delivers the outbox. Each row is claimed in its own transaction with `FOR UPDATE SKIP LOCKED`,
 * sent, and marked in that same transaction: two replicas never send the same row, and a row is
 * marked SENT only once the relay accepted it. Stopping waits for the mails in flight, so a stop
 * loses and duplicates nothing; a crash between the relay's acceptance and the commit sends that
 * one row again with the same Message-ID, which the relay and the reader's client recognise.
 */
export class MailSender {
  private stopped = true;
  private loops: Promise<void>[] = [];
  private wake: (() => void) | undefined;
  private readonly sent: Counter;
  private readonly failed: Counter;

  constructor(private readonly options: MailSenderOptions) {
    const counter = (name: string, help: string) =>
      (options.metrics.getSingleMetric(name) as Counter | undefined) ??
      new Counter({ name, help, labelNames: ['kind'], registers: [options.metrics] });
    this.sent = counter('mail_sent_total', 'Mails the relay accepted');
    this.failed = counter('mail_failed_attempts_total', 'Attempts the relay refused or that timed out');
  }

  start(): void {
    this.stopped = false;
    this.loops = Array.from({ length: this.options.concurrency ?? 2 }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.sendOne();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'mail outbox: could not prepare a mail; will retry');
      }
      if (!worked && !this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** Claims one due row and settles it; false when none is due. */
  sendOne(): Promise<boolean> {
    const { orm } = this.options;
    return orm.em.fork().transactional(async (tx) => {
      const rows = await tx
        .getConnection()
        .execute<{ id: string }[]>(
          `select "id" from "mail"."mail_delivery" where "status" in ('PENDING', 'RETRYING') and "next_attempt_at" <= now() order by "next_attempt_at", "id" limit 1 for update skip locked`,
          [],
          'all',
          tx.getTransactionContext(),
        );
      if (rows.length === 0) return false;
      const delivery = await tx.findOneOrFail(MailDelivery, { id: rows[0]!.id });
      // A regulator's mailbox is kept here; a point of contact is read from the directory as it stands now.
      const contact = delivery.regulatorId
        ? await this.mailbox(tx, delivery.contactId)
        : (await this.options.directory.contacts([delivery.contactId])).get(delivery.contactId);
      if (!contact || contact.removed) {
        Object.assign(delivery, { status: MailDeliveryStatus.CANCELLED, nextAttemptAt: null });
        return true;
      }
      if (!delivery.mandatory && (await tx.count(MailOptOut, { contactId: delivery.contactId, kind: delivery.kind })) > 0) {
        Object.assign(delivery, { status: MailDeliveryStatus.OPTED_OUT, nextAttemptAt: null });
        return true;
      }
      const key = contact.pgpPublicKey ? await readKey(contact.pgpPublicKey) : null;
      const withheld = !key && isRestricted(delivery);
      if (delivery.kind === MailKind.SUBMISSION_RECEIPT && !withheld) {
        // The reference and the signature verdict as they stand when the receipt is sent.
        const receipt = await this.options.directory.receipt(String(delivery.content.incidentId), Number(delivery.content.revision));
        if (receipt) delivery.content = { ...delivery.content, ...receipt };
      }
      const mail = renderMail(delivery, this.options.consoleUrl, withheld);
      // The address as the directory has it now: a contact's corrected address is used at the next attempt.
      const headers = {
        from: this.options.mailFrom,
        to: contact.email,
        subject: mail.subject,
        messageId: delivery.messageId,
        date: new Date(),
      };
      const raw = key
        ? await encryptedMessage(headers, mail.body, key, this.options.thaicert)
        : await signedMessage(headers, mail.body, this.options.thaicert);
      delivery.attempts += 1;
      try {
        await this.relay(contact.email, raw);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.failed.inc({ kind: delivery.kind });
        const givenUp = delivery.attempts >= this.options.maxAttempts;
        Object.assign(delivery, {
          status: givenUp ? MailDeliveryStatus.FAILED : MailDeliveryStatus.RETRYING,
          lastError: message.slice(0, 2000),
          nextAttemptAt: givenUp
            ? null
            : new Date(Date.now() + backoffMs(delivery.attempts, this.options.retryBaseMs, this.options.retryMaxMs)),
        });
        this.options.logger.warn({ deliveryId: delivery.id, attempts: delivery.attempts, givenUp }, 'mail relay refused a mail');
        return true;
      }
      this.sent.inc({ kind: delivery.kind });
      Object.assign(delivery, {
        status: MailDeliveryStatus.SENT,
        sentAt: new Date(),
        nextAttemptAt: null,
        encrypted: !!key,
        withheld,
        recipientEmail: contact.email,
      });
      return true;
    });
  }

  private async mailbox(tx: Parameters<Parameters<MikroORM['em']['transactional']>[0]>[0], id: string) {
    const mailbox = await tx.findOne(RegulatorMailbox, { id });
    return mailbox ? { email: mailbox.email, pgpPublicKey: mailbox.pgpPublicKey ?? null, removed: false } : null;
  }

  private async relay(to: string, raw: string): Promise<void> {
    const { smtpUrl, mailFrom, dkim, sendTimeoutMs } = this.options;
    const transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: sendTimeoutMs,
      greetingTimeout: sendTimeoutMs,
      socketTimeout: sendTimeoutMs,
      ...(dkim && { dkim }),
    } as Parameters<typeof nodemailer.createTransport>[0]);
    try {
      await transport.sendMail({ envelope: { from: addressOf(mailFrom), to: [to] }, raw });
    } catch (error) {
      throw new RelayError((error as Error).message);
    } finally {
      transport.close();
    }
  }
}

const addressOf = (mailbox: string) => /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();

/** A contact's registered key; an unreadable one counts as none (the directory checks keys when they are registered). */
async function readKey(armored: string): Promise<openpgp.PublicKey | null> {
  try {
    return await openpgp.readKey({ armoredKey: armored });
  } catch {
    return null;
  }
}
