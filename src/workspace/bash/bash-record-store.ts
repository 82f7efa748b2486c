/**
 * The bash record files (api.md 18.5): one file per record, named so that the name order is the
 * search order (api.md 8.5). The directory is listed once, at open; after that a sorted index of
 * names in memory answers every search, so no request scans the directory. The index changes only
 * through this store (`add`, `clear`), in the same tick as the caller's publish.
 */
import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseRecordFileName, recordFileName, type BashRecord, type BashRecordKind, type RecordFileName } from './bash-records.js';

export interface BashRecordSearch {
  kind?: BashRecordKind;
  /** Only the outputs of this command (hex id); its BashCommand is not included (api.md 8.5). */
  commandId?: string;
  /** Inclusive lower bound, as a file-name stamp. */
  stampGte?: string;
  /** Exclusive upper bound, as a file-name stamp. */
  stampLt?: string;
  descending: boolean;
  /** File name of the first record of the wanted page; unknown names restart from the first. */
  pageId?: string;
  limit: number;
}

export interface BashRecordPage {
  items: BashRecord[];
  nextPageId: string | null;
}

const TEMPORARY_PREFIX = '.';
const CLEAR_BATCH = 64;

/** First index in the sorted `names` whose value is >= `value`. */
function lowerBound(names: readonly string[], value: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (names[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(names: string[], name: string): void {
  // Records mostly arrive in name order, so appending is the common case.
  if (names.length === 0 || names[names.length - 1] < name) names.push(name);
  else names.splice(lowerBound(names, name), 0, name);
}

export class BashRecordStore {
  private readonly names: string[] = [];
  private readonly byId = new Map<string, RecordFileName>();
  private readonly outputsByCommand = new Map<string, string[]>();

  private constructor(private readonly directory: string) {}

  /** Creates the directory if needed and loads the index of its record files. */
  static async open(directory: string): Promise<BashRecordStore> {
    await mkdir(directory, { recursive: true });
    const store = new BashRecordStore(directory);
    const entries = await readdir(directory);
    const leftovers: Promise<void>[] = [];
    for (const entry of entries) {
      // A temporary file is a write that a crash interrupted; its record was never published.
      if (entry.startsWith(TEMPORARY_PREFIX)) leftovers.push(unlink(path.join(directory, entry)).catch(() => undefined));
      else store.index(entry);
    }
    await Promise.all(leftovers);
    return store;
  }

  /**
   * Writes the record's file (to a temporary name first, so a crash never leaves a half record
   * under a real name). It is not searchable until `add(name)`. The content is the record's REST
   * JSON, compact: the same text is what subscribers get, so it is built once.
   */
  async writeFile(record: BashRecord, json: string): Promise<string> {
    const name = recordFileName(record);
    const temporary = path.join(this.directory, `${TEMPORARY_PREFIX}${name}.tmp`);
    await writeFile(temporary, json);
    await rename(temporary, path.join(this.directory, name));
    return name;
  }

  /** Makes a written record searchable. */
  add(name: string): void {
    this.index(name);
  }

  private index(name: string): void {
    const parsed = parseRecordFileName(name);
    if (!parsed || this.byId.has(parsed.id)) return;
    this.byId.set(parsed.id, parsed);
    insertSorted(this.names, name);
    if (parsed.commandId !== null) {
      let outputs = this.outputsByCommand.get(parsed.commandId);
      if (!outputs) this.outputsByCommand.set(parsed.commandId, (outputs = []));
      insertSorted(outputs, name);
    }
  }

  /** The record in a file, or undefined when it is gone or unreadable (api.md 8.5 skips those). */
  async read(name: string): Promise<BashRecord | undefined> {
    try {
      return JSON.parse(await readFile(path.join(this.directory, name), 'utf8')) as BashRecord;
    } catch {
      return undefined;
    }
  }

  async get(id: string): Promise<BashRecord | undefined> {
    const entry = this.byId.get(id);
    return entry ? this.read(entry.name) : undefined;
  }

  /** Every record file name, in search order (a copy: later writes do not change it). */
  allNames(): string[] {
    return [...this.names];
  }

  async search(search: BashRecordSearch): Promise<BashRecordPage> {
    const matches = this.matchingNames(search);
    if (search.descending) matches.reverse();
    const found = search.pageId === undefined ? -1 : matches.indexOf(search.pageId);
    const start = found < 0 ? 0 : found;
    const pageNames = matches.slice(start, start + search.limit);
    const records = await Promise.all(pageNames.map((name) => this.read(name)));
    return {
      items: records.filter((record): record is BashRecord => record !== undefined),
      nextPageId: matches[start + search.limit] ?? null,
    };
  }

  private matchingNames(search: BashRecordSearch): string[] {
    if (search.commandId !== undefined && search.kind === 'BashCommand') return [];
    const candidates = search.commandId === undefined ? this.names : (this.outputsByCommand.get(search.commandId) ?? []);
    // Names start with their stamp, so the stamp bounds are a slice of the sorted list.
    const from = search.stampGte === undefined ? 0 : lowerBound(candidates, search.stampGte);
    const to = search.stampLt === undefined ? candidates.length : lowerBound(candidates, search.stampLt);
    const range = candidates.slice(from, Math.max(from, to));
    if (search.kind === undefined || search.commandId !== undefined) return range;
    const marker = `_${search.kind}_`;
    return range.filter((name) => name.includes(marker));
  }

  /** Deletes every record file; returns how many were deleted (api.md 8.8). */
  async clear(): Promise<number> {
    const names = this.names.splice(0);
    this.byId.clear();
    this.outputsByCommand.clear();
    let deleted = 0;
    for (let start = 0; start < names.length; start += CLEAR_BATCH) {
      const results = await Promise.allSettled(names.slice(start, start + CLEAR_BATCH).map((name) => unlink(path.join(this.directory, name))));
      deleted += results.filter((result) => result.status === 'fulfilled').length;
    }
    return deleted;
  }
}
