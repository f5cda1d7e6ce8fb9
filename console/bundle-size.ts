import { gzipSync } from 'node:zlib';

import type { Plugin } from 'vite';

type OutputBundle = Parameters<NonNullable<Extract<Plugin['generateBundle'], (...args: never[]) => unknown>>>[1];

const gzipped = (content: string | Uint8Array) => gzipSync(typeof content === 'string' ? Buffer.from(content) : content).length;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The files a first page load fetches: the entry chunk, what it imports statically, and their stylesheets. */
function firstLoad(bundle: OutputBundle): Set<string> {
  const files = new Set<string>();
  const visit = (name: string) => {
    const file = bundle[name];
    if (!file || files.has(name)) return;
    files.add(name);
    if (file.type !== 'chunk') return;
    file.imports.forEach(visit);
    file.viteMetadata?.importedCss.forEach((css: string) => files.add(css));
  };
  for (const [name, file] of Object.entries(bundle)) if (file.type === 'chunk' && file.isEntry) visit(name);
  return files;
}

/** Prints the gzip size of the first load (the figure the README lists) and of everything, each page's chunk included. */
export function bundleSize(): Plugin {
  return {
    name: 'console-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const size = (names: Iterable<string>) => {
        let total = 0;
        for (const name of names) {
          const file = bundle[name]!;
          total += gzipped(file.type === 'chunk' ? file.code : file.source);
        }
        return total;
      };
      const first = firstLoad(bundle);
      this.info(
        `console first load: ${kib(size(first))} gzip in ${first.size} files; all pages: ${kib(size(Object.keys(bundle)))} gzip in ${Object.keys(bundle).length} files`,
      );
    },
  };
}
