import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { contractSchemas } from '../../models/contract-fixture.js';
import { compile } from '../../models/test-ajv.js';
import { fileEditorTool } from '../file-editor/index.js';
import { createTools } from '../registry.js';
import { makeContext, makeTempDir } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { planningFileEditorTool } from './index.js';

const HEADERS =
  '# 1. OBJECTIVE\n\n# 2. CONTEXT SUMMARY\n\n# 3. APPROACH OVERVIEW\n\n# 4. IMPLEMENTATION STEPS\n\n# 5. TESTING AND VALIDATION\n';

const temporaryDirs: { remove(): Promise<void> }[] = [];
after(async () => {
  for (const directory of temporaryDirs) await directory.remove();
});

async function tempDir(): Promise<string> {
  const directory = await makeTempDir('planning-editor-test-');
  temporaryDirs.push(directory);
  return directory.path;
}

let workspace: string;
let planPath: string;
let tool: ToolInstance;
let context: ToolContext;

beforeEach(async () => {
  workspace = await tempDir();
  planPath = path.join(workspace, 'PLAN.md');
  [tool] = planningFileEditorTool.create({}, { workingDir: workspace });
  context = makeContext({ workingDir: workspace });
});

async function run(args: Json): Promise<Observation> {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return tool.execute(parsed.action, context);
}

function text(observation: Observation): string {
  return (observation.content as { text?: string }[]).map((item) => item.text ?? '').join('');
}

async function succeeds(args: Json): Promise<Observation> {
  const observation = await run(args);
  assert.equal(observation.is_error, false, text(observation));
  assert.equal(observation.kind, 'PlanningFileEditorObservation');
  return observation;
}

async function refused(args: Json): Promise<Observation> {
  const observation = await run(args);
  assert.equal(observation.is_error, true, `expected a refusal, got: ${text(observation)}`);
  assert.equal(observation.kind, 'PlanningFileEditorObservation');
  assert.ok(text(observation).startsWith(`The \`${String(args.command)}\` command is not allowed on ${String(args.path)}:`), text(observation));
  assert.ok(text(observation).includes(`edits only ${planPath}`), 'names the file that can be edited');
  return observation;
}

/** A contract schema with the document's components beside it, so its `$ref`s resolve. */
function contractValidator(name: string) {
  const all = contractSchemas();
  assert.ok(all?.[name], `the contract fixture has ${name}`);
  return compile({ ...all[name], components: { schemas: all } });
}

describe('planning_file_editor creation', () => {
  it('writes PLAN.md with the numbered section headers', async () => {
    assert.equal(await readFile(planPath, 'utf8'), HEADERS);
  });

  it('never overwrites an existing PLAN.md', async () => {
    await writeFile(planPath, 'my plan\n');
    planningFileEditorTool.create({}, { workingDir: workspace });
    assert.equal(await readFile(planPath, 'utf8'), 'my plan\n');
  });

  it('is the file editor with its own name: same parameters, not read-only, description naming PLAN.md', () => {
    const [editor] = fileEditorTool.create({}, { workingDir: workspace });
    assert.equal(tool.name, 'planning_file_editor');
    assert.equal(tool.isReadOnly, false);
    assert.deepEqual(tool.parameters, editor.parameters);
    assert.match(tool.description, /view` works on any file or directory/);
    assert.ok(tool.description.includes(`only on the plan file, ${planPath};`));
    assert.ok(tool.description.endsWith(`Your current working directory is: ${workspace}\nYour PLAN.md is at: ${planPath}`));
  });

  it('is in the registry under both name styles and takes no params', async () => {
    const [byClassName] = createTools([{ name: 'PlanningFileEditorTool' }], { workingDir: workspace });
    assert.equal(byClassName.name, 'planning_file_editor');
    assert.throws(() => createTools([{ name: 'planning_file_editor', params: { plan: 'x' } }]), /planning_file_editor takes no params/);
  });
});

describe('planning_file_editor view', () => {
  it('views any file, inside the workspace or not, and directories', async () => {
    const elsewhere = path.join(await tempDir(), 'notes.txt');
    await writeFile(elsewhere, 'a\nb\n');
    assert.equal(text(await succeeds({ command: 'view', path: elsewhere })), `Here's the result of running \`cat -n\` on ${elsewhere}:\n     1\ta\n     2\tb\n     3\t\n`);
    assert.match(text(await succeeds({ command: 'view', path: planPath, view_range: [1, 1] })), /     1\t# 1\. OBJECTIVE\n$/);
    assert.match(text(await succeeds({ command: 'view', path: workspace })), /PLAN\.md/);
  });
});

describe('planning_file_editor edits of PLAN.md', () => {
  it('str_replace, insert and undo_edit change the plan', async () => {
    const replaced = await succeeds({ command: 'str_replace', path: planPath, old_str: '# 1. OBJECTIVE\n', new_str: '# 1. OBJECTIVE\nShip it.\n' });
    assert.equal(replaced.old_content, HEADERS);
    assert.equal(await readFile(planPath, 'utf8'), HEADERS.replace('OBJECTIVE\n', 'OBJECTIVE\nShip it.\n'));

    await succeeds({ command: 'insert', path: planPath, insert_line: 0, new_str: 'Draft' });
    assert.ok((await readFile(planPath, 'utf8')).startsWith('Draft\n# 1. OBJECTIVE\nShip it.\n'));

    assert.match(text(await succeeds({ command: 'undo_edit', path: planPath })), /^Last edit to .*PLAN\.md undone successfully\./);
    assert.equal(await readFile(planPath, 'utf8'), HEADERS.replace('OBJECTIVE\n', 'OBJECTIVE\nShip it.\n'));
  });

  it('create works on PLAN.md once it is gone, and refuses to overwrite it like file_editor', async () => {
    assert.match(text(await run({ command: 'create', path: planPath, file_text: 'x' })), /File already exists at/);
    await rm(planPath);
    const created = await succeeds({ command: 'create', path: planPath, file_text: '# Plan\n' });
    assert.equal(created.prev_exist, false);
    assert.equal(await readFile(planPath, 'utf8'), '# Plan\n');
  });

  it('a relative PLAN.md gets the file editor’s absolute-path hint, not a refusal', async () => {
    const observation = await run({ command: 'insert', path: 'PLAN.md', insert_line: 0, new_str: 'x' });
    assert.equal(observation.is_error, true);
    assert.ok(text(observation).includes(`Maybe you meant ${planPath}?`), text(observation));
  });
});

describe('planning_file_editor edits of any other file', () => {
  it('refuses create, str_replace, insert and undo_edit and leaves the files alone', async () => {
    const other = path.join(workspace, 'src.txt');
    await writeFile(other, 'one\n');
    const outside = path.join(await tempDir(), 'PLAN.md');

    await refused({ command: 'str_replace', path: other, old_str: 'one', new_str: 'two' });
    await refused({ command: 'insert', path: other, insert_line: 0, new_str: 'zero' });
    await refused({ command: 'undo_edit', path: other });
    assert.equal(await readFile(other, 'utf8'), 'one\n');

    const created = await refused({ command: 'create', path: path.join(workspace, 'new.txt'), file_text: 'x' });
    await assert.rejects(readFile(path.join(workspace, 'new.txt')), { code: 'ENOENT' });
    assert.deepEqual(
      { ...created, content: undefined },
      { kind: 'PlanningFileEditorObservation', content: undefined, is_error: true, command: 'create', path: path.join(workspace, 'new.txt'), prev_exist: true, old_content: null, new_content: null },
    );

    // A PLAN.md of another directory is not the plan.
    await refused({ command: 'create', path: outside, file_text: 'x' });
    await assert.rejects(readFile(outside), { code: 'ENOENT' });
    // Nor is a path that only starts like it.
    await refused({ command: 'create', path: `${planPath}.bak`, file_text: 'x' });
    assert.equal(await readFile(planPath, 'utf8'), HEADERS);
  });
});

describe('planning_file_editor against the contract', () => {
  it('actions are PlanningFileEditorAction and observations PlanningFileEditorObservation', async () => {
    const validateAction = contractValidator('PlanningFileEditorAction');
    const validateObservation = contractValidator('PlanningFileEditorObservation');

    const parsed = tool.parseArguments({ command: 'view', path: planPath });
    assert.ok(parsed.ok);
    assert.equal(parsed.action.kind, 'PlanningFileEditorAction');
    const actionOutcome = validateAction(parsed.action);
    assert.equal(actionOutcome.valid, true, JSON.stringify(actionOutcome.errors[0]));

    const observations = [
      await succeeds({ command: 'view', path: planPath }),
      await succeeds({ command: 'insert', path: planPath, insert_line: 1, new_str: 'Goal' }),
      await run({ command: 'create', path: path.join(workspace, 'x.txt'), file_text: 'x' }),
      await run({ command: 'view', path: path.join(workspace, 'missing.txt') }),
    ];
    for (const observation of observations) {
      const outcome = validateObservation(observation);
      assert.equal(outcome.valid, true, JSON.stringify(outcome.errors[0]));
    }
    // The check has teeth: the plain editor's kind is not this schema.
    assert.equal(validateObservation({ ...observations[0], kind: 'FileEditorObservation' }).valid, false);
  });
});
