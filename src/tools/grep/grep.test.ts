import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeContext, makeTempDir } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { grepTool } from './index.js';

let workspace: { path: string; remove(): Promise<void> };
let tool: ToolInstance;
let context: ToolContext;

async function put(relative: string, content: string | Buffer, modifiedSeconds = 1_000_000): Promise<string> {
  const file = path.join(workspace.path, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  await utimes(file, modifiedSeconds, modifiedSeconds);
  return file;
}

async function grep(args: Json): Promise<Observation> {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return tool.execute(parsed.action, context);
}

function text(observation: Observation): string {
  return (observation.content as { text: string }[])[0].text;
}

before(async () => {
  workspace = await makeTempDir('grep-test-');
  await put('src/app.ts', 'export function handleError() {}\n', 2_000_000);
  await put('src/util.js', 'const x = 1; // TODO: handle ERROR\n', 1_000_000);
  await put('src/plain.ts', 'nothing here\n');
  await put('.git/config', 'error in hidden dir\n');
  await put('bin/tool', Buffer.from('error\0binary'));
  for (let index = 0; index < 102; index += 1) await put(`logs/run-${index}.txt`, `line ${index}: marker\n`, 1_000_000 + index);
  [tool] = grepTool.create({}, { workingDir: workspace.path });
  context = makeContext({ workingDir: workspace.path });
});

after(() => workspace.remove());

describe('grep', () => {
  it('lists the files that match, case-insensitively, newest first, skipping hidden and binary files', async () => {
    const observation = await grep({ pattern: 'handle.*error' });
    const expected = [path.join(workspace.path, 'src/app.ts'), path.join(workspace.path, 'src/util.js')];
    assert.deepEqual(observation.matches, expected);
    assert.equal(observation.truncated, false);
    assert.equal(observation.include_pattern, null);
    assert.equal(text(observation), `Found 2 file(s) containing pattern 'handle.*error' in '${workspace.path}':\n${expected.join('\n')}`);
    const errors = await grep({ pattern: 'error' });
    assert.ok(!(errors.matches as string[]).some((file) => file.includes('.git') || file.includes('bin/tool')));
  });

  it('filters by include and by path', async () => {
    const onlyTs = await grep({ pattern: 'error', include: '*.ts' });
    assert.deepEqual(onlyTs.matches, [path.join(workspace.path, 'src/app.ts')]);
    assert.equal(onlyTs.include_pattern, '*.ts');
    assert.match(text(onlyTs), /\(filtered by '\*\.ts'\):\n/);
    const underLogs = await grep({ pattern: 'line 7:', path: 'logs' });
    assert.deepEqual(underLogs.matches, [path.join(workspace.path, 'logs/run-7.txt')]);
  });

  it('caps the result at 100 files and says so', async () => {
    const observation = await grep({ pattern: 'marker' });
    assert.equal((observation.matches as string[]).length, 100);
    assert.equal(observation.truncated, true);
    assert.match(text(observation), /\[Results truncated to first 100 files\. Consider using a more specific pattern\.\]$/);
  });

  it('reports no match, an invalid regex and a bad search path', async () => {
    assert.equal(text(await grep({ pattern: 'zebra', include: '*.md' })), `No files found containing pattern 'zebra' in directory '${workspace.path}' (filtered by '*.md')`);
    const invalid = await grep({ pattern: 'a(b' });
    assert.equal(invalid.is_error, true);
    assert.match(text(invalid), /^Invalid regex pattern: /);
    const badPath = await grep({ pattern: 'x', path: '/definitely/not/here' });
    assert.equal(badPath.is_error, true);
    assert.equal(text(badPath), "Search path '/definitely/not/here' is not a valid directory");
  });

  it('is read-only', () => {
    assert.equal(tool.isReadOnly, true);
  });
});
