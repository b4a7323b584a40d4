// Node decodes the command line as UTF-8 and turns every byte that is not part of it into U+FFFD, so a
// path to a file with a Latin-1 name, as the shell hands it over (M$'\xfc'ller.txt), would arrive
// garbled and name nothing. Linux keeps the exact bytes in /proc/self/cmdline: such arguments are taken
// from there, spelled the way the backup engine keeps names (archive/byte-names.ts).
import { readFileSync } from 'node:fs';
import { nameFromBytes } from '../capabilities/backup/archive/byte-names.js';

const REPLACEMENT = '\uFFFD';

/**
 * The arguments after the script, with each one Node could not decode read again from its bytes.
 * `cmdline` is the NUL-separated command line; without it (not Linux) the arguments stay as they are.
 */
export function commandLineArguments(
  args: string[] = process.argv.slice(2),
  cmdline: Buffer | null = ownCommandLine(),
): string[] {
  if (!cmdline || !args.some((arg) => arg.includes(REPLACEMENT))) return args;
  const raw = splitCommandLine(cmdline);
  // The script's arguments are the command line's last ones (Node's own flags come before the script).
  const tail = raw.slice(raw.length - args.length);
  if (tail.length !== args.length || tail.some((bytes, i) => bytes.toString('utf8') !== args[i])) return args;
  return args.map((arg, i) => (arg.includes(REPLACEMENT) ? nameFromBytes(tail[i] as Buffer) : arg));
}

function splitCommandLine(cmdline: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = cmdline.indexOf(0); end !== -1; end = cmdline.indexOf(0, start)) {
    parts.push(cmdline.subarray(start, end));
    start = end + 1;
  }
  if (start < cmdline.length) parts.push(cmdline.subarray(start));
  return parts;
}

function ownCommandLine(): Buffer | null {
  try {
    return readFileSync('/proc/self/cmdline');
  } catch {
    return null;
  }
}
