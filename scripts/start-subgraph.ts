import 'reflect-metadata';

import { runServiceUntilStopped } from '../platform/lifecycle.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';

/** `npm run start:subgraph -- <name>`: runs one subgraph alone against DATABASE_URL, as in production. */
const name = process.argv[2];
const entry = SUBGRAPHS.find((s) => s.name === name);
if (!entry) {
  console.error(`usage: npm run start:subgraph -- <${SUBGRAPHS.map((s) => s.name).join('|')}>`);
  process.exitCode = 2;
} else {
  await runServiceUntilStopped(entry.name, () => entry.start(process.env));
}
