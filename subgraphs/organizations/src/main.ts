import { runUntilStopped } from '../../../platform/lifecycle.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runUntilStopped('organizations', () => start(readConfig(process.env)));
