// File names as the engine keeps them: text, in which each byte that is not part of UTF-8 (a name in an
// old encoding such as Latin-1) stands as a lone surrogate U+DC80–U+DCFF, as Python's "surrogateescape"
// and borg do it. Such a name survives JSON (the manifest, the API) and turns back into its exact bytes
// for the file system and for the tar headers, so `tar -x` restores the very name the disk had.
import { isUtf8 } from 'node:buffer';
import { ESCAPED_BYTE, ESCAPED_BYTES } from './display-name.js';

export { displayName } from './display-name.js';

export function nameFromBytes(raw: Buffer): string {
  if (isUtf8(raw)) return raw.toString('utf8');
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const length = [1, 2, 3, 4].find((n) => i + n <= raw.length && isUtf8(raw.subarray(i, i + n)));
    if (length) {
      text += raw.toString('utf8', i, i + length);
      i += length;
    } else {
      text += String.fromCharCode(0xdc00 + (raw[i] as number));
      i++;
    }
  }
  return text;
}

export function hasEscapedBytes(name: string): boolean {
  return ESCAPED_BYTE.test(name);
}

export function nameToBytes(name: string): Buffer {
  if (!hasEscapedBytes(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of name.matchAll(ESCAPED_BYTES)) {
    parts.push(
      Buffer.from(name.slice(last, match.index), 'utf8'),
      Buffer.of(name.charCodeAt(match.index) - 0xdc00),
    );
    last = match.index + 1;
  }
  parts.push(Buffer.from(name.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** What to hand node:fs: the name itself, or its bytes where it holds escaped ones. */
export function fsPath(name: string): string | Buffer {
  return hasEscapedBytes(name) ? nameToBytes(name) : name;
}
