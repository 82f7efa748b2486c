/**
 * The conversation event stream over WebSocket (`/sockets/events/{id}`, api.md 12.1) and its SSE
 * twin (`/api/conversations/{id}/events/stream`, an extension). Both resume losslessly after a
 * given event id; the socket also accepts user messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { matchKey, ownerScopeFor } from '../auth.js';
import { normalizeIncomingMessage } from '../wire/incoming-message.js';
import { toHexId } from '../../shared/ids.js';
import type { Conversation } from '../../conversation/index.js';
import { ConversationStream } from './conversation-stream.js';
import { parseQueryFlag } from './query-flag.js';

/** Close codes: 4004 conversation gone (api.md 12.1), 1013 "try again later" for a slow consumer. */
const CLOSE_CODES = { deleted: 4004, overflow: 1013 } as const;

interface StreamQuery {
  session_api_key?: string;
  resend_all?: string;
  after_event_id?: string;
}

/** Where to start replaying: after the given event, from the start, or not at all. */
function replayStart(conversation: Conversation, store: FastifyInstance['services']['store'], query: StreamQuery, resendAll: boolean): number | undefined {
  if (query.after_event_id !== undefined) {
    // An unknown id (never seen, or from another conversation) replays everything: the client
    // deduplicates by id, and nothing is lost.
    return store.eventSeq(conversation.id, query.after_event_id) ?? -1;
  }
  return resendAll ? -1 : undefined;
}

export async function socketRoutes(app: FastifyInstance): Promise<void> {
  const { config, conversations, bus, store } = app.services;

  const socketAuth = async (request: FastifyRequest<{ Params: { conversation_id?: string }; Querystring: StreamQuery }>, reply: FastifyReply) => {
    const keys = config.sessionApiKeys;
    let owner: string | undefined;
    if (keys.length > 0) {
      const key = matchKey(keys, request.query.session_api_key ?? request.headers['x-session-api-key']);
      if (key === null) return reply.code(403).send({ detail: 'Forbidden' });
      owner = ownerScopeFor(keys, key);
    }
    request.owner = owner;
    if (parseQueryFlag(request.query.resend_all) === null) return reply.code(403).send({ detail: 'Forbidden' });
    if (request.params.conversation_id !== undefined && toHexId(request.params.conversation_id) === null) {
      return reply.code(403).send({ detail: 'Forbidden' });
    }
  };

  app.get<{ Params: { conversation_id: string }; Querystring: StreamQuery }>(
    '/sockets/events/:conversation_id',
    { websocket: true, preValidation: socketAuth, schema: { hide: true } },
    (socket: WebSocket, request) => {
      const hexId = toHexId(request.params.conversation_id)!;
      const conversation = conversations.find(hexId, request.owner);
      if (!conversation) {
        socket.close(4004, 'Conversation not found');
        return;
      }
      const stream = new ConversationStream({
        conversation,
        bus,
        store,
        limitBytes: config.subscriberBufferBytes,
        replayAfterSeq: replayStart(conversation, store, request.query, parseQueryFlag(request.query.resend_all) === true),
        sink: {
          send: (_event, json) => socket.send(json),
          bufferedBytes: () => socket.bufferedAmount,
          isOpen: () => socket.readyState === socket.OPEN,
          close: (reason) => {
            socket.close(CLOSE_CODES[reason], reason === 'deleted' ? 'Conversation deleted' : 'Too slow: resume with after_event_id');
            // A peer that stopped reading never sees the close frame behind its unread data; cut
            // it off so the queued bytes are freed.
            if (reason === 'overflow') setTimeout(() => socket.terminate(), 1000).unref();
          },
        },
      });
      socket.on('close', () => stream.stop());
      socket.on('error', () => stream.stop());
      socket.on('message', (data) => {
        // api.md 12.1: a user message, same effect as POST .../events with run=true; anything
        // invalid is logged and ignored, the socket stays open.
        try {
          const message = normalizeIncomingMessage(JSON.parse(data.toString()));
          const live = conversations.find(hexId, request.owner);
          if (!live) return;
          live.sendUserMessage(message, { run: true }).catch((error: Error) => request.log.warn({ err: error.message }, 'a socket message was not recorded'));
        } catch (error) {
          request.log.warn({ err: (error as Error).message }, 'ignored an invalid socket message');
        }
      });
      stream.start().catch((error) => {
        request.log.error({ err: error }, 'event stream failed');
        socket.close(1011, 'Internal error');
      });
    },
  );

}

/** The SSE twin; registered inside the authenticated `/api` scope. */
export async function sseRoutes(app: FastifyInstance): Promise<void> {
  const { config, conversations, bus, store } = app.services;
  app.get<{ Params: { conversation_id: string }; Querystring: StreamQuery }>(
    '/api/conversations/:conversation_id/events/stream',
    {
      schema: {
        summary: 'Stream Conversation Events (SSE)',
        description: 'Extension: the conversation event stream as Server-Sent Events. Resumes after the `Last-Event-ID` header or `after_event_id`.',
        params: { type: 'object', properties: { conversation_id: { type: 'string', format: 'uuid' } }, required: ['conversation_id'] },
        querystring: {
          type: 'object',
          properties: { resend_all: { type: 'boolean', default: false }, after_event_id: { type: 'string' } },
        },
      },
    },
    async (request, reply) => {
      const hexId = toHexId(request.params.conversation_id)!;
      const conversation = conversations.find(hexId, request.owner);
      if (!conversation) return reply.code(404).send({ detail: `Conversation not found: ${request.params.conversation_id}` });
      const lastEventId = request.headers['last-event-id'];
      const query: StreamQuery = { ...request.query, after_event_id: typeof lastEventId === 'string' ? lastEventId : request.query.after_event_id };
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...corsHeadersOf(reply),
      });
      response.write(': connected\n\n');
      const stream = new ConversationStream({
        conversation,
        bus,
        store,
        limitBytes: config.subscriberBufferBytes,
        replayAfterSeq: replayStart(conversation, store, query, (request.query.resend_all as unknown) === true),
        sink: {
          send: (event, json) => {
            // The transient full_state snapshot has no stable position, so it carries no SSE id.
            const id = event.key === 'full_state' ? '' : `id: ${event.id}\n`;
            response.write(`${id}data: ${json}\n\n`);
          },
          bufferedBytes: () => response.writableLength,
          isOpen: () => !response.destroyed && !response.writableEnded,
          close: (reason) => {
            response.write(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
            response.end();
          },
        },
      });
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stream.stop();
      });
      await stream.start();
    },
  );
}

function corsHeadersOf(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (name.startsWith('access-control-') || name === 'vary') headers[name] = String(value);
  }
  return headers;
}
