// How a file name holding escaped bytes (byte-names.ts) is shown to people. Free of Node's modules, so
// the web UI shows such a name exactly as the engine's warnings and the CLI do.

/** A low surrogate from an escaped byte: not the second half of a pair. */
export const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
export const ESCAPED_BYTES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** The name for people (warnings, logs, the browser), as `ls -b` shows it: each escaped byte as \xNN. */
export function displayName(name: string): string {
  return name.replace(
    ESCAPED_BYTES,
    (byte) => `\\x${(byte.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`,
  );
}
