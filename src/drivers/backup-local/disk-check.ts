// Makes sure a local backup folder is on the expected USB disk (by UUID or label) and not the system disk.
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHausmeisterError } from '../../errors.js';
import type { LocalTargetConfig } from '../../capabilities/backup/backup-target.js';
import type { CommandRunner } from '../command-runner/command-runner.js';
import { targetUnavailable, type TargetContext } from '../backup-target-shared/target-errors.js';
import { mapFsError } from './fs-errors.js';

interface MountedFilesystem {
  target: string;
  source: string | null;
  uuid: string | null;
  label: string | null;
}

/**
 * Throws TARGET_UNAVAILABLE unless the folder can take backups now. With a UUID or label, the filesystem
 * that holds the folder (or its nearest existing parent, as the folder may still have to be created on the
 * disk) must be that disk, and must not be `/`: an unplugged disk leaves its empty mount point on the system
 * disk, and a backup written there would fill it. Without either, it is a plain folder that must exist.
 */
export async function checkLocalFolder(
  config: LocalTargetConfig,
  runner: CommandRunner,
  context: TargetContext,
): Promise<void> {
  if (!config.uuid && !config.label) {
    if (!(await isFolder(config.path)))
      throw targetUnavailable(
        { messageKey: 'backup.target.error.folderMissing', params: { path: config.path } },
        context,
        `${config.path} is not an existing folder`,
      );
  } else {
    const filesystem = await filesystemOf(await nearestExisting(config.path), runner, context);
    const uuidMatches = !config.uuid || filesystem?.uuid?.toLowerCase() === config.uuid.toLowerCase();
    const labelMatches = !config.label || filesystem?.label === config.label;
    if (!filesystem || filesystem.target === '/' || !uuidMatches || !labelMatches) {
      const found = filesystem
        ? `found ${filesystem.source ?? '?'} (uuid ${filesystem.uuid ?? '-'}, label ${filesystem.label ?? '-'}) mounted at ${filesystem.target}`
        : 'findmnt found no filesystem';
      throw diskNotMounted(config, context, found);
    }
  }
  await checkWritable(config.path, context);
}

function diskNotMounted(config: LocalTargetConfig, context: TargetContext, found: string) {
  const disk = config.label ?? config.uuid ?? '';
  return targetUnavailable(
    {
      messageKey: 'backup.target.error.diskNotMounted',
      params: {
        disk,
        path: config.path,
        ...(config.uuid ? { uuid: config.uuid } : {}),
        ...(config.label ? { label: config.label } : {}),
      },
    },
    context,
    `expected disk ${disk} at ${config.path}, ${found}`,
  );
}

async function filesystemOf(
  folder: string,
  runner: CommandRunner,
  context: TargetContext,
): Promise<MountedFilesystem | null> {
  let result;
  try {
    result = await runner.run(
      ['findmnt', '--json', '--output', 'TARGET,SOURCE,UUID,LABEL', '--target', folder],
      { timeoutMs: 10_000 },
    );
  } catch (error) {
    // The runner throws only when findmnt cannot be started at all.
    if (isHausmeisterError(error))
      throw targetUnavailable({ messageKey: 'backup.target.error.findmntMissing' }, context, error.detail);
    throw error;
  }
  if (result.exitCode !== 0) return null;
  try {
    const parsed = JSON.parse(result.stdout) as { filesystems?: MountedFilesystem[] };
    return parsed.filesystems?.[0] ?? null;
  } catch {
    return null;
  }
}

async function nearestExisting(folder: string): Promise<string> {
  let current = folder;
  while (!(await exists(current))) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** A disk mounted read-only (as Linux does after filesystem errors) is found here, before any write. */
async function checkWritable(folder: string, context: TargetContext): Promise<void> {
  if (!(await exists(folder))) return;
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    throw mapFsError(error, folder, context);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function isFolder(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
