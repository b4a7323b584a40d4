// Tar headers as POSIX pax (ustar plus extended records), the format GNU tar, bsdtar and tar-stream
// all read. Whatever ustar's fixed fields cannot hold (paths over 100 bytes, non-ASCII names, long link
// targets, sizes of 8 GiB and more, large ids) goes into a pax record before the entry, exactly once.
// A name that is not UTF-8 (archive/byte-names.ts) goes into ustar's own fields as its raw bytes
// instead: pax records are UTF-8 by definition, and tar extracts the bytes of those fields unchanged.
import { displayName, hasEscapedBytes, nameToBytes } from './byte-names.js';

export interface TarEntryHeader {
  /** Relative path inside the archive; folders end with '/'. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  linkname?: string;
}

export const TAR_BLOCK = 512;
/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(2 * TAR_BLOCK);

const TYPE_FLAG = { file: '0', directory: '5', symlink: '2' } as const;
/** Largest value of an octal field of `width` bytes (width-1 digits and a NUL). */
const octalMax = (width: number) => 8 ** (width - 1) - 1;

/** The header block(s) for one entry: a pax record first when ustar alone cannot say it all. */
export function encodeTarHeader(entry: TarEntryHeader): Buffer {
  const records: [string, string][] = [];
  const ascii = (text: string) => /^[\x20-\x7e]*$/.test(text);
  const rawName = hasEscapedBytes(entry.name) ? ustarPath(nameToBytes(entry.name)) : null;
  // The scan leaves such names out (fitsTarFields); a pax record would turn their odd bytes into U+FFFD.
  if (hasEscapedBytes(entry.name) && rawName === null)
    throw new Error(`a name that is not UTF-8 does not fit the tar fields: ${displayName(entry.name)}`);
  const rawLink = entry.linkname && hasEscapedBytes(entry.linkname) ? nameToBytes(entry.linkname) : null;
  if (rawName === null && (Buffer.byteLength(entry.name) > 100 || !ascii(entry.name)))
    records.push(['path', entry.name]);
  if (
    rawLink === null &&
    entry.linkname &&
    (Buffer.byteLength(entry.linkname) > 100 || !ascii(entry.linkname))
  )
    records.push(['linkpath', entry.linkname]);
  if (entry.size > octalMax(12)) records.push(['size', String(entry.size)]);
  if (entry.uid > octalMax(8)) records.push(['uid', String(entry.uid)]);
  if (entry.gid > octalMax(8)) records.push(['gid', String(entry.gid)]);

  const header = ustarBlock({
    name: rawName ? rawName.name.toString('latin1') : asciiPrefix(entry.name, 100),
    prefix: rawName ? rawName.prefix.toString('latin1') : '',
    typeFlag: TYPE_FLAG[entry.type],
    size: Math.min(entry.size, octalMax(12)),
    mode: entry.mode & 0o7777,
    uid: Math.min(entry.uid, octalMax(8)),
    gid: Math.min(entry.gid, octalMax(8)),
    mtime: Math.max(0, Math.floor(entry.mtimeMs / 1000)),
    linkname: rawLink ? rawLink.toString('latin1') : asciiPrefix(entry.linkname ?? '', 100),
  });
  if (records.length === 0) return header;
  const body = Buffer.from(records.map(([key, value]) => paxRecord(key, value)).join(''));
  const paxHeader = ustarBlock({
    name: asciiPrefix(`PaxHeader/${entry.name.replace(/\/+$/, '').split('/').pop() ?? ''}`, 100),
    prefix: '',
    typeFlag: 'x',
    size: body.length,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: Math.max(0, Math.floor(entry.mtimeMs / 1000)),
    linkname: '',
  });
  return Buffer.concat([paxHeader, body, Buffer.alloc(tarPadding(body.length)), header]);
}

/** The name of a backed-up path inside the tar: relative, and a folder's ends with '/'. */
export function tarEntryName(path: string, isFolder: boolean): string {
  return path.replace(/^\/+/, '') + (isFolder ? '/' : '');
}

/** Zero bytes that follow `size` bytes of content up to the next block. */
export function tarPadding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

/**
 * Whether a name (and link target) that is not UTF-8 fits ustar's fields: 100 bytes, or 155 and 100
 * split at a slash, for the name; 100 bytes for the link target.
 */
export function fitsTarFields(name: string, linkname?: string): boolean {
  if (hasEscapedBytes(name) && ustarPath(nameToBytes(name)) === null) return false;
  return !linkname || !hasEscapedBytes(linkname) || nameToBytes(linkname).length <= 100;
}

/** A name in ustar's name and prefix fields (joined by a slash when read); null where it does not fit. */
function ustarPath(raw: Buffer): { name: Buffer; prefix: Buffer } | null {
  if (raw.length <= 100) return { name: raw, prefix: Buffer.alloc(0) };
  // The last slash that leaves at most 100 bytes after it and at most 155 before it (a folder's
  // trailing slash stays with its name).
  for (
    let slash = raw.lastIndexOf(0x2f, raw.length - 2);
    slash > 0;
    slash = raw.lastIndexOf(0x2f, slash - 1)
  ) {
    if (raw.length - slash - 1 > 100) return null;
    if (slash <= 155) return { name: raw.subarray(slash + 1), prefix: raw.subarray(0, slash) };
  }
  return null;
}

interface UstarFields {
  name: string;
  /** ustar's prefix field (raw bytes as latin1), empty where the name field holds the whole name. */
  prefix: string;
  typeFlag: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
}

function ustarBlock(fields: UstarFields): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  block.write(fields.name, 0, 100, 'latin1');
  writeOctal(block, fields.mode, 100, 8);
  writeOctal(block, fields.uid, 108, 8);
  writeOctal(block, fields.gid, 116, 8);
  writeOctal(block, fields.size, 124, 12);
  writeOctal(block, fields.mtime, 136, 12);
  block.write(fields.typeFlag, 156, 1, 'latin1');
  block.write(fields.linkname, 157, 100, 'latin1');
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(fields.prefix, 345, 155, 'latin1');
  writeOctal(block, 0, 329, 8);
  writeOctal(block, 0, 337, 8);
  // The checksum is taken with its own field as spaces, and written as six digits, NUL, space.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return block;
}

function writeOctal(block: Buffer, value: number, offset: number, width: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'latin1');
}

/** A pax record: "<length> <key>=<value>\n", where the length counts itself. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  const restBytes = Buffer.byteLength(rest);
  let length = restBytes + 1;
  while (String(length).length + restBytes !== length) length = String(length).length + restBytes;
  return `${length}${rest}`;
}

/** What fits of a name into a fixed ASCII field (the pax record holds the real one). */
function asciiPrefix(text: string, bytes: number): string {
  return text.replace(/[^\x20-\x7e]/g, '_').slice(0, bytes);
}
