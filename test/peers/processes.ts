// Looks at real processes from tests: which ones match, and which process group they are in.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

export function pgrep(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits with 1 when nothing matches
  }
}
