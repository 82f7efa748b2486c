import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { renderSystemPrompt, systemMessageSuffix } from './system-prompt.js';

const agent = (overrides: Record<string, unknown> = {}) => ({ system_prompt_filename: 'system_prompt.j2', system_prompt_kwargs: { llm_security_analyzer: true }, agent_context: null, ...overrides });

describe('system prompt', () => {
  test('the default prompt has the risk section unless llm_security_analyzer is false', () => {
    const withRisk = renderSystemPrompt(agent());
    assert.match(withRisk, /^You are OpenHands agent/);
    assert.match(withRisk, /<SECURITY_RISK_ASSESSMENT>/);
    assert.match(withRisk, /<PROCESS_MANAGEMENT>[\s\S]*<\/PROCESS_MANAGEMENT>$/);
    const without = renderSystemPrompt(agent({ system_prompt_kwargs: { llm_security_analyzer: false } }));
    assert.doesNotMatch(without, /SECURITY_RISK_ASSESSMENT/);
    assert.doesNotMatch(without, /\n\n\n/);
  });

  test('cli_mode false picks the sandbox wording', () => {
    assert.match(renderSystemPrompt(agent({ system_prompt_kwargs: { cli_mode: false } })), /sandbox container/);
    assert.doesNotMatch(renderSystemPrompt(agent()), /sandbox container/);
  });

  test('repo skills and system_message_suffix are appended after a blank line (agent.md 9.2)', () => {
    const context = {
      skills: [
        { name: 'repo', content: 'REPO RULE', trigger: null },
        { name: 'flarg', content: 'FLARG INFO', trigger: { type: 'keyword', keywords: ['flarglebargle'] } },
      ],
      system_message_suffix: '  Be brief.  ',
    };
    const rendered = renderSystemPrompt(agent({ agent_context: context }));
    const suffix = systemMessageSuffix(context);
    assert.ok(rendered.endsWith(`</PROCESS_MANAGEMENT>\n\n${suffix}`));
    assert.match(suffix, /^<REPO_CONTEXT>\n/);
    assert.match(suffix, /\[BEGIN context from \[repo\]\]\nREPO RULE\n\[END Context\]\n<\/REPO_CONTEXT>\n\nBe brief\.$/);
    assert.doesNotMatch(suffix, /FLARG/);
  });

  test('a suffix alone, or nothing at all', () => {
    assert.equal(systemMessageSuffix({ skills: [], system_message_suffix: ' extra ' }), 'extra');
    assert.equal(systemMessageSuffix(null), '');
    assert.ok(renderSystemPrompt(agent({ agent_context: { skills: [], system_message_suffix: '   ' } })).endsWith('</PROCESS_MANAGEMENT>'));
  });

  test('an absolute system_prompt_filename is the user own prompt', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-')), 'mine.md');
    writeFileSync(file, '  My own prompt.\n');
    assert.equal(renderSystemPrompt(agent({ system_prompt_filename: file })), 'My own prompt.');
  });
});
