import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSkillsFromDir } from './load-skills-from-dir.js';
import { parseSkillFile, SkillFileError, THIRD_PARTY_SKILL_MAX_CHARS } from './parse-skill-file.js';

describe('parseSkillFile', () => {
  test('a file without frontmatter is a repo skill named by its path, its text trimmed', () => {
    assert.deepEqual(parseSkillFile('/s/style.md', 'style', '\n# Style\nUse tabs.\n\n'), {
      name: 'style',
      content: '# Style\nUse tabs.',
      trigger: null,
      source: '/s/style.md',
      mcp_tools: null,
      inputs: [],
    });
  });

  test('triggers make a keyword skill; the frontmatter name wins over the path', () => {
    const skill = parseSkillFile('/s/git.md', 'git', '---\nname: git-help\ntriggers:\n  - git\n  - rebase\n---\nUse git well.');
    assert.equal(skill.name, 'git-help');
    assert.deepEqual(skill.trigger, { type: 'keyword', keywords: ['git', 'rebase'] });
    assert.equal(skill.content, 'Use git well.');
  });

  test('inputs make a task skill that also answers to /<name>', () => {
    const text = '---\nname: deploy\ntriggers: [ship it]\ninputs:\n  - name: ENV\n    description: where to deploy\n---\nDeploy to ${ENV}.';
    const skill = parseSkillFile('/s/deploy.md', 'deploy', text);
    assert.deepEqual(skill.trigger, { type: 'task', triggers: ['ship it', '/deploy'] });
    assert.deepEqual(skill.inputs, [{ name: 'ENV', description: 'where to deploy' }]);
  });

  test('a repo skill keeps its mcp_tools mapping', () => {
    const skill = parseSkillFile('/s/tools.md', 'tools', '---\nmcp_tools:\n  mcpServers:\n    fetch:\n      command: uvx\n---\nTools.');
    assert.equal(skill.trigger, null);
    assert.deepEqual(skill.mcp_tools, { mcpServers: { fetch: { command: 'uvx' } } });
  });

  test('frontmatter of the wrong shape is refused with the reason', () => {
    assert.throws(() => parseSkillFile('/s/a.md', 'a', '---\ntriggers: git\n---\nx'), (error: Error) => error instanceof SkillFileError && /triggers must be a list/.test(error.message));
    assert.throws(() => parseSkillFile('/s/a.md', 'a', '---\ntriggers: [git\n---\nx'), /not valid YAML/);
    assert.throws(() => parseSkillFile('/s/a.md', 'a', '---\ninputs: [{name: x}]\n---\nx'), /inputs\[0\] needs a name and a description/);
    assert.throws(() => parseSkillFile('/s/a.md', 'a', '---\nmcp_tools: [1]\n---\nx'), /mcp_tools must be a mapping/);
  });

  test('instruction files of other agents are always-active skills, cut to 10,000 characters with a notice', () => {
    const agents = parseSkillFile('/repo/AGENTS.md', 'ignored', '---\ntriggers: [x]\n---\nRun npm test.');
    assert.equal(agents.name, 'agents');
    assert.equal(agents.trigger, null);
    assert.equal(agents.content, '---\ntriggers: [x]\n---\nRun npm test.', 'taken as it is, frontmatter and all');
    const long = `${'a'.repeat(8_000)}${'b'.repeat(8_000)}`;
    const claude = parseSkillFile('/repo/claude.md', 'ignored', long);
    assert.equal(claude.name, 'claude');
    assert.equal(claude.content.length, THIRD_PARTY_SKILL_MAX_CHARS);
    assert.ok(claude.content.startsWith('aaa') && claude.content.endsWith('bbb'));
    assert.match(claude.content, /<TRUNCATED><NOTE>\/repo\/claude\.md is longer than 10000 characters/);
  });
});

describe('loadSkillsFromDir', () => {
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function repository(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'skills-dir-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), text);
    }
    return root;
  }

  test('reads every markdown file below the folder but README.md, named by relative path, plus root instruction files in any case', async () => {
    const root = await repository({
      'Agents.md': 'Be kind.',
      '.cursorrules': 'No semicolons.',
      'notes.txt': 'not a skill',
      '.openhands/skills/README.md': 'about this folder',
      '.openhands/skills/style.md': 'Tabs.',
      '.openhands/skills/lang/python.md': '---\ntriggers: [python]\n---\nUse uv.',
      '.openhands/skills/other.txt': 'not markdown',
    });
    const loaded = await loadSkillsFromDir(path.join(root, '.openhands', 'skills'));
    assert.deepEqual(loaded.warnings, []);
    assert.deepEqual(
      loaded.skills.map((skill) => [skill.name, skill.content, skill.trigger?.type ?? null]),
      [
        ['cursorrules', 'No semicolons.', null],
        ['agents', 'Be kind.', null],
        ['lang/python', 'Use uv.', 'keyword'],
        ['style', 'Tabs.', null],
      ],
    );
    assert.equal(loaded.skills[2].source, path.join(root, '.openhands', 'skills', 'lang', 'python.md'));
  });

  test('a broken file and a second file with a taken name are skipped with a warning; the rest load', async () => {
    const root = await repository({
      '.openhands/skills/a.md': '---\nname: same\n---\nfirst',
      '.openhands/skills/b.md': '---\nname: same\n---\nsecond',
      '.openhands/skills/c.md': '---\ntriggers: nope\n---\nbroken',
      '.openhands/skills/d.md': 'fine',
    });
    const loaded = await loadSkillsFromDir(path.join(root, '.openhands', 'skills'));
    assert.deepEqual(loaded.skills.map((skill) => [skill.name, skill.content]), [['same', 'first'], ['d', 'fine']]);
    assert.deepEqual(
      loaded.warnings.map((warning) => [path.basename(warning.file), warning.reason]),
      [
        ['b.md', 'a skill named "same" was already loaded'],
        ['c.md', 'triggers must be a list of strings'],
      ],
    );
  });

  test('a folder that does not exist holds no skills', async () => {
    const root = await repository({});
    assert.deepEqual(await loadSkillsFromDir(path.join(root, 'missing', 'skills')), { skills: [], warnings: [] });
  });
});
