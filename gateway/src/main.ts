import { runServiceUntilStopped } from '../../platform/lifecycle.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runServiceUntilStopped('gateway', () => start(readConfig(process.env)));
