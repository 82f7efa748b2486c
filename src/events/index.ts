export { EventClock, formatLocalMicros, parseEventTimestamp, utcTimestamp } from './clock.js';
export {
  agentErrorDraft,
  conversationErrorDraft,
  fullMessage,
  messageDraft,
  pauseDraft,
  searchableText,
  stampEvent,
  stateUpdateDraft,
  userRejectDraft,
} from './event.js';
export type { ConversationEvent, EventDraft, EventSource, MessageDraftOptions, UserRejectFields } from './event.js';
export { EventBus } from './event-bus.js';
export type { EventListener, PublishedEvent } from './event-bus.js';
export { QUALIFIED_EVENT_NAMES, shortKindName } from './qualified-names.js';
