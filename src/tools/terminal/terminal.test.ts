import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TerminalObservationSchema } from '../../models/event-schemas.js';
import { compile } from '../../models/test-ajv.js';
import { makeContext, makeTempDir, type TestSecrets } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { terminalTool } from './index.js';

interface Terminal {
  run(args: Json, context?: ToolContext): Promise<Observation>;
  llmText(observation: Observation): string;
  context: ToolContext;
  tool: ToolInstance;
}

const temporaryDirs: { remove(): Promise<void> }[] = [];
const openTools: ToolInstance[] = [];

async function openTerminal(options: { noChangeSeconds?: number; secrets?: TestSecrets } = {}): Promise<Terminal> {
  const workspace = await makeTempDir('terminal-test-');
  temporaryDirs.push(workspace);
  const [tool] = terminalTool.create({ no_change_timeout_seconds: options.noChangeSeconds ?? 1 });
  openTools.push(tool);
  const context = makeContext({ workingDir: workspace.path, persistenceDir: workspace.path, secrets: options.secrets });
  return {
    tool,
    context,
    async run(args, runContext = context) {
      const parsed = tool.parseArguments(args);
      assert.ok(parsed.ok, `arguments should parse: ${JSON.stringify(args)}`);
      return tool.execute(parsed.action, runContext);
    },
    llmText(observation) {
      const [item] = tool.toLlmContent!(observation);
      assert.equal(item.type, 'text');
      return item.type === 'text' ? item.text : '';
    },
  };
}

function text(observation: Observation): string {
  return (observation.content as { text: string }[]).map((item) => item.text).join('');
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function metadata(observation: Observation): Json {
  return observation.metadata as Json;
}

const validateObservation = compile(TerminalObservationSchema);

/** The stored observation must still be a valid contract TerminalObservation. */
function assertValid(observation: Observation): void {
  const outcome = validateObservation(observation);
  assert.equal(outcome.valid, true, JSON.stringify(outcome.errors[0]));
}

after(async () => {
  for (const tool of openTools) await tool.close?.();
  for (const directory of temporaryDirs) await directory.remove();
});

describe('terminal: commands in one persistent shell', () => {
  let terminal: Terminal;
  before(async () => {
    terminal = await openTerminal();
  });

  it('returns the output, the exit code and the working directory in metadata', async () => {
    const observation = await terminal.run({ command: 'echo hi' });
    assert.equal(observation.kind, 'TerminalObservation');
    assert.deepEqual(observation.content, [{ cache_prompt: false, type: 'text', text: 'hi' }]);
    assert.equal(observation.is_error, false);
    assert.equal(observation.command, 'echo hi');
    // agent.md 14 Q12: the top-level fields are filled too (the reference leaves null / false).
    assert.equal(observation.exit_code, 0);
    assert.equal(observation.timeout, false);
    assertValid(observation);
    assert.deepEqual(Object.keys(metadata(observation)).sort(), [
      'exit_code', 'hostname', 'pid', 'prefix', 'py_interpreter_path', 'suffix', 'username', 'working_dir',
    ]);
    assert.equal(metadata(observation).exit_code, 0);
    assert.equal(metadata(observation).working_dir, terminal.context.workingDir);
    assert.equal(typeof metadata(observation).username, 'string');
    assert.equal(metadata(observation).suffix, '\n[The command completed with exit code 0.]');
    assert.equal(observation.full_output_save_dir, path.join(terminal.context.persistenceDir, 'observations'));
  });

  it('keeps the directory and exported variables between calls', async () => {
    await terminal.run({ command: 'mkdir -p sub && cd sub && export GREETING=hello' });
    const observation = await terminal.run({ command: 'echo "$GREETING from $(basename "$PWD")"' });
    assert.equal(text(observation), 'hello from sub');
    assert.equal(metadata(observation).working_dir, path.join(terminal.context.workingDir, 'sub'));
  });

  it('reports a failing exit code and keeps $? for the next command', async () => {
    const failed = await terminal.run({ command: 'ls /definitely/not/here' });
    assert.equal(metadata(failed).exit_code, 2);
    assert.match(text(failed), /No such file or directory/);
    const next = await terminal.run({ command: 'false' });
    assert.equal(metadata(next).exit_code, 1);
    assert.equal(next.exit_code, 1);
    assert.equal(text(await terminal.run({ command: 'echo $?' })), '1');
  });

  it('renders the LLM text with the completion suffix, directory and exit code lines', async () => {
    const observation = await terminal.run({ command: 'echo rendered' });
    const llmText = terminal.llmText(observation);
    assert.ok(llmText.startsWith('rendered\n[The command completed with exit code 0.]'));
    assert.ok(llmText.includes(`\n[Current working directory: ${metadata(observation).working_dir as string}]`));
    assert.ok(llmText.endsWith('\n[Command finished with exit code 0]'));
  });

  it('strips colour escapes and applies carriage returns', async () => {
    const observation = await terminal.run({ command: String.raw`printf '\033[31mred\033[0m\n50%%\r100%%\n'` });
    assert.equal(text(observation), 'red\n100%');
  });

  it('runs a multi-line compound command and a here-document as one command', async () => {
    const loop = await terminal.run({ command: 'for n in 1 2 3; do\n  echo "n=$n"\ndone' });
    assert.equal(text(loop), 'n=1\nn=2\nn=3');
    const heredoc = await terminal.run({ command: 'cat <<EOF > notes.txt\nfirst\nsecond line\nEOF' });
    assert.equal(metadata(heredoc).exit_code, 0);
    assert.equal(text(await terminal.run({ command: 'cat notes.txt' })), 'first\nsecond line');
  });

  it('takes a command longer than the 4096-byte line limit of a terminal', async () => {
    const observation = await terminal.run({ command: `echo ${'y'.repeat(6000)} | wc -c` });
    assert.equal(text(observation), '6001');
  });

  it('never cuts a long command written right after the prompt, even when the prompt hook is slow', async () => {
    // The slow hook widens the moment between the end of a command and readline taking the
    // terminal; a command written in that moment used to be cut at the kernel's 4096-byte limit.
    await terminal.run({ command: 'PROMPT_COMMAND="$PROMPT_COMMAND; sleep 0.1"' });
    for (let round = 0; round < 3; round += 1) {
      assert.equal(text(await terminal.run({ command: `echo ${'z'.repeat(5000)} | wc -c` })), '5001');
    }
  });

  it('refuses several commands on separate lines and runs none of them', async () => {
    const observation = await terminal.run({ command: 'touch one.txt\ntouch two.txt' });
    assert.equal(observation.is_error, true);
    assert.match(text(observation), /^Cannot execute multiple commands at once\./);
    assert.match(text(observation), /touch one\.txt/);
    assert.equal(text(await terminal.run({ command: 'ls one.txt two.txt 2>/dev/null | wc -l' })), '0');
    assert.ok(terminal.llmText(observation).startsWith('[An error occurred during execution.]\n'));
  });

  it('answers an empty command or is_input with an error when nothing is running', async () => {
    const empty = await terminal.run({ command: '' });
    assert.equal(empty.is_error, true);
    assert.equal(text(empty), 'No previous running command to retrieve logs from.');
    const input = await terminal.run({ command: 'yes', is_input: true });
    assert.equal(input.is_error, true);
    assert.equal(text(input), 'No previous running command to interact with.');
  });
});

describe('terminal: long-running and interactive commands', () => {
  it('returns after the no-new-output timeout, reads more output, then interrupts with C-c', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 1 });
    const first = await terminal.run({ command: 'echo started; sleep 30' });
    assert.equal(text(first), 'started');
    assert.equal(metadata(first).exit_code, -1);
    assert.match(metadata(first).suffix as string, /^\n\[The command has no new output after 1 seconds\./);
    assert.equal(first.exit_code, -1);
    assert.equal(first.timeout, true);
    assertValid(first);
    assert.ok(!terminal.llmText(first).includes('[Command finished with exit code'));

    const more = await terminal.run({ command: '' });
    assert.equal(metadata(more).exit_code, -1);
    assert.equal(metadata(more).prefix, '[Below is the output of the previous command.]\n');
    assert.equal(text(more), '');
    assert.equal(more.timeout, true);

    const interrupted = await terminal.run({ command: 'C-c', is_input: true });
    assert.equal(metadata(interrupted).exit_code, 130);
    assert.match(metadata(interrupted).suffix as string, /CTRL\+C was sent\.\]$/);
    assert.equal(metadata(interrupted).prefix, '');
    assert.equal(interrupted.exit_code, 130);
    assert.equal(interrupted.timeout, false);

    const afterwards = await terminal.run({ command: '' });
    assert.equal(afterwards.is_error, true);
    assert.equal(text(afterwards), 'No previous running command to retrieve logs from.');
  });

  it('does not start a new command while the previous one still runs', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 1 });
    await terminal.run({ command: 'sleep 30' });
    const refused = await terminal.run({ command: 'touch should-not-exist' });
    assert.equal(refused.is_error, true);
    assert.equal(metadata(refused).prefix, '[Below is the output of the previous command.]\n');
    assert.match(metadata(refused).suffix as string, /NOT executed/);
    await terminal.run({ command: 'C-c', is_input: true });
    assert.equal(existsSync(path.join(terminal.context.workingDir, 'should-not-exist')), false);
  });

  it('sends is_input text to a program waiting for it', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 1 });
    const asked = await terminal.run({ command: 'read -p "Name? " answer && echo "hello $answer"' });
    assert.equal(text(asked), 'Name?');
    assert.equal(metadata(asked).exit_code, -1);
    const answered = await terminal.run({ command: 'world', is_input: true });
    assert.equal(text(answered), 'hello world');
    assert.equal(metadata(answered).exit_code, 0);
  });

  it('stops waiting at the hard timeout while the command keeps running', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 30 });
    const observation = await terminal.run({ command: 'sleep 20', timeout: 1 });
    assert.equal(metadata(observation).exit_code, -1);
    assert.match(metadata(observation).suffix as string, /^\n\[The command timed out after 1\.0 seconds\./);
    assert.equal(observation.exit_code, -1);
    assert.equal(observation.timeout, true);
    assertValid(observation);
    const stopped = await terminal.run({ command: 'C-c', is_input: true });
    assert.equal(metadata(stopped).exit_code, 130);
  });

  it('interrupts the command when the run is aborted', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 30 });
    const controller = new AbortController();
    const context = { ...terminal.context, signal: controller.signal };
    const pending = terminal.run({ command: 'touch started && sleep 30' }, context);
    await waitFor(() => existsSync(path.join(terminal.context.workingDir, 'started')));
    controller.abort();
    const observation = await pending;
    assert.equal(metadata(observation).exit_code, 130);
    assert.match(metadata(observation).suffix as string, /interrupted/);
    assert.equal(text(await terminal.run({ command: 'echo still usable' })), 'still usable');
  });

  it('ends a waiting command when the tool is closed', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 30 });
    const pending = terminal.run({ command: 'touch waiting && sleep 30' });
    await waitFor(() => existsSync(path.join(terminal.context.workingDir, 'waiting')));
    await terminal.tool.close!();
    const observation = await pending;
    assert.match(metadata(observation).suffix as string, /The shell exited/);
    const afterClose = await terminal.run({ command: 'echo again' });
    assert.equal(afterClose.is_error, true);
    assert.equal(text(afterClose), 'The terminal has been closed.');
  });

  it('does not run a command once the run is stopped', async () => {
    const terminal = await openTerminal();
    const controller = new AbortController();
    controller.abort();
    const observation = await terminal.run({ command: 'touch ran' }, { ...terminal.context, signal: controller.signal });
    assert.equal(observation.is_error, true);
    assert.equal(existsSync(path.join(terminal.context.workingDir, 'ran')), false);
  });
});

describe('terminal: reset', () => {
  it('starts a fresh shell that has lost the old variables', async () => {
    const terminal = await openTerminal();
    await terminal.run({ command: 'export KEPT=yes && cd /' });
    const reset = await terminal.run({ command: '', reset: true });
    assert.equal(text(reset), 'Terminal session has been reset. All previous environment variables and session state have been cleared.');
    assert.equal(reset.command, '[RESET]');
    assert.equal(reset.exit_code, 0);
    assert.equal(metadata(reset).working_dir, terminal.context.workingDir);

    const withCommand = await terminal.run({ command: 'echo "[$KEPT]"', reset: true });
    assert.equal(withCommand.command, '[RESET] echo "[$KEPT]"');
    assert.match(text(withCommand), /have been cleared\.\n\n\[\]$/);
  });

  it('refuses reset together with is_input', async () => {
    const terminal = await openTerminal();
    const observation = await terminal.run({ command: 'x', reset: true, is_input: true });
    assert.equal(observation.is_error, true);
    assert.match(text(observation), /reset and is_input/);
  });

  it('starts a new shell after the old one exited', async () => {
    const terminal = await openTerminal();
    const exited = await terminal.run({ command: 'exit 3' });
    assert.equal(metadata(exited).exit_code, 3);
    const next = await terminal.run({ command: 'echo back' });
    assert.match(text(next), /has been reset\. .*\n\nback$/s);
  });
});

describe('terminal: long output', () => {
  it('keeps the whole output and shows the LLM 30,000 characters, the rest saved to a file', async () => {
    const terminal = await openTerminal();
    const observation = await terminal.run({ command: "head -c 40000 /dev/zero | tr '\\0' x" });
    assert.equal(text(observation), 'x'.repeat(40000));
    const llmText = terminal.llmText(observation);
    assert.equal(llmText.length, 30000);
    assert.ok(llmText.includes('<response clipped>'));
    assert.ok(llmText.endsWith('[Command finished with exit code 0]'));
    const saved = /saved in (\S+bash_output_[0-9a-f]{8}\.txt);/.exec(llmText)?.[1];
    assert.ok(saved, 'the notice names the saved file');
    assert.equal(path.dirname(saved), observation.full_output_save_dir);
    const full = await readFile(saved, 'utf8');
    assert.ok(full.startsWith('x'.repeat(40000)));
    assert.ok(full.endsWith('[Command finished with exit code 0]'));
  });
});

describe('terminal: more than 10,000 lines', () => {
  const note = (lines: number) => `[Previous command outputs are truncated. Showing the last ${lines} lines of the output below.]\n`;

  it('keeps the last 10,000 lines and puts the truncation note in metadata.prefix, not in the output', async () => {
    const terminal = await openTerminal();
    const observation = await terminal.run({ command: 'seq 1 12000' });
    const lines = text(observation).split('\n');
    assert.equal(lines.length, 10000);
    assert.equal(lines[0], '2001');
    assert.equal(lines.at(-1), '12000');
    assert.equal(metadata(observation).prefix, note(10000));
    assert.equal(metadata(observation).exit_code, 0);
    // agent.md 5.3: the LLM reads prefix + output + suffix.
    assert.ok(terminal.llmText(observation).startsWith(`${note(10000)}2001\n2002\n`));
    assertValid(observation);
  });

  it('puts the note after the previous-output prefix when a read of a running command is cut', async () => {
    const terminal = await openTerminal({ noChangeSeconds: 1 });
    const first = await terminal.run({ command: 'echo early; sleep 2; seq 1 12000; sleep 30' });
    assert.equal(text(first), 'early');
    // A hard limit, so the read surely spans the burst of lines.
    const more = await terminal.run({ command: '', timeout: 4 });
    assert.equal(metadata(more).exit_code, -1);
    assert.equal(metadata(more).prefix, `[Below is the output of the previous command.]\n${note(10000)}`);
    assert.equal(text(more).split('\n')[0], '2001');
    await terminal.run({ command: 'C-c', is_input: true });
  });
});

describe('terminal: secrets', () => {
  it('exports a secret the command names and masks its value in the output', async () => {
    const terminal = await openTerminal({ secrets: { API_TOKEN: "s3cr3t-'val$HOME" } });
    const echoed = await terminal.run({ command: 'echo "$API_TOKEN"' });
    assert.equal(text(echoed), '<secret-hidden>');
    assert.ok(!terminal.llmText(echoed).includes('s3cr3t'));
    const compared = await terminal.run({ command: `[ "$API_TOKEN" = 's3cr3t-'"'"'val$HOME' ] && echo exact` });
    assert.equal(text(compared), 'exact');
  });

  it('does not export a secret the command does not name', async () => {
    const terminal = await openTerminal({ secrets: { API_TOKEN: 's3cr3t-val' } });
    const observation = await terminal.run({ command: 'env | grep -c s3cr3t' });
    assert.equal(text(observation), '0');
  });
});

describe('terminal: arguments', () => {
  it('fills defaults and rejects bad arguments with text the LLM can act on', async () => {
    const [tool] = terminalTool.create({});
    openTools.push(tool);
    assert.deepEqual(tool.parseArguments({ command: 'ls' }), {
      ok: true,
      action: { kind: 'TerminalAction', command: 'ls', is_input: false, timeout: null, reset: false },
    });
    const missing = tool.parseArguments({ is_input: true });
    assert.ok(!missing.ok && /Missing required parameter `command`/.test(missing.error));
    const wrongType = tool.parseArguments({ command: 'ls', timeout: 'soon' });
    assert.ok(!wrongType.ok && /`timeout` must be a number/.test(wrongType.error));
    const negative = tool.parseArguments({ command: 'ls', timeout: -1 });
    assert.ok(!negative.ok && /at least 0/.test(negative.error));
    const unknown = tool.parseArguments({ command: 'ls', bogus: 1 });
    assert.ok(!unknown.ok && /Unknown parameter `bogus`/.test(unknown.error));
  });
});
