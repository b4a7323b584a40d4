// A real USB-like disk for tests: an ext4 image with a label, loop-mounted at a temp folder (root only).
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

/** A reason to skip, or false when loop disks can be made here. */
export function loopDiskSkip(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to mount a loop disk';
  if (!existsSync('/usr/sbin/mkfs.ext4')) return 'mkfs.ext4 (e2fsprogs) is not installed';
  return false;
}

export async function createLoopDisk(options: { sizeMiB?: number; label?: string } = {}): Promise<LoopDisk> {
  const runner = createCommandRunner({ defaultTimeoutMs: 30_000 });
  const label = options.label ?? `HM${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'hm-loop-disk-'));
  const image = path.join(dir, 'disk.img');
  const mountPoint = path.join(dir, 'mnt');
  let mounted = false;

  const unmount = async () => {
    if (mounted) await runner.runChecked(['umount', mountPoint]);
    mounted = false;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await mkdir(mountPoint);
    await runner.runChecked(['truncate', '-s', `${options.sizeMiB ?? 64}M`, image]);
    // -m 0: no blocks reserved for root, so "full" means full for the (root) test too.
    await runner.runChecked(['mkfs.ext4', '-q', '-F', '-m', '0', '-L', label, image]);
    // A loop mount frees its loop device on umount (autoclear), so nothing is left behind.
    await runner.runChecked(['mount', '-o', 'loop', image, mountPoint]);
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
