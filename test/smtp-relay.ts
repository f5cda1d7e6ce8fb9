import { simpleParser, type ParsedMail } from 'mailparser';
import * as openpgp from 'openpgp';
import { SMTPServer } from 'smtp-server';

/** One message as the relay received it. */
export interface RelayedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  messageId: string;
}

/**
 * A real SMTP server on a free port, standing in for the relay: it keeps what it accepts, and can
 * be slowed (each message's acceptance delayed) or put down (every connection refused with 421).
 */
export interface TestRelay {
  url: string;
  received: RelayedMail[];
  /** Milliseconds before each message is accepted. */
  delayMs: number;
  /** Refuse every connection while true. */
  down: boolean;
  /** What reached `address` so far. */
  to(address: string): RelayedMail[];
  /** Resolves once `predicate` holds of what was received (polls), or fails after `timeoutMs`. */
  waitFor(predicate: (received: RelayedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(): Promise<TestRelay> {
  const relay: TestRelay = {
    url: '',
    received: [],
    delayMs: 0,
    down: false,
    to: (address) => relay.received.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(relay.received)) {
        if (Date.now() > deadline) throw new Error(`the relay did not receive what was awaited (${relay.received.length} messages)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      if (relay.down) return callback(Object.assign(new Error('relay down for maintenance'), { responseCode: 421 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        setTimeout(() => {
          void simpleParser(raw).then((parsed) => {
            relay.received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              raw,
              parsed,
              messageId: parsed.messageId ?? '',
            });
            callback();
          }, callback);
        }, relay.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  relay.url = `smtp://127.0.0.1:${port}`;
  return relay;
}

/** What a PGP/MIME mail says and how it was protected, decrypted with `privateKey` when it is encrypted. */
export interface OpenedMail {
  encrypted: boolean;
  /** ThaiCERT's signature verified (inside the encryption, or over the signed part). */
  signatureVerified: boolean;
  text: string;
  subject: string;
}

/** Opens a mail sent by the mail subgraph: RFC 3156 multipart/encrypted or multipart/signed. */
export async function openMail(mail: RelayedMail, thaicertPublicKey: openpgp.PublicKey, privateKey?: string): Promise<OpenedMail> {
  const raw = mail.raw.toString('latin1');
  const contentType = String(
    mail.parsed.headers.get('content-type') && (mail.parsed.headers.get('content-type') as { value: string }).value,
  );
  const subject = mail.parsed.subject ?? '';
  const boundary = /boundary="([^"]+)"/.exec(raw)![1]!;
  const parts = raw.split(`--${boundary}`);
  if (contentType === 'multipart/encrypted') {
    if (!privateKey) throw new Error('an encrypted mail needs the contact’s private key');
    const armored = mail.parsed.attachments.find((a) => a.filename === 'encrypted.asc')!.content.toString('utf8');
    const { data, signatures } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      verificationKeys: thaicertPublicKey,
      format: 'binary',
    });
    const verified = await signatures[0]!.verified.then(
      () => true,
      () => false,
    );
    const inner = await simpleParser(Buffer.from(data as Uint8Array));
    return { encrypted: true, signatureVerified: verified, text: inner.text ?? '', subject };
  }
  if (contentType !== 'multipart/signed') throw new Error(`not PGP/MIME: ${contentType}`);
  // RFC 3156 §5: the signature covers the first part exactly, the CRLF before the next boundary excluded.
  const signed = parts[1]!.replace(/^\r\n/, '').replace(/\r\n$/, '');
  const signature = mail.parsed.attachments.find((a) => a.filename === 'signature.asc')!.content.toString('utf8');
  const verification = await openpgp.verify({
    message: await openpgp.createMessage({ binary: Buffer.from(signed, 'latin1') }),
    signature: await openpgp.readSignature({ armoredSignature: signature }),
    verificationKeys: thaicertPublicKey,
  });
  const verified = await verification.signatures[0]!.verified.then(
    () => true,
    () => false,
  );
  const inner = await simpleParser(Buffer.from(signed, 'latin1'));
  return { encrypted: false, signatureVerified: verified, text: inner.text ?? '', subject };
}
