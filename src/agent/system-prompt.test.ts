import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { planHeaders } from '../tools/planning-file-editor/plan-file.js';
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

  test('the interactive, long-horizon and tech-philosophy variants are the default plus one section', () => {
    const variants: Array<[string, string]> = [
      ['system_prompt_interactive.j2', 'INTERACTION_RULES'],
      ['system_prompt_long_horizon.j2', 'TASK_MANAGEMENT'],
      ['system_prompt_tech_philosophy.j2', 'TECHNICAL_PHILOSOPHY'],
    ];
    for (const kwargs of [{ llm_security_analyzer: true }, { llm_security_analyzer: false }, { cli_mode: false }]) {
      const base = renderSystemPrompt(agent({ system_prompt_kwargs: kwargs }));
      for (const [filename, tag] of variants) {
        const rendered = renderSystemPrompt(agent({ system_prompt_filename: filename, system_prompt_kwargs: kwargs }));
        assert.ok(rendered.startsWith(`${base}\n\n<${tag}>\n`), filename);
        assert.ok(rendered.endsWith(`</${tag}>`), filename);
        assert.equal(rendered.match(/<SECURITY_RISK_ASSESSMENT>/g)?.length ?? 0, kwargs.llm_security_analyzer === false ? 0 : 1);
        assert.doesNotMatch(rendered, /\n\n\n|\{\{/);
      }
    }
    const longHorizon = renderSystemPrompt(agent({ system_prompt_filename: 'system_prompt_long_horizon.j2' }));
    assert.match(longHorizon, /`task_tracker`[\s\S]*`in_progress`[\s\S]*`done`/);
  });

  test('the planning prompt is a prompt of its own that names PLAN.md and its sections', () => {
    const planning = renderSystemPrompt(agent({ system_prompt_filename: 'system_prompt_planning.j2' }));
    assert.notEqual(planning, renderSystemPrompt(agent()));
    assert.doesNotMatch(planning, /^You are OpenHands agent|<VERSION_CONTROL>/);
    assert.match(planning, /planning agent/);
    assert.match(planning, /PLAN\.md/);
    assert.match(planning, /`planning_file_editor`/);
    assert.match(planning, /<PLAN_STRUCTURE>\n[\s\S]*\n<\/PLAN_STRUCTURE>$/);
    const titles = ['OBJECTIVE', 'CONTEXT SUMMARY', 'APPROACH OVERVIEW', 'IMPLEMENTATION STEPS', 'TESTING AND VALIDATION'];
    titles.forEach((title, index) => assert.match(planning, new RegExp(`\\n${index + 1}\\. ${title}: `)));
    // The titles are the ones PLAN.md is created with.
    assert.deepEqual([...planHeaders().matchAll(/^# \d+\. (.+)$/gm)].map((match) => match[1]), titles);
    assert.doesNotMatch(planning, /\n\n\n|\{\{/);
  });

  test('the planning prompt keeps the risk section switch and the agent-context suffix', () => {
    const planning = (kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      renderSystemPrompt(agent({ system_prompt_filename: 'system_prompt_planning.j2', system_prompt_kwargs: kwargs, ...extra }));
    assert.match(planning({}), /<\/PLAN_SCOPE>\n\n<SECURITY_RISK_ASSESSMENT>[\s\S]*<\/SECURITY_RISK_ASSESSMENT>\n\n<PLAN_STRUCTURE>/);
    assert.match(planning({ cli_mode: false }), /sandbox container/);
    const without = planning({ llm_security_analyzer: false });
    assert.doesNotMatch(without, /SECURITY_RISK_ASSESSMENT/);
    assert.match(without, /<\/PLAN_SCOPE>\n\n<PLAN_STRUCTURE>/);
    const context = { skills: [{ name: 'repo', content: 'REPO RULE', trigger: null }], system_message_suffix: 'Be brief.' };
    const withContext = planning({}, { agent_context: context });
    assert.ok(withContext.endsWith(`</PLAN_STRUCTURE>\n\n${systemMessageSuffix(context)}`));
  });

  test('a plan_structure kwarg replaces our own plan layout', () => {
    const rendered = renderSystemPrompt(
      agent({ system_prompt_filename: 'system_prompt_planning.j2', system_prompt_kwargs: { plan_structure: '  1. GOAL\n   * why\n' } }),
    );
    assert.match(rendered, /<PLAN_STRUCTURE>\n1\. GOAL\n   \* why\n<\/PLAN_STRUCTURE>$/);
    assert.doesNotMatch(rendered, /CONTEXT SUMMARY/);
  });

  test('an unknown relative name falls back to the default prompt', () => {
    const base = renderSystemPrompt(agent());
    for (const filename of ['system_prompt_custom.j2', 'prompts/system_prompt_interactive.j2', 'system_prompt_planning', '']) {
      assert.equal(renderSystemPrompt(agent({ system_prompt_filename: filename })), base, filename);
    }
    assert.equal(renderSystemPrompt(agent({ system_prompt_filename: undefined })), base);
  });

  test('an absolute system_prompt_filename is the user own prompt', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-')), 'mine.md');
    writeFileSync(file, '  My own prompt.\n');
    assert.equal(renderSystemPrompt(agent({ system_prompt_filename: file })), 'My own prompt.');
  });
});
