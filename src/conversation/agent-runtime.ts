/**
 * What the conversation layer needs from the agent (the agent-runtime issue builds it): the events
 * that open a conversation (its SystemPromptEvent) and one step of work. The conversation owns the
 * status machine and the run loop; the runtime only appends events through the handle it is given.
 */
import type { ConversationEvent, EventDraft } from '../events/index.js';
import type { ConversationState, ExecutionStatus } from './state.js';

export interface ConversationHandle {
  readonly state: Readonly<ConversationState>;
  append(draft: EventDraft, options?: { stateChanged?: boolean }): ConversationEvent;
  setStatus(status: ExecutionStatus): void;
  /** Persists state fields changed in place (stats, activated skills) and announces `key`. */
  announceStateChange(key: string, value: unknown): void;
  events(): Iterable<ConversationEvent>;
  /** Actions neither observed, rejected nor answered by an error, in log order (api.md 14.5). */
  pendingActions(): ConversationEvent[];
  /** Persists state changed in place without announcing it (stats of ask_agent and generate_title). */
  persistState(): void;
  /**
   * Runs `work`, the span from asking the LLM to recording its answer. User messages sent meanwhile
   * are recorded after it, so the history never shows a question before the answer it did not get.
   */
  whileCallingModel<T>(work: () => Promise<T>): Promise<T>;
}

export interface StepContext {
  conversation: ConversationHandle;
  signal: AbortSignal;
}

export interface AgentRuntime {
  /** May connect to the agent's MCP servers first (agent.md 2.1 step 3); a rejection fails the create. */
  initialEvents(state: Readonly<ConversationState>): EventDraft[] | Promise<EventDraft[]>;
  step(context: StepContext): Promise<void>;
  /** api.md 5.13: a title for the conversation from its first user message (not stored). */
  generateTitle?(conversation: ConversationHandle, options: { maxLength: number; llm: Record<string, unknown> | null }): Promise<string>;
  /** api.md 5.14: a side-effect-free question about the conversation. */
  askAgent?(conversation: ConversationHandle, question: string): Promise<string>;
  /** Releases per-conversation resources (terminal sessions, MCP clients). */
  release?(conversationId: string): Promise<void>;
}
