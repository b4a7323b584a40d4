// The one render → validate → write atomically → (apply) → roll back sequence for sets of config files.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

export interface ConfigFile {
  path: string;
  content: string;
  mode: number;
}

export interface ConfigChange {
  changed: boolean;
  /** Puts the previous contents back (removes files that did not exist before). */
  rollback(): Promise<void>;
}

/**
 * Validates `files` in a staging folder beside the first file (so the checker sees the same layout),
 * then writes them atomically. `validate` gets the staging folder and throws if the program refuses it;
 * nothing in place is touched until validation passed.
 */
export async function writeConfigFiles(
  files: readonly ConfigFile[],
  validate?: (stagingDir: string) => Promise<void>,
): Promise<ConfigChange> {
  const previous = await Promise.all(files.map((f) => readFile(f.path, 'utf8').catch(() => null)));
  if (files.every((f, i) => previous[i] === f.content)) return { changed: false, rollback: async () => {} };

  const first = files[0];
  if (validate && first) {
    const stagingDir = path.join(path.dirname(first.path), '.staging');
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true, mode: 0o700 });
    try {
      for (const file of files)
        await writeFileAtomic(path.join(stagingDir, path.basename(file.path)), file.content, file.mode);
      await validate(stagingDir);
    } finally {
      await rm(stagingDir, { recursive: true, force: true });
    }
  }

  for (const file of files) await writeFileAtomic(file.path, file.content, file.mode);
  return {
    changed: true,
    async rollback() {
      for (const [i, file] of files.entries()) {
        const old = previous[i];
        if (old === null || old === undefined) await rm(file.path, { force: true });
        else await writeFileAtomic(file.path, old, file.mode);
      }
    },
  };
}
