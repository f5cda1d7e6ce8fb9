import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { consoleFirstLoad } from './console-first-load.js';
import { loadDataset, NATIONAL_SCALE, QUICK_SCALE } from './dataset.js';
import { startGraphProcess } from './graph-process.js';

/**
 * `npm run bench:console [-- --quick]`: the console's scenario of `npm run bench` alone — the
 * regulator desk's first load in Chromium over the national data set — for working on the console
 * without the API scenarios.
 */
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, seed: { type: 'string', default: 'ncsa-graph-2026' } },
});
const size = values.quick ? QUICK_SCALE : NATIONAL_SCALE;
const graph = await startGraphProcess();
try {
  console.log(
    `loading ${size.organizations} organizations, ${size.incidents} incidents, ${size.advisories} advisories (seed ${values.seed})…`,
  );
  await loadDataset(graph.databaseUrl, size, values.seed!, console.log);
  await consoleFirstLoad(graph, 1); // warms the graph's caches and plans, as the main bench's warm-up does
  const result = await consoleFirstLoad(graph, values.quick ? 3 : 10);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await graph.stop();
}
