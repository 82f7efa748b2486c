export { EventClock, formatLocalMicros, parseEventTimestamp, utcTimestamp } from './clock.js';
export {
  actionDraft,
  agentErrorDraft,
  condensationDraft,
  condensationRequestDraft,
  conversationErrorDraft,
  fullMessage,
  llmCompletionLogDraft,
  messageDraft,
  observationDraft,
  pauseDraft,
  searchableText,
  stampEvent,
  stateUpdateDraft,
  systemPromptDraft,
  userRejectDraft,
} from './event.js';
export type { ActionFields, ConversationEvent, EventDraft, EventSource, MessageDraftOptions, UserRejectFields } from './event.js';
export { EventBus } from './event-bus.js';
export type { EventListener, PublishedEvent } from './event-bus.js';
export { QUALIFIED_EVENT_NAMES, shortKindName } from './qualified-names.js';
