import 'reflect-metadata';

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { composeGraph, schemaFileName, SUPERGRAPH_FILE } from './compose.js';

/** `npm run schema`: writes each subgraph's SDL and the composed supergraph into `schema/`. */
const directory = join(process.cwd(), 'schema');
try {
  const graph = await composeGraph();
  await mkdir(directory, { recursive: true });
  for (const { name, sdl } of graph.subgraphs) {
    await writeFile(join(directory, schemaFileName(name)), sdl);
    console.log(`wrote schema/${schemaFileName(name)}`);
  }
  await writeFile(join(directory, SUPERGRAPH_FILE), graph.supergraphSdl);
  console.log(`wrote schema/${SUPERGRAPH_FILE}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
