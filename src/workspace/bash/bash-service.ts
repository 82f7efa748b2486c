/**
 * The bash facility (api.md 8, 12.3): runs commands in the background, stores their records as
 * files, and publishes each record to the subscribers (the bash socket) right after its file is
 * written. For one command the records are written and published in production order:
 * `BashCommand` first, then the outputs by `order`.
 */
import { utcTimestamp } from '../../events/index.js';
import { BashServiceClosedError } from '../errors.js';
import { BashRecordStore, type BashRecordPage, type BashRecordSearch } from './bash-record-store.js';
import { DEFAULT_TIMEOUT_SECONDS, type BashCommand, type BashOutput, type BashRecord, type ExecuteBashRequest } from './bash-records.js';
import { CommandStartError, runCommand, type OutputStreamName } from './run-command.js';
import { SortableIdSource } from './sortable-id.js';

/** Receives every record once, with its JSON (built once for all subscribers). */
export type BashListener = (record: BashRecord, json: string) => void;

export interface BashServiceOptions {
  /** `config.bashEventsDir`. */
  directory: string;
  log: { error: (details: Record<string, unknown>, message: string) => void };
  /** Characters per intermediate output (api.md 8.2); tests make it small. */
  chunkChars?: number;
}

interface RunningCommand {
  abort: AbortController;
  finished: Promise<BashOutput>;
}

export class BashService {
  private readonly ids = new SortableIdSource();
  private readonly listeners = new Set<BashListener>();
  private readonly running = new Map<string, RunningCommand>();
  private closed = false;

  private constructor(
    private readonly store: BashRecordStore,
    private readonly options: BashServiceOptions,
  ) {}

  static async open(options: BashServiceOptions): Promise<BashService> {
    return new BashService(await BashRecordStore.open(options.directory), options);
  }

  /** api.md 8.3: stores and publishes the BashCommand, then runs it in the background. */
  async start(request: ExecuteBashRequest): Promise<BashCommand> {
    return (await this.launch(request)).command;
  }

  /** api.md 8.4: runs the command to its end and answers its final output (highest `order`). */
  async execute(request: ExecuteBashRequest): Promise<BashOutput> {
    return (await this.launch(request)).finished;
  }

  private async launch(request: ExecuteBashRequest): Promise<{ command: BashCommand; finished: Promise<BashOutput> }> {
    if (this.closed) throw new BashServiceClosedError();
    const command: BashCommand = {
      command: request.command,
      cwd: request.cwd ?? null,
      timeout: request.timeout ?? DEFAULT_TIMEOUT_SECONDS,
      kind: 'BashCommand',
      id: this.ids.next(),
      timestamp: utcTimestamp(),
    };
    await this.persistAndPublish(command);
    const abort = new AbortController();
    const finished = this.run(command, abort.signal).finally(() => this.running.delete(command.id));
    this.running.set(command.id, { abort, finished });
    return { command, finished };
  }

  private async run(command: BashCommand, signal: AbortSignal): Promise<BashOutput> {
    let order = 0;
    const output = (fields: Pick<BashOutput, 'exit_code' | 'stdout' | 'stderr'>): BashOutput => ({
      kind: 'BashOutput',
      id: this.ids.next(),
      timestamp: utcTimestamp(),
      command_id: command.id,
      order: order++,
      ...fields,
    });
    let final: BashOutput;
    try {
      const result = await runCommand({
        command: command.command,
        cwd: command.cwd,
        timeoutSeconds: command.timeout,
        signal,
        chunkChars: this.options.chunkChars,
        onChunk: (stream: OutputStreamName, text: string) =>
          this.persistAndPublish(output({ exit_code: null, stdout: stream === 'stdout' ? text : null, stderr: stream === 'stderr' ? text : null })),
      });
      final = output({ exit_code: result.exitCode, stdout: result.stdout || null, stderr: result.stderr || null });
    } catch (error) {
      if (!(error instanceof CommandStartError)) this.options.log.error({ err: error, commandId: command.id }, 'bash command failed');
      final = output({ exit_code: -1, stdout: null, stderr: `Error executing command: ${(error as Error).message}` });
    }
    await this.persistAndPublish(final);
    return final;
  }

  /** Persist, then publish: a subscriber never sees a record it could not read back. */
  private async persistAndPublish(record: BashRecord): Promise<void> {
    const json = JSON.stringify(record);
    let name: string;
    try {
      name = await this.store.writeFile(record, json);
    } catch (error) {
      this.options.log.error({ err: error, recordId: record.id }, 'could not store a bash record; it is not published');
      return;
    }
    // Indexing and publishing happen in one tick, so a subscriber that lists the names and
    // subscribes in one tick (`subscribeWithHistory`) sees every record exactly once.
    this.store.add(name);
    for (const listener of this.listeners) {
      try {
        listener(record, json);
      } catch (error) {
        this.options.log.error({ err: error }, 'bash subscriber failed');
      }
    }
  }

  /**
   * Subscribes to live records and returns the names of the records stored before, in search
   * order; every record is in exactly one of the two.
   */
  subscribeWithHistory(listener: BashListener): { history: string[]; unsubscribe: () => void } {
    this.listeners.add(listener);
    return { history: this.store.allNames(), unsubscribe: () => this.listeners.delete(listener) };
  }

  subscribe(listener: BashListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readRecord(name: string): Promise<BashRecord | undefined> {
    return this.store.read(name);
  }

  search(search: BashRecordSearch): Promise<BashRecordPage> {
    return this.store.search(search);
  }

  get(id: string): Promise<BashRecord | undefined> {
    return this.store.get(id);
  }

  /** api.md 8.7: records in request order, undefined for unknown ids. */
  getMany(ids: readonly string[]): Promise<(BashRecord | undefined)[]> {
    return Promise.all(ids.map((id) => this.store.get(id)));
  }

  /** api.md 8.8: running commands go on and keep writing new records. */
  clear(): Promise<number> {
    return this.store.clear();
  }

  /** Kills every running command and waits for its final record. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.running.values()];
    for (const command of running) command.abort.abort();
    await Promise.allSettled(running.map((command) => command.finished));
  }
}
