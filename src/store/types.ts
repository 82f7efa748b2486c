/**
 * Storage interfaces. Services depend on these shapes only; `app.ts` picks the engine.
 * All methods are synchronous because the embedded engine (SQLite) is; each call is short and
 * uses an index, so none of them holds the event loop for long.
 */
import type { ConversationEvent } from '../events/index.js';

export type ConversationSortOrder = 'CREATED_AT' | 'CREATED_AT_DESC' | 'UPDATED_AT' | 'UPDATED_AT_DESC';
export type EventSortOrder = 'TIMESTAMP' | 'TIMESTAMP_DESC';

export interface ConversationRow {
  /** Hex id (32 lowercase hex characters). */
  id: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  title: string | null;
  /** Hash of the session API key that created it, when conversations are scoped to keys. */
  owner: string | null;
  /** The stored form of the conversation (JSON text; secret values encrypted or absent). */
  record: string;
  lastEventTimestamp: string | null;
  eventCount: number;
  /** Increases with every change of the row (0 when inserted). */
  revision?: number;
}

/** A search hit without its record: enough to reuse a cached rendering. */
export interface ConversationRef {
  id: string;
  revision: number;
}

export interface ConversationChanges {
  updatedAt?: string;
  status?: string;
  title?: string | null;
  record?: string;
}

export interface ConversationQuery {
  status?: string;
  owner?: string | null;
}

export interface ConversationSearch extends ConversationQuery {
  sortOrder: ConversationSortOrder;
  pageId?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextPageId: string | null;
}

export interface EventFilter {
  kind?: string;
  source?: string;
  /** Lower-cased substring of a MessageEvent's text; '' matches every MessageEvent. */
  body?: string;
  /** Inclusive lower bound, in the stored timestamp format. */
  timestampGte?: string;
  /** Exclusive upper bound, in the stored timestamp format. */
  timestampLt?: string;
}

export interface EventSearch extends EventFilter {
  sortOrder: EventSortOrder;
  pageId?: string;
  limit: number;
}

export interface StoredEvent {
  seq: number;
  event: ConversationEvent;
}

export interface AppendOptions {
  /** Conversation changes committed in the same transaction as the event. */
  changes: ConversationChanges;
  searchText: string | null;
}

export interface ConversationStore {
  insertConversation(row: ConversationRow): void;
  getConversation(id: string): ConversationRow | undefined;
  updateConversation(id: string, changes: ConversationChanges): void;
  /** Removes the conversation and all its events. Returns false when it did not exist. */
  deleteConversation(id: string): boolean;
  searchConversations(search: ConversationSearch): Page<ConversationRow>;
  /** Same order and cursor as `searchConversations`, without reading the records. */
  searchConversationRefs(search: ConversationSearch): Page<ConversationRef>;
  getConversations(ids: readonly string[]): ConversationRow[];
  countConversations(query: ConversationQuery): number;
  listConversationIds(): string[];

  /** Persists the event and the conversation changes atomically; returns the event's position. */
  appendEvent(conversationId: string, event: ConversationEvent, options: AppendOptions): number;
  getEvent(conversationId: string, eventId: string): ConversationEvent | undefined;
  searchEvents(conversationId: string, search: EventSearch): Page<ConversationEvent>;
  countEvents(conversationId: string, filter: EventFilter): number;
  /** Events with a position greater than `afterSeq`, oldest first. */
  readEventsAfter(conversationId: string, afterSeq: number, limit: number): StoredEvent[];
  /** Position of an event in its log, or undefined. */
  eventSeq(conversationId: string, eventId: string): number | undefined;
  /** Every event of a conversation, oldest first, in pages (for downloads and the agent view). */
  iterateEvents(conversationId: string, pageSize?: number): Iterable<StoredEvent>;

  close(): void;
}
