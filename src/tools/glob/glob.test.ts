import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeContext, makeTempDir } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { globTool } from './index.js';

let workspace: { path: string; remove(): Promise<void> };
let tool: ToolInstance;
let context: ToolContext;

async function touch(relative: string, modifiedSeconds: number): Promise<string> {
  const file = path.join(workspace.path, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, relative);
  await utimes(file, modifiedSeconds, modifiedSeconds);
  return file;
}

async function glob(args: Json): Promise<Observation> {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return tool.execute(parsed.action, context);
}

before(async () => {
  workspace = await makeTempDir('glob-test-');
  await touch('src/old.ts', 1_000_000);
  await touch('src/new.ts', 2_000_000);
  await touch('src/nested/deep.ts', 1_500_000);
  await touch('src/readme.md', 1_000_000);
  await touch('.hidden/secret.ts', 3_000_000);
  for (let index = 0; index < 105; index += 1) await touch(`many/file-${index}.log`, 1_000_000 + index);
  [tool] = globTool.create({}, { workingDir: workspace.path });
  context = makeContext({ workingDir: workspace.path });
});

after(() => workspace.remove());

describe('glob', () => {
  it('finds files at any depth, newest first, skipping hidden ones', async () => {
    const observation = await glob({ pattern: '*.ts' });
    const expected = ['src/new.ts', 'src/nested/deep.ts', 'src/old.ts'].map((relative) => path.join(workspace.path, relative));
    assert.deepEqual(observation.files, expected);
    assert.equal(observation.truncated, false);
    assert.equal(observation.search_path, workspace.path);
    assert.equal(observation.pattern, '*.ts');
    assert.equal(observation.is_error, false);
    assert.equal(
      (observation.content as { text: string }[])[0].text,
      `Found 3 file(s) matching pattern '*.ts' in '${workspace.path}':\n${expected.join('\n')}`,
    );
  });

  it('searches under path, and from the fixed part of an absolute pattern', async () => {
    const underPath = await glob({ pattern: '**/*.ts', path: 'src/nested' });
    assert.deepEqual(underPath.files, [path.join(workspace.path, 'src/nested/deep.ts')]);
    const absolute = await glob({ pattern: `${workspace.path}/src/*.{ts,md}` });
    assert.equal(absolute.search_path, path.join(workspace.path, 'src'));
    assert.equal(absolute.pattern, '*.{ts,md}');
    assert.equal((absolute.files as string[]).length, 4);
  });

  it('caps the result at 100 files and says so', async () => {
    const observation = await glob({ pattern: '*.log' });
    assert.equal((observation.files as string[]).length, 100);
    assert.equal(observation.truncated, true);
    assert.equal((observation.files as string[])[0], path.join(workspace.path, 'many/file-104.log'));
    assert.match((observation.content as { text: string }[])[0].text, /\n\n\[Results truncated to first 100 files\. Consider using a more specific pattern\.\]$/);
  });

  it('reports no match and a search path that is not a directory', async () => {
    const none = await glob({ pattern: '*.rs' });
    assert.equal((none.content as { text: string }[])[0].text, `No files found matching pattern '*.rs' in directory '${workspace.path}'`);
    const notDirectory = await glob({ pattern: '*', path: 'src/old.ts' });
    assert.equal(notDirectory.is_error, true);
    assert.equal((notDirectory.content as { text: string }[])[0].text, `Search path '${path.join(workspace.path, 'src/old.ts')}' is not a valid directory`);
  });

  it('is read-only and needs a pattern', () => {
    assert.equal(tool.isReadOnly, true);
    const parsed = tool.parseArguments({ path: '/tmp' });
    assert.ok(!parsed.ok && /Missing required parameter `pattern`/.test(parsed.error));
  });
});
