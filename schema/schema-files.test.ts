import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { composeGraph, schemaFileName, SUPERGRAPH_FILE } from './compose.js';

const checkedIn = (file: string) => readFile(join(import.meta.dirname, file), 'utf8');

describe('checked-in schema files', () => {
  it('match the SDL printed from code and the supergraph composed from it (run `npm run schema` when this fails)', async () => {
    const graph = await composeGraph();
    for (const { name, sdl } of graph.subgraphs) {
      expect(await checkedIn(schemaFileName(name)), `schema/${schemaFileName(name)}`).toBe(sdl);
    }
    expect(await checkedIn(SUPERGRAPH_FILE), `schema/${SUPERGRAPH_FILE}`).toBe(graph.supergraphSdl);
  });
});
