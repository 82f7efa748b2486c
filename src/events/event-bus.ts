/**
 * One bus per process, keyed by conversation id. Only the event log publishes, and only after the
 * event is durable (persist, then publish). A failing listener is isolated: it is logged by the
 * caller's `onListenerError` and never stops the others.
 */
import type { ConversationEvent } from './event.js';

/** `seq` is the event's position in its conversation's log; transient events (full_state) have none. */
export interface PublishedEvent {
  conversationId: string;
  seq: number | null;
  event: ConversationEvent;
}

export type EventListener = (published: PublishedEvent) => void;

export class EventBus {
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly closeListeners = new Map<EventListener, () => void>();
  private readonly allListeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** `onClosed` runs if the conversation is deleted while subscribed. */
  subscribe(conversationId: string, listener: EventListener, onClosed?: () => void): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    if (onClosed) this.closeListeners.set(listener, onClosed);
    return () => {
      set!.delete(listener);
      this.closeListeners.delete(listener);
      if (set!.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  /** Listens to every conversation (server idle clock, webhooks). */
  subscribeAll(listener: EventListener): () => void {
    this.allListeners.add(listener);
    return () => this.allListeners.delete(listener);
  }

  publish(published: PublishedEvent): void {
    for (const listener of this.allListeners) this.deliver(listener, published);
    const set = this.listeners.get(published.conversationId);
    if (!set) return;
    for (const listener of [...set]) this.deliver(listener, published);
  }

  /** The conversation is gone: tell its subscribers and drop them. */
  closeConversation(conversationId: string): void {
    const set = this.listeners.get(conversationId);
    if (!set) return;
    this.listeners.delete(conversationId);
    for (const listener of set) {
      const onClosed = this.closeListeners.get(listener);
      this.closeListeners.delete(listener);
      if (!onClosed) continue;
      try {
        onClosed();
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  subscriberCount(conversationId: string): number {
    return this.listeners.get(conversationId)?.size ?? 0;
  }

  private deliver(listener: EventListener, published: PublishedEvent): void {
    try {
      listener(published);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
