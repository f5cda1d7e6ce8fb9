import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CALLERS } from '../../scripts/whole-graph.js';
import { useGraph } from '../graph.js';

/*
 * Every example of the README runs as printed, in order, against a real graph.
 *
 * The convention: an example is a ```sh block that calls `q` or `download` (the README's first one
 * defines them and `pick`). It is run by bash, in the same shell as the examples before it (`set -euo
 * pipefail`), so it may use the shell variables they kept. It names the caller it is for by the
 * token it sends: $NCSA, $THAICERT, $REGULATOR or $ORGANIZATION (the demo tokens `npm start`
 * prints, as these variables), "" for the public. It must end by itself, and it fails when any
 * command in it fails (`q` does on any GraphQL error). A new example is covered without editing
 * this test.
 */

interface Example {
  /** Where its block starts in README.md. */
  line: number;
  /** The paragraph before it, to name it by. */
  title: string;
  script: string;
}

const CALLS_EXAMPLE_FUNCTION = /(^|[\s;|&(`])(q|download)(\s|\(\))/m;

/** The first line of the paragraph (or heading) above line `i`. */
function paragraphBefore(lines: string[], i: number): string {
  let last = i - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;
  let first = last;
  while (first > 0 && lines[first - 1]!.trim() !== '' && !lines[first - 1]!.startsWith('```')) first--;
  return lines[first]!.trim();
}

/** The README's examples, in order. */
function readmeExamples(readme: string): Example[] {
  const lines = readme.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sh') continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    const script = lines.slice(i + 1, end).join('\n');
    if (CALLS_EXAMPLE_FUNCTION.test(script)) examples.push({ line: i + 1, title: paragraphBefore(lines, i).slice(0, 90), script });
    i = end;
  }
  return examples;
}

/** One bash process the examples run in one after another, so each keeps the variables of those before. */
class Shell {
  private readonly bash: ChildProcessWithoutNullStreams;
  private readonly closed: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    // In a folder of its own: what the examples save (a download) stays out of the checkout.
    const cwd = mkdtempSync(join(tmpdir(), 'readme-examples-'));
    this.bash = spawn('bash', ['--noprofile', '--norc'], { env, cwd, stdio: 'pipe' });
    this.closed = new Promise((resolve) => this.bash.once('close', resolve));
    this.bash.stdin.write('set -euo pipefail\n');
  }

  /** Runs a script; resolves when it is done, rejects with what it printed when it failed (and the shell with it). */
  run(script: string): Promise<void> {
    const done = `__example_done_${randomUUID()}`;
    let printed = '';
    return new Promise((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        if (!printed.includes(done)) return;
        this.bash.stdout.off('data', collect);
        this.bash.stderr.off('data', collect);
        resolve();
      };
      this.bash.stdout.on('data', collect);
      this.bash.stderr.on('data', collect);
      void this.closed.then((code) => reject(new Error(`it failed (bash exited with ${code}); it printed:\n${printed}`)));
      this.bash.stdin.write(`${script}\necho ${done}\n`);
    });
  }

  async close(): Promise<void> {
    this.bash.stdin.end();
    await this.closed;
  }
}

const graph = useGraph();
const examples = readmeExamples(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
let shell: Shell;
let failed: Example | undefined;

beforeAll(async () => {
  const tokens = await Promise.all(DEMO_CALLERS.map(async (caller) => [caller.role, await graph().token(caller)] as const));
  shell = new Shell({ ...process.env, GRAPH: graph().gatewayUrl, ...Object.fromEntries(tokens) });
});
afterAll(() => shell?.close());

describe('the README examples, run as printed in order', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples)('README.md line $line: $title', async (example) => {
    if (failed) throw new Error(`not run: the example at README.md line ${failed.line} failed before it`);
    try {
      await shell.run(example.script);
    } catch (error) {
      failed = example;
      throw error;
    }
  });
});
