export type {
  AppendOptions,
  ConversationChanges,
  ConversationQuery,
  ConversationRow,
  ConversationSearch,
  ConversationSortOrder,
  ConversationStore,
  EventFilter,
  EventSearch,
  EventSortOrder,
  Page,
  StoredEvent,
} from './types.js';
