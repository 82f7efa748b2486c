/** Fully-qualified reference class names, accepted by the events `kind` filter (api.md 23.2). */
export const QUALIFIED_EVENT_NAMES: Readonly<Record<string, string>> = {
  Condensation: 'openhands.sdk.event.condenser.Condensation',
  CondensationRequest: 'openhands.sdk.event.condenser.CondensationRequest',
  CondensationSummaryEvent: 'openhands.sdk.event.condenser.CondensationSummaryEvent',
  ConversationErrorEvent: 'openhands.sdk.event.conversation_error.ConversationErrorEvent',
  ConversationStateUpdateEvent: 'openhands.sdk.event.conversation_state.ConversationStateUpdateEvent',
  LLMCompletionLogEvent: 'openhands.sdk.event.llm_completion_log.LLMCompletionLogEvent',
  ActionEvent: 'openhands.sdk.event.llm_convertible.action.ActionEvent',
  MessageEvent: 'openhands.sdk.event.llm_convertible.message.MessageEvent',
  AgentErrorEvent: 'openhands.sdk.event.llm_convertible.observation.AgentErrorEvent',
  ObservationEvent: 'openhands.sdk.event.llm_convertible.observation.ObservationEvent',
  UserRejectObservation: 'openhands.sdk.event.llm_convertible.observation.UserRejectObservation',
  SystemPromptEvent: 'openhands.sdk.event.llm_convertible.system.SystemPromptEvent',
  TokenEvent: 'openhands.sdk.event.token.TokenEvent',
  PauseEvent: 'openhands.sdk.event.user_action.PauseEvent',
};

/** Maps a `kind` filter value (short or fully-qualified) to the short kind; unknown values map to themselves. */
export function shortKindName(filter: string): string {
  for (const [kind, qualified] of Object.entries(QUALIFIED_EVENT_NAMES)) {
    if (qualified === filter) return kind;
  }
  return filter;
}
