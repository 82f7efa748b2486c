import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentInput, AgentSchema, agentLlms, agentUserMessagePrefix, canonicalToolName, maskAgent, normalizeAgent } from './agent.js';
import { SECRET_MASK } from './secrets.js';
import { compile } from './test-ajv.js';

// The agent of the seed document (design.md 2.5): older skill shape and user_message_prefix.
const seedAgent = {
  llm: { model: 'claude-sonnet-4-20250514', api_key: 'sk-agent-secret', usage_id: 'agent' },
  kind: 'Agent',
  tools: [{ name: 'TerminalTool', params: {} }, { name: 'file_editor' }, { name: 'TaskTrackerTool', params: null }],
  mcp_config: {},
  filter_tools_regex: '^(?!repomix)(.*)|^repomix.*pack_codebase.*$',
  agent_context: {
    skills: [
      { content: 'Reply like a grumpy cat.', name: 'repo.md', type: 'repo' },
      { content: 'Praise the user.', name: 'flarglebargle', trigger: ['flarglebargle'], type: 'knowledge' },
    ],
    system_message_suffix: "Always finish your response with the word 'yay!'",
    user_message_prefix: "The first character of your response should be 'I'",
  },
  system_prompt_filename: 'system_prompt.j2',
  system_prompt_kwargs: {},
  condenser: {
    keep_first: 10,
    kind: 'LLMSummarizingCondenser',
    llm: { api_key: 'sk-condenser-secret', base_url: 'https://llm-proxy.eval.all-hands.dev', model: 'litellm_proxy/anthropic/claude-sonnet-4-5-20250929' },
    max_size: 80,
  },
};

describe('AgentInput schema', () => {
  const validate = compile(AgentInput);

  it('accepts the seed-shaped agent', () => {
    const outcome = validate(seedAgent);
    assert.equal(outcome.valid, true, JSON.stringify(outcome.errors));
  });

  it('ignores unknown fields but rejects a wrong kind', () => {
    assert.equal(validate({ llm: { model: 'x' }, whatever: 1 }).valid, true);
    const outcome = validate({ llm: { model: 'x' }, kind: 'OtherAgent' });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'const');
  });

  it('rejects an empty tool name and accepts the contract trigger shapes', () => {
    assert.equal(validate({ llm: { model: 'x' }, tools: [{ name: '' }] }).valid, false);
    const context = {
      skills: [
        { name: 'k', content: 'c', trigger: { type: 'keyword', keywords: ['a'] } },
        { name: 't', content: 'c', trigger: { triggers: ['/run'] } },
        { name: 'r', content: 'c', trigger: null },
      ],
    };
    const outcome = validate({ llm: { model: 'x' }, agent_context: context });
    assert.equal(outcome.valid, true);
    const skills = (outcome.data as { agent_context: { skills: { trigger: unknown }[] } }).agent_context.skills;
    assert.equal(skills[2]!.trigger, null, 'null stays null despite array coercion');
    assert.equal(validate({ llm: { model: 'x' }, agent_context: { skills: [{ name: 'k', content: 'c', trigger: { type: 'keyword' } }] } }).valid, false);
  });
});

describe('normalizeAgent', () => {
  const agent = normalizeAgent(seedAgent as AgentInput);

  it('emits contract fields in order, kind first', () => {
    assert.deepEqual(Object.keys(agent), [
      'kind', 'llm', 'tools', 'mcp_config', 'filter_tools_regex', 'agent_context', 'system_prompt_filename', 'system_prompt_kwargs', 'condenser',
    ]);
    assert.equal(agent.kind, 'Agent');
  });

  it('stores registry tool names and params objects', () => {
    assert.deepEqual(agent.tools, [
      { name: 'terminal', params: {} },
      { name: 'file_editor', params: {} },
      { name: 'task_tracker', params: {} },
    ]);
  });

  it('inserts llm_security_analyzer only when absent', () => {
    assert.deepEqual(agent.system_prompt_kwargs, { llm_security_analyzer: true });
    const other = normalizeAgent({ llm: { model: 'x' }, system_prompt_kwargs: { llm_security_analyzer: false, cli_mode: true } });
    assert.deepEqual(other.system_prompt_kwargs, { llm_security_analyzer: false, cli_mode: true });
  });

  it('fills defaults for a minimal agent', () => {
    const minimal = normalizeAgent({ llm: { model: 'gpt-4o' } });
    assert.deepEqual({ ...minimal, llm: undefined }, {
      kind: 'Agent',
      llm: undefined,
      tools: [],
      mcp_config: {},
      filter_tools_regex: null,
      agent_context: null,
      system_prompt_filename: 'system_prompt.j2',
      system_prompt_kwargs: { llm_security_analyzer: true },
      condenser: null,
    });
  });

  it('converts seed skills to the contract shape', () => {
    assert.deepEqual(agent.agent_context?.skills, [
      { name: 'repo.md', content: 'Reply like a grumpy cat.', trigger: null, source: null, mcp_tools: null, inputs: [] },
      { name: 'flarglebargle', content: 'Praise the user.', trigger: { type: 'keyword', keywords: ['flarglebargle'] }, source: null, mcp_tools: null, inputs: [] },
    ]);
    assert.equal(agent.agent_context?.user_message_suffix, null);
    assert.equal(agent.agent_context?.load_public_skills, false);
  });

  it('keeps user_message_prefix for the runtime but never on the wire', () => {
    assert.equal(agentUserMessagePrefix(agent), "The first character of your response should be 'I'");
    const wire = maskAgent(agent);
    assert.deepEqual(Object.keys(wire.agent_context!), ['skills', 'system_message_suffix', 'user_message_suffix', 'load_user_skills', 'load_public_skills']);
    assert.equal(JSON.stringify(wire).includes('user_message_prefix'), false);
    assert.equal(agentUserMessagePrefix(normalizeAgent({ llm: { model: 'x' } })), null);
  });

  it('normalizes the condenser and reports its LLMs', () => {
    assert.equal(agent.condenser?.kind, 'LLMSummarizingCondenser');
    assert.deepEqual(agentLlms(agent).map((llm) => llm.usage_id), ['agent', 'default']);
  });

  it('prefixes validation locations from nested models', () => {
    assert.throws(
      () => normalizeAgent({ llm: { model: 'x' }, condenser: { kind: 'LLMSummarizingCondenser', llm: { model: 'y' }, max_size: 4, keep_first: 4 } }),
      (error: unknown) => (error as { loc?: unknown[] }).loc?.join('.') === 'condenser',
    );
  });

  it('refuses two LLMs with one usage_id (agent.md 2.1 step 5), even both left at the default', () => {
    const condenser = { kind: 'LLMSummarizingCondenser', llm: { model: 'y' }, max_size: 80, keep_first: 4 } as const;
    for (const llm of [{ model: 'x' }, { model: 'x', usage_id: 'default' }]) {
      assert.throws(
        () => normalizeAgent({ llm, condenser }),
        (error: unknown) => {
          const failure = error as { loc: unknown[]; type: string; message: string };
          return failure.loc.join('.') === 'condenser' && failure.type === 'value_error' && /Usage ID 'default' already exists/.test(failure.message);
        },
      );
    }
    const pipeline = { kind: 'PipelineCondenser', condensers: [{ ...condenser, llm: { model: 'y', usage_id: 'c' } }, { ...condenser, llm: { model: 'z', usage_id: 'c' } }] } as const;
    assert.throws(() => normalizeAgent({ llm: { model: 'x' }, condenser: pipeline as never }), /Usage ID 'c' already exists/);
    assert.deepEqual(agentLlms(normalizeAgent({ llm: { model: 'x' }, condenser: { ...condenser, llm: { model: 'y', usage_id: 'condenser' } } })).map((llm) => llm.usage_id), ['default', 'condenser']);
  });

  it('refuses two skills with one name (agent.md 9.1)', () => {
    const skills = [{ name: 'same', content: 'a' }, { name: 'other', content: 'b' }, { name: 'same', content: 'c', trigger: { type: 'keyword', keywords: ['x'] } }];
    assert.throws(
      () => normalizeAgent({ llm: { model: 'x' }, agent_context: { skills } as never }),
      (error: unknown) => {
        const failure = error as { loc: unknown[]; message: string };
        return failure.loc.join('.') === 'agent_context.skills' && failure.message === 'Value error, Duplicate skill name found: same';
      },
    );
  });
});

describe('maskAgent', () => {
  it('masks the agent LLM, condenser LLMs and MCP credentials', () => {
    const agent = normalizeAgent({
      ...(seedAgent as AgentInput),
      mcp_config: {
        mcpServers: {
          fetch: { command: 'uvx', args: ['mcp-server-fetch'], env: { API_KEY: 'mcp-env-secret', LOG_LEVEL: 'debug' } },
          remote: { url: 'https://mcp.example', headers: { Authorization: 'Bearer mcp-header-secret' } },
        },
      },
    });
    const wire = maskAgent(agent);
    const text = JSON.stringify(wire);
    for (const secret of ['sk-agent-secret', 'sk-condenser-secret', 'mcp-env-secret', 'mcp-header-secret']) assert.equal(text.includes(secret), false, secret);
    assert.equal(wire.llm.api_key, SECRET_MASK);
    assert.deepEqual((wire.mcp_config.mcpServers as Record<string, { env?: unknown }>).fetch!.env, { API_KEY: SECRET_MASK, LOG_LEVEL: 'debug' });
    assert.equal(JSON.stringify(agent).includes('mcp-env-secret'), true, 'the input is not mutated');
    assert.equal(compile(AgentSchema)(wire).valid, true);
  });

  it('a masked agent sent back has no secrets left', () => {
    const wire = maskAgent(normalizeAgent({ llm: { model: 'x', api_key: 'k' }, mcp_config: { mcpServers: { s: { env: { TOKEN_KEY: 'v' } } } } }));
    const again = normalizeAgent(wire as AgentInput);
    assert.equal(again.llm.api_key, null);
    assert.deepEqual(again.mcp_config, { mcpServers: { s: { env: {} } } });
  });
});

describe('canonicalToolName', () => {
  it('maps class-style names to registry names and leaves others alone', () => {
    assert.equal(canonicalToolName('TerminalTool'), 'terminal');
    assert.equal(canonicalToolName('FileEditorTool'), 'file_editor');
    assert.equal(canonicalToolName('TaskTrackerTool'), 'task_tracker');
    assert.equal(canonicalToolName('BrowserToolSet'), 'browser_tool_set');
    assert.equal(canonicalToolName('PlanningFileEditorTool'), 'planning_file_editor');
    assert.equal(canonicalToolName('terminal'), 'terminal');
    assert.equal(canonicalToolName('my_mcp_tool'), 'my_mcp_tool');
  });
});
