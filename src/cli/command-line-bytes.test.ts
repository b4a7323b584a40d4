import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameToBytes } from '../capabilities/backup/archive/byte-names.js';
import { commandLineArguments } from './command-line-bytes.js';

const cmdline = (...args: (string | Buffer)[]) =>
  Buffer.concat(args.flatMap((a) => [Buffer.isBuffer(a) ? a : Buffer.from(a), Buffer.of(0)]));

describe('command line bytes', () => {
  const latin1 = Buffer.concat([Buffer.from('/srv/Brief an M'), Buffer.of(0xfc), Buffer.from('ller.txt')]);
  // What Node makes of those bytes: each one that is not UTF-8 becomes U+FFFD.
  const decoded = latin1.toString('utf8');

  it('reads an argument Node could not decode again from its bytes', () => {
    const args = commandLineArguments(
      ['backup', 'restore', 'ID', decoded, '--to', '/tmp/x'],
      cmdline('node', '--import', 'tsx', 'run.ts', 'backup', 'restore', 'ID', latin1, '--to', '/tmp/x'),
    );
    assert.equal(args[3], '/srv/Brief an M\udcfcller.txt');
    assert.deepEqual(nameToBytes(args[3] as string), latin1);
    assert.deepEqual(args.slice(0, 3), ['backup', 'restore', 'ID']);
  });

  it('leaves the arguments alone when they are UTF-8, or the command line does not match them', () => {
    const plain = ['backup', 'restore', 'ID', '/srv/Müller.txt'];
    assert.equal(commandLineArguments(plain, cmdline('node', 'run.ts', ...plain)), plain);
    const other = ['backup', 'restore', decoded];
    assert.equal(commandLineArguments(other, cmdline('node', 'run.ts', 'something', 'else')), other);
    assert.equal(commandLineArguments(other, null), other);
  });
});
