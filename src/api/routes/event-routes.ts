/**
 * `/api/conversations/{id}/events` (api.md 6). The conversation is looked up before the rest of
 * the request is validated, so an unknown conversation is 404 even with an invalid body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ConfirmationResponseRequest,
  Event,
  EventPage,
  EventSortOrder,
  SendMessageRequest,
  normalizeSendMessageRequest,
} from '../../models/index.js';
import { EventNotFoundError, type Conversation } from '../../conversation/index.js';
import { formatLocalMicros, parseEventTimestamp, shortKindName } from '../../events/index.js';
import { RequestValidationError } from '../../shared/errors.js';
import { toDashedId, toHexId } from '../../shared/ids.js';
import type { EventFilter } from '../../store/index.js';
import { ConversationIdParams, Limit, SUCCESS, SuccessSchema } from '../wire/params.js';
import { ConversationNotFoundError } from '../../conversation/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    conversation: Conversation | null;
  }
}

interface FilterQuery {
  kind?: string;
  source?: string;
  body?: string;
  timestamp__gte?: string;
  timestamp__lt?: string;
}

const FilterProperties = {
  kind: Type.Optional(Type.String({ title: 'Kind', description: 'Event kind, short (MessageEvent) or fully-qualified class name' })),
  source: Type.Optional(Type.String({ title: 'Source' })),
  body: Type.Optional(Type.String({ title: 'Body', description: 'Case-insensitive text of message events' })),
  timestamp__gte: Type.Optional(Type.String({ format: 'date-time', title: 'Timestamp  Gte' })),
  timestamp__lt: Type.Optional(Type.String({ format: 'date-time', title: 'Timestamp  Lt' })),
};

/** Filter values in the stored form; naive timestamps are server-local (api.md 6.1). */
function toFilter(query: FilterQuery): EventFilter {
  const timestamp = (field: 'timestamp__gte' | 'timestamp__lt') => {
    const text = query[field];
    if (text === undefined) return undefined;
    const micros = parseEventTimestamp(text);
    if (Number.isNaN(micros)) {
      throw new RequestValidationError([{ type: 'datetime_from_date_parsing', loc: ['query', field], msg: 'Input should be a valid datetime', input: text }]);
    }
    return formatLocalMicros(micros);
  };
  return {
    kind: query.kind === undefined ? undefined : shortKindName(query.kind),
    source: query.source,
    body: query.body?.toLowerCase(),
    timestampGte: timestamp('timestamp__gte'),
    timestampLt: timestamp('timestamp__lt'),
  };
}

export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const { conversations, store } = app.services;
  const tags = ['Events'];
  app.decorateRequest('conversation', null);

  // Runs after authentication and before validation (api.md 6: 404 before body errors). An id
  // that is not a UUID is left to the params schema (422).
  app.addHook('preValidation', async (request: FastifyRequest<{ Params: { conversation_id?: string } }>) => {
    const raw = request.params.conversation_id;
    const hexId = raw === undefined ? null : toHexId(raw);
    if (hexId === null) return;
    const conversation = conversations.find(hexId, request.owner);
    if (!conversation) throw new ConversationNotFoundError(hexId, `Conversation not found: ${toDashedId(hexId)}`);
    request.conversation = conversation;
  });
  const conversationOf = (request: FastifyRequest) => request.conversation!;

  app.get<{ Params: { conversation_id: string }; Querystring: FilterQuery & { page_id?: string; limit: number; sort_order?: string } }>(
    '/api/conversations/:conversation_id/events/search',
    {
      schema: {
        tags,
        summary: 'Search Conversation Events',
        params: ConversationIdParams,
        querystring: Type.Object({
          page_id: Type.Optional(Type.String({ title: 'Page Id' })),
          limit: Type.Optional(Limit),
          ...FilterProperties,
          sort_order: Type.Optional(Type.Unsafe({ ...EventSortOrder, default: 'TIMESTAMP' })),
        }),
        response: { 200: EventPage },
      },
    },
    async (request) => {
      const page = store.searchEvents(conversationOf(request).id, {
        ...toFilter(request.query),
        sortOrder: request.query.sort_order === 'TIMESTAMP_DESC' ? 'TIMESTAMP_DESC' : 'TIMESTAMP',
        pageId: request.query.page_id,
        limit: request.query.limit,
      });
      return { items: page.items, next_page_id: page.nextPageId };
    },
  );

  app.get<{ Params: { conversation_id: string }; Querystring: FilterQuery }>(
    '/api/conversations/:conversation_id/events/count',
    {
      schema: {
        tags,
        summary: 'Count Conversation Events',
        params: ConversationIdParams,
        querystring: Type.Object(FilterProperties),
        response: { 200: Type.Integer() },
      },
    },
    async (request) => store.countEvents(conversationOf(request).id, toFilter(request.query)),
  );

  app.get<{ Params: { conversation_id: string; event_id: string } }>(
    '/api/conversations/:conversation_id/events/:event_id',
    {
      schema: {
        tags,
        summary: 'Get Conversation Event',
        params: Type.Object({ ...ConversationIdParams.properties, event_id: Type.String({ title: 'Event Id' }) }),
        response: { 200: Event },
      },
    },
    async (request) => {
      const event = store.getEvent(conversationOf(request).id, request.params.event_id);
      if (!event) throw new EventNotFoundError(request.params.event_id);
      return event;
    },
  );

  app.get<{ Params: { conversation_id: string }; Body: string[] }>(
    '/api/conversations/:conversation_id/events',
    {
      schema: {
        tags,
        summary: 'Batch Get Conversation Events',
        params: ConversationIdParams,
        body: Type.Array(Type.String(), { title: 'Event Ids' }),
        response: { 200: Type.Array(Type.Union([Event, Type.Null()])) },
      },
    },
    async (request) => request.body.map((id) => store.getEvent(conversationOf(request).id, id) ?? null),
  );

  app.post<{ Params: { conversation_id: string }; Body: SendMessageRequest }>(
    '/api/conversations/:conversation_id/events',
    { schema: { tags, summary: 'Send Message', params: ConversationIdParams, body: SendMessageRequest, response: { 200: SuccessSchema } } },
    async (request) => {
      const message = normalizeSendMessageRequest(request.body);
      if (message.role !== 'user') {
        throw new RequestValidationError([
          { type: 'value_error', loc: ['body', 'role'], msg: 'Value error, Only user messages are allowed to be sent to the agent.', input: message.role },
        ]);
      }
      const conversation = conversationOf(request);
      await conversation.sendUserMessage({ role: 'user', content: message.content }, { run: message.run });
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: ConfirmationResponseRequest }>(
    '/api/conversations/:conversation_id/events/respond_to_confirmation',
    {
      schema: {
        tags,
        summary: 'Respond To Confirmation',
        params: ConversationIdParams,
        body: ConfirmationResponseRequest,
        response: { 200: SuccessSchema },
      },
    },
    async (request) => {
      const conversation = conversationOf(request);
      if (request.body.accept) {
        // Accepting continues the run: the pending actions execute before any new LLM call.
        if (!conversation.isRunning) conversation.startRun();
      } else {
        await conversation.rejectAfterCurrentStep(request.body.reason ?? 'User rejected the action.');
        conversation.publishFullState();
      }
      return SUCCESS;
    },
  );
}
