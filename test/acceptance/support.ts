/**
 * Helpers for the acceptance scenarios (agent.md 15): the real server, the fake LLM on both wire
 * protocols (Bedrock too, for its own scenarios), conversations created against it, waiting on
 * events (never sleeping), and a protocol-neutral reading of the requests the fake recorded.
 */
import assert from 'node:assert/strict';
import { startFakeLlm, type FakeLlm, type RecordedRequest } from '../support/fake-llm/index.js';
import { waitFor, workspaceDir } from '../support/fixtures.js';
import type { TestServer } from '../support/server.js';

export interface Protocol {
  name: 'openai' | 'anthropic' | 'bedrock';
  model: string;
  baseUrl(fake: FakeLlm): string;
}

export const PROTOCOLS: Protocol[] = [
  { name: 'openai', model: 'openai/gpt-4o', baseUrl: (fake) => fake.openaiBaseUrl },
  { name: 'anthropic', model: 'anthropic/claude-sonnet-4-5-20250929', baseUrl: (fake) => fake.anthropicBaseUrl },
];

export const API_KEY = 'sk-acceptance-key-9f8e7d';

/**
 * Bedrock Converse with SigV4 (give `llm: AWS_SETTINGS`). Not in PROTOCOLS, which every scenario
 * runs over: Bedrock has its own scenario file.
 */
export const BEDROCK: Protocol = { name: 'bedrock', model: 'bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0', baseUrl: (fake) => fake.bedrockBaseUrl };

export const AWS_SETTINGS = {
  aws_access_key_id: 'test-acceptance-key-id',
  aws_secret_access_key: 'acceptance/aws+secret-9f8e7d6c5b4a',
  aws_region_name: 'eu-central-1',
} as const;

export interface Scenario {
  server: TestServer;
  fake: FakeLlm;
  protocol: Protocol;
  id: string;
  workspace: string;
}

export interface CreateOptions {
  tools?: { name: string; params?: Record<string, unknown> }[];
  llm?: Record<string, unknown>;
  agent?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  workspace?: string;
}

export function llmConfig(fake: FakeLlm, protocol: Protocol, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: protocol.model, base_url: protocol.baseUrl(fake), api_key: API_KEY, usage_id: 'agent', num_retries: 2, retry_min_wait: 0, retry_max_wait: 0, ...overrides };
}

export async function createConversation(server: TestServer, fake: FakeLlm, protocol: Protocol, options: CreateOptions = {}): Promise<Scenario> {
  const workspace = options.workspace ?? workspaceDir();
  const response = await server.request('POST', '/api/conversations', {
    body: {
      agent: {
        llm: llmConfig(fake, protocol, options.llm),
        tools: options.tools ?? [{ name: 'terminal' }, { name: 'file_editor' }, { name: 'task_tracker' }],
        ...options.agent,
      },
      workspace: { working_dir: workspace },
      ...options.extra,
    },
  });
  assert.equal(response.status, 201, response.text);
  return { server, fake, protocol, id: response.body.id, workspace };
}

export async function withFake<T>(run: (fake: FakeLlm) => Promise<T>): Promise<T> {
  const fake = await startFakeLlm();
  try {
    return await run(fake);
  } finally {
    await fake.close();
  }
}

export async function allEvents(scenario: Pick<Scenario, 'server' | 'id'>): Promise<any[]> {
  const events: any[] = [];
  let pageId: string | null = null;
  do {
    const query: string = pageId ? `&page_id=${pageId}` : '';
    const response = await scenario.server.request('GET', `/api/conversations/${scenario.id}/events/search?limit=100${query}`);
    assert.equal(response.status, 200, response.text);
    events.push(...response.body.items);
    pageId = response.body.next_page_id;
  } while (pageId);
  return events;
}

/** Conversation events as agent.md 15 lists them: no SystemPromptEvent, no state updates. */
export async function agentEvents(scenario: Pick<Scenario, 'server' | 'id'>): Promise<any[]> {
  return (await allEvents(scenario)).filter((event) => event.kind !== 'SystemPromptEvent' && event.kind !== 'ConversationStateUpdateEvent');
}

export function kinds(events: any[]): string[] {
  return events.map((event) => (event.kind === 'MessageEvent' ? `MessageEvent(${event.source})` : event.kind));
}

export async function info(scenario: Pick<Scenario, 'server' | 'id'>): Promise<any> {
  const response = await scenario.server.request('GET', `/api/conversations/${scenario.id}`);
  assert.equal(response.status, 200, response.text);
  return response.body;
}

/** Waits until the status is one of `statuses` and no run loop is active any more. */
export async function waitForStatus(scenario: Pick<Scenario, 'server' | 'id'>, ...statuses: string[]): Promise<any> {
  return waitFor(
    async () => {
      const current = await info(scenario);
      if (!statuses.includes(current.execution_status)) return null;
      const conversation = scenario.server.app.services.conversations.find(current.id.replace(/-/g, ''), undefined);
      return conversation?.isRunning ? null : current;
    },
    { what: `status ${statuses.join(' or ')}`, timeoutMs: 15_000 },
  );
}

export async function waitForEvent(scenario: Pick<Scenario, 'server' | 'id'>, accept: (event: any) => boolean, what: string): Promise<any> {
  return waitFor(async () => (await allEvents(scenario)).find(accept), { what, timeoutMs: 15_000 });
}

export async function sendMessage(scenario: Pick<Scenario, 'server' | 'id'>, text: string, run = true): Promise<void> {
  const response = await scenario.server.request('POST', `/api/conversations/${scenario.id}/events`, { body: { role: 'user', content: [{ type: 'text', text }], run } });
  assert.equal(response.status, 200, response.text);
}

export function textOf(event: any): string {
  const items = event.observation?.content ?? event.llm_message?.content ?? [];
  return items.filter((item: any) => item.type === 'text').map((item: any) => item.text).join('');
}

// --- Requests as the LLM received them, whatever the protocol ---------------------------------

export interface SeenMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls: { id: string; name: string; arguments: unknown }[];
  toolCallId?: string;
}

export interface SeenRequest {
  messages: SeenMessage[];
  tools: { name: string; required: string[] }[];
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter((part: any) => part.type === 'text').map((part: any) => part.text).join('');
}

function openAiRequest(body: any): SeenRequest {
  const messages: SeenMessage[] = (body.messages ?? []).map((message: any) => ({
    role: message.role === 'developer' ? 'system' : message.role,
    text: blockText(message.content),
    toolCalls: (message.tool_calls ?? []).map((call: any) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
    ...(message.tool_call_id ? { toolCallId: message.tool_call_id } : {}),
  }));
  const tools = (body.tools ?? []).map((tool: any) => ({ name: tool.function.name, required: tool.function.parameters?.required ?? [] }));
  return { messages, tools };
}

function anthropicRequest(body: any): SeenRequest {
  const messages: SeenMessage[] = [];
  if (body.system) messages.push({ role: 'system', text: blockText(body.system), toolCalls: [] });
  for (const message of body.messages ?? []) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') {
      messages.push({
        role: 'assistant',
        text: blockText(blocks),
        toolCalls: blocks.filter((block: any) => block.type === 'tool_use').map((block: any) => ({ id: block.id, name: block.name, arguments: block.input })),
      });
      continue;
    }
    for (const block of blocks.filter((item: any) => item.type === 'tool_result')) {
      messages.push({ role: 'tool', text: blockText(block.content), toolCalls: [], toolCallId: block.tool_use_id });
    }
    const text = blocks.filter((block: any) => block.type === 'text');
    if (text.length > 0) messages.push({ role: 'user', text: blockText(text), toolCalls: [] });
  }
  const tools = (body.tools ?? []).map((tool: any) => ({ name: tool.name, required: tool.input_schema?.required ?? [] }));
  return { messages, tools };
}

function bedrockRequest(body: any): SeenRequest {
  const messages: SeenMessage[] = [];
  // Converse blocks are keyed by kind (`text`, `toolUse`, `toolResult`, `cachePoint`), without a `type`.
  const texts = (blocks: any[]) => blocks.filter((block) => typeof block.text === 'string').map((block) => block.text).join('');
  if (body.system) messages.push({ role: 'system', text: texts(body.system), toolCalls: [] });
  for (const message of body.messages ?? []) {
    const blocks: any[] = message.content;
    if (message.role === 'assistant') {
      const toolCalls = blocks.filter((block) => block.toolUse).map((block) => ({ id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: block.toolUse.input }));
      messages.push({ role: 'assistant', text: texts(blocks), toolCalls });
      continue;
    }
    for (const block of blocks.filter((item) => item.toolResult)) {
      messages.push({ role: 'tool', text: texts(block.toolResult.content), toolCalls: [], toolCallId: block.toolResult.toolUseId });
    }
    if (blocks.some((block) => typeof block.text === 'string')) messages.push({ role: 'user', text: texts(blocks), toolCalls: [] });
  }
  const tools = (body.toolConfig?.tools ?? []).map((tool: any) => ({ name: tool.toolSpec.name, required: tool.toolSpec.inputSchema?.json?.required ?? [] }));
  return { messages, tools };
}

export function seen(request: RecordedRequest): SeenRequest {
  if (request.protocol === 'anthropic') return anthropicRequest(request.body);
  if (request.protocol === 'bedrock') return bedrockRequest(request.body);
  return openAiRequest(request.body);
}
