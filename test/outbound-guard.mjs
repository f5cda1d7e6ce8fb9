/**
 * Preloaded into a service process (`node --import ./test/outbound-guard.mjs …`): records every
 * attempt to reach beyond this machine — a TCP or TLS connect, a DNS lookup of a name that is not
 * local, a UDP send — as one JSON line in the file named by `OUTBOUND_GUARD_FILE`, with the stack
 * that made it. Attempts are recorded, not blocked: on a closed network they fail anyway, and a
 * test must see that they were tried. Plain JavaScript, as node loads it before any compiler.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net, { isIP } from 'node:net';

const file = process.env.OUTBOUND_GUARD_FILE;
if (!file) throw new Error('outbound-guard: set OUTBOUND_GUARD_FILE to the file that records attempts');

/** Loopback, the unspecified address (which Linux connects to locally) and `localhost` names. */
function isLocal(host) {
  if (host === undefined || host === null || host === '') return true; // node's default: localhost
  const name = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const version = isIP(name);
  if (version === 4) return name.startsWith('127.') || name === '0.0.0.0';
  if (version === 6) return name === '::1' || name === '::' || /^::ffff:127\./.test(name) || name === '::ffff:0.0.0.0';
  return false;
}

function record(kind, host, port) {
  if (isLocal(host)) return;
  const stack = new Error().stack
    .split('\n')
    .slice(2, 14)
    .map((line) => line.trim());
  appendFileSync(
    file,
    `${JSON.stringify({ kind, host: String(host), port: port === undefined ? undefined : Number(port), pid: process.pid, stack })}\n`,
  );
}

/** Where a `net.Socket#connect` call goes, in each of its forms (options, path, port + host, node's normalized array). */
function connectTarget(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') return first.path ? undefined : { host: first.host ?? first.hostname, port: first.port };
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : undefined, port: Number(first) };
  }
  return undefined; // a Unix socket path
}

// Every TCP client socket connects through here: net.connect, http(s) agents, undici (fetch), tls.connect.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = connectTarget(args);
  if (target) record('tcp', target.host, target.port);
  return connect.apply(this, args);
};

for (const api of [dns, dns.promises]) {
  for (const method of [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCname',
    'resolveSrv',
    'resolveTxt',
  ]) {
    const original = api[method];
    if (typeof original !== 'function') continue;
    api[method] = function guardedDns(name, ...rest) {
      record(`dns.${method}`, name);
      return original.call(this, name, ...rest);
    };
  }
}

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(message, ...rest) {
  const address = rest.find((arg) => typeof arg === 'string');
  const port = rest.filter((arg) => typeof arg === 'number').at(-1);
  let connected;
  try {
    connected = this.remoteAddress();
  } catch {
    connected = undefined;
  }
  record('udp', address ?? connected?.address, port ?? connected?.port);
  return send.call(this, message, ...rest);
};
const udpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(port, address, ...rest) {
  record('udp', typeof address === 'string' ? address : undefined, port);
  return udpConnect.call(this, port, address, ...rest);
};

// ES modules that imported these functions by name see the guarded ones too.
syncBuiltinESMExports();
