/**
 * Webhook deliveries (api.md 20). Every event published on the bus goes into one batcher per
 * (conversation, webhook), posted to `{base_url}/events/{hex id}`; conversation changes are posted
 * at once to `{base_url}/conversations`. Posting is asynchronous and starts after the bus fan-out
 * (api.md 20.1 recommendation): a slow or dead webhook delays no socket, no conversation and no
 * other webhook.
 * On delete the conversation's queues are flushed; on close every queue is, for a few seconds at most.
 * Payloads are the API's (masked) JSON with every string passed through the redactor as well.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { WebhookSpec } from '../config.js';
import type { ConversationEvent, PublishedEvent } from '../events/index.js';
import { EventBatcher } from './event-batcher.js';
import { WebhookClient } from './webhook-client.js';

/** A conversation change to announce (api.md 20.2); `info` is the masked ConversationInfo. */
export interface ConversationNotice {
  reason: 'created' | 'paused' | 'updated' | 'deleted';
  /** Hex id. */
  conversationId: string;
  info: Record<string, unknown>;
}

export interface WebhookServiceOptions {
  webhooks: readonly WebhookSpec[];
  /** The first session API key, sent as `X-Session-API-Key`; null when there is none. */
  sessionApiKey: string | null;
  redact: (text: string) => string;
  log: { warn(message: string): void };
  /** Events queued per (conversation, webhook) before the oldest are dropped. */
  maxQueuedEvents?: number;
  /** How long `close` waits for deliveries before abandoning them. */
  shutdownGraceMs?: number;
}

const MAX_QUEUED_EVENTS = 10_000;
const SHUTDOWN_GRACE_MS = 3_000;

export class WebhookService {
  private readonly clients: WebhookClient[];
  private readonly batchers = new Map<string, EventBatcher<ConversationEvent>[]>();
  /** Info posts are ordered per (webhook, conversation): each waits for the one before it. */
  private readonly infoLanes = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();
  private isClosed = false;

  constructor(private readonly options: WebhookServiceOptions) {
    this.clients = options.webhooks.map(
      (spec) => new WebhookClient({ spec, sessionApiKey: options.sessionApiKey, signal: this.shutdown.signal, log: options.log }),
    );
  }

  get isEnabled(): boolean {
    return this.clients.length > 0;
  }

  /** Bus listener for every conversation event (`EventBus.subscribeAll`). */
  readonly onEvent = (published: PublishedEvent): void => {
    if (this.isClosed || !this.isEnabled) return;
    for (const batcher of this.batchersOf(published.conversationId)) batcher.add(published.event);
  };

  /** api.md 20.2: posts the info to every webhook; after a delete, flushes the conversation's queues. */
  conversationChanged(notice: ConversationNotice): void {
    if (this.isClosed || !this.isEnabled) return;
    const body = this.serialize(notice.info);
    this.clients.forEach((client, index) => {
      const lane = `${index}/${notice.conversationId}`;
      const previous = this.infoLanes.get(lane) ?? Promise.resolve();
      const next = previous.then(() => client.post('/conversations', body)).then(() => undefined);
      this.infoLanes.set(lane, next);
      this.track(
        next.finally(() => {
          if (this.infoLanes.get(lane) === next) this.infoLanes.delete(lane);
        }),
      );
    });
    if (notice.reason === 'deleted') this.flushConversation(notice.conversationId);
  }

  /** Flushes every queue and waits for deliveries, abandoning them after the grace period. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const conversationId of [...this.batchers.keys()]) this.flushConversation(conversationId);
    const grace = setTimeout(() => this.shutdown.abort(), this.options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    clearTimeout(grace);
  }

  private flushConversation(conversationId: string): void {
    const batchers = this.batchers.get(conversationId);
    if (!batchers) return;
    this.batchers.delete(conversationId);
    for (const batcher of batchers) this.track(batcher.close());
  }

  private batchersOf(conversationId: string): EventBatcher<ConversationEvent>[] {
    let batchers = this.batchers.get(conversationId);
    if (!batchers) {
      batchers = this.options.webhooks.map((spec, index) => this.makeBatcher(conversationId, spec, this.clients[index]!));
      this.batchers.set(conversationId, batchers);
    }
    return batchers;
  }

  private makeBatcher(conversationId: string, spec: WebhookSpec, client: WebhookClient): EventBatcher<ConversationEvent> {
    const maxQueued = this.options.maxQueuedEvents ?? MAX_QUEUED_EVENTS;
    const where = `webhook ${client.displayUrl}, conversation ${conversationId}`;
    return new EventBatcher<ConversationEvent>({
      bufferSize: spec.event_buffer_size,
      flushDelayMs: spec.flush_delay * 1000,
      maxQueued,
      send: async (batch) => {
        // Serialize and post on a later turn, never inside the publisher's fan-out.
        await nextTurn();
        return client.post(`/events/${conversationId}`, this.serialize(batch));
      },
      onOverflow: (droppedTotal) =>
        this.options.log.warn(`${where}: more than ${maxQueued} events waiting; dropped the oldest (${droppedTotal} so far)`),
      onLost: (lostCount) => this.options.log.warn(`${where}: ${lostCount} event(s) not delivered before the queue was closed`),
    });
  }

  /** The same JSON as the API, with any known secret value replaced in every string. */
  private serialize(value: unknown): string {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? this.options.redact(item) : item));
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
