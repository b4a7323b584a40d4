// Hausmeister's own backup engine as a benchmark subject: the backup job process, driven through its
// JSON protocol (src/capabilities/backup/backup-job-protocol.ts) exactly as the daemon drives it.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  BackupJobRequest,
  JobFailure,
  JobMessage,
} from '../../../src/capabilities/backup/backup-job-protocol.js';
import type { LocalTargetConfig } from '../../../src/capabilities/backup/backup-target.js';
import { JOB_ENV, JOB_NODE_FLAGS } from '../../../src/drivers/backup-job/job-process.js';
import { ProgramError } from '../program-runner.js';
import {
  belowWithFullPath,
  folderBytes,
  requireRepo,
  type BackupTool,
  type ToolContext,
} from './backup-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// The entry agreed in the job's contract first; the engine in progress also has one in src/daemon/.
const SOURCE_ENTRIES = ['src/capabilities/backup/job/backup-job-main.ts', 'src/daemon/backup-job-main.ts'];
const BUNDLE_ENTRY = 'dist/daemon/backup-job.mjs';

interface ListedBackup {
  id: string;
  kind?: string;
  createdAt?: string;
}

export function createHausmeister(context: ToolContext): BackupTool {
  const { runner, scratchDir, passphrase } = context;
  let target: LocalTargetConfig | undefined;

  // The bundle is what runs in production; from source, tsx's start-up and memory count as well.
  // Node's flags and environment are the ones the daemon starts its jobs with.
  const argv = (): [string, ...string[]] => {
    if (existsSync(path.join(root, BUNDLE_ENTRY)))
      return [process.execPath, ...JOB_NODE_FLAGS, path.join(root, BUNDLE_ENTRY)];
    const source = SOURCE_ENTRIES.find((entry) => existsSync(path.join(root, entry)));
    if (!source) throw new Error(`the backup job is not there yet (${SOURCE_ENTRIES[0]})`);
    return [process.execPath, ...JOB_NODE_FLAGS, '--import', 'tsx', source];
  };

  async function job<T>(request: BackupJobRequest): Promise<T> {
    let result: { value: T } | undefined;
    let failure: JobFailure | undefined;
    const onStdoutLine = (line: string): void => {
      if (!line.startsWith('{')) return;
      try {
        const message = JSON.parse(line) as JobMessage;
        if (message.type === 'result') result = { value: message.result as T };
        if (message.type === 'error') failure = message;
      } catch {
        // Not a protocol line (a stray log line): ignored, as the daemon ignores it.
      }
    };
    try {
      await runner.run({
        argv: argv(),
        cwd: root,
        env: JOB_ENV,
        stdin: JSON.stringify(request),
        onStdoutLine,
      });
    } catch (error) {
      if (failure && error instanceof ProgramError)
        throw new Error(describeFailure(failure), { cause: error });
      throw error;
    }
    if (failure) throw new Error(describeFailure(failure));
    if (!result) throw new Error(`the backup job ended without a result for ${request.action}`);
    return result.value;
  }

  const targets = (): LocalTargetConfig[] => {
    if (!target) throw new Error('hausmeister: init() was not called');
    return [target];
  };

  return {
    name: 'hausmeister',
    settings:
      'the backup job with its defaults, a local target (the repository folder), excludes none; ' +
      (existsSync(path.join(root, BUNDLE_ENTRY)) ? BUNDLE_ENTRY : 'the source through tsx'),
    async version() {
      const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
        version: string;
      };
      const entry = argv();
      const how = entry.includes('tsx') ? `${entry[entry.length - 1]} through tsx` : BUNDLE_ENTRY;
      return `hausmeister ${manifest.version} (${how})`;
    },
    async init(repoDir) {
      await mkdir(repoDir, { recursive: true });
      await mkdir(path.join(scratchDir, 'state'), { recursive: true });
      target = { kind: 'local', path: repoDir };
    },
    async backup(sourceDir, label) {
      await job({
        action: 'backup',
        stateDir: path.join(scratchDir, 'state'),
        targets: targets(),
        passphrase,
        sources: [{ path: sourceDir }],
        excludes: [],
        kind: label === 'full' ? 'full' : 'incremental',
      });
    },
    async restore(destDir) {
      const { backups } = await job<{ backups: ListedBackup[] }>({
        action: 'list',
        targets: targets(),
        passphrase,
      });
      const newest = [...backups].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '')).pop();
      if (!newest) throw new Error('the backup job lists no backup');
      await job({
        action: 'restore',
        targets: targets(),
        passphrase,
        backupId: newest.id,
        paths: [],
        destination: destDir,
      });
    },
    repoBytes: () => folderBytes(requireRepo(target?.path, 'hausmeister')),
    // The engine keeps the original absolute path below the destination.
    restoredRoot: belowWithFullPath,
    async dispose() {},
  };
}

function describeFailure(failure: JobFailure): string {
  return `${failure.reason}${failure.detail ? ` (${failure.detail})` : ''}`;
}
