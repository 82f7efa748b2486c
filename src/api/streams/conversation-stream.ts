/**
 * Feeds one subscriber (a WebSocket or an SSE response) with a conversation's events:
 *   1. subscribe to the bus first; while replaying, live events are ignored, because every
 *      published event is already stored and the replay will read it;
 *   2. send the `full_state` snapshot;
 *   3. replay stored events after the resume point, pacing on the subscriber's unsent bytes;
 *   4. when a store read comes back short, switch to live in the same synchronous block, so no
 *      event can fall between the last read and the switch.
 * Positions (`seq`) make the hand-over free of gaps and duplicates. A live subscriber whose unsent
 * bytes are already past the limit when the next event comes is closed (it can resume from its
 * last event id): it never grows memory or slows the conversation and the other subscribers.
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
  private live = false;
  private lastSeq = -1;
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly options: StreamOptions) {
    this.unsubscribe = options.bus.subscribe(
      options.conversation.id,
      (published) => this.onPublished(published),
      () => this.end('deleted'),
    );
  }

  /** Runs steps 2-4; resolves when the stream is live (or stopped). */
  async start(): Promise<void> {
    const { conversation, store, replayAfterSeq, sink, limitBytes, pageSize = 100 } = this.options;
    const snapshot = conversation.fullStateEvent();
    sink.send(snapshot, JSON.stringify(snapshot));
    if (replayAfterSeq === undefined) {
      this.live = true;
      return;
    }
    this.lastSeq = replayAfterSeq;
    for (;;) {
      const page = store.readEventsAfter(conversation.id, this.lastSeq, pageSize);
      if (page.length < pageSize) {
        // Synchronous from the read to the switch: nothing can be published in between.
        for (const stored of page) this.send(stored.event, stored.seq);
        this.live = true;
        return;
      }
      for (const stored of page) {
        while (!this.stopped && sink.isOpen() && sink.bufferedBytes() > limitBytes / 2) await sleep(5);
        if (this.stopped || !sink.isOpen()) return this.stop();
        this.send(stored.event, stored.seq);
      }
    }
  }

  private onPublished(published: PublishedEvent): void {
    if (this.stopped || !this.live) return;
    if (published.seq !== null && published.seq <= this.lastSeq) return;
    const { sink, limitBytes } = this.options;
    if (!sink.isOpen()) return this.stop();
    // Checked before sending, so one event larger than the limit still gets through a drained queue.
    if (sink.bufferedBytes() > limitBytes) return this.end('overflow');
    this.send(published.event, published.seq);
  }

  private send(event: ConversationEvent, seq: number | null): void {
    if (seq !== null) this.lastSeq = seq;
    this.options.sink.send(event, JSON.stringify(event));
  }

  private end(reason: 'overflow' | 'deleted'): void {
    if (this.stopped) return;
    this.stop();
    this.options.sink.close(reason);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
  }
}
