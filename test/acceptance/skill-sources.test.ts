/**
 * agent.md 9.4: `load_user_skills` reads the server user's ~/.openhands/skills and
 * ~/.openhands/microagents, `load_public_skills` clones and updates the public skills repository
 * (here a real local git repository). Loaded skills join the agent context at creation and reach
 * the LLM like skills sent in the request.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, createConversation, info, seen, sendMessage, waitForStatus, withFake } from './support.js';

const protocol = PROTOCOLS[0];
const temporary: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), prefix));
  temporary.push(directory);
  return directory;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Skills Test', '-c', 'user.email=skills@example.com', ...args], { cwd, stdio: 'ignore' });
}

function skillNames(conversationInfo: any): string[] {
  return conversationInfo.agent.agent_context.skills.map((skill: { name: string }) => skill.name);
}

after(async () => {
  for (const directory of temporary) await rm(directory, { recursive: true, force: true });
});

describe('user skills from the home folder', () => {
  let server: TestServer;
  let home: string;
  before(async () => {
    home = await tempDir('skills-home-');
    await writeFiles(home, {
      '.openhands/skills/house-style.md': 'Always write a test first.',
      '.openhands/skills/deploy.md': '---\ntriggers: [deploy]\n---\nDEPLOY NOTES FROM HOME',
      '.openhands/skills/broken.md': '---\ntriggers: deploy\n---\nnot a list',
      '.openhands/microagents/house-style.md': 'OLDER HOUSE STYLE',
      '.openhands/microagents/legacy.md': '---\ntriggers: [legacy]\n---\nLEGACY NOTES',
    });
    server = await startServer({ config: { skills: { homeDir: home, publicRepoUrl: path.join(home, 'none'), publicRepoBranch: 'main' } } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('are added after the request\'s own skills, which keep their names, and reach the system prompt and the user message', () =>
    withFake(async (fake) => {
      fake.enqueue({ text: 'ok' });
      const scenario = await createConversation(server, fake, protocol, {
        agent: {
          agent_context: {
            load_user_skills: true,
            skills: [{ name: 'deploy', content: 'MY OWN DEPLOY NOTES', trigger: { type: 'keyword', keywords: ['deploy'] } }],
          },
        },
      });
      const conversation = await info(scenario);
      assert.deepEqual(skillNames(conversation), ['deploy', 'house-style', 'legacy']);
      const houseStyle = conversation.agent.agent_context.skills[1];
      assert.equal(houseStyle.source, path.join(home, '.openhands', 'skills', 'house-style.md'));
      assert.equal(houseStyle.trigger, null);

      await sendMessage(scenario, 'Please deploy the legacy app');
      await waitForStatus(scenario, 'finished');
      const [system, user] = seen(fake.requests[0]).messages;
      assert.match(system.text, /\[BEGIN context from \[house-style\]\]\nAlways write a test first\.\n\[END Context\]/);
      assert.doesNotMatch(system.text, /OLDER HOUSE STYLE/);
      assert.match(user.text, /MY OWN DEPLOY NOTES/);
      assert.match(user.text, /LEGACY NOTES/);
      assert.doesNotMatch(user.text, /DEPLOY NOTES FROM HOME/);
    }));

  test('are not loaded unless asked for, and survive a restart as part of the agent', () =>
    withFake(async (fake) => {
      const plain = await createConversation(server, fake, protocol, { agent: { agent_context: { skills: [] } } });
      assert.deepEqual(skillNames(await info(plain)), []);
      const loaded = await createConversation(server, fake, protocol, { agent: { agent_context: { load_user_skills: true } } });
      server = await server.restart();
      assert.deepEqual(skillNames(await info({ server, id: loaded.id })), ['house-style', 'deploy', 'legacy']);
    }));
});

describe('public skills from a git repository', () => {
  let server: TestServer;
  let source: string;
  let home: string;
  before(async () => {
    source = await tempDir('public-skills-');
    home = await tempDir('skills-home-');
    await writeFiles(source, {
      'README.md': 'the repository',
      'skills/README.md': 'about the skills',
      'skills/github.md': '---\nname: github\ntriggers: [pull request]\n---\nGITHUB NOTES',
    });
    git(source, 'init', '--quiet', '--initial-branch', 'main');
    git(source, 'add', '.');
    git(source, 'commit', '--quiet', '-m', 'first skill');
    server = await startServer({ config: { skills: { homeDir: home, publicRepoUrl: `file://${source}`, publicRepoBranch: 'main' } } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('are cloned into the cache on first use and updated on the next, named by their path unless they name themselves', () =>
    withFake(async (fake) => {
      fake.enqueue({ text: 'ok' });
      const first = await createConversation(server, fake, protocol, { agent: { agent_context: { load_public_skills: true } } });
      const firstInfo = await info(first);
      assert.deepEqual(skillNames(firstInfo), ['github']);
      assert.equal(firstInfo.agent.agent_context.skills[0].source, path.join(home, '.openhands', 'cache', 'skills', 'public-skills', 'skills', 'github.md'));
      await sendMessage(first, 'Open a pull request');
      await waitForStatus(first, 'finished');
      assert.match(seen(fake.requests[0]).messages[1].text, /GITHUB NOTES/);

      await writeFiles(source, { 'skills/tools/docker.md': '---\ntriggers: [docker]\n---\nDOCKER NOTES' });
      git(source, 'add', '.');
      git(source, 'commit', '--quiet', '-m', 'second skill');
      const second = await createConversation(server, fake, protocol, { agent: { agent_context: { load_public_skills: true } } });
      assert.deepEqual(skillNames(await info(second)), ['github', 'skills/tools/docker']);
    }));

  test('a repository that cannot be reached adds no skill and does not stop the conversation', () =>
    withFake(async (fake) => {
      const offlineHome = await tempDir('skills-home-');
      const offline = await startServer({ config: { skills: { homeDir: offlineHome, publicRepoUrl: `file://${path.join(source, 'missing')}`, publicRepoBranch: 'main' } } });
      try {
        fake.enqueue({ text: 'still works' });
        const scenario = await createConversation(offline, fake, protocol, { agent: { agent_context: { load_public_skills: true } } });
        assert.deepEqual(skillNames(await info(scenario)), []);
        await sendMessage(scenario, 'hello');
        await waitForStatus(scenario, 'finished');
      } finally {
        await offline.close({ removeData: true });
      }
    }));
});
