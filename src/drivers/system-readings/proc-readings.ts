// Reads the state of the box for the system checks from the kernel: the real filesystems (and the
// folders the owner named) with their free space, memory, load and uptime.
import { readdir, readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import type { Filesystem, SystemReadings } from '../../capabilities/notifications/index.js';

/** Filesystems that hold data; pseudo ones (proc, tmpfs, overlay of a container…) are left out. */
const DATA_FILESYSTEMS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'f2fs',
]);

export async function readSystem(
  extraFolders: string[],
  thermalDir = '/sys/class/thermal',
): Promise<SystemReadings> {
  const [mounts, meminfo, loadavg, uptime] = await Promise.all([
    readFile('/proc/mounts', 'utf8').catch(() => ''),
    readFile('/proc/meminfo', 'utf8'),
    readFile('/proc/loadavg', 'utf8'),
    readFile('/proc/uptime', 'utf8'),
  ]);
  const folders = [
    ...mounts
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([device, , type]) => device?.startsWith('/') && DATA_FILESYSTEMS.has(type ?? ''))
      .map(([, mount]) => (mount ?? '').replace(/\\040/g, ' ')),
    ...extraFolders,
  ];
  const memory = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0) * 1024;
  const [one = 0, five = 0, fifteen = 0] = loadavg.split(' ').map(Number);
  return {
    filesystems: await filesystemsOf(folders),
    memory: { totalBytes: memory('MemTotal'), availableBytes: memory('MemAvailable') },
    load: { one, five, fifteen, cpus: os.availableParallelism() },
    uptimeSeconds: Math.floor(Number(uptime.split(' ')[0])),
    temperatures: await temperaturesIn(thermalDir),
  };
}

/** Each thermal zone's name and temperature (the kernel writes millidegrees); none without sensors. */
async function temperaturesIn(thermalDir: string): Promise<{ sensor: string; celsius: number }[]> {
  const zones = (await readdir(thermalDir).catch(() => [])).filter((name) => name.startsWith('thermal_zone'));
  const readings = await Promise.all(
    zones.map(async (zone) => {
      const [type, temp] = await Promise.all([
        readFile(path.join(thermalDir, zone, 'type'), 'utf8').catch(() => zone),
        readFile(path.join(thermalDir, zone, 'temp'), 'utf8').catch(() => ''),
      ]);
      const millidegrees = Number(temp.trim());
      return temp.trim() && Number.isFinite(millidegrees)
        ? [{ sensor: type.trim(), celsius: Math.round(millidegrees / 100) / 10 }]
        : [];
    }),
  );
  return readings.flat();
}

/** One entry per filesystem, however many of the folders lie on it (same size and free space, same fs). */
async function filesystemsOf(folders: string[]): Promise<Filesystem[]> {
  const seen = new Map<string, Filesystem>();
  for (const folder of folders) {
    const stats = await statfs(folder).catch(() => null);
    if (!stats || stats.blocks === 0) continue;
    const key = `${stats.type}:${stats.blocks}:${stats.bfree}:${stats.files}:${stats.ffree}`;
    if (seen.has(key)) continue;
    // As df counts: blocks reserved for root are neither used nor free for the owner's data.
    seen.set(key, {
      mount: folder,
      totalBytes: (stats.blocks - stats.bfree + stats.bavail) * stats.bsize,
      freeBytes: stats.bavail * stats.bsize,
    });
  }
  return [...seen.values()];
}
