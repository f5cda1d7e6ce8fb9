import { runUntilStopped } from '../../../platform/lifecycle.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runUntilStopped('mail', () => start(readConfig(process.env)));
