import { gzipSync } from 'node:zlib';

import type { Plugin } from 'vite';

/** Prints the gzip size of everything the first page load fetches, the figure the README lists. */
export function bundleSize(): Plugin {
  return {
    name: 'console-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const file of Object.values(bundle)) {
        const content = file.type === 'chunk' ? file.code : file.source;
        total += gzipSync(typeof content === 'string' ? Buffer.from(content) : content).length;
      }
      this.info(`console bundle: ${(total / 1024).toFixed(1)} KiB gzip in ${Object.keys(bundle).length} files`);
    },
  };
}
