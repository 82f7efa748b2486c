import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { makeContext, makeTempDir } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { taskTrackerTool } from './index.js';

const temporaryDirs: { remove(): Promise<void> }[] = [];
after(async () => {
  for (const directory of temporaryDirs) await directory.remove();
});

async function setup(): Promise<{ context: ToolContext; persistenceDir: string }> {
  const directory = await makeTempDir('task-tracker-test-');
  temporaryDirs.push(directory);
  return { context: makeContext({ workingDir: directory.path, persistenceDir: directory.path }), persistenceDir: directory.path };
}

async function call(tool: ToolInstance, args: Json, context: ToolContext): Promise<Observation> {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return tool.execute(parsed.action, context);
}

function text(observation: Observation): string {
  return (observation.content as { text: string }[])[0].text;
}

describe('task_tracker', () => {
  it('says there is no list yet', async () => {
    const { context } = await setup();
    const [tool] = taskTrackerTool.create({});
    const observation = await call(tool, {}, context);
    assert.equal(text(observation), 'No task list found. Use the "plan" command to create one.');
    assert.deepEqual({ ...observation, content: null }, { kind: 'TaskTrackerObservation', content: null, is_error: false, command: 'view', task_list: [] });
  });

  it('plans, shows the list as Markdown, and keeps it in TASKS.json across instances', async () => {
    const { context, persistenceDir } = await setup();
    const [tool] = taskTrackerTool.create({});
    const planned = await call(
      tool,
      {
        command: 'plan',
        task_list: [
          { title: 'Find the parser', status: 'done', notes: 'in src/parse.ts' },
          { title: 'Add the flag', status: 'in_progress' },
          { title: 'Run the tests' },
        ],
      },
      context,
    );
    assert.equal(text(planned), 'Task list has been updated with 3 item(s).');
    const expectedList = [
      { title: 'Find the parser', notes: 'in src/parse.ts', status: 'done' },
      { title: 'Add the flag', notes: '', status: 'in_progress' },
      { title: 'Run the tests', notes: '', status: 'todo' },
    ];
    assert.deepEqual(planned.task_list, expectedList);
    assert.equal(await readFile(path.join(persistenceDir, 'TASKS.json'), 'utf8'), `${JSON.stringify(expectedList, null, 2)}\n`);

    const [restarted] = taskTrackerTool.create({});
    const viewed = await call(restarted, { command: 'view' }, context);
    assert.equal(text(viewed), '# Task List\n\n1. ✅ Find the parser\n   in src/parse.ts\n\n2. 🔄 Add the flag\n\n3. ⏳ Run the tests');
    assert.deepEqual(viewed.task_list, expectedList);
  });

  it('accepts an empty plan', async () => {
    const { context } = await setup();
    const [tool] = taskTrackerTool.create({});
    await call(tool, { command: 'plan', task_list: [{ title: 'a' }] }, context);
    const cleared = await call(tool, { command: 'plan', task_list: [] }, context);
    assert.equal(text(cleared), 'Task list has been updated with 0 item(s).');
    assert.deepEqual(cleared.task_list, []);
  });

  it('rejects a bad status or a task without a title', () => {
    const [tool] = taskTrackerTool.create({});
    const badStatus = tool.parseArguments({ command: 'plan', task_list: [{ title: 'a', status: 'started' }] });
    assert.ok(!badStatus.ok && /`task_list\[0\]\.status` must be one of todo, in_progress, done/.test(badStatus.error));
    const noTitle = tool.parseArguments({ command: 'plan', task_list: [{ notes: 'x' }] });
    assert.ok(!noTitle.ok && /Missing required parameter `task_list\[0\]\.title`/.test(noTitle.error));
  });

  it('is not read-only, so the LLM gives a security_risk for it', () => {
    const [tool] = taskTrackerTool.create({});
    assert.equal(tool.isReadOnly, false);
  });
});
