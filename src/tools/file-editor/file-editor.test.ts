import assert from 'node:assert/strict';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { makeContext, makeTempDir } from '../test-context.js';
import type { Json, Observation, ToolContext, ToolInstance } from '../types.js';
import { fileEditorTool } from './index.js';

const temporaryDirs: { remove(): Promise<void> }[] = [];
after(async () => {
  for (const directory of temporaryDirs) await directory.remove();
});

let workspace: string;
let tool: ToolInstance;
let context: ToolContext;

beforeEach(async () => {
  const directory = await makeTempDir('file-editor-test-');
  temporaryDirs.push(directory);
  workspace = directory.path;
  [tool] = fileEditorTool.create({}, { workingDir: workspace });
  context = makeContext({ workingDir: workspace });
});

async function edit(args: Json): Promise<Observation> {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return tool.execute(parsed.action, context);
}

function text(observation: Observation): string {
  return (observation.content as { text?: string }[]).map((item) => item.text ?? '').join('');
}

async function errorText(args: Json): Promise<string> {
  const observation = await edit(args);
  assert.equal(observation.is_error, true, `expected an error, got: ${text(observation)}`);
  return text(observation);
}

async function writeWorkspaceFile(name: string, content: string): Promise<string> {
  const file = path.join(workspace, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe('file_editor view', () => {
  it('numbers every line like cat -n, a final newline giving an empty last line', async () => {
    const file = await writeWorkspaceFile('f.txt', 'a\nb\nc\n');
    const observation = await edit({ command: 'view', path: file });
    assert.equal(text(observation), `Here's the result of running \`cat -n\` on ${file}:\n     1\ta\n     2\tb\n     3\tc\n     4\t\n`);
    assert.deepEqual(
      { ...observation, content: undefined },
      { kind: 'FileEditorObservation', content: undefined, is_error: false, command: 'view', path: file, prev_exist: true, old_content: null, new_content: null },
    );
  });

  it('shows a line range, accepts -1 for the end, and clamps an end past the file with a note', async () => {
    const file = await writeWorkspaceFile('f.txt', 'a\nb\nc\n');
    assert.equal(text(await edit({ command: 'view', path: file, view_range: '[2, 3]' })), `Here's the result of running \`cat -n\` on ${file}:\n     2\tb\n     3\tc\n`);
    assert.equal(text(await edit({ command: 'view', path: file, view_range: [3, -1] })), `Here's the result of running \`cat -n\` on ${file}:\n     3\tc\n     4\t\n`);
    const clamped = text(await edit({ command: 'view', path: file, view_range: [2, 10] }));
    assert.ok(clamped.startsWith("NOTE: We only show up to 4 since there're only 4 lines in this file.\nHere's the result"));
  });

  it('explains a bad view_range', async () => {
    const file = await writeWorkspaceFile('f.txt', 'a\nb\n');
    assert.match(await errorText({ command: 'view', path: file, view_range: [1] }), /^Invalid `view_range` parameter: \[1\]\. It should be a list of two integers\./);
    assert.match(await errorText({ command: 'view', path: file, view_range: [5, 6] }), /first element `5` should be within the range of lines of the file: \[1, 3\]/);
    assert.match(await errorText({ command: 'view', path: file, view_range: [2, 1] }), /second element `1` should be greater than or equal to the first element `2`/);
    assert.match(await errorText({ command: 'view', path: workspace, view_range: [1, 2] }), /not allowed when `path` points to a directory/);
  });

  it('lists a directory two levels deep without hidden entries, and counts the hidden ones', async () => {
    await writeWorkspaceFile('src/main.ts', '');
    await writeWorkspaceFile('src/deep/too-deep.ts', '');
    await writeWorkspaceFile('src/.hidden-inner', '');
    await writeWorkspaceFile('README.md', '');
    await writeWorkspaceFile('.env', '');
    await mkdir(path.join(workspace, '.git'));
    const listing = text(await edit({ command: 'view', path: workspace }));
    assert.equal(
      listing,
      `Here's the files and directories up to 2 levels deep in ${workspace}, excluding hidden items:\n` +
        [`${workspace}/`, `${workspace}/README.md`, `${workspace}/src/`, `${workspace}/src/deep/`, `${workspace}/src/main.ts`].join('\n') +
        `\n2 hidden files/directories in this directory are excluded. You can use 'ls -la ${workspace}' to see them.`,
    );
  });

  it('clips a long file in the middle before numbering', async () => {
    const file = await writeWorkspaceFile('long.txt', `${'line of text\n'.repeat(3000)}`);
    const shown = text(await edit({ command: 'view', path: file }));
    assert.ok(shown.includes('<response clipped>'));
    assert.ok(shown.includes('grep -n'));
    assert.ok(shown.length < 16_000 + 3000 * 8, 'the numbered text stays near the limit');
  });

  it('shows an image as an image item', async () => {
    const file = await writeWorkspaceFile('pixel.png', '\x89PNG\r\n\x1a\n\0\0\0');
    const observation = await edit({ command: 'view', path: file });
    const [first, second] = observation.content as Json[];
    assert.equal(first.text, `Image file ${file} read successfully. Displaying image content.`);
    assert.equal(second.type, 'image');
    assert.match((second.image_urls as string[])[0], /^data:image\/png;base64,/);
  });
});

describe('file_editor create', () => {
  it('creates a file and reports it', async () => {
    const file = path.join(workspace, 'new.py');
    const observation = await edit({ command: 'create', path: file, file_text: 'print(1)\n' });
    assert.equal(text(observation), `File created successfully at: ${file}`);
    assert.equal(observation.prev_exist, false);
    assert.equal(observation.new_content, 'print(1)\n');
    assert.equal(observation.old_content, null);
    assert.equal(await readFile(file, 'utf8'), 'print(1)\n');
  });

  it('refuses to overwrite, needs file_text, and reports a missing parent directory', async () => {
    const file = await writeWorkspaceFile('exists.txt', 'x');
    assert.equal(
      await errorText({ command: 'create', path: file, file_text: 'y' }),
      `Invalid \`path\` parameter: ${file}. File already exists at: ${file}. Cannot overwrite files using command \`create\`.`,
    );
    assert.equal(await readFile(file, 'utf8'), 'x');
    assert.equal(await errorText({ command: 'create', path: path.join(workspace, 'a.txt') }), 'Parameter `file_text` is required for command: create.');
    const orphan = path.join(workspace, 'missing-dir', 'a.txt');
    assert.match(await errorText({ command: 'create', path: orphan, file_text: 'y' }), new RegExp(`^Ran into .*ENOENT.* while trying to write to ${orphan}$`));
  });
});

describe('file_editor str_replace', () => {
  it('replaces the one occurrence and shows a numbered snippet around it', async () => {
    const file = await writeWorkspaceFile('app.py', 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n');
    const observation = await edit({ command: 'str_replace', path: file, old_str: 'six', new_str: 'SIX\nSIX-B' });
    const expected = 'one\ntwo\nthree\nfour\nfive\nSIX\nSIX-B\nseven\neight\nnine\nten\n';
    assert.equal(await readFile(file, 'utf8'), expected);
    assert.equal(
      text(observation),
      `The file ${file} has been edited. Here's the result of running \`cat -n\` on a snippet of ${file}:\n` +
        '     3\tthree\n     4\tfour\n     5\tfive\n     6\tSIX\n     7\tSIX-B\n     8\tseven\n     9\teight\n    10\tnine\n    11\tten\n' +
        'Review the changes and make sure they are as expected. Edit the file again if necessary.',
    );
    assert.equal(observation.old_content, 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n');
    assert.equal(observation.new_content, expected);
    assert.equal(observation.prev_exist, true);
  });

  it('explains no match, several matches and equal strings, and leaves the file alone', async () => {
    const file = await writeWorkspaceFile('dup.txt', 'x = 1\ny = 2\nx = 1\n');
    assert.equal(await errorText({ command: 'str_replace', path: file, old_str: 'z = 3', new_str: 'z = 4' }), `No replacement was performed, old_str \`z = 3\` did not appear verbatim in ${file}.`);
    assert.equal(
      await errorText({ command: 'str_replace', path: file, old_str: 'x = 1', new_str: 'x = 2' }),
      'No replacement was performed. Multiple occurrences of old_str `x = 1` in lines [1, 3]. Please ensure it is unique.',
    );
    assert.equal(
      await errorText({ command: 'str_replace', path: file, old_str: 'y = 2', new_str: 'y = 2' }),
      'Invalid `new_str` parameter: y = 2. No replacement was performed. `new_str` and `old_str` must be different.',
    );
    assert.equal(await errorText({ command: 'str_replace', path: file, new_str: 'a' }), 'Parameter `old_str` is required for command: str_replace.');
    assert.equal(await readFile(file, 'utf8'), 'x = 1\ny = 2\nx = 1\n');
    const observation = await edit({ command: 'str_replace', path: file, old_str: 'x = 1', new_str: 'x = 2' });
    assert.ok(tool.toLlmContent!(observation).some((item) => item.type === 'text' && item.text.startsWith('[An error occurred during execution.]\n')));
  });

  it('retries with surrounding whitespace trimmed', async () => {
    const file = await writeWorkspaceFile('ws.txt', 'alpha\nbeta\n');
    const observation = await edit({ command: 'str_replace', path: file, old_str: '\nbeta  \n\n', new_str: '  gamma ' });
    assert.equal(observation.is_error, false);
    assert.equal(await readFile(file, 'utf8'), 'alpha\ngamma\n');
  });
});

describe('file_editor insert', () => {
  it('inserts after a line, at the top, and after the last line', async () => {
    const file = await writeWorkspaceFile('list.txt', 'a\nb\nc\n');
    const observation = await edit({ command: 'insert', path: file, insert_line: 1, new_str: 'a2\na3' });
    assert.equal(await readFile(file, 'utf8'), 'a\na2\na3\nb\nc\n');
    assert.match(text(observation), /^The file .* has been edited\. Here's the result of running `cat -n` on a snippet of the edited file:\n {5}1\ta\n {5}2\ta2\n/);
    assert.match(text(observation), /indentation/);
    await edit({ command: 'insert', path: file, insert_line: 0, new_str: 'top\n' });
    await edit({ command: 'insert', path: file, insert_line: 6, new_str: 'end' });
    assert.equal(await readFile(file, 'utf8'), 'top\na\na2\na3\nb\nc\nend\n');
  });

  it('explains a bad insert_line and a missing one', async () => {
    const file = await writeWorkspaceFile('list.txt', 'a\nb\n');
    assert.equal(await errorText({ command: 'insert', path: file, insert_line: 9, new_str: 'x' }), 'Invalid `insert_line` parameter: 9. It should be within the range of allowed values: [0, 3]');
    assert.equal(await errorText({ command: 'insert', path: file, new_str: 'x' }), 'Parameter `insert_line` is required for command: insert.');
  });
});

describe('file_editor undo_edit', () => {
  it('undoes edits one at a time, then says there is no history', async () => {
    const file = await writeWorkspaceFile('u.txt', 'v1\n');
    await edit({ command: 'str_replace', path: file, old_str: 'v1', new_str: 'v2' });
    await edit({ command: 'str_replace', path: file, old_str: 'v2', new_str: 'v3' });
    const undone = await edit({ command: 'undo_edit', path: file });
    assert.equal(await readFile(file, 'utf8'), 'v2\n');
    assert.equal(text(undone), `Last edit to ${file} undone successfully. Here's the result of running \`cat -n\` on ${file}:\n     1\tv2\n     2\t\n`);
    await edit({ command: 'undo_edit', path: file });
    assert.equal(await readFile(file, 'utf8'), 'v1\n');
    assert.equal(await errorText({ command: 'undo_edit', path: file }), `No edit history found for ${file}.`);
  });

  it('right after create rewrites the created text', async () => {
    const file = path.join(workspace, 'c.txt');
    await edit({ command: 'create', path: file, file_text: 'created\n' });
    const observation = await edit({ command: 'undo_edit', path: file });
    assert.equal(observation.is_error, false);
    assert.equal(await readFile(file, 'utf8'), 'created\n');
  });
});

describe('file_editor path and file checks', () => {
  it('wants an absolute path and suggests the workspace one when it exists', async () => {
    await writeWorkspaceFile('rel.txt', 'x');
    assert.equal(
      await errorText({ command: 'view', path: 'rel.txt' }),
      `Invalid \`path\` parameter: rel.txt. The path should be an absolute path, starting with \`/\`. Maybe you meant ${path.join(workspace, 'rel.txt')}?`,
    );
    assert.equal(await errorText({ command: 'view', path: 'nope.txt' }), 'Invalid `path` parameter: nope.txt. The path should be an absolute path, starting with `/`.');
  });

  it('reports a missing path and edits on a directory', async () => {
    const missing = path.join(workspace, 'missing.txt');
    assert.equal(await errorText({ command: 'view', path: missing }), `Invalid \`path\` parameter: ${missing}. The path ${missing} does not exist. Please provide a valid path.`);
    assert.equal(
      await errorText({ command: 'str_replace', path: workspace, old_str: 'a', new_str: 'b' }),
      `Invalid \`path\` parameter: ${workspace}. The path ${workspace} is a directory and only the \`view\` command can be used on directories.`,
    );
  });

  it('refuses binary files and files over 10 MB', async () => {
    const binary = await writeWorkspaceFile('blob.bin', 'abc\0def');
    assert.equal(await errorText({ command: 'view', path: binary }), `File validation failed for ${binary}: File appears to be binary and this file type cannot be read or edited by this tool.`);
    const large = await writeWorkspaceFile('large.txt', '');
    await truncate(large, 11 * 1024 * 1024);
    assert.equal(await errorText({ command: 'view', path: large }), `File validation failed for ${large}: File is too large (11.0MB). Maximum allowed size is 10MB.`);
  });

  it('rejects an unknown command and a negative insert_line before running', () => {
    const unknown = tool.parseArguments({ command: 'delete', path: '/x' });
    assert.ok(!unknown.ok && /`command` must be one of view, create, str_replace, insert, undo_edit; got "delete"/.test(unknown.error));
    const negative = tool.parseArguments({ command: 'insert', path: '/x', insert_line: -1, new_str: 'a' });
    assert.ok(!negative.ok && /`insert_line` must be at least 0/.test(negative.error));
    const missingPath = tool.parseArguments({ command: 'view' });
    assert.ok(!missingPath.ok && /Missing required parameter `path`/.test(missingPath.error));
  });

  it('names the working directory at the end of its description', () => {
    assert.ok(tool.description.includes(`Your current working directory is: ${workspace}`));
  });

  it('says images can be viewed only when the LLM is sent images (agent.md 5.4)', () => {
    const imageLine = /Image files \(png, jpg, jpeg, gif, webp, bmp\) can be viewed too\./;
    const [withVision] = fileEditorTool.create({}, { workingDir: workspace, vision: true });
    assert.match(withVision.description, imageLine);
    // With vision off the image is dropped from the request, so the model must not be promised it.
    const [withoutVision] = fileEditorTool.create({}, { workingDir: workspace, vision: false });
    assert.doesNotMatch(withoutVision.description, /image/i);
    assert.ok(withoutVision.description.includes('without hidden entries.\n- `create`'));
    assert.doesNotMatch(tool.description, imageLine, 'off unless the creator says the LLM has vision');
  });
});
