/**
 * The terminal's texts (agent.md 5.3). The LLM reads the observation as
 * `[error header] prefix + output + suffix`, then the working directory, python interpreter and
 * exit code lines; that text is cut to 30,000 characters (agent.md 5.10), the full text being in
 * `<full_output_save_dir>/bash_output_<sha256[:8]>.txt`, written by the executor.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ERROR_HEADER, observationText, textContent } from '../observation.js';
import { maybeTruncate } from '../truncate.js';
import type { ContentItem, Json, Observation } from '../types.js';

export const LLM_TEXT_LIMIT = 30_000;

export const RESET_TEXT =
  'Terminal session has been reset. All previous environment variables and session state have been cleared.';
export const NO_RUNNING_COMMAND_FOR_LOGS = 'No previous running command to retrieve logs from.';
export const NO_RUNNING_COMMAND_FOR_INPUT = 'No previous running command to interact with.';
export const PREVIOUS_OUTPUT_PREFIX = '[Below is the output of the previous command.]\n';

/** agent.md 5.3 step 8: the note for output whose beginning was dropped ('' when nothing was). */
export function droppedLinesPrefix(keptLines: number | null): string {
  return keptLines === null ? '' : `[Previous command outputs are truncated. Showing the last ${keptLines} lines of the output below.]\n`;
}

const WHAT_NOW =
  'The command may still be running. To see more of its output, send an empty command. ' +
  'To interrupt or stop it, send C-c (or C-z, C-d) with is_input set to true; to answer it, send your text with is_input set to true. ' +
  'For a command that needs longer, run it again with the timeout parameter, or in the background with its output redirected to a file.';

export function completedSuffix(exitCode: number, controlKey: string | null): string {
  const sent = controlKey ? ` CTRL+${controlKey.toUpperCase()} was sent.` : '';
  return `\n[The command completed with exit code ${exitCode}.${sent}]`;
}

export function noChangeSuffix(seconds: number): string {
  return `\n[The command has no new output after ${seconds} seconds. ${WHAT_NOW}]`;
}

export function hardTimeoutSuffix(seconds: number): string {
  return `\n[The command timed out after ${pythonFloat(seconds)} seconds. ${WHAT_NOW}]`;
}

export function exitedSuffix(exitCode: number): string {
  return `\n[The shell exited with code ${exitCode}. The next command starts a new terminal session.]`;
}

export function interruptedSuffix(): string {
  return '\n[The command was interrupted with C-c because the run was stopped.]';
}

export function notExecutedSuffix(command: string): string {
  return (
    `\n[Your command "${command}" was NOT executed: the previous command is still running, and a new command can only start once it has finished. ` +
    'Send an empty command to see its new output, send text with is_input set to true to answer it, or send C-c with is_input set to true to interrupt it.]'
  );
}

export function multipleCommandsText(commands: string[]): string {
  const list = commands.map((command, index) => `(${index + 1}) ${command}`).join('\n');
  return (
    'Cannot execute multiple commands at once.\n' +
    'Send them one at a time, or join them into one command with && or ; (for example `cd src && make`).\n' +
    `The commands found were:\n${list}`
  );
}

/** The full LLM text of a terminal observation, before truncation. */
export function renderTerminalText(observation: Observation): string {
  const metadata = (observation.metadata ?? {}) as Json;
  let text = observation.is_error ? `${ERROR_HEADER}\n` : '';
  text += `${stringOr(metadata.prefix)}${observationText(observation)}${stringOr(metadata.suffix)}`;
  if (metadata.working_dir) text += `\n[Current working directory: ${metadata.working_dir as string}]`;
  if (metadata.py_interpreter_path) text += `\n[Python interpreter: ${metadata.py_interpreter_path as string}]`;
  if (typeof metadata.exit_code === 'number' && metadata.exit_code !== -1) {
    text += `\n[Command finished with exit code ${metadata.exit_code}]`;
  }
  return text;
}

/** Where the full text of a long observation is kept, or null when it is short enough. */
export function fullOutputFile(saveDir: string, text: string): string {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return path.join(saveDir, `bash_output_${digest}.txt`);
}

export function terminalLlmContent(observation: Observation): ContentItem[] {
  const text = renderTerminalText(observation);
  const saveDir = observation.full_output_save_dir;
  const savedFile = typeof saveDir === 'string' && text.length > LLM_TEXT_LIMIT ? fullOutputFile(saveDir, text) : undefined;
  return [textContent(maybeTruncate(text, LLM_TEXT_LIMIT, { savedFile }))];
}

/** Seconds as Python prints a float (`5.0`, `2.5`): the reference's wording. */
function pythonFloat(seconds: number): string {
  return Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
