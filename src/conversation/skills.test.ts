import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activateKnowledgeSkills } from './skills.js';

type State = Parameters<typeof activateKnowledgeSkills>[0];

function stateWith(agentContext: Record<string, unknown> | null, activated: string[] = []): State {
  return { agent: { agent_context: agentContext }, activatedKnowledgeSkills: activated } as unknown as State;
}

const text = (value: string) => [{ type: 'text', text: value }];

const skills = [
  { name: 'repo', content: 'ALWAYS', trigger: null },
  { name: 'git', content: 'GIT NOTES', trigger: { type: 'keyword', keywords: ['rebase', 'Git'] } },
  { name: 'deploy', content: 'Deploy to ${ENV}.', trigger: { type: 'task', triggers: ['/deploy'] }, inputs: [] },
  { name: 'release', content: 'Tag the release.', trigger: { type: 'task', triggers: ['release'] }, inputs: [{ name: 'VERSION', description: 'the version' }] },
];

describe('activateKnowledgeSkills (agent.md 9.3)', () => {
  test('a keyword anywhere in the text, in any case, activates its skill once, naming the first keyword found', () => {
    const activation = activateKnowledgeSkills(stateWith({ skills }), text('please GIT rebase this'));
    assert.deepEqual(activation.names, ['git']);
    assert.equal(activation.content.length, 1);
    assert.match(activation.content[0].text, /^<EXTRA_INFO>\n.*"rebase".*\n\nGIT NOTES\n<\/EXTRA_INFO>$/s);
  });

  test('a skill already activated in the conversation is not injected again; repo skills never are', () => {
    const activation = activateKnowledgeSkills(stateWith({ skills }, ['git']), text('git again; repo'));
    assert.deepEqual(activation, { names: [], content: [] });
  });

  test('task skills fire on their triggers and ask for missing variables when they have any', () => {
    const activation = activateKnowledgeSkills(stateWith({ skills }), text('/deploy the release now'));
    assert.deepEqual(activation.names, ['deploy', 'release']);
    const [deploy, release] = activation.content[0].text.split('\n</EXTRA_INFO>\n');
    assert.match(deploy, /Deploy to \$\{ENV\}\.\n\nIf any \$\{variable\} above is not known yet, ask the user for it/);
    assert.match(release, /Tag the release\.\n\nIf any \$\{variable\}/);
  });

  test('user_message_suffix follows the skill blocks, or stands alone; an empty message gets only the suffix', () => {
    const context = { skills, user_message_suffix: '  Be brief.  ' };
    assert.match(activateKnowledgeSkills(stateWith(context), text('rebase')).content[0].text, /<\/EXTRA_INFO>\nBe brief\.$/);
    assert.deepEqual(activateKnowledgeSkills(stateWith(context), text('hello')), { names: [], content: [{ cache_prompt: false, type: 'text', text: 'Be brief.' }] });
    assert.deepEqual(activateKnowledgeSkills(stateWith(context), text('   ')), { names: [], content: [{ cache_prompt: false, type: 'text', text: 'Be brief.' }] });
  });

  test('no agent context: nothing to add', () => {
    assert.deepEqual(activateKnowledgeSkills(stateWith(null), text('rebase')), { names: [], content: [] });
  });
});
