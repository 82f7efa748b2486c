/**
 * Feeds one subscriber (a WebSocket or an SSE response) with a conversation's events:
 *   1. subscribe to the bus first, holding live events back;
 *   2. send the `full_state` snapshot;
 *   3. replay stored events after the resume point, page by page, waiting for the subscriber to
 *      drain between pages;
 *   4. release the held live events whose position is past the last replayed one, then go live.
 * Positions (`seq`) make steps 3-4 free of gaps and duplicates. A subscriber whose unsent bytes
 * pass the limit is closed (it can resume from its last event id) so it never grows memory or
 * slows the conversation and the other subscribers.
 */
import type { Conversation } from '../../conversation/index.js';
import type { ConversationEvent, EventBus, PublishedEvent } from '../../events/index.js';
import type { ConversationStore } from '../../store/index.js';

export interface StreamSink {
  /** Queues one event for sending; must not throw for a closed peer. */
  send(event: ConversationEvent, json: string): void;
  /** Bytes queued and not yet written to the network. */
  bufferedBytes(): number;
  /** Ends the stream; `reason` is for the peer. */
  close(reason: 'overflow' | 'deleted'): void;
  isOpen(): boolean;
}

export interface StreamOptions {
  conversation: Conversation;
  bus: EventBus;
  store: ConversationStore;
  sink: StreamSink;
  /** Replay stored events with a position above this; undefined = live only. */
  replayAfterSeq?: number;
  limitBytes: number;
  pageSize?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ConversationStream {
  private held: PublishedEvent[] | null = [];
  private lastSeq = -1;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly options: StreamOptions) {
    this.unsubscribe = options.bus.subscribe(
      options.conversation.id,
      (published) => this.onLive(published),
      () => this.end('deleted'),
    );
  }

  /** Runs steps 2-4; resolves when the stream is live (or stopped). */
  async start(): Promise<void> {
    const { conversation, store, replayAfterSeq, pageSize = 100 } = this.options;
    this.deliver(conversation.fullStateEvent());
    if (replayAfterSeq !== undefined) {
      this.lastSeq = replayAfterSeq;
      for (;;) {
        if (this.stopped) return;
        const page = store.readEventsAfter(conversation.id, this.lastSeq, pageSize);
        for (const stored of page) {
          this.deliver(stored.event);
          this.lastSeq = stored.seq;
        }
        if (page.length < pageSize) break;
        await this.waitForDrain();
      }
    }
    const held = this.held ?? [];
    this.held = null;
    for (const published of held) this.onLive(published);
  }

  private onLive(published: PublishedEvent): void {
    if (this.stopped) return;
    if (this.held) {
      this.held.push(published);
      return;
    }
    if (published.seq !== null) {
      if (published.seq <= this.lastSeq) return; // already replayed
      this.lastSeq = published.seq;
    }
    this.deliver(published.event);
  }

  private deliver(event: ConversationEvent): void {
    const { sink, limitBytes } = this.options;
    if (!sink.isOpen()) return this.stop();
    sink.send(event, JSON.stringify(event));
    if (sink.bufferedBytes() > limitBytes) this.end('overflow');
  }

  private async waitForDrain(): Promise<void> {
    const { sink, limitBytes } = this.options;
    while (!this.stopped && sink.isOpen() && sink.bufferedBytes() > limitBytes / 4) await sleep(5);
  }

  private end(reason: 'overflow' | 'deleted'): void {
    if (this.stopped) return;
    this.stop();
    this.options.sink.close(reason);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.held = null;
    this.unsubscribe();
  }
}
