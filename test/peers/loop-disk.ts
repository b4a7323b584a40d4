// A real USB-like disk for tests: an ext4 image with a label, loop-mounted at a temp folder (root only);
// or an exFAT one, as most USB sticks come, mounted through exfat-fuse (the kernel here has no exFAT).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCommandRunner } from '../../src/drivers/command-runner/command-runner.js';

export interface LoopDisk {
  /** Where the disk is mounted. */
  path: string;
  uuid: string;
  label: string;
  /** Unmounts (which frees the loop device) and deletes the image. Idempotent. */
  unmount(): Promise<void>;
}

export type LoopDiskFilesystem = 'ext4' | 'exfat';

/** A reason to skip, or false when loop disks can be made here. */
export function loopDiskSkip(filesystem: LoopDiskFilesystem = 'ext4'): string | false {
  if (process.getuid?.() !== 0) return 'needs root to mount a loop disk';
  if (filesystem === 'ext4' && !existsSync('/usr/sbin/mkfs.ext4'))
    return 'mkfs.ext4 (e2fsprogs) is not installed';
  if (
    filesystem === 'exfat' &&
    !(existsSync('/usr/sbin/mkfs.exfat') && existsSync('/usr/sbin/mount.exfat-fuse'))
  )
    return 'mkfs.exfat or mount.exfat-fuse (exfatprogs, exfat-fuse) is not installed';
  if (filesystem === 'exfat' && !existsSync('/dev/fuse')) return 'no /dev/fuse here for exfat-fuse';
  return false;
}

export async function createLoopDisk(
  options: { sizeMiB?: number; label?: string; filesystem?: LoopDiskFilesystem } = {},
): Promise<LoopDisk> {
  const runner = createCommandRunner({ defaultTimeoutMs: 30_000 });
  const label = options.label ?? `HM${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'hm-loop-disk-'));
  const image = path.join(dir, 'disk.img');
  const mountPoint = path.join(dir, 'mnt');
  let mounted = false;
  let loopDevice: string | null = null;

  const unmount = async () => {
    if (mounted) await runner.runChecked(['umount', mountPoint]);
    mounted = false;
    if (loopDevice) await runner.runChecked(['losetup', '--detach', loopDevice]);
    loopDevice = null;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await mkdir(mountPoint);
    await runner.runChecked(['truncate', '-s', `${options.sizeMiB ?? 64}M`, image]);
    if (options.filesystem === 'exfat') {
      await runner.runChecked(['mkfs.exfat', '-L', label, image]);
      // FUSE wants a block device: a loop device of its own, detached again on unmount.
      loopDevice = (await runner.runChecked(['losetup', '--find', '--show', image])).stdout.trim();
      await mountExfat(loopDevice, mountPoint);
    } else {
      // -m 0: no blocks reserved for root, so "full" means full for the (root) test too.
      await runner.runChecked(['mkfs.ext4', '-q', '-F', '-m', '0', '-L', label, image]);
      // A loop mount frees its loop device on umount (autoclear), so nothing is left behind.
      await runner.runChecked(['mount', '-o', 'loop', image, mountPoint]);
    }
    mounted = true;
    const found = await runner.runChecked([
      'findmnt',
      '--json',
      '--output',
      'UUID',
      '--mountpoint',
      mountPoint,
    ]);
    const uuid = (JSON.parse(found.stdout) as { filesystems: { uuid: string }[] }).filesystems[0]?.uuid;
    if (!uuid) throw new Error(`findmnt found no UUID for ${mountPoint}`);
    return { path: mountPoint, uuid, label, unmount };
  } catch (error) {
    await unmount().catch(() => undefined);
    throw error;
  }
}

/**
 * The FUSE driver stays behind as a daemon holding the output pipes it was started with, so a runner
 * that waits for its output would wait until the disk is unmounted: it starts with no output at all.
 */
function mountExfat(device: string, mountPoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mount.exfat-fuse', [device, mountPoint], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mount.exfat-fuse ${device} exited with ${code}`)),
    );
  });
}
