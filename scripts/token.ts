import { parseArgs } from 'node:util';

import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig } from '../gateway/src/env.js';
import { callerFromClaims } from '../platform/caller.js';

/**
 * `npm run token -- --role REGULATOR --regulator <id>`: prints a development token.
 * Options: --role, --organization <id>, --regulator <id>, --subject <name>, --hours <n>.
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    organization: { type: 'string' },
    regulator: { type: 'string' },
    subject: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});
try {
  if (!values.role) throw new Error('--role is required: ORGANIZATION, REGULATOR, THAICERT or NCSA');
  const caller = callerFromClaims({
    sub: values.subject ?? `dev-${values.role.toLowerCase()}`,
    role: values.role,
    organizationId: values.organization,
    regulatorId: values.regulator,
  });
  const { tokens } = readConfig(process.env);
  // The gateway refuses a token valid for longer than JWT_MAX_AGE_SECONDS: none is minted.
  const maxHours = tokens.maxAgeSeconds > 0 ? tokens.maxAgeSeconds / 3600 : 24 * 30;
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > maxHours)
    throw new Error(`--hours must be more than 0 and at most ${maxHours}${tokens.maxAgeSeconds > 0 ? ' (JWT_MAX_AGE_SECONDS)' : ''}`);
  console.log(await mintDevelopmentToken(tokens, caller, Math.round(hours * 3600)));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
