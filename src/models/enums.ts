import { StringEnum } from './schema-helpers.js';

// api.md 23.1
export const CONVERSATION_EXECUTION_STATUSES = [
  'idle',
  'running',
  'paused',
  'waiting_for_confirmation',
  'finished',
  'error',
  'stuck',
] as const;
export const ConversationExecutionStatus = StringEnum(CONVERSATION_EXECUTION_STATUSES, {
  title: 'ConversationExecutionStatus',
});
export type ConversationExecutionStatus = (typeof CONVERSATION_EXECUTION_STATUSES)[number];

export const CONVERSATION_SORT_ORDERS = ['CREATED_AT', 'UPDATED_AT', 'CREATED_AT_DESC', 'UPDATED_AT_DESC'] as const;
export const ConversationSortOrder = StringEnum(CONVERSATION_SORT_ORDERS, { title: 'ConversationSortOrder' });
export type ConversationSortOrder = (typeof CONVERSATION_SORT_ORDERS)[number];

export const EVENT_SORT_ORDERS = ['TIMESTAMP', 'TIMESTAMP_DESC'] as const;
export const EventSortOrder = StringEnum(EVENT_SORT_ORDERS, { title: 'EventSortOrder' });
export type EventSortOrder = (typeof EVENT_SORT_ORDERS)[number];

export const SECURITY_RISKS = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH'] as const;
export const SecurityRisk = StringEnum(SECURITY_RISKS, { title: 'SecurityRisk' });
export type SecurityRisk = (typeof SECURITY_RISKS)[number];

export const EVENT_SOURCES = ['agent', 'user', 'environment'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const MESSAGE_ROLES = ['user', 'system', 'assistant', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];
