import type { RunningServer } from '../../../platform/http-server.js';
import { openThaicertKey } from '../../../platform/thaicert-openpgp-key.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { createContext } from './context.js';
import { requireRelay, type MailConfig } from './env.js';
import { advisoryMailFeed, incidentMailFeed, messageIdDomain } from './feeds/mail-feeds.js';
import { Directory } from './feeds/service-client.js';
import { MailIntake } from './intake/mail-intake.js';
import { ormOptions } from './mikro-orm.config.js';
import { MailSender } from './outbox/mail-sender.js';
import { mailSchema } from './schema.js';

/**
 * Starts the mail subgraph: migrations, then it follows the incidents and advisories feeds into
 * its outbox (one row per event and contact), sends the outbox through the relay, then GraphQL
 * for the delivery status; with `MAIL_INTAKE_PORT`, the reporting address's SMTP server too.
 * Without `SMTP_URL` (never in production) mail is queued, not sent.
 */
export function start(config: MailConfig): Promise<RunningServer> {
  try {
    requireRelay(config);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return startSubgraph({
    name: 'mail',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: mailSchema,
    context: createContext,
    prepare: async (services) => {
      const thaicert = await openThaicertKey(config.thaicertKey);
      const directory = new Directory(config.organizationsUrl, config.advisoriesUrl, config.identitySecret, config.incidentsUrl);
      const feedOptions = {
        orm: services.orm,
        incidentsUrl: config.incidentsUrl,
        advisoriesUrl: config.advisoriesUrl,
        identitySecret: config.identitySecret,
        pollIntervalMs: config.feedPollIntervalMs,
        directory,
        domain: messageIdDomain(config.mailFrom),
        maxEventAgeMs: config.maxEventAgeMs,
        logger: services.logger,
        metrics: services.metrics,
      };
      const feeds = [incidentMailFeed(feedOptions), advisoryMailFeed(feedOptions)];
      for (const feed of feeds) services.defer(() => feed.stop());
      if (config.smtpUrl) {
        const sender = new MailSender({
          orm: services.orm,
          directory,
          thaicert,
          smtpUrl: config.smtpUrl,
          mailFrom: config.mailFrom,
          dkim: config.dkim,
          consoleUrl: config.consoleUrl,
          pollIntervalMs: config.mailPollIntervalMs,
          retryBaseMs: config.retryBaseMs,
          retryMaxMs: config.retryMaxMs,
          maxAttempts: config.maxAttempts,
          sendTimeoutMs: config.sendTimeoutMs,
          logger: services.logger,
          metrics: services.metrics,
        });
        services.defer(() => sender.stop());
        sender.start();
      } else services.logger.warn('SMTP_URL is not set: mail is queued in the outbox and never sent');
      for (const feed of feeds) feed.start();
      if (config.intake) {
        const intake = new MailIntake({
          orm: services.orm,
          directory,
          thaicert,
          identitySecret: config.identitySecret,
          incidentsUrl: config.incidentsUrl,
          host: config.host,
          ...config.intake,
          messageIdDomain: messageIdDomain(config.mailFrom),
          logger: services.logger,
          metrics: services.metrics,
        });
        services.defer(() => intake.stop());
        const port = await intake.start();
        services.logger.info({ port }, 'reporting address listening (SMTP)');
      }
      return { directory };
    },
  });
}
