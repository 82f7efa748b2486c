/**
 * The two places the agent step meets the condenser (agent.md 3.1, 8.3, 8.4):
 *   - before the agent's LLM call, the condenser looks at the view; a step that records a
 *     Condensation ends there and makes no agent LLM call;
 *   - when that call fails because the history no longer fits, a CondensationRequest makes the
 *     next step condense (half the view), or the error ends the run when nothing can condense.
 */
import { condensationRequestDraft } from '../../events/index.js';
import type { LlmContextWindowExceededError } from '../../llm/index.js';
import type { ConversationHandle } from '../../conversation/index.js';
import type { Condenser } from '../../models/index.js';
import { condense, handlesCondensationRequests, type CondenseOptions } from './condense.js';
import { buildView } from './view.js';

export interface CondensationPhaseOptions extends CondenseOptions {
  conversation: ConversationHandle;
  condenser: Condenser | null;
}

/** True when this step recorded a Condensation. */
export async function condenseHistory(options: CondensationPhaseOptions): Promise<boolean> {
  if (!options.condenser) return false;
  const view = buildView([...options.conversation.events()]);
  const condensation = await condense(options.condenser, view, options);
  if (!condensation) return false;
  options.conversation.append(condensation);
  return true;
}

/**
 * Records a CondensationRequest, or rethrows `error` (ConversationErrorEvent code
 * `LLMContextWindowExceedError`) when no condenser handles requests, or when the previous request
 * is still unanswered: the condenser found nothing left to forget, and asking again would loop.
 */
export function requestCondensation(error: LlmContextWindowExceededError, options: Pick<CondensationPhaseOptions, 'conversation' | 'condenser'>): void {
  if (!handlesCondensationRequests(options.condenser)) throw error;
  if (buildView([...options.conversation.events()]).hasUnhandledCondensationRequest) throw error;
  options.conversation.append(condensationRequestDraft());
}
