// Debian packages through dpkg-query and apt-get, with progress from apt's status file descriptor.
import { existsSync } from 'node:fs';
import type { InstallProgress, PackageDriver } from '../../capabilities/services/package-driver.js';
import type { CommandRunner } from '../command-runner/command-runner.js';

export interface AptOptions {
  runner: CommandRunner;
  isRoot: boolean;
}

/** Parses one line of `apt-get -o APT::Status-Fd=1` output, e.g. `pmstatus:radicale:42.8571:Unpacking radicale`. */
export function parseAptStatusLine(line: string): InstallProgress | null {
  const match = /^(dlstatus|pmstatus):[^:]*:([\d.]+):/.exec(line);
  if (!match) return null;
  return {
    phase: match[1] === 'dlstatus' ? 'downloading' : 'installing',
    percent: Math.min(100, Math.round(Number(match[2]))),
  };
}

export function createAptPackages({ runner, isRoot }: AptOptions): PackageDriver {
  const hasDpkg = existsSync('/usr/bin/dpkg-query');
  const installable = isRoot && existsSync('/usr/bin/apt-get');
  return {
    async missing(names) {
      if (names.length === 0 || !hasDpkg) return [];
      const result = await runner.run(['dpkg-query', '-W', '-f=${Package} ${db:Status-Status}\n', ...names], {
        timeoutMs: 15_000,
      });
      const installed = new Set(
        result.stdout
          .split('\n')
          .filter((line) => line.endsWith(' installed'))
          .map((line) => line.split(' ')[0]),
      );
      return names.filter((name) => !installed.has(name));
    },
    canInstall() {
      return installable;
    },
    async install(names, onProgress) {
      // Package lists may be old or missing (fresh images ship none): refresh them first, as apt's own
      // front ends do before an install.
      onProgress({ phase: 'downloading', percent: 0 });
      await runner.runChecked(['apt-get', 'update', '-qq', '-o', 'DPkg::Lock::Timeout=120'], {
        timeoutMs: 5 * 60_000,
        env: { DEBIAN_FRONTEND: 'noninteractive' },
      });
      let buffer = '';
      await runner.runChecked(
        [
          'apt-get',
          'install',
          '-y',
          '--no-install-recommends',
          '-o',
          'APT::Status-Fd=1',
          '-o',
          'DPkg::Lock::Timeout=120',
          ...names,
        ],
        {
          timeoutMs: 15 * 60_000,
          env: { DEBIAN_FRONTEND: 'noninteractive' },
          onStdout(chunk) {
            buffer += chunk;
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            for (const line of lines) {
              const progress = parseAptStatusLine(line);
              if (progress) onProgress(progress);
            }
          },
        },
      );
    },
  };
}
