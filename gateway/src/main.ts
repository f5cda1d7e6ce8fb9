import { runUntilStopped } from '../../platform/lifecycle.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runUntilStopped('gateway', () => start(readConfig(process.env)));
