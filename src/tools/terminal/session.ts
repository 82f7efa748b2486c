/**
 * One interactive bash in a pseudo-terminal (node-pty), the shell behind the terminal tool
 * (agent.md 5.3). After every command, bash's PROMPT_COMMAND prints a block between two markers
 * that carry a random nonce: exit code, last background pid, user, host, working directory and
 * python path. A command is complete when such a block arrives; everything before it is output.
 *
 * Terminal settings: input echo is off (`stty -echo`, and readline then echoes nothing either),
 * readline stays on so lines longer than the kernel's 4096-byte canonical limit still get through,
 * tab completion and bracketed paste are off so command text is taken literally.
 */
import { randomBytes } from 'node:crypto';
import pty, { type IPty } from 'node-pty';
import { cleanTerminalOutput } from './clean-output.js';

export interface PromptInfo {
  exitCode: number;
  pid: number;
  username: string | null;
  hostname: string | null;
  workingDir: string | null;
  pyInterpreterPath: string | null;
}

/** Output handed back once. */
export interface TakenOutput {
  output: string;
  /**
   * Set when the start of the output was dropped (over 10,000 lines, agent.md 5.3 step 9): how many
   * lines are kept. The executor says so in `metadata.prefix` (step 8), never in the output itself.
   */
  keptLines: number | null;
}

export type WaitOutcome = TakenOutput &
  (
    | { kind: 'completed'; prompt: PromptInfo }
    | { kind: 'no_change_timeout' | 'hard_timeout' | 'aborted' }
    | { kind: 'exited'; exitCode: number }
  );

export interface WaitOptions {
  /** Return when nothing new arrived for this long (null: never). */
  noChangeTimeoutMs: number | null;
  /** Return when this much time has passed (null: never). */
  hardTimeoutMs: number | null;
  signal?: AbortSignal;
  /** Lines of command text just sent: readline prints one newline per accepted line. */
  sentLines?: number;
}

export interface TerminalSessionOptions {
  workingDir: string;
  shellPath?: string;
  environment: Record<string, string>;
  /** How long to wait for the first prompt. */
  startTimeoutMs?: number;
}

/** agent.md 5.3 step 9: the reference keeps 10,000 lines of history. */
export const HISTORY_LINE_LIMIT = 10_000;
const RAW_CHARACTER_LIMIT = 8 * 1024 * 1024;

export class TerminalSession {
  private raw = '';
  private scanFrom = 0;
  private hasDroppedOutput = false;
  private exitCode: number | null = null;
  private latestPrompt: PromptInfo | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly beginMarker: string;
  private readonly endMarker: string;

  private constructor(
    private readonly shell: IPty,
    nonce: string,
  ) {
    this.beginMarker = `###OHTS-${nonce}-BEGIN###`;
    this.endMarker = `###OHTS-${nonce}-END###`;
    shell.onData((chunk) => this.receive(chunk));
    shell.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      this.notify();
    });
  }

  static async start(options: TerminalSessionOptions): Promise<TerminalSession> {
    const nonce = randomBytes(8).toString('hex');
    const shell = pty.spawn(options.shellPath ?? 'bash', ['--norc', '--noprofile', '-i'], {
      name: 'xterm-256color',
      cols: 250,
      rows: 50,
      cwd: options.workingDir,
      env: options.environment,
    });
    const session = new TerminalSession(shell, nonce);
    shell.write(`${initScript(nonce)}\n`);
    const outcome = await session.waitForPrompt({
      noChangeTimeoutMs: null,
      hardTimeoutMs: options.startTimeoutMs ?? 10_000,
    });
    if (outcome.kind !== 'completed') {
      session.kill();
      throw new Error(`the shell did not start (${outcome.kind}): ${outcome.output.slice(-500)}`);
    }
    return session;
  }

  /** The block of the last completed command (working directory, user, ...). */
  get lastPrompt(): PromptInfo | null {
    return this.latestPrompt;
  }

  get isAlive(): boolean {
    return this.exitCode === null;
  }

  /** True when a prompt block is waiting in the buffer (the running command has finished). */
  get hasPrompt(): boolean {
    return this.raw.includes(this.endMarker);
  }

  write(data: string): void {
    if (this.isAlive) this.shell.write(data);
  }

  /**
   * Waits until the running command ends, a timeout passes, the signal aborts or the shell exits,
   * and returns the output not returned before.
   */
  async waitForPrompt(options: WaitOptions): Promise<WaitOutcome> {
    const startedAt = Date.now();
    let lastChangeAt = startedAt;
    let seenLength = this.raw.length;
    for (;;) {
      const completed = this.takeCompleted(options.sentLines ?? 0);
      if (completed) return completed;
      const sentLines = options.sentLines ?? 0;
      if (!this.isAlive) return { kind: 'exited', ...this.takeAll(sentLines), exitCode: this.exitCode ?? -1 };
      if (options.signal?.aborted) return { kind: 'aborted', ...this.takeAll(sentLines) };
      const now = Date.now();
      if (this.raw.length !== seenLength) {
        seenLength = this.raw.length;
        lastChangeAt = now;
      }
      const deadlines: number[] = [];
      if (options.hardTimeoutMs !== null) deadlines.push(startedAt + options.hardTimeoutMs);
      if (options.noChangeTimeoutMs !== null) deadlines.push(lastChangeAt + options.noChangeTimeoutMs);
      const deadline = Math.min(...deadlines);
      if (now >= deadline) {
        const isHard = options.hardTimeoutMs !== null && now >= startedAt + options.hardTimeoutMs;
        return { kind: isHard ? 'hard_timeout' : 'no_change_timeout', ...this.takeAll(sentLines) };
      }
      await this.nextChange(Number.isFinite(deadline) ? deadline - now : 1_000, options.signal);
    }
  }

  /** Runs a command whose output nobody sees (exporting secrets); waits for its prompt. */
  async runHidden(command: string, timeoutMs = 10_000): Promise<void> {
    this.write(`${command}\n`);
    const outcome = await this.waitForPrompt({ noChangeTimeoutMs: null, hardTimeoutMs: timeoutMs });
    if (outcome.kind !== 'completed') throw new Error(`a setup command did not finish (${outcome.kind})`);
  }

  /** Output received so far and not yet returned, without waiting (keeps a partial prompt block). */
  takeAvailable(): TakenOutput {
    return this.takeAll(0);
  }

  /** SIGHUP first (bash passes it on to its jobs), SIGKILL if bash is still there a second later. */
  async close(): Promise<void> {
    for (const signal of ['SIGHUP', 'SIGKILL'] as const) {
      if (!this.isAlive) return;
      const exited = new Promise<void>((resolve) => this.listeners.add(resolve));
      this.kill(signal);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
  }

  private kill(signal: 'SIGHUP' | 'SIGKILL' = 'SIGKILL'): void {
    try {
      this.shell.kill(signal);
    } catch {
      // already gone
    }
  }

  private receive(chunk: string): void {
    this.raw += chunk;
    if (this.raw.length > RAW_CHARACTER_LIMIT) {
      // Keep the newest half; the prompt block, if any, is at the end.
      const cut = this.raw.indexOf('\n', this.raw.length - RAW_CHARACTER_LIMIT / 2);
      this.raw = this.raw.slice(cut === -1 ? this.raw.length - RAW_CHARACTER_LIMIT / 2 : cut + 1);
      this.scanFrom = 0;
      this.hasDroppedOutput = true;
    }
    this.notify();
  }

  private notify(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }

  private nextChange(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
      this.listeners.add(done);
    });
  }

  /** Consumes every complete prompt block; the output segments between them are joined (5.3 step 8). */
  private takeCompleted(sentLines: number): WaitOutcome | null {
    const endAt = this.raw.indexOf(this.endMarker, Math.max(0, this.scanFrom - this.endMarker.length));
    if (endAt === -1) {
      this.scanFrom = this.raw.length;
      return null;
    }
    const segments: string[] = [];
    let prompt: PromptInfo | null = null;
    let rest = this.raw;
    for (let end = rest.indexOf(this.endMarker); end !== -1; end = rest.indexOf(this.endMarker)) {
      const begin = rest.lastIndexOf(this.beginMarker, end);
      const blockEnd = end + this.endMarker.length;
      if (begin !== -1) {
        segments.push(rest.slice(0, begin));
        prompt = parsePrompt(rest.slice(begin + this.beginMarker.length, end));
      }
      rest = rest.slice(blockEnd).replace(/^\r?\n/, '');
    }
    this.raw = rest;
    this.scanFrom = 0;
    if (prompt) this.latestPrompt = prompt;
    const cleaned = segments.map((segment) => cleanTerminalOutput(segment));
    if (cleaned.length > 0) cleaned[cleaned.length - 1] = dropLeadingNewlines(cleaned[cleaned.length - 1], sentLines);
    const taken = this.limitLines(
      cleaned
        .map((segment) => segment.trimEnd())
        .filter((segment) => segment !== '')
        .join('\n'),
    );
    return { kind: 'completed', ...taken, prompt: prompt ?? emptyPrompt() };
  }

  private takeAll(sentLines: number): TakenOutput {
    // A block cut in the middle stays for the next read.
    const begin = this.raw.lastIndexOf(this.beginMarker);
    const keepFrom = begin === -1 ? this.raw.length : Math.max(0, this.raw.lastIndexOf('\n', begin - 1));
    const taken = this.raw.slice(0, keepFrom);
    this.raw = this.raw.slice(keepFrom);
    this.scanFrom = 0;
    return this.limitLines(dropLeadingNewlines(cleanTerminalOutput(taken), sentLines).trimEnd());
  }

  /** Keeps the last 10,000 lines, as the reference's screen history does (5.3 step 9). */
  private limitLines(output: string): TakenOutput {
    const lines = output.split('\n');
    if (!this.hasDroppedOutput && lines.length <= HISTORY_LINE_LIMIT) return { output, keptLines: null };
    this.hasDroppedOutput = false;
    const kept = lines.slice(-HISTORY_LINE_LIMIT);
    return { output: kept.join('\n'), keptLines: kept.length };
  }
}

/**
 * Outputs taken one after the other, as one. Parts before the last cut one are left out: they
 * precede lines that were dropped, so what is shown stays the unbroken end of the output.
 */
export function joinTaken(parts: readonly TakenOutput[]): TakenOutput {
  let lastCut = -1;
  parts.forEach((part, index) => {
    if (part.keptLines !== null) lastCut = index;
  });
  const output = parts
    .slice(Math.max(0, lastCut))
    .map((part) => part.output)
    .filter((text) => text !== '')
    .join('\n');
  return { output, keptLines: lastCut === -1 ? null : output.split('\n').length };
}

function initScript(nonce: string): string {
  // `$?` must be read first; printf fields, one per line: exit code, pid, user, host, cwd, python.
  const prompt =
    '__ohts_prompt() { local code=$?; stty -echo 2>/dev/null; ' +
    `printf '\\n###OHTS-%s-BEGIN###\\n%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n' ` +
    '"$__ohts_nonce" "$code" "${!:--1}" "$__ohts_user" "${HOSTNAME%%.*}" "$PWD" "$(command -v python 2>/dev/null)"; }';
  return [
    'stty -echo 2>/dev/null',
    'set +H',
    'unset HISTFILE',
    "bind 'set enable-bracketed-paste off' 2>/dev/null",
    "bind 'set disable-completion on' 2>/dev/null",
    "bind 'set echo-control-characters off' 2>/dev/null",
    // The end marker is the prompt itself: readline prints it only after switching the terminal to
    // its own (non-canonical) mode, so a command written once it is seen is never cut at 4096 bytes.
    // Built from the variable so the echo of this very line never contains the marker.
    `__ohts_nonce='${nonce}'`,
    'PS1="###OHTS-${__ohts_nonce}-END###\\n"',
    "PS2=''",
    '__ohts_user=$(id -un 2>/dev/null || whoami)',
    prompt,
    'PROMPT_COMMAND=__ohts_prompt',
  ].join('; ');
}

function parsePrompt(block: string): PromptInfo {
  const [exitCode, pid, username, hostname, workingDir, pyInterpreterPath] = block
    .replace(/\r/g, '')
    .replace(/^\n/, '')
    .split('\n');
  const toInt = (text: string | undefined) => {
    const value = Number.parseInt(text ?? '', 10);
    return Number.isFinite(value) ? value : -1;
  };
  return {
    exitCode: toInt(exitCode),
    pid: toInt(pid),
    username: username || null,
    hostname: hostname || null,
    workingDir: workingDir || null,
    pyInterpreterPath: pyInterpreterPath ?? '',
  };
}

function emptyPrompt(): PromptInfo {
  return { exitCode: -1, pid: -1, username: null, hostname: null, workingDir: null, pyInterpreterPath: null };
}

function dropLeadingNewlines(text: string, count: number): string {
  let index = 0;
  while (index < count && text[index] === '\n') index += 1;
  return text.slice(index);
}
