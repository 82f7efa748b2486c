import type { ObjectArgumentSchema } from '../arguments.js';

export interface TerminalAction {
  [key: string]: unknown;
  command: string;
  is_input: boolean;
  timeout: number | null;
  reset: boolean;
}

/** CmdOutputMetadata (contract): what the prompt block told us, plus the text around the output. */
export interface CommandMetadata {
  [key: string]: unknown;
  exit_code: number;
  pid: number;
  username: string | null;
  hostname: string | null;
  working_dir: string | null;
  py_interpreter_path: string | null;
  prefix: string;
  suffix: string;
}

export const TERMINAL_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  properties: {
    command: {
      type: 'string',
      description:
        'The bash command to run. One command at a time; chain several with && or ;. ' +
        'Send an empty string to read more output of the command still running. ' +
        'Send C-c, C-z or C-d (with is_input true) to send that control key to the running command.',
    },
    is_input: {
      type: 'boolean',
      default: false,
      description:
        'If true, `command` is typed into the command that is still running (an answer to a prompt, or a control key) instead of starting a new command. Default: false.',
    },
    timeout: {
      type: 'number',
      minimum: 0,
      description:
        'Optional hard limit in seconds. When it passes, you get the output so far and the command keeps running. ' +
        'Without it, the call returns once the command has printed nothing new for a while (it keeps running then too).',
    },
    reset: {
      type: 'boolean',
      default: false,
      description:
        'If true, kill the terminal session and start a fresh one (all variables, the working directory and running commands are lost). Use it only when the terminal no longer responds. Cannot be combined with is_input.',
    },
  },
  required: ['command'],
};
