/**
 * A bounded, read-only walk over the files under a directory for glob and grep when ripgrep is not
 * installed. Hidden entries are skipped (as ripgrep does), symlinked directories are not followed,
 * and the walk stops after `maxEntries` directory entries so a huge tree cannot stall a step.
 */
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface WalkOptions {
  maxEntries?: number;
  signal?: AbortSignal;
}

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the root, `/`-separated. */
  relative: string;
}

export const DEFAULT_MAX_WALK_ENTRIES = 100_000;

export async function* walkFiles(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_WALK_ENTRIES;
  let visited = 0;
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relativeDir = pending.shift()!;
    let directory;
    try {
      directory = await opendir(path.join(root, relativeDir));
    } catch {
      continue; // unreadable directory: skipped, like `rg` and `grep -r` do
    }
    const children: string[] = [];
    for await (const entry of directory) {
      visited += 1;
      if (visited > maxEntries || options.signal?.aborted) return;
      if (entry.name.startsWith('.')) continue;
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) children.push(relative);
      else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path.join(root, relative))))) {
        yield { path: path.join(root, relative), relative };
      }
    }
    pending.push(...children.sort());
  }
}

async function isFile(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isFile();
  } catch {
    return false;
  }
}

/** Paths sorted newest first (ties by name), as ripgrep's `--sortr=modified` lists them. */
export function newestFirst(matches: { file: string; modifiedMs: number }[]): string[] {
  return matches
    .sort((left, right) => right.modifiedMs - left.modifiedMs || left.file.localeCompare(right.file))
    .map((match) => match.file);
}

export async function modifiedMs(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

export async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}
