// zstd-napi's native binding (its low-level API: compressing into and out of buffers we own), loaded as
// CommonJS because the package exports no ECMAScript module for it.
import { createRequire } from 'node:module';
import type * as ZstdBinding from 'zstd-napi/binding.js';

export const zstd = createRequire(import.meta.url)('zstd-napi/binding') as typeof ZstdBinding;
export type { EndDirective } from 'zstd-napi/binding.js';
