/**
 * Fills a data directory through the real service and store (no HTTP), so that large scenarios
 * (10,000 conversations, 100,000 events) are ready in seconds.
 */
import path from 'node:path';
import { ConversationService } from '../../src/conversation/index.js';
import { unavailableRuntime } from '../../src/conversation/unavailable-runtime.js';
import { EventBus, EventClock, messageDraft } from '../../src/events/index.js';
import { SecretRedactor } from '../../src/shared/secret-redactor.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { normalizeStartConversationRequest } from '../../src/models/index.js';

export function seedService(dataDir: string) {
  const conversationsPath = path.join(dataDir, 'conversations');
  const store = new SqliteStore(path.join(conversationsPath, 'agent_server.db'));
  const service = new ConversationService({
    store,
    bus: new EventBus(),
    clock: new EventClock(),
    runtime: unavailableRuntime,
    redactor: new SecretRedactor(),
    cipher: null,
    conversationsPath,
    log: { warn: () => {}, error: () => {} },
  });
  return { store, service, close: () => store.close() };
}

export function agentRequest(workingDir: string) {
  return normalizeStartConversationRequest({
    agent: { llm: { model: 'openai/gpt-4o', usage_id: 'agent', base_url: 'http://127.0.0.1:9/v1' }, tools: [{ name: 'terminal' }] },
    workspace: { working_dir: workingDir },
  } as never);
}

export async function createConversation(service: ConversationService, workingDir: string) {
  const request = agentRequest(workingDir);
  const { conversation } = await service.create({
    conversationId: null,
    agent: request.agent as never,
    workspace: request.workspace as never,
    confirmationPolicy: request.confirmation_policy as never,
    securityAnalyzer: null,
    initialMessage: null,
    maxIterations: 500,
    stuckDetection: true,
    secrets: {},
    owner: null,
  });
  return conversation;
}

export function userMessage(text: string) {
  return messageDraft({ source: 'user', message: { role: 'user', content: [{ cache_prompt: false, type: 'text', text }] } });
}
