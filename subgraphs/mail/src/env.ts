import { readFileSync } from 'node:fs';

import { ConfigError, integer, isProduction, optionalString, url, type Env } from '../../../platform/env.js';
import { readThaicertKeySource, type ThaicertKeySource } from '../../../platform/thaicert-openpgp-key.js';
import { readSubgraphConfig, subgraphUrl, type SubgraphConfig } from '../../kit/subgraph-runtime.js';

/** DKIM signing of what the relay is handed (nodemailer's `dkim` option). */
export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface MailConfig extends SubgraphConfig {
  /** `NODE_ENV=production`: the relay and the sender are required to start ({@link requireRelay}). */
  production: boolean;
  /** Whether `MAIL_FROM` was set (production needs it). */
  mailFromGiven: boolean;
  /** The subgraphs whose feeds say what to send, and whose API says to whom. */
  organizationsUrl: string;
  incidentsUrl: string;
  advisoriesUrl: string;
  /** `SMTP_URL`: the relay (smtp:// or smtps://, credentials in the URL); none outside production: mail is queued, never sent. */
  smtpUrl: string | null;
  /** `MAIL_FROM`: the sender every mail carries. */
  mailFrom: string;
  /** `MAIL_DKIM_DOMAIN`, `MAIL_DKIM_SELECTOR` and `MAIL_DKIM_PRIVATE_KEY` (or `_FILE`): all three, or none. */
  dkim: DkimConfig | null;
  /** ThaiCERT's OpenPGP key, which signs every mail. */
  thaicertKey: ThaicertKeySource;
  /** `CONSOLE_URL`: where a contact reads what a content-free notice points to. */
  consoleUrl: string;
  /** How often to look for new events. @default 1000 */
  feedPollIntervalMs: number;
  /** `MAIL_POLL_INTERVAL_MS`: how often the sender looks for mail due. @default 1000 */
  mailPollIntervalMs: number;
  /** `MAIL_RETRY_BASE_MS`: the first retry's delay, doubled at each failure. @default 60000 */
  retryBaseMs: number;
  /** `MAIL_RETRY_MAX_MS`: the longest delay between two attempts. @default 21600000 (6 hours) */
  retryMaxMs: number;
  /** `MAIL_MAX_ATTEMPTS`: after this many failures a mail is marked FAILED for the operator. @default 12 */
  maxAttempts: number;
  /** `MAIL_SEND_TIMEOUT_MS`: how long one SMTP transaction may take. @default 60000 */
  sendTimeoutMs: number;
  /** `MAIL_EVENT_MAX_AGE_HOURS`: older events are not mailed about (a first start reads the feeds' whole history). @default 72 */
  maxEventAgeMs: number;
  /** The reporting address's SMTP server; null (`MAIL_INTAKE_PORT` unset): none. */
  intake: IntakeConfig | null;
}

/** `MAIL_INTAKE_PORT` (0: a free one), `MAIL_INTAKE_ADDRESS`, `MAIL_INTAKE_MAX_BYTES`, `MAIL_INTAKE_PER_SENDER_PER_HOUR`. */
export interface IntakeConfig {
  port: number;
  /** Mail to any other recipient is refused; null accepts any. */
  address: string | null;
  /** @default 5242880 (5 MiB) */
  maxBytes: number;
  /** Messages one envelope sender may send an hour (per replica). @default 60 */
  perSenderPerHour: number;
}

function intake(env: Env): IntakeConfig | null {
  if (optionalString(env, 'MAIL_INTAKE_PORT') === undefined) return null;
  return {
    port: integer(env, 'MAIL_INTAKE_PORT', 0, { max: 65535 }),
    address: optionalString(env, 'MAIL_INTAKE_ADDRESS')?.toLowerCase() ?? null,
    maxBytes: integer(env, 'MAIL_INTAKE_MAX_BYTES', 5 * 1024 * 1024, { min: 1024, max: 100 * 1024 * 1024 }),
    perSenderPerHour: integer(env, 'MAIL_INTAKE_PER_SENDER_PER_HOUR', 60, { min: 1, max: 100_000 }),
  };
}

function dkim(env: Env): DkimConfig | null {
  const domainName = optionalString(env, 'MAIL_DKIM_DOMAIN');
  const keySelector = optionalString(env, 'MAIL_DKIM_SELECTOR');
  const inline = optionalString(env, 'MAIL_DKIM_PRIVATE_KEY');
  const file = optionalString(env, 'MAIL_DKIM_PRIVATE_KEY_FILE');
  if (inline && file) throw new ConfigError('set MAIL_DKIM_PRIVATE_KEY or MAIL_DKIM_PRIVATE_KEY_FILE, not both');
  let privateKey = inline;
  if (file) {
    try {
      privateKey = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`MAIL_DKIM_PRIVATE_KEY_FILE cannot be read (${(error as Error).message})`);
    }
  }
  const given = [domainName, keySelector, privateKey].filter(Boolean).length;
  if (given === 0) return null;
  if (given < 3) throw new ConfigError('DKIM needs MAIL_DKIM_DOMAIN, MAIL_DKIM_SELECTOR and MAIL_DKIM_PRIVATE_KEY (or _FILE) together');
  return { domainName: domainName!, keySelector: keySelector!, privateKey: privateKey! };
}

/**
 * Port `MAIL_PORT` (default 4005), the subgraphs it follows, the SMTP relay (required in
 * production), ThaiCERT's key, plus the variables every subgraph reads.
 */
export function readConfig(env: Env): MailConfig {
  // What every subgraph reads is checked first, so its refusals read the same in every subgraph.
  const common = readSubgraphConfig(env, 'mail');
  const production = isProduction(env);
  const smtp = optionalString(env, 'SMTP_URL');
  const mailFrom = optionalString(env, 'MAIL_FROM');
  return Object.freeze({
    ...common,
    production,
    mailFromGiven: !!mailFrom,
    organizationsUrl: subgraphUrl(env, 'organizations'),
    incidentsUrl: subgraphUrl(env, 'incidents'),
    advisoriesUrl: subgraphUrl(env, 'advisories'),
    smtpUrl: smtp ? url(env, 'SMTP_URL', undefined, ['smtp', 'smtps']) : null,
    mailFrom: mailFrom ?? 'ThaiCERT <thaicert@localhost>',
    dkim: dkim(env),
    thaicertKey: readThaicertKeySource(env, production),
    consoleUrl: url(env, 'CONSOLE_URL', 'http://127.0.0.1:4000/'),
    feedPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
    mailPollIntervalMs: integer(env, 'MAIL_POLL_INTERVAL_MS', 1000, { min: 20, max: 3_600_000 }),
    retryBaseMs: integer(env, 'MAIL_RETRY_BASE_MS', 60_000, { min: 10, max: 86_400_000 }),
    retryMaxMs: integer(env, 'MAIL_RETRY_MAX_MS', 21_600_000, { min: 10, max: 604_800_000 }),
    maxAttempts: integer(env, 'MAIL_MAX_ATTEMPTS', 12, { min: 1, max: 100 }),
    sendTimeoutMs: integer(env, 'MAIL_SEND_TIMEOUT_MS', 60_000, { min: 100, max: 600_000 }),
    maxEventAgeMs: integer(env, 'MAIL_EVENT_MAX_AGE_HOURS', 72, { min: 1, max: 8760 }) * 3_600_000,
    intake: intake(env),
  });
}

/**
 * Production sends through a relay, from ThaiCERT's address: checked when the mail subgraph starts,
 * not when its configuration is read, so what only reads it (the migration Job) needs no relay.
 */
export function requireRelay(config: MailConfig): void {
  if (!config.production) return;
  if (!config.smtpUrl) throw new ConfigError('NODE_ENV=production needs SMTP_URL: the mail subgraph sends through a relay');
  if (!config.mailFromGiven) throw new ConfigError('NODE_ENV=production needs MAIL_FROM: the address ThaiCERT sends from');
}
