/**
 * Running a configured condenser over a view (agent.md 8.1): NoOpCondenser never condenses, a
 * PipelineCondenser asks its members in order and stops at the first Condensation, and an
 * LLMSummarizingCondenser asks its own LLM for the summary of what it forgets.
 */
import { condensationDraft, type EventDraft } from '../../events/index.js';
import type { LlmClient, LlmResponse } from '../../llm/index.js';
import type { Condenser, LLMSummarizingCondenser, Llm } from '../../models/index.js';
import { planCondensation } from './plan-condensation.js';
import { summarizingPrompt } from './summarizing-prompt.js';
import type { View } from './view.js';

export interface CondenseOptions {
  /** The client registered for an LLM's usage id (one per usage id per conversation). */
  clientFor(llm: Llm): LlmClient;
  /** Every condenser LLM response, for the stats of its usage id. */
  onResponse(client: LlmClient, response: LlmResponse): void;
  signal?: AbortSignal;
}

/** Whether a CondensationRequest can be answered (agent.md 8.1): some summarizing condenser is configured. */
export function handlesCondensationRequests(condenser: Condenser | null): boolean {
  if (!condenser) return false;
  if (condenser.kind === 'LLMSummarizingCondenser') return true;
  if (condenser.kind === 'PipelineCondenser') return condenser.condensers.some(handlesCondensationRequests);
  return false;
}

async function summarize(condenser: LLMSummarizingCondenser, view: View, options: CondenseOptions): Promise<EventDraft | null> {
  const plan = planCondensation(view, { maxSize: condenser.max_size, keepFirst: condenser.keep_first });
  if (!plan) return null;
  const client = options.clientFor(condenser.llm);
  // No system message and no tools (agent.md 8.2); every other parameter comes from the condenser's LLM.
  const response = await client.complete({
    messages: [{ role: 'user', content: [{ type: 'text', text: summarizingPrompt(plan) }] }],
    tools: [],
    signal: options.signal,
  });
  options.onResponse(client, response);
  return condensationDraft({
    forgotten_event_ids: plan.forgotten.map((event) => event.id),
    summary: response.text,
    summary_offset: plan.summaryOffset,
    llm_response_id: response.id,
  });
}

/** The Condensation to record, or null when the view goes to the agent's LLM as it is. */
export async function condense(condenser: Condenser | null, view: View, options: CondenseOptions): Promise<EventDraft | null> {
  if (!condenser) return null;
  switch (condenser.kind) {
    case 'NoOpCondenser':
      return null;
    case 'LLMSummarizingCondenser':
      return summarize(condenser, view, options);
    case 'PipelineCondenser':
      for (const member of condenser.condensers) {
        const condensation = await condense(member, view, options);
        if (condensation) return condensation;
      }
      return null;
  }
}
