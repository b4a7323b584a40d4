import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import tar from 'tar-stream';
import { nameFromBytes } from './byte-names.js';
import { encodeTarHeader, fitsTarFields, tarPadding, TAR_END, type TarEntryHeader } from './tar-header.js';

function archive(entries: { header: TarEntryHeader; content?: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const { header, content } of entries) {
    parts.push(encodeTarHeader(header));
    if (content) parts.push(content, Buffer.alloc(tarPadding(content.length)));
  }
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

const base = { mode: 0o640, uid: 1000, gid: 1000, mtimeMs: 1_700_000_000_500 };
const longName = `srv/${'verzeichnis-mit-langem-namen/'.repeat(6)}Übersicht 2026 – Käse.txt`;
const entries: { header: TarEntryHeader; content?: Buffer }[] = [
  { header: { ...base, name: 'srv/', type: 'directory', size: 0, mode: 0o755 } },
  { header: { ...base, name: 'srv/a.txt', type: 'file', size: 5 }, content: Buffer.from('hallo') },
  { header: { ...base, name: longName, type: 'file', size: 3 }, content: Buffer.from('abc') },
  { header: { ...base, name: 'srv/link', type: 'symlink', size: 0, linkname: `/${'x'.repeat(150)}` } },
  { header: { ...base, name: 'srv/big-id', type: 'file', size: 0, uid: 3_000_000, gid: 70_000 } },
];

describe('encodeTarHeader', () => {
  it('is read back by tar-stream with every field', async () => {
    const seen: tar.Header[] = [];
    const extract = tar.extract();
    Readable.from([archive(entries)]).pipe(extract);
    for await (const entry of extract) {
      seen.push(entry.header);
      entry.resume();
    }
    assert.deepEqual(
      seen.map((h) => [h.name, h.type, h.size, h.mode, h.uid, h.gid, h.linkname ?? null]),
      [
        ['srv/', 'directory', 0, 0o755, 1000, 1000, null],
        ['srv/a.txt', 'file', 5, 0o640, 1000, 1000, null],
        [longName, 'file', 3, 0o640, 1000, 1000, null],
        ['srv/link', 'symlink', 0, 0o640, 1000, 1000, `/${'x'.repeat(150)}`],
        // tar-stream leaves pax ids aside and shows the capped field; GNU tar (below) reads the pax record.
        ['srv/big-id', 'file', 0, 0o640, 2097151, 70000, null],
      ],
    );
    assert.equal(seen[1]?.mtime?.getTime(), 1_700_000_000_000);
  });

  it('is read back by GNU tar, long and non-ASCII names and large ids included', () => {
    const listing = execFileSync('tar', ['-tv', '--numeric-owner', '-f', '-'], {
      input: archive(entries),
      encoding: 'utf8',
    });
    assert.match(listing, /Übersicht 2026 – Käse\.txt/);
    assert.match(listing, /3000000\/70000 /);
    assert.match(listing, /srv\/link -> \/x{150}/);
    assert.doesNotMatch(listing, /PaxHeader/);
  });

  it('writes a pax size for files of 8 GiB and more', () => {
    const header = encodeTarHeader({ ...base, name: 'disk.img', type: 'file', size: 9 * 2 ** 30 });
    assert.equal(header.length, 3 * 512);
    assert.match(header.subarray(512, 1024).toString('latin1'), /^\d+ size=9663676416\n/);
  });

  it('keeps the exact bytes of a name that is not UTF-8, for GNU tar and for tar-stream read as bytes', async () => {
    const raw = (text: string) => Buffer.from(text, 'latin1');
    const short = nameFromBytes(raw('srv/Fotos März/café.jpg'));
    const long = nameFromBytes(raw(`srv/${'ordner/'.repeat(20)}d\xe9j\xe0 vu.txt`));
    const latin1Entries = [
      { header: { ...base, name: short, type: 'file', size: 2 }, content: Buffer.from('ab') },
      { header: { ...base, name: long, type: 'file', size: 0 } },
    ] satisfies { header: TarEntryHeader; content?: Buffer }[];
    const tarball = archive(latin1Entries);

    const listing = execFileSync('tar', ['-t', '--quoting-style=literal', '-f', '-'], { input: tarball });
    assert.deepEqual(listing.toString('latin1').split('\n').filter(Boolean), [
      raw('srv/Fotos März/café.jpg').toString('latin1'),
      raw(`srv/${'ordner/'.repeat(20)}d\xe9j\xe0 vu.txt`).toString('latin1'),
    ]);
    const names: string[] = [];
    const extract = tar.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tar.extract>[0]);
    Readable.from([tarball]).pipe(extract);
    for await (const entry of extract) {
      names.push(nameFromBytes(Buffer.from(entry.header.name, 'latin1')));
      entry.resume();
    }
    assert.deepEqual(names, [short, long]);
  });

  it('knows which such names fit: 255 bytes split at a slash, 100 for a link target', () => {
    const odd = '\udce9';
    assert.equal(fitsTarFields(`srv/${'a'.repeat(150)}/${odd}${'b'.repeat(98)}`), true);
    assert.equal(fitsTarFields(`srv/${odd}${'b'.repeat(120)}`), false, 'no slash leaves 100 bytes or less');
    assert.equal(fitsTarFields('srv/link', `/${odd}${'x'.repeat(99)}`), false);
    assert.equal(fitsTarFields(`srv/${'c'.repeat(300)}`), true, 'a UTF-8 name goes into a pax record');
  });
});
