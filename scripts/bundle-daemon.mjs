// Bundles the daemon into one file (dist/daemon/hausmeisterd.mjs): it starts faster and needs less
// memory than thousands of separate modules, which matters on a Raspberry Pi. Native addons stay outside.
import { build } from 'esbuild';

// The backup job and its volume workers run as processes and threads of their own (see
// src/capabilities/backup/backup-job-protocol.ts), so they are bundles of their own beside the daemon.
await build({
  entryPoints: {
    hausmeisterd: 'src/daemon/main.ts',
    'backup-job': 'src/daemon/backup-job-main.ts',
    'volume-worker': 'src/capabilities/backup/engine/volume-worker.ts',
  },
  outdir: 'dist/daemon',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  external: ['better-sqlite3', 'argon2', 'zstd-napi'],
  // Bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
