export { EventBatcher } from './event-batcher.js';
export type { BatcherTimers, EventBatcherOptions } from './event-batcher.js';
export { WebhookClient } from './webhook-client.js';
export type { WebhookClientOptions } from './webhook-client.js';
export { WebhookService } from './webhook-service.js';
export type { ConversationNotice, WebhookServiceOptions } from './webhook-service.js';
