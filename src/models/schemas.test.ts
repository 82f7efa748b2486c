import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { AgentContextSchema, AgentSchema, SkillSchema, maskAgent, normalizeAgent } from './agent.js';
import { CondenserInput } from './condensers.js';
import { ImageContent, Message, MessageToolCall, ReasoningItemModel, TextContent } from './content.js';
import { contractSchemas, type JsonSchema } from './contract-fixture.js';
import * as events from './event-schemas.js';
import { LlmSchema } from './llm.js';
import { AlwaysConfirm, ConfirmRisky, NeverConfirm } from './policies.js';
import * as requests from './requests.js';
import * as responses from './responses.js';
import { LookupSecret, StaticSecret, maskSecretSources, normalizeSecrets } from './secrets.js';
import { compile } from './test-ajv.js';
import { LocalWorkspaceSchema } from './workspace.js';

const exampleEvents = [
  {
    kind: 'SystemPromptEvent', id: '9b2e5d7a-1c1f-4e0e-b8a1-6a2f3c4d5e60', timestamp: '2025-12-04T19:05:10.201337', source: 'agent',
    system_prompt: { cache_prompt: false, type: 'text', text: 'You are OpenHands agent...' },
    tools: [{ type: 'function', function: { name: 'terminal', description: 'Execute a bash command', parameters: { type: 'object', properties: {} } } }],
  },
  {
    kind: 'MessageEvent', id: '6f1c2a9e-0b6d-4a55-9d7e-1f2c3b4a5d6e', timestamp: '2025-12-04T19:05:11.482913', source: 'user',
    llm_message: {
      role: 'user', content: [{ cache_prompt: false, type: 'text', text: 'Add a README' }], cache_enabled: false, vision_enabled: false,
      function_calling_enabled: false, tool_calls: null, tool_call_id: null, name: null, force_string_serializer: false,
      send_reasoning_content: false, reasoning_content: null, thinking_blocks: [], responses_reasoning_item: null,
    },
    llm_response_id: null, activated_skills: [], extended_content: [], sender: null,
  },
  {
    kind: 'ActionEvent', id: 'a4f0c1de-55b2-4c3b-9a0e-2d1c0b9a8f71', timestamp: '2025-12-04T19:05:14.903112', source: 'agent',
    thought: [{ cache_prompt: false, type: 'text', text: 'Let me look.' }], reasoning_content: null, thinking_blocks: [], responses_reasoning_item: null,
    action: { kind: 'TerminalAction', command: 'ls -la', is_input: false, timeout: null, reset: false },
    tool_name: 'terminal', tool_call_id: 'toolu_01', tool_call: { id: 'toolu_01', name: 'terminal', arguments: '{}', origin: 'completion' },
    llm_response_id: 'chatcmpl-7c1d', security_risk: 'LOW',
  },
  {
    kind: 'ObservationEvent', id: 'c2d9e8f7-6a5b-4c3d-9e2f-1a0b9c8d7e6f', timestamp: '2025-12-04T19:05:15.120087', source: 'environment',
    tool_name: 'terminal', tool_call_id: 'toolu_01',
    observation: {
      kind: 'TerminalObservation', content: [{ cache_prompt: false, type: 'text', text: 'total 8' }], is_error: false, command: 'ls -la',
      exit_code: null, timeout: false,
      metadata: { exit_code: 0, pid: -1, username: 'root', hostname: 'sandbox', working_dir: '/srv/project', py_interpreter_path: '', prefix: '', suffix: '' },
      full_output_save_dir: null,
    },
    action_id: 'a4f0c1de-55b2-4c3b-9a0e-2d1c0b9a8f71',
  },
  { kind: 'AgentErrorEvent', id: 'e1', timestamp: '2025-12-04T19:05:16.000001', source: 'agent', tool_name: 'terminal', tool_call_id: 't2', error: 'bad args' },
  { kind: 'UserRejectObservation', id: 'r1', timestamp: '2025-12-04T19:06:02.311000', source: 'environment', tool_name: 'terminal', tool_call_id: 't3', rejection_reason: 'No', action_id: 'a1' },
  { kind: 'PauseEvent', id: 'p1', timestamp: '2025-12-04T19:07:00.000500', source: 'user' },
  { kind: 'ConversationStateUpdateEvent', id: 's1', timestamp: '2025-12-04T19:05:12.400120', source: 'environment', key: 'execution_status', value: 'running' },
  { kind: 'ConversationErrorEvent', id: 'x1', timestamp: '2025-12-04T19:08:00.010203', source: 'environment', code: 'AuthenticationError', detail: 'Invalid API key' },
  { kind: 'Condensation', id: 'c1', timestamp: '2025-12-04T19:20:00.000001', source: 'environment', forgotten_event_ids: ['a'], summary: 's', summary_offset: 4, llm_response_id: 'r' },
  { kind: 'CondensationRequest', id: 'c2', timestamp: '2025-12-04T19:19:59.500000', source: 'environment' },
  { kind: 'CondensationSummaryEvent', id: 'c3', timestamp: '2025-12-04T19:20:00.100000', source: 'environment', summary: 'Earlier steps' },
  { kind: 'TokenEvent', id: 't1', timestamp: '2025-12-04T19:05:14.950000', source: 'agent', prompt_token_ids: [1, 2], response_token_ids: [3] },
  { kind: 'LLMCompletionLogEvent', id: 'l1', timestamp: '2025-12-04T19:05:14.890000', source: 'environment', filename: 'f.json', log_data: '{}', model_name: 'm', usage_id: 'agent' },
];

describe('event schemas', () => {
  const validate = compile(events.Event);

  it('accept every example event of api.md 14.4', () => {
    for (const event of exampleEvents) {
      const outcome = validate(event);
      assert.equal(outcome.valid, true, `${event.kind}: ${JSON.stringify(outcome.errors[0])}`);
    }
  });

  it('reject extra fields, unknown kinds and incomplete events', () => {
    assert.equal(validate({ ...exampleEvents[6], extra: 1 }).valid, false);
    assert.equal(validate({ kind: 'NotAnEvent' }).errors[0]?.keyword, 'discriminator');
    assert.equal(validate({ kind: 'ConversationErrorEvent', code: 'X', detail: 'y' }).valid, false, 'source is required');
    assert.equal(validate({ ...exampleEvents[2], action: { kind: 'TerminalAction', command: 'ls', bogus: 1 } }).valid, false);
  });
});

describe('response schemas', () => {
  it('compile and accept a masked ConversationInfo', () => {
    const agent = maskAgent(normalizeAgent({ llm: { model: 'gpt-4o', api_key: 'sk', usage_id: 'agent' }, tools: [{ name: 'terminal' }] }));
    const info = {
      id: '3f0c8a52-6a1e-4a4e-9a59-2b1e0f6c9d21',
      agent,
      workspace: { kind: 'LocalWorkspace', working_dir: '/srv/project' },
      persistence_dir: 'workspace/conversations/3f0c8a526a1e4a4e9a592b1e0f6c9d21',
      max_iterations: 500,
      stuck_detection: true,
      execution_status: 'finished',
      confirmation_policy: { kind: 'NeverConfirm' },
      security_analyzer: null,
      activated_knowledge_skills: [],
      stats: {
        usage_to_metrics: {
          agent: {
            model_name: 'gpt-4o', accumulated_cost: 0.0123, max_budget_per_task: null,
            accumulated_token_usage: { model: 'gpt-4o', prompt_tokens: 1, completion_tokens: 2, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, context_window: 0, per_turn_token: 3, response_id: '' },
            costs: [{ model: 'gpt-4o', cost: 0.0123, timestamp: 1764875114.88 }],
            response_latencies: [{ model: 'gpt-4o', latency: 2.41, response_id: 'chatcmpl-7c1d' }],
            token_usages: [],
          },
        },
      },
      secret_registry: { secret_sources: maskSecretSources(normalizeSecrets({ A: 'x', B: { kind: 'LookupSecret', url: 'u', headers: { Authorization: 'y' } } })) },
      title: null,
      metrics: null,
      created_at: '2025-12-04T19:05:10.183001Z',
      updated_at: '2025-12-04T19:05:20.554310Z',
    };
    assert.equal(compile(responses.ConversationInfo)(info).valid, true);
    const page = compile(responses.ConversationPage)({ items: [info], next_page_id: null });
    assert.equal(page.valid, true);
    assert.equal(compile(responses.EventPage)({ items: exampleEvents, next_page_id: 'x' }).valid, true);
    assert.equal(compile(responses.ServerInfo)({ uptime: 1, idle_time: 0, title: 'OpenHands Agent Server', version: '1.4.1', docs: '/docs', redoc: '/redoc' }).valid, true);
    assert.equal(compile(responses.HTTPValidationError)({ detail: [{ type: 'missing', loc: ['body', 'agent'], msg: 'Field required', input: {} }] }).valid, true);
  });

  it('every exported schema compiles under the Fastify Ajv settings', () => {
    for (const module of [events, requests, responses] as Record<string, unknown>[]) {
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
        assert.doesNotThrow(() => compile(value), name);
      }
    }
  });
});

/*
 * Structural comparison with the reference contract: property names and order, required lists,
 * `additionalProperties: false` and enum values. Skipped when the contract file is absent.
 */
const pairs: [string, TSchema][] = [
  ['LLM', LlmSchema],
  ['TextContent', TextContent],
  ['ImageContent', ImageContent],
  ['Message', Message],
  ['MessageToolCall', MessageToolCall],
  ['ReasoningItemModel', ReasoningItemModel],
  ['Agent-Output', AgentSchema],
  ['AgentContext-Output', AgentContextSchema],
  ['Skill', SkillSchema],
  ['LocalWorkspace', LocalWorkspaceSchema],
  ['AlwaysConfirm', AlwaysConfirm],
  ['ConfirmRisky', ConfirmRisky],
  ['NeverConfirm', NeverConfirm],
  ['StaticSecret', StaticSecret],
  ['LookupSecret', LookupSecret],
  ['SendMessageRequest', requests.SendMessageRequest],
  ['UpdateConversationRequest', requests.UpdateConversationRequest],
  ['SetConfirmationPolicyRequest', requests.SetConfirmationPolicyRequest],
  ['SetSecurityAnalyzerRequest', requests.SetSecurityAnalyzerRequest],
  ['UpdateSecretsRequest', requests.UpdateSecretsRequest],
  ['ConfirmationResponseRequest', requests.ConfirmationResponseRequest],
  ['GenerateTitleRequest', requests.GenerateTitleRequest],
  ['AskAgentRequest', requests.AskAgentRequest],
  ['StartConversationRequest', requests.StartConversationRequest],
  ['Success', responses.Success],
  ['ServerInfo', responses.ServerInfo],
  ['ConversationInfo', responses.ConversationInfo],
  ['ConversationPage', responses.ConversationPage],
  ['EventPage', responses.EventPage],
  ['GenerateTitleResponse', responses.GenerateTitleResponse],
  ['AskAgentResponse', responses.AskAgentResponse],
  ['Metrics', responses.Metrics],
  ['MetricsSnapshot', responses.MetricsSnapshot],
  ['TokenUsage', responses.TokenUsage],
  ['Cost', responses.Cost],
  ['ResponseLatency', responses.ResponseLatency],
  ['SystemPromptEvent', events.SystemPromptEventSchema],
  ['MessageEvent', events.MessageEventSchema],
  ['ActionEvent', events.ActionEventSchema],
  ['ObservationEvent', events.ObservationEventSchema],
  ['AgentErrorEvent', events.AgentErrorEventSchema],
  ['UserRejectObservation', events.UserRejectObservationSchema],
  ['PauseEvent', events.PauseEventSchema],
  ['ConversationStateUpdateEvent', events.ConversationStateUpdateEventSchema],
  ['ConversationErrorEvent', events.ConversationErrorEventSchema],
  ['Condensation', events.CondensationSchema],
  ['CondensationRequest', events.CondensationRequestSchema],
  ['CondensationSummaryEvent', events.CondensationSummaryEventSchema],
  ['TokenEvent', events.TokenEventSchema],
  ['LLMCompletionLogEvent', events.LLMCompletionLogEventSchema],
  ['ChatCompletionToolParam', events.ChatCompletionToolParamSchema],
  ['TerminalAction', events.TerminalActionSchema],
  ['TerminalObservation', events.TerminalObservationSchema],
  ['CmdOutputMetadata', events.CmdOutputMetadataSchema],
  ['FileEditorAction', events.FileEditorActionSchema],
  ['FileEditorObservation', events.FileEditorObservationSchema],
  ['TaskTrackerAction', events.TaskTrackerActionSchema],
  ['TaskTrackerObservation', events.TaskTrackerObservationSchema],
  ['TaskItem', events.TaskItemSchema],
  ['FinishAction', events.FinishActionSchema],
  ['FinishObservation', events.FinishObservationSchema],
  ['ThinkAction', events.ThinkActionSchema],
  ['ThinkObservation', events.ThinkObservationSchema],
  ['GlobAction', events.GlobActionSchema],
  ['GlobObservation', events.GlobObservationSchema],
  ['GrepAction', events.GrepActionSchema],
  ['GrepObservation', events.GrepObservationSchema],
  ['MCPToolAction', events.MCPToolActionSchema],
  ['MCPToolObservation', events.MCPToolObservationSchema],
];

function resolve(all: Record<string, JsonSchema>, schema: JsonSchema | undefined): JsonSchema | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' ? all[ref.split('/').pop()!] : schema;
}

/** Every enum value reachable from a property schema without crossing into objects. */
function enumValues(all: Record<string, JsonSchema>, schema: JsonSchema | undefined): string[] {
  const resolved = resolve(all, schema);
  if (!resolved) return [];
  const own = Array.isArray(resolved.enum) ? (resolved.enum as unknown[]).filter((value) => value !== null).map(String) : [];
  const nested = Array.isArray(resolved.anyOf) ? (resolved.anyOf as JsonSchema[]).flatMap((branch) => enumValues(all, branch)) : [];
  return [...own, ...nested].sort();
}

describe('structure matches the contract', () => {
  const all = contractSchemas() ?? {};
  for (const [name, ours] of pairs) {
    it(name, () => {
      const theirs = all[name];
      assert.ok(theirs, `contract has ${name}`);
      const oursJson = ours as unknown as JsonSchema;
      assert.deepEqual(Object.keys(oursJson.properties ?? {}), Object.keys(theirs.properties ?? {}), 'properties');
      assert.deepEqual([...(oursJson.required ?? [])].sort(), [...(theirs.required ?? [])].sort(), 'required');
      assert.equal(oursJson.additionalProperties === false, theirs.additionalProperties === false, 'additionalProperties');
      for (const property of Object.keys(theirs.properties ?? {})) {
        const expected = enumValues(all, theirs.properties![property]);
        if (expected.length === 0) continue;
        // ConfirmRisky.threshold deliberately excludes UNKNOWN (api.md 15.6).
        const wanted = name === 'ConfirmRisky' && property === 'threshold' ? expected.filter((value) => value !== 'UNKNOWN') : expected;
        assert.deepEqual(enumValues(all, oursJson.properties![property]), wanted, `enum of ${property}`);
      }
    });
  }

  it('condenser branches and event kinds match', () => {
    const kinds = (schema: unknown) => ((schema as { oneOf: JsonSchema[] }).oneOf.map((branch) => (branch.properties!.kind as { const: string }).const)).sort();
    assert.deepEqual(kinds(CondenserInput), ['LLMSummarizingCondenser', 'NoOpCondenser', 'PipelineCondenser']);
    const contractEventKinds = (all.Event!.oneOf as JsonSchema[]).map((branch) => branch.$ref as string).map((ref) => ref.split('/').pop()).sort();
    assert.deepEqual(kinds(events.Event), contractEventKinds);
  });
});
