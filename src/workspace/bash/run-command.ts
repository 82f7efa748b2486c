/**
 * Runs one shell command (api.md 8.2): `/bin/sh -c` in its own process group, stdout and stderr
 * read concurrently and cut into chunks, then the exit status.
 *
 * Sequence on timeout: SIGTERM to the whole group (the command and everything it started), SIGKILL
 * one second later, and if a process that left the group still holds the pipes open, the pipes are
 * closed one second after that, so the command always ends.
 *
 * Memory stays bounded however much a command prints: a stream is paused while its chunk is being
 * handed on (`onChunk`), so at most one chunk plus one read waits per stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { CHUNK_CHARS, OutputChunker } from './output-chunker.js';

export type OutputStreamName = 'stdout' | 'stderr';

export interface RunCommandOptions {
  command: string;
  /** Working directory; null runs in the server's. */
  cwd: string | null;
  timeoutSeconds: number;
  /**
   * Receives full chunks in production order; the next chunk waits until this one resolves. A
   * rejection ends the run with that error once the process is gone.
   */
  onChunk: (stream: OutputStreamName, text: string) => Promise<void>;
  /** Aborting kills the command at once (server shutdown). */
  signal?: AbortSignal;
  chunkChars?: number;
}

export interface CommandResult {
  /** The exit status; -1 after a timeout or an abort; minus the signal number when killed. */
  exitCode: number;
  /** Output not yet handed to `onChunk`. */
  stdout: string;
  stderr: string;
}

/** The command could not be started at all (api.md 8.2 item 5). */
export class CommandStartError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CommandStartError';
  }
}

const KILL_GRACE_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

async function checkWorkingDirectory(cwd: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(cwd)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandStartError(code === 'ENOENT' ? `No such file or directory: '${cwd}'` : (error as Error).message);
  }
  // spawn would report a bad cwd as "spawn /bin/sh ENOENT", which names the wrong thing.
  if (!isDirectory) throw new CommandStartError(`Not a directory: '${cwd}'`);
}

function startProcess(options: RunCommandOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', options.command], {
      cwd: options.cwd ?? undefined,
      detached: true, // its own process group, so a timeout reaches the command's children too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.once('error', (error) => reject(new CommandStartError(error.message)));
    child.once('spawn', () => {
      // Later 'error' events can only concern signals sent to a process that already exited.
      child.on('error', () => undefined);
      resolve(child);
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export async function runCommand(options: RunCommandOptions): Promise<CommandResult> {
  if (options.cwd !== null) await checkWorkingDirectory(options.cwd);
  const child = await startProcess(options);
  const stdout = child.stdout!;
  const stderr = child.stderr!;
  const chunkers = { stdout: new OutputChunker(options.chunkChars ?? CHUNK_CHARS), stderr: new OutputChunker(options.chunkChars ?? CHUNK_CHARS) };

  // One chain for both streams keeps chunks in production order.
  let handOff: Promise<void> = Promise.resolve();
  const read = (name: OutputStreamName, stream: Readable) => {
    stream.on('data', (bytes: Buffer) => {
      const chunks = chunkers[name].push(bytes);
      if (chunks.length === 0) return;
      stream.pause();
      for (const chunk of chunks) handOff = handOff.then(() => options.onChunk(name, chunk));
      const resume = () => stream.resume();
      handOff.then(resume, resume);
    });
  };
  read('stdout', stdout);
  read('stderr', stderr);

  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; wasStopped: boolean }>((resolve) => {
    child.once('close', (code, signal) => {
      // A timeout that falls while the last chunks are still being handed off changes nothing.
      for (const timer of timers) clearTimeout(timer);
      resolve({ code, signal, wasStopped: stopped });
    });
  });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    signalGroup(child, 'SIGTERM');
    timers.push(setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS));
    timers.push(
      setTimeout(() => {
        stdout.destroy();
        stderr.destroy();
      }, 2 * KILL_GRACE_MS),
    );
  };
  const abort = () => {
    stop();
    signalGroup(child, 'SIGKILL');
  };
  timers.push(setTimeout(stop, Math.min(Math.max(options.timeoutSeconds, 0) * 1000, MAX_TIMER_MS)));
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });

  try {
    const { code, signal, wasStopped } = await closed;
    await handOff;
    const exitCode = wasStopped ? -1 : code ?? -(constants.signals[signal ?? 'SIGKILL'] ?? 1);
    return { exitCode, stdout: chunkers.stdout.finish(), stderr: chunkers.stderr.finish() };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}
