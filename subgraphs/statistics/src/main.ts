import { runUntilStopped } from '../../../platform/lifecycle.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runUntilStopped('statistics', () => start(readConfig(process.env)));
