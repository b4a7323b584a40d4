// Bundles the daemon into one file (dist/daemon/hausmeisterd.mjs): it starts faster and needs less
// memory than thousands of separate modules, which matters on a Raspberry Pi. Native addons stay outside.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/daemon/main.ts'],
  outfile: 'dist/daemon/hausmeisterd.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  external: ['better-sqlite3', 'argon2'],
  // Bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
