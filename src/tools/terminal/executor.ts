/**
 * Runs terminal actions in the conversation's persistent shell (agent.md 5.3). Order per call:
 * reset if asked (or if the shell died); refuse what cannot run (nothing running to read from or
 * type into, several commands, a new command while one still runs); export the secrets the command
 * names (10.3); send; wait for the prompt, the no-new-output timeout, the hard timeout or an abort;
 * build the observation with every text masked (10.4); keep the full LLM text in a file when the
 * LLM will only see part of it (5.10).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ToolExecutor } from '../define-tool.js';
import { makeObservation } from '../observation.js';
import type { Observation, ToolContext } from '../types.js';
import {
  completedSuffix,
  droppedLinesPrefix,
  exitedSuffix,
  fullOutputFile,
  hardTimeoutSuffix,
  interruptedSuffix,
  LLM_TEXT_LIMIT,
  multipleCommandsText,
  NO_RUNNING_COMMAND_FOR_INPUT,
  NO_RUNNING_COMMAND_FOR_LOGS,
  noChangeSuffix,
  notExecutedSuffix,
  PREVIOUS_OUTPUT_PREFIX,
  renderTerminalText,
  RESET_TEXT,
} from './render.js';
import type { CommandMetadata, TerminalAction } from './schema.js';
import { joinTaken, TerminalSession, type PromptInfo, type WaitOutcome } from './session.js';
import { splitCommands } from './split-commands.js';

export interface TerminalSettings {
  /** agent.md 5.3: the soft timeout, 30 s by default. */
  noChangeTimeoutSeconds: number;
  shellPath?: string;
  /** The shell's environment (the server's, plus TERM). */
  environment: Record<string, string>;
}

interface CommandResult {
  output: string;
  isError: boolean;
  metadata: CommandMetadata;
  /** The wait ended at the no-new-output or the hard timeout; the command may still run. */
  timedOut?: boolean;
}

const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTERRUPT_ATTEMPTS = 3;
const INTERRUPT_WAIT_MS = 1_000;

export class TerminalExecutor implements ToolExecutor<TerminalAction> {
  private session: TerminalSession | null = null;
  /** The last wait ended in a timeout: the command may still be running. */
  private isRunning = false;
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;

  constructor(private readonly settings: TerminalSettings) {}

  execute(action: TerminalAction, context: ToolContext): Promise<Observation> {
    const run = this.queue.then(() => this.run(action, context));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the shell at once (a waiting call returns with what it has), then lets queued calls settle. */
  async close(): Promise<void> {
    this.isClosed = true;
    const session = this.session;
    this.session = null;
    await session?.close();
    await this.queue;
  }

  private async run(action: TerminalAction, context: ToolContext): Promise<Observation> {
    const command = action.command.trim();
    if (this.isClosed) return this.finish(command, this.failure('The terminal has been closed.'), context);
    if (action.reset && action.is_input) {
      // agent.md 14 Q4: the reference throws here; we answer with an error observation.
      const message = 'Cannot use reset and is_input together. Reset the terminal first, then send your input.';
      return this.finish(command, this.failure(message), context);
    }
    if (action.reset || (this.session !== null && !this.session.isAlive)) {
      return this.resetAndRun(command, action, context);
    }
    if (context.signal.aborted) {
      return this.finish(command, this.failure('The command was not run because the run was stopped.'), context);
    }
    const session = this.session ?? (await this.startSession(context));
    return this.finish(command, await this.runCommand(session, command, action, context), context);
  }

  private async resetAndRun(command: string, action: TerminalAction, context: ToolContext): Promise<Observation> {
    await this.session?.close();
    this.session = null;
    this.isRunning = false;
    const session = await this.startSession(context);
    if (command === '') {
      const metadata = metadataFrom(session.lastPrompt, { exitCode: 0 });
      return this.finish('[RESET]', { output: RESET_TEXT, isError: false, metadata }, context);
    }
    const result = await this.runCommand(session, command, { ...action, reset: false }, context);
    return this.finish(`[RESET] ${command}`, { ...result, output: `${RESET_TEXT}\n\n${result.output}` }, context);
  }

  private async startSession(context: ToolContext): Promise<TerminalSession> {
    const session = await TerminalSession.start({
      workingDir: context.workingDir,
      shellPath: this.settings.shellPath,
      environment: this.settings.environment,
    });
    if (this.isClosed) {
      // close() ran while the shell was starting: nobody else will end this one.
      await session.close();
      throw new Error('the terminal has been closed');
    }
    this.session = session;
    return session;
  }

  private async runCommand(
    session: TerminalSession,
    command: string,
    action: TerminalAction,
    context: ToolContext,
  ): Promise<CommandResult> {
    const controlKey = /^C-([a-zA-Z])$/.exec(command)?.[1] ?? null;
    const isNewCommand = command !== '' && !action.is_input && controlKey === null;
    if (!this.isRunning) {
      if (command === '') return this.failure(NO_RUNNING_COMMAND_FOR_LOGS);
      if (action.is_input) return this.failure(NO_RUNNING_COMMAND_FOR_INPUT);
    }
    let carried: WaitOutcome | null = null;
    if (this.isRunning && isNewCommand) {
      if (!session.hasPrompt) {
        const { output, keptLines } = session.takeAvailable();
        const prefix = PREVIOUS_OUTPUT_PREFIX + droppedLinesPrefix(keptLines);
        return { ...this.failure(output), metadata: { ...this.metadata(-1), prefix, suffix: notExecutedSuffix(command) } };
      }
      // The previous command finished while nobody was reading: collect its last output first.
      carried = await session.waitForPrompt({ noChangeTimeoutMs: 0, hardTimeoutMs: 0 });
      this.isRunning = false;
    }
    if (!this.isRunning && isNewCommand) {
      const commands = splitCommands(command);
      if (commands.length > 1) return this.failure(multipleCommandsText(commands));
      await exportSecrets(session, command, context);
    }

    const isContinuation = this.isRunning;
    if (controlKey !== null) session.write(String.fromCharCode(controlKey.toUpperCase().charCodeAt(0) - 64));
    else if (command !== '') session.write(action.is_input ? `${command}\r` : `${command}\n`);
    const outcome = await session.waitForPrompt({
      noChangeTimeoutMs: action.timeout === null ? this.settings.noChangeTimeoutSeconds * 1000 : null,
      hardTimeoutMs: action.timeout === null ? null : action.timeout * 1000,
      signal: context.signal,
      sentLines: isNewCommand ? command.split('\n').length : 0,
    });
    return this.resultOf(carried ? { ...outcome, ...joinTaken([carried, outcome]) } : outcome, session, {
      controlKey,
      isContinuation,
      timeout: action.timeout,
    });
  }

  private async resultOf(
    outcome: WaitOutcome,
    session: TerminalSession,
    how: { controlKey: string | null; isContinuation: boolean; timeout: number | null },
  ): Promise<CommandResult> {
    const dropped = droppedLinesPrefix(outcome.keptLines);
    switch (outcome.kind) {
      case 'completed':
        this.isRunning = false;
        return {
          output: outcome.output,
          isError: false,
          metadata: {
            ...metadataFrom(outcome.prompt, { suffix: completedSuffix(outcome.prompt.exitCode, how.controlKey) }),
            prefix: dropped,
          },
        };
      case 'no_change_timeout':
      case 'hard_timeout': {
        this.isRunning = true;
        const suffix =
          outcome.kind === 'hard_timeout'
            ? hardTimeoutSuffix(how.timeout ?? 0)
            : noChangeSuffix(this.settings.noChangeTimeoutSeconds);
        const prefix = (how.isContinuation ? PREVIOUS_OUTPUT_PREFIX : '') + dropped;
        return { output: outcome.output, isError: false, metadata: { ...this.metadata(-1), prefix, suffix }, timedOut: true };
      }
      case 'aborted': {
        const after = await interrupt(session);
        const { output, keptLines } = joinTaken([outcome, after]);
        const prefix = droppedLinesPrefix(keptLines);
        if (after.kind === 'completed') {
          this.isRunning = false;
          return { output, isError: false, metadata: { ...metadataFrom(after.prompt, { suffix: interruptedSuffix() }), prefix } };
        }
        this.isRunning = true;
        return { output, isError: false, metadata: { ...this.metadata(-1), prefix, suffix: interruptedSuffix() } };
      }
      case 'exited':
        this.isRunning = false;
        return {
          output: outcome.output,
          isError: false,
          metadata: { ...this.metadata(outcome.exitCode), prefix: dropped, suffix: exitedSuffix(outcome.exitCode) },
        };
    }
  }

  private failure(text: string): CommandResult {
    return { output: text, isError: true, metadata: this.metadata(-1) };
  }

  private metadata(exitCode: number): CommandMetadata {
    return metadataFrom(this.session?.lastPrompt ?? null, { exitCode });
  }

  /** Masks every text, builds the observation, and saves the LLM text if the LLM will see it cut. */
  private async finish(command: string, result: CommandResult, context: ToolContext): Promise<Observation> {
    const mask = (text: string) => context.secrets.mask(text);
    const metadata: CommandMetadata = { ...result.metadata };
    for (const key of ['prefix', 'suffix', 'working_dir', 'username', 'hostname', 'py_interpreter_path'] as const) {
      const value = metadata[key];
      if (typeof value === 'string') metadata[key] = mask(value);
    }
    const output = mask(result.output.trimEnd());
    const saveDir = output !== '' && context.persistenceDir ? path.join(context.persistenceDir, 'observations') : null;
    const observation = makeObservation('TerminalObservation', {
      content: output,
      isError: result.isError,
      fields: {
        command: mask(command),
        // agent.md 14 Q12: the reference leaves these null / false (0 after a plain reset) and has
        // clients read metadata.exit_code; we fill them too, a superset of its output.
        exit_code: metadata.exit_code,
        timeout: result.timedOut === true,
        metadata,
        full_output_save_dir: saveDir,
      },
    });
    const text = renderTerminalText(observation);
    if (saveDir !== null && text.length > LLM_TEXT_LIMIT) {
      await mkdir(saveDir, { recursive: true });
      await writeFile(fullOutputFile(saveDir, text), text, 'utf8');
    }
    return observation;
  }
}

export function emptyMetadata(): CommandMetadata {
  return metadataFrom(null, { exitCode: -1 });
}

function metadataFrom(prompt: PromptInfo | null, options: { exitCode?: number; suffix?: string }): CommandMetadata {
  return {
    exit_code: options.exitCode ?? prompt?.exitCode ?? -1,
    pid: prompt?.pid ?? -1,
    username: prompt?.username ?? null,
    hostname: prompt?.hostname ?? null,
    working_dir: prompt?.workingDir ?? null,
    py_interpreter_path: prompt?.pyInterpreterPath ?? null,
    prefix: '',
    suffix: options.suffix ?? '',
  };
}

/**
 * agent.md 10.3: export the secrets a command names, in a separate command whose output is
 * dropped. Values are single-quoted so bash expands nothing in them (14 Q18).
 */
async function exportSecrets(session: TerminalSession, command: string, context: ToolContext): Promise<void> {
  const environment = await context.secrets.environmentFor(command);
  const assignments = Object.entries(environment)
    .filter(([name, value]) => ENVIRONMENT_NAME.test(name) && value !== '')
    .map(([name, value]) => `${name}='${value.replace(/'/g, `'\\''`)}'`);
  if (assignments.length > 0) await session.runHidden(`export ${assignments.join(' ')}`);
}

/** C-c until a prompt shows: a C-c that lands before bash has started the command gets lost. */
async function interrupt(session: TerminalSession): Promise<WaitOutcome> {
  let outcome: WaitOutcome = { kind: 'hard_timeout', output: '', keptLines: null };
  const outputs: WaitOutcome[] = [];
  for (let attempt = 0; attempt < INTERRUPT_ATTEMPTS && outcome.kind === 'hard_timeout'; attempt += 1) {
    session.write('\x03');
    outcome = await session.waitForPrompt({ noChangeTimeoutMs: null, hardTimeoutMs: INTERRUPT_WAIT_MS });
    outputs.push(outcome);
  }
  return { ...outcome, ...joinTaken(outputs) };
}
