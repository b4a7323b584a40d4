// Lists the mounted filesystems a backup could go to (USB disks and other data disks), from findmnt:
// never the system disk's own filesystems, pseudo filesystems or read-only media.
import type { CommandRunner } from '../command-runner/command-runner.js';

export interface MountedDisk {
  mountpoint: string;
  uuid: string | null;
  label: string | null;
  fstype: string;
  sizeBytes: number;
  availableBytes: number;
}

interface FindmntNode {
  target: string;
  uuid?: string | null;
  label?: string | null;
  fstype?: string;
  size?: number | string;
  avail?: number | string;
  options?: string;
  children?: FindmntNode[];
}

const DISK_FILESYSTEMS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'f2fs',
]);
const SYSTEM_MOUNTS = ['/', '/boot', '/boot/efi', '/usr', '/var', '/home', '/opt', '/srv', '/tmp'];

export async function listMountedDisks(runner: CommandRunner): Promise<MountedDisk[]> {
  const result = await runner.runChecked(
    ['findmnt', '--json', '--real', '--bytes', '--output', 'TARGET,UUID,LABEL,FSTYPE,SIZE,AVAIL,OPTIONS'],
    { timeoutMs: 10_000 },
  );
  const parsed = JSON.parse(result.stdout || '{"filesystems":[]}') as { filesystems?: FindmntNode[] };
  const flat: FindmntNode[] = [];
  const walk = (nodes: FindmntNode[]) => {
    for (const node of nodes) {
      flat.push(node);
      walk(node.children ?? []);
    }
  };
  walk(parsed.filesystems ?? []);
  return flat
    .filter(
      (n) =>
        DISK_FILESYSTEMS.has(n.fstype ?? '') &&
        !SYSTEM_MOUNTS.includes(n.target) &&
        Boolean(n.uuid || n.label) &&
        !(n.options ?? '').split(',').includes('ro'),
    )
    .map((n) => ({
      mountpoint: n.target,
      uuid: n.uuid ?? null,
      label: n.label ?? null,
      fstype: n.fstype ?? '',
      sizeBytes: Number(n.size ?? 0),
      availableBytes: Number(n.avail ?? 0),
    }));
}
