import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationEvent } from '../../events/index.js';
import type { LlmClient, LlmRequest, LlmResponse } from '../../llm/index.js';
import { normalizeCondenser, type Condenser, type Llm } from '../../models/index.js';
import { events, stamp } from '../test-events.js';
import { condense, handlesCondensationRequests } from './condense.js';
import { buildView } from './view.js';

/** The LLM at the process boundary: records requests and answers with a fixed summary. */
class ScriptedLlm implements LlmClient {
  readonly requests: LlmRequest[] = [];
  constructor(
    readonly usageId: string,
    private readonly summary: string,
  ) {}
  readonly model = 'fake-model';
  async complete(request: LlmRequest): Promise<LlmResponse> {
    this.requests.push(request);
    return {
      id: `resp-${this.usageId}-${this.requests.length}`,
      model: this.model,
      text: this.summary,
      toolCalls: [],
      reasoningContent: null,
      thinkingBlocks: [],
      responsesReasoningItem: null,
      finishReason: 'stop',
      usage: { promptTokens: 10, completionTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      cost: 0,
      latencySeconds: 0,
      contextWindow: 0,
      tokenIds: null,
    };
  }
}

const summarizing = (usageId: string, maxSize: number, keepFirst = 1) => ({
  kind: 'LLMSummarizingCondenser',
  llm: { model: 'openai/fake-model', usage_id: usageId },
  max_size: maxSize,
  keep_first: keepFirst,
});

function harness(summaries: Record<string, string> = {}) {
  const clients = new Map<string, ScriptedLlm>();
  const responses: { usageId: string; id: string }[] = [];
  return {
    clients,
    responses,
    options: {
      clientFor: (llm: Llm) => {
        const client = clients.get(llm.usage_id) ?? new ScriptedLlm(llm.usage_id, summaries[llm.usage_id] ?? `summary by ${llm.usage_id}`);
        clients.set(llm.usage_id, client);
        return client;
      },
      onResponse: (client: LlmClient, response: LlmResponse) => responses.push({ usageId: client.usageId, id: response.id }),
    },
  };
}

function thinkHistory(count: number): ConversationEvent[] {
  const log = [events.system(), events.user('Please think')];
  for (let index = 1; index <= count; index++) {
    const action = events.action({ callId: `c${index}`, responseId: `r${index}`, thought: `thought ${index}` });
    log.push(action, events.observation(action, `logged ${index}`));
  }
  return log;
}

describe('handlesCondensationRequests (agent.md 8.1)', () => {
  const cases: [name: string, condenser: unknown, expected: boolean][] = [
    ['no condenser', null, false],
    ['NoOpCondenser', { kind: 'NoOpCondenser' }, false],
    ['LLMSummarizingCondenser', summarizing('condenser', 10), true],
    ['an empty pipeline', { kind: 'PipelineCondenser', condensers: [] }, false],
    ['a pipeline of no-ops', { kind: 'PipelineCondenser', condensers: [{ kind: 'NoOpCondenser' }] }, false],
    ['a nested pipeline with a summarizing member', { kind: 'PipelineCondenser', condensers: [{ kind: 'NoOpCondenser' }, { kind: 'PipelineCondenser', condensers: [summarizing('c', 10)] }] }, true],
  ];
  for (const [name, condenser, expected] of cases) {
    test(name, () => assert.equal(handlesCondensationRequests(condenser === null ? null : normalizeCondenser(condenser)), expected));
  }
});

describe('condense', () => {
  test('NoOpCondenser never condenses, even with a pending request', async () => {
    const { options, clients } = harness();
    const log = [...thinkHistory(20), stamp({ kind: 'CondensationRequest', source: 'environment', fields: {} })];
    assert.equal(await condense(normalizeCondenser({ kind: 'NoOpCondenser' }), buildView(log), options), null);
    assert.equal(clients.size, 0);
  });

  test('a summarizing condenser under its max_size makes no LLM call', async () => {
    const { options, clients } = harness();
    assert.equal(await condense(normalizeCondenser(summarizing('condenser', 10)), buildView(thinkHistory(4)), options), null);
    assert.equal(clients.size, 0);
  });

  test('the summary comes from the condenser LLM: one user message, no system message, no tools', async () => {
    const { options, clients, responses } = harness({ condenser: 'THE SUMMARY' });
    const log = thinkHistory(5);
    const draft = await condense(normalizeCondenser(summarizing('condenser', 10, 2)), buildView(log), options);
    assert.ok(draft);
    const forgotten = log.slice(2, 10);
    assert.deepEqual(draft, {
      kind: 'Condensation',
      source: 'environment',
      fields: { forgotten_event_ids: forgotten.map((event) => event.id), summary: 'THE SUMMARY', summary_offset: 2, llm_response_id: 'resp-condenser-1' },
    });
    const client = clients.get('condenser') as ScriptedLlm;
    assert.equal(client.requests.length, 1);
    const [request] = client.requests;
    assert.deepEqual(request.tools, []);
    assert.deepEqual(request.messages.map((message) => message.role), ['user']);
    const text = (request.messages[0].content[0] as { text: string }).text;
    assert.match(text, /<PREVIOUS SUMMARY>\n\n<\/PREVIOUS SUMMARY>/);
    assert.equal(text.match(/<EVENT>/g)?.length, 8);
    assert.match(text, /thought 1/);
    assert.match(text, /logged 4/);
    assert.doesNotMatch(text, /thought 5/, 'the kept tail is not summarised');
    assert.deepEqual(responses, [{ usageId: 'condenser', id: 'resp-condenser-1' }]);
  });

  test('the previous summary reaches the prompt in full', async () => {
    const { options, clients } = harness();
    const log = thinkHistory(2);
    const long = `OLD ${'x'.repeat(2000)} END`;
    log.push(events.condensation(log.slice(2, 6).map((event) => event.id), long, 2));
    log.push(...thinkHistory(6).slice(2));
    const draft = await condense(normalizeCondenser(summarizing('condenser', 10, 2)), buildView(log), options);
    assert.ok(draft);
    const text = ((clients.get('condenser') as ScriptedLlm).requests[0].messages[0].content[0] as { text: string }).text;
    assert.ok(text.includes(`<PREVIOUS SUMMARY>\n${long}\n</PREVIOUS SUMMARY>`));
    assert.equal((draft.fields.forgotten_event_ids as string[]).includes('condensation-summary'), false);
  });

  test('a pipeline stops at the first member that condenses, in order', async () => {
    const { options, clients } = harness();
    const pipeline = (members: unknown[]) => normalizeCondenser({ kind: 'PipelineCondenser', condensers: members }) as Condenser;
    const view = buildView(thinkHistory(10));
    const first = await condense(pipeline([{ kind: 'NoOpCondenser' }, summarizing('first', 10), summarizing('second', 10)]), view, options);
    assert.equal(first?.fields.summary, 'summary by first');
    assert.equal(clients.has('second'), false);
    const skipped = await condense(pipeline([summarizing('big', 100), summarizing('small', 10)]), view, options);
    assert.equal(skipped?.fields.summary, 'summary by small');
    assert.equal(clients.has('big'), false);
  });
});
