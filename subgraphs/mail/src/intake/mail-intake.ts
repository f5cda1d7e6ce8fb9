import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { MikroORM } from '@mikro-orm/postgresql';
import { simpleParser, type ParsedMail } from 'mailparser';
import * as openpgp from 'openpgp';
import { Gauge, type Registry } from 'prom-client';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';

import { Role } from '../../../../platform/caller.js';
import { IDENTITY_HEADER, signIdentity, type IdentitySecret } from '../../../../platform/identity.js';
import type { Logger } from '../../../../platform/logger.js';
import type { ThaicertOpenpgpKey } from '../../../../platform/thaicert-openpgp-key.js';
import type { Directory, MailContact } from '../feeds/service-client.js';
import { MailDelivery } from '../outbox/mail-delivery.entity.js';
import { MailDeliveryStatus, MailKind } from '../outbox/mail-vocabulary.js';
import { InboundMessage, InboundStatus } from './inbound-message.entity.js';

export interface MailIntakeOptions {
  orm: MikroORM;
  directory: Directory;
  thaicert: ThaicertOpenpgpKey;
  identitySecret: IdentitySecret;
  incidentsUrl: string;
  host: string;
  port: number;
  /** The reporting address: mail to any other is refused at RCPT; null accepts any. */
  address: string | null;
  maxBytes: number;
  perSenderPerHour: number;
  messageIdDomain: string;
  logger: Logger;
  metrics: Registry;
}

/** What a report by mail carries as its JSON attachment: an operation and its GraphQL input. */
const OPERATIONS = {
  notifyIncident: { input: 'NotifyIncidentInput', selection: 'id currentRevision' },
  submitIncidentReport: { input: 'SubmitIncidentReportInput', selection: 'id currentRevision' },
} as const;
type Operation = keyof typeof OPERATIONS;

class Refusal extends Error {}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/** A stable idempotency key from the Message-ID: the same message filed again is the same submission. */
const idempotencyKeyOf = (messageId: string) => `mail-${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;

/**
 * The reporting address (the Announcement's "report encrypted with PGP sent by e-mail"): an SMTP
 * server in the mail process. Each message is kept raw, encrypted to ThaiCERT's key, before it is
 * answered; it must be PGP/MIME encrypted to ThaiCERT's key and signed by a key registered for a
 * point of contact whose address it comes from; its JSON attachment is filed through the incidents
 * subgraph's own mutations acting as that organization, with the same rules; the answer (filed, or
 * refused and why) goes back through the outbox. Unsigned or unknown mail is kept, refused, never
 * filed, and — as it may be forged — never answered.
 */
export class MailIntake {
  private server: SMTPServer | undefined;
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly options: MailIntakeOptions) {}

  async start(): Promise<number> {
    const { maxBytes, address } = this.options;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      banner: 'ThaiCERT reporting address',
      size: maxBytes,
      onRcptTo: (rcpt, _session, callback) => {
        if (address && rcpt.address.toLowerCase() !== address.toLowerCase()) return callback(smtpError(`No such recipient here`, 550));
        callback();
      },
      onMailFrom: (from, _session, callback) => {
        if (!this.allowed(from.address.toLowerCase()))
          return callback(smtpError('Too many messages from this sender; try again later', 451));
        callback();
      },
      onData: (stream, session, callback) => {
        void this.receive(stream, session).then(
          () => callback(),
          (error: Error & { responseCode?: number }) => callback(error.responseCode ? error : smtpError('Not kept; try again later', 451)),
        );
      },
    });
    this.server.on('error', (error) => this.options.logger.warn({ err: error }, 'mail intake: SMTP error'));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port, this.options.host, resolve));
    const { port } = this.server.server.address() as AddressInfo;
    const gauge =
      (this.options.metrics.getSingleMetric('mail_intake_port') as Gauge | undefined) ??
      new Gauge({ name: 'mail_intake_port', help: 'The port the reporting address listens on', registers: [this.options.metrics] });
    gauge.set(port);
    // What a stopped process had kept but not yet settled.
    await this.settleKept().catch((error) => this.options.logger.warn({ err: error }, 'mail intake: could not settle kept messages'));
    return port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A sliding hour per envelope sender, in this process. */
  private allowed(sender: string): boolean {
    const now = Date.now();
    const times = (this.recent.get(sender) ?? []).filter((t) => now - t < 3_600_000);
    if (times.length >= this.options.perSenderPerHour) return false;
    times.push(now);
    this.recent.set(sender, times);
    return true;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(`Message larger than ${this.options.maxBytes} bytes`, 552);
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const messageId = parsed.messageId ?? `<no-message-id-${createHash('sha256').update(raw).digest('hex')}@intake>`;
    const em = this.options.orm.em.fork();
    if (await em.findOne(InboundMessage, { messageId })) return; // the same message again: kept and answered once
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const rawEncrypted = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: raw }),
      encryptionKeys: this.options.thaicert.publicKey,
      format: 'armored',
    });
    const inbound = em.create(InboundMessage, {
      id: uuidv7(),
      messageId,
      envelopeFrom: envelopeFrom.slice(0, 320),
      fromAddress: parsed.from?.value[0]?.address?.toLowerCase().slice(0, 320) ?? null,
      sizeBytes: raw.length,
      rawEncrypted,
      status: InboundStatus.RECEIVED,
      receivedAt: new Date(),
    });
    await em.createQueryBuilder(InboundMessage).insert(inbound).onConflict(['messageId']).ignore().execute();
    // Kept: the sender is answered 250 whatever follows, which is settled on its own (and again after a restart).
    void this.settle(inbound.id, parsed).catch((error) =>
      this.options.logger.warn({ err: error, inboundId: inbound.id }, 'mail intake: could not settle a message; will retry at start'),
    );
  }

  private async settleKept(): Promise<void> {
    const em = this.options.orm.em.fork();
    for (const kept of await em.find(InboundMessage, { status: InboundStatus.RECEIVED }, { limit: 100 })) {
      const decrypted = await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: kept.rawEncrypted }),
        decryptionKeys: this.options.thaicert.privateKey,
        format: 'binary',
      });
      await this.settle(kept.id, await simpleParser(Buffer.from(decrypted.data as Uint8Array)));
    }
  }

  /** Decrypts, verifies, files; records the outcome and queues the answer. */
  async settle(inboundId: string, parsed: ParsedMail): Promise<void> {
    const em = this.options.orm.em.fork();
    const inbound = await em.findOneOrFail(InboundMessage, { id: inboundId });
    if (inbound.status !== InboundStatus.RECEIVED) return;
    let signer: MailContact | null = null;
    // The registered contacts the message claims to come from (its From address), with a key to verify it by.
    const candidates = inbound.fromAddress
      ? (await this.options.directory.contactsWithEmail(inbound.fromAddress)).filter((c) => c.pgpPublicKey)
      : [];
    try {
      const opened = await this.open(parsed, candidates);
      signer = opened.signer;
      Object.assign(inbound, {
        contactId: signer.contactId,
        organizationId: signer.organizationId,
        signatureFingerprint: opened.fingerprint,
      });
      const { operation, input } = await this.submission(opened.content);
      inbound.operation = operation;
      const filed = await this.file(operation, input, signer, inbound.messageId);
      Object.assign(inbound, { status: InboundStatus.FILED, incidentId: filed.id, revision: filed.currentRevision, settledAt: new Date() });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error; // ours, not the sender's: kept RECEIVED, settled again at the next start
      Object.assign(inbound, { status: InboundStatus.REFUSED, refusalReasons: [error.message], settledAt: new Date() });
    }
    // Answered at the registered address, encrypted to the registered key: the signer, or — when it is not signed by
    // it — the contacts the message claims to come from (who learn that a message in their name was refused). An
    // unknown sender is never answered: that would send mail to whoever a forger names.
    for (const recipient of signer ? [signer] : candidates) {
      const id = uuidv7();
      em.create(MailDelivery, {
        id,
        eventKey: `inbound:${inbound.id}`,
        kind: MailKind.INBOUND_REPLY,
        contactId: recipient.contactId,
        organizationId: recipient.organizationId,
        recipientEmail: recipient.email,
        incidentId: inbound.incidentId ?? null,
        mandatory: true,
        content: {
          messageId: inbound.messageId,
          outcome: inbound.status,
          reasons: inbound.refusalReasons ?? [],
          incidentId: inbound.incidentId ?? null,
          revision: inbound.revision ?? null,
          operation: inbound.operation ?? null,
          signatureFingerprint: inbound.signatureFingerprint ?? null,
        },
        status: MailDeliveryStatus.PENDING,
        attempts: 0,
        nextAttemptAt: new Date(),
        messageId: `<${id}@${this.options.messageIdDomain}>`,
        createdAt: new Date(),
      });
    }
    await em.flush();
  }

  /** RFC 3156 §6.2: encrypted to ThaiCERT's key, signed (inside) by the sending contact's registered key. */
  private async open(parsed: ParsedMail, candidates: MailContact[]) {
    const contentType = parsed.headers.get('content-type') as { value?: string } | undefined;
    if (contentType?.value !== 'multipart/encrypted') throw new Refusal('not encrypted: send it PGP/MIME encrypted to ThaiCERT’s key');
    const part = parsed.attachments.find((a) => a.contentType === 'application/octet-stream');
    if (!part) throw new Refusal('no OpenPGP message in the multipart/encrypted body');
    if (candidates.length === 0) throw new Refusal('the sender is no registered point of contact with an OpenPGP key');
    const keys = new Map<string, MailContact>();
    const verificationKeys: openpgp.PublicKey[] = [];
    for (const contact of candidates) {
      try {
        const key = await openpgp.readKey({ armoredKey: contact.pgpPublicKey! });
        verificationKeys.push(key);
        for (const id of key.getKeyIDs()) keys.set(id.toHex(), contact);
      } catch {
        // An unreadable registered key verifies nothing.
      }
    }
    let decrypted: Awaited<ReturnType<typeof openpgp.decrypt<openpgp.MaybeStream<Uint8Array>>>>;
    try {
      decrypted = await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: part.content.toString('utf8') }),
        decryptionKeys: this.options.thaicert.privateKey,
        verificationKeys,
        format: 'binary',
      });
    } catch {
      throw new Refusal('cannot be decrypted with ThaiCERT’s key');
    }
    for (const signature of decrypted.signatures) {
      const verified = await signature.verified.then(
        () => true,
        () => false,
      );
      const signer = keys.get(signature.keyID.toHex());
      if (verified && signer) {
        const key = verificationKeys.find((k) => k.getKeyIDs().some((id) => id.equals(signature.keyID)))!;
        return { signer, fingerprint: key.getFingerprint().toUpperCase(), content: Buffer.from(decrypted.data as Uint8Array) };
      }
    }
    throw new Refusal(
      decrypted.signatures.length === 0 ? 'not signed' : 'not signed by a key registered for the point of contact it comes from',
    );
  }

  /** The decrypted MIME entity's JSON attachment (or a JSON body): `{ "operation": …, "input": … }`. */
  private async submission(content: Buffer): Promise<{ operation: Operation; input: Record<string, unknown> }> {
    const entity = await simpleParser(content);
    const attachment = entity.attachments.find((a) => a.contentType === 'application/json' || a.filename?.toLowerCase().endsWith('.json'));
    let value: unknown;
    try {
      value = JSON.parse(attachment ? attachment.content.toString('utf8') : (entity.text ?? ''));
    } catch {
      throw new Refusal('no JSON attachment (application/json) in the form the README publishes');
    }
    const { operation, input } = (value ?? {}) as { operation?: unknown; input?: unknown };
    if (typeof operation !== 'string' || !Object.hasOwn(OPERATIONS, operation))
      throw new Refusal(`"operation" must be one of ${Object.keys(OPERATIONS).join(', ')}`);
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Refusal('"input" must be an object');
    return { operation: operation as Operation, input: input as Record<string, unknown> };
  }

  /** Files through the incidents subgraph's own mutation, as the organization (a signed internal identity, as the gateway forwards one). */
  private async file(operation: Operation, input: Record<string, unknown>, signer: MailContact, messageId: string) {
    const { input: type, selection } = OPERATIONS[operation];
    const variables = {
      input: {
        ...input,
        idempotencyKey: input.idempotencyKey ?? idempotencyKeyOf(messageId),
        ...(operation === 'notifyIncident' && { organizationId: input.organizationId ?? signer.organizationId }),
      },
    };
    const identity = await signIdentity(
      { role: Role.ORGANIZATION, subject: `mail:${signer.contactId}`, organizationId: signer.organizationId },
      this.options.identitySecret,
      60,
    );
    const response = await fetch(this.options.incidentsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
      body: JSON.stringify({ query: `mutation ($input: ${type}!) { ${operation}(input: $input) { ${selection} } }`, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as {
      data?: Record<string, { id: string; currentRevision: number } | null> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const refused = body.errors?.filter(
      (e) => e.extensions?.code && !['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'].includes(e.extensions.code),
    );
    if (refused?.length) throw new Refusal(refused.map((e) => `${e.extensions!.code}: ${e.message}`).join('; '));
    const filed = body.data?.[operation];
    if (!filed)
      throw new Error(
        `incidents subgraph did not answer ${operation}: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`,
      );
    return filed;
  }
}
