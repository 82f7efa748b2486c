/** Request bodies shared by the black-box tests. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function workspaceDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'oh-workspace-'));
}

export interface ConversationBodyOptions {
  conversationId?: string;
  apiKey?: string;
  workingDir?: string;
  extra?: Record<string, unknown>;
  model?: string;
  baseUrl?: string;
}

export function conversationBody(options: ConversationBodyOptions = {}): Record<string, unknown> {
  return {
    agent: {
      llm: {
        model: options.model ?? 'openai/gpt-4o',
        api_key: options.apiKey ?? 'sk-test-key-123456',
        usage_id: 'agent',
        // Never reach a real provider from a test: an unreachable loopback port and no retries,
        // unless the test points the LLM at the fake server.
        base_url: options.baseUrl ?? 'http://127.0.0.1:9/v1',
        num_retries: 0,
      },
      tools: [{ name: 'terminal' }, { name: 'file_editor' }],
    },
    workspace: { working_dir: options.workingDir ?? workspaceDir() },
    ...(options.conversationId ? { conversation_id: options.conversationId } : {}),
    ...options.extra,
  };
}

export function newConversationId(): string {
  return randomUUID();
}

/** Polls `check` until it returns a truthy value or the deadline passes (no fixed sleeps in tests). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: { timeoutMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
