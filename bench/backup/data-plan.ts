// The benchmark data set as a pure function of (seed, size): folders, files, sizes, content kinds, mtimes.
import { createHash } from 'node:crypto';

export type DataSize = 'small' | 'full';
/** `text`: words from a fixed vocabulary; `random`: incompressible; `mixed`: alternating 1 MiB blocks. */
export type ContentKind = 'text' | 'random' | 'mixed';

export interface PlannedFile {
  /** Relative path with `/` separators. */
  path: string;
  size: number;
  content: ContentKind;
  /** Seconds since the epoch, whole seconds so every tool can keep it exactly. */
  mtime: number;
  role: 'small' | 'medium' | 'large';
}

export interface DataPlan {
  seed: number;
  size: DataSize;
  folders: string[];
  files: PlannedFile[];
  totalBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

interface SizeProfile {
  smallFiles: number;
  mediumFiles: number;
  largeFiles: number;
  largeBytes: number;
  folders: number;
}

// `small` is the full set scaled to a tenth in count and in the large files, for a quick end-to-end check.
const PROFILES: Record<DataSize, SizeProfile> = {
  full: { smallFiles: 20_000, mediumFiles: 200, largeFiles: 3, largeBytes: 200 * MiB, folders: 300 },
  small: { smallFiles: 2_000, mediumFiles: 20, largeFiles: 3, largeBytes: 20 * MiB, folders: 60 },
};

/** A fixed point in time, so the mtimes (and with them the tools' change detection) are reproducible. */
export const BASE_MTIME = 1_700_000_000;
/** What mutated files get: later than every generated file, so every tool sees them as changed. */
export const MUTATION_MTIME = BASE_MTIME + 86_400;
const MTIME_SPREAD_S = 2 * 365 * 86_400;

/** splitmix32 (the murmur3 finalizer over a Weyl sequence): tiny, fast, good enough for layout decisions. */
export class Prng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed | 0 : seedFromText(seed);
  }

  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  fraction(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.fraction() * (max - min + 1));
  }

  /** Log-uniform integer in [min, max]: many small values, few large, as file sizes are. */
  logInt(min: number, max: number): number {
    return Math.min(max, Math.floor(min * Math.pow(max / min, this.fraction())));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.fraction() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

export function seedFromText(text: string): number {
  return createHash('sha256').update(text).digest().readInt32LE(0);
}

const SYLLABLES = [
  'ka', 'ro', 'mi', 'sen', 'tal', 'ber', 'gu', 'lin', 'da', 'fo', 'ne', 'stra', 'ul', 'pe', 'hau', 'mei',
  'ter', 'an', 'do', 'ri', 'vek', 'so', 'lu', 'zet', 'wa', 'char', 'ti', 'mon', 'el', 'bra', 'ko', 'sil',
]; // prettier-ignore

/** The fixed vocabulary of the text-like content (the same for every seed), most frequent word first. */
export const VOCABULARY: readonly string[] = buildVocabulary(2048);

function buildVocabulary(count: number): string[] {
  const random = new Prng('hausmeister-bench-vocabulary');
  const words = new Set<string>();
  while (words.size < count) {
    let word = '';
    const syllables = random.int(1, 4);
    for (let i = 0; i < syllables; i++) word += random.pick(SYLLABLES);
    words.add(word);
  }
  return [...words];
}

export const TEXT_EXTENSIONS: readonly string[] = [
  'txt',
  'md',
  'csv',
  'json',
  'log',
  'html',
  'xml',
  'ts',
  'conf',
  'ics',
];
const BINARY_EXTENSIONS = ['jpg', 'png', 'zip', 'gz', 'pdf', 'mp3', 'bin', 'dat', 'heic', 'ogg'];
const TOP_FOLDERS = ['documents', 'photos', 'music', 'projects', 'mail', 'downloads', 'videos', 'archive'];
const FOLDER_WORDS = VOCABULARY.slice(0, 400);

export function planData(seed: number, size: DataSize): DataPlan {
  const profile = PROFILES[size];
  const random = new Prng(seed);
  const folders = planFolders(random, profile.folders);
  const files: PlannedFile[] = [];
  const taken = new Set<string>();
  const mtime = (): number => BASE_MTIME - random.int(0, MTIME_SPREAD_S);

  for (let i = 0; i < profile.smallFiles; i++) {
    // Half and half, alternating, so every slice of the list has both kinds.
    const content: ContentKind = i % 2 === 0 ? 'text' : 'random';
    const folder = random.pick(folders);
    const filePath = uniqueName(random, taken, folder, content);
    files.push({
      path: filePath,
      size: random.logInt(KiB, 64 * KiB),
      content,
      mtime: mtime(),
      role: 'small',
    });
  }
  for (let i = 0; i < profile.mediumFiles; i++) {
    const content: ContentKind = i % 2 === 0 ? 'text' : 'random';
    const folder = random.pick(folders);
    const filePath = uniqueName(random, taken, folder, content);
    files.push({
      path: filePath,
      size: random.logInt(MiB, 10 * MiB),
      content,
      mtime: mtime(),
      role: 'medium',
    });
  }
  folders.push('vm-images');
  for (let i = 1; i <= profile.largeFiles; i++) {
    // Not a round number of MiB, so the last block is a partial one as in real disk images.
    const bytes = profile.largeBytes + random.int(0, MiB - 1);
    files.push({
      path: `vm-images/disk-${i}.img`,
      size: bytes,
      content: 'mixed',
      mtime: mtime(),
      role: 'large',
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  folders.sort();
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return { seed, size, folders, files, totalBytes };
}

/** A random tree: the top folders, then children added below random folders up to four levels deep. */
function planFolders(random: Prng, count: number): string[] {
  const folders = [...TOP_FOLDERS];
  const names = new Set(folders);
  while (folders.length < count) {
    const parent = random.pick(folders);
    if (parent.split('/').length >= 4) continue;
    const child = `${parent}/${random.pick(FOLDER_WORDS)}${random.int(0, 9) === 0 ? `-${random.int(2010, 2025)}` : ''}`;
    if (names.has(child)) continue;
    names.add(child);
    folders.push(child);
  }
  return folders;
}

function uniqueName(random: Prng, taken: Set<string>, folder: string, content: ContentKind): string {
  const extension = random.pick(content === 'text' ? TEXT_EXTENSIONS : BINARY_EXTENSIONS);
  for (;;) {
    const stem = `${random.pick(VOCABULARY)}-${random.pick(VOCABULARY)}`;
    const number = random.int(0, 3) === 0 ? `-${random.int(1, 999)}` : '';
    const candidate = `${folder}/${stem}${number}.${extension}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

export function describePlan(plan: DataPlan): string {
  const count = (role: PlannedFile['role']): number => plan.files.filter((file) => file.role === role).length;
  const gib = (plan.totalBytes / 1024 ** 3).toFixed(2);
  return (
    `${plan.files.length} files in ${plan.folders.length} folders, ${gib} GiB (seed ${plan.seed}, size ${plan.size}): ` +
    `${count('small')} small 1–64 KiB, ${count('medium')} medium 1–10 MiB (half text-like, half random), ` +
    `${count('large')} large (alternating random and text-like 1 MiB blocks)`
  );
}
