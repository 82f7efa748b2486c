/**
 * `/sockets/bash-events` (api.md 12.2): every bash record as it is stored, optionally preceded by
 * all stored records (`resend_all=true`), in file-name order. Messages from the client that are
 * ExecuteBashRequests start commands.
 *
 * Replay and live records never overlap or leave a gap: the socket subscribes and takes the list of
 * stored names in one tick, holds live records back during the replay, then releases them. A
 * client with more unsent bytes than `subscriberBufferBytes` is closed with 1013 instead of
 * growing the server's memory; the replay itself waits for the client between pages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { parseExecuteBashRequest, type BashService } from '../../workspace/index.js';
import { matchKey } from '../auth.js';
import { parseQueryFlag } from './query-flag.js';

interface BashSocketQuery {
  session_api_key?: string;
  resend_all?: string;
}

const REPLAY_PAGE = 100;
const TOO_SLOW = 1013;

class BashSocketFeed {
  private held: string[] | null;
  private heldBytes = 0;
  private readonly unsubscribe: () => void;
  private readonly history: string[];
  private stopped = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly bash: BashService,
    private readonly limitBytes: number,
    replay: boolean,
  ) {
    this.held = replay ? [] : null;
    const listener = (_record: unknown, json: string) => this.onLive(json);
    if (replay) {
      const subscription = bash.subscribeWithHistory(listener);
      this.unsubscribe = subscription.unsubscribe;
      this.history = subscription.history;
    } else {
      this.unsubscribe = bash.subscribe(listener);
      this.history = [];
    }
  }

  async start(): Promise<void> {
    for (let start = 0; start < this.history.length && !this.stopped; start += REPLAY_PAGE) {
      const records = await Promise.all(this.history.slice(start, start + REPLAY_PAGE).map((name) => this.bash.readRecord(name)));
      const texts = records.flatMap((record) => (record ? [JSON.stringify(record)] : []));
      // The next page waits until this one has left for the network.
      await new Promise<void>((resolve) => {
        texts.forEach((json, index) => this.deliver(json, index === texts.length - 1 ? resolve : undefined));
        if (texts.length === 0) resolve();
      });
    }
    const held = this.held ?? [];
    this.held = null;
    for (const json of held) this.deliver(json);
  }

  private onLive(json: string): void {
    if (this.stopped) return;
    if (this.held === null) return this.deliver(json);
    this.held.push(json);
    this.heldBytes += json.length;
    if (this.heldBytes > this.limitBytes) this.tooSlow();
  }

  /** Sends one record; `whenSent` runs once it is written out, or at once when it is not sent. */
  private deliver(json: string, whenSent?: () => void): void {
    if (this.stopped || this.socket.readyState !== this.socket.OPEN) {
      this.stop();
      whenSent?.();
      return;
    }
    if (this.socket.bufferedAmount > this.limitBytes) {
      this.tooSlow();
      whenSent?.();
      return;
    }
    this.socket.send(json, whenSent && (() => whenSent()));
  }

  private tooSlow(): void {
    if (this.stopped) return;
    this.stop();
    this.socket.close(TOO_SLOW, 'Too slow: reconnect with resend_all=true');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.held = null;
    this.unsubscribe();
  }
}

export async function bashSocketRoutes(app: FastifyInstance): Promise<void> {
  const { config, bash } = app.services;

  // api.md 2.3 and 12.2: a refused key (query or header) or a bad flag rejects the upgrade (403).
  const socketAuth = async (request: FastifyRequest<{ Querystring: BashSocketQuery }>, reply: FastifyReply) => {
    const keys = config.sessionApiKeys;
    if (keys.length > 0 && matchKey(keys, request.query.session_api_key ?? request.headers['x-session-api-key']) === null) {
      return reply.code(403).send({ detail: 'Forbidden' });
    }
    if (parseQueryFlag(request.query.resend_all) === null) return reply.code(403).send({ detail: 'Forbidden' });
  };

  app.get<{ Querystring: BashSocketQuery }>(
    '/sockets/bash-events',
    { websocket: true, preValidation: socketAuth, schema: { hide: true } },
    (socket: WebSocket, request) => {
      const feed = new BashSocketFeed(socket, bash, config.subscriberBufferBytes, parseQueryFlag(request.query.resend_all) === true);
      socket.on('close', () => feed.stop());
      socket.on('error', () => feed.stop());
      socket.on('message', (data) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        const command = parseExecuteBashRequest(parsed);
        if (command === null) {
          request.log.warn('ignored a bash socket message that is not an ExecuteBashRequest');
          return;
        }
        bash.start(command).catch((error: unknown) => request.log.error({ err: error }, 'could not start a bash command from the socket'));
      });
      feed.start().catch((error: unknown) => {
        request.log.error({ err: error }, 'bash event replay failed');
        socket.close(1011, 'Internal error');
      });
    },
  );
}
