/**
 * `/api/bash` (api.md 8): start or run commands, and read or clear their records. Bash ids are
 * hex; a UUID in any other spelling is accepted too and means the same record.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Nullable, StringEnum, StringMap } from '../../models/index.js';
import { RequestValidationError } from '../../shared/errors.js';
import { toHexId } from '../../shared/ids.js';
import {
  BASH_RECORD_KINDS,
  BashCommandSchema,
  BashEventPageSchema,
  BashEventSortOrderSchema,
  BashOutputSchema,
  BashRecordSchema,
  ExecuteBashRequestSchema,
  WorkspaceRecordNotFoundError,
  filterStamp,
  type BashEventSortOrder,
  type BashRecordKind,
  type ExecuteBashRequest,
} from '../../workspace/index.js';
import { Limit } from '../wire/params.js';

interface SearchQuery {
  kind__eq?: BashRecordKind;
  command_id__eq?: string;
  timestamp__gte?: string;
  timestamp__lt?: string;
  sort_order?: BashEventSortOrder;
  page_id?: string;
  limit: number;
}

const SearchQuerySchema = Type.Object({
  kind__eq: Type.Optional(StringEnum(BASH_RECORD_KINDS, { title: 'Kind  Eq' })),
  command_id__eq: Type.Optional(Type.String({ format: 'uuid', title: 'Command Id  Eq' })),
  timestamp__gte: Type.Optional(Type.String({ format: 'date-time', title: 'Timestamp  Gte' })),
  timestamp__lt: Type.Optional(Type.String({ format: 'date-time', title: 'Timestamp  Lt' })),
  sort_order: Type.Optional(Type.Unsafe<BashEventSortOrder>({ ...BashEventSortOrderSchema, default: 'TIMESTAMP' })),
  page_id: Type.Optional(Type.String({ title: 'Optional next_page_id from the previously returned page' })),
  limit: Type.Optional(Limit),
});

function stampOf(query: SearchQuery, field: 'timestamp__gte' | 'timestamp__lt'): string | undefined {
  const text = query[field];
  if (text === undefined) return undefined;
  const stamp = filterStamp(text);
  if (stamp === null) {
    throw new RequestValidationError([{ type: 'datetime_from_date_parsing', loc: ['query', field], msg: 'Input should be a valid datetime', input: text }]);
  }
  return stamp;
}

/** Record ids are hex; other UUID spellings are normalized, anything else cannot match. */
function recordId(text: string): string {
  return toHexId(text) ?? text;
}

export async function bashRoutes(app: FastifyInstance): Promise<void> {
  const { bash } = app.services;
  const tags = ['Bash'];

  app.get<{ Querystring: SearchQuery }>(
    '/api/bash/bash_events/search',
    {
      schema: { tags, summary: 'Search Bash Events', description: 'Search / List bash event events', querystring: SearchQuerySchema, response: { 200: BashEventPageSchema } },
    },
    async (request) => {
      const { query } = request;
      const page = await bash.search({
        kind: query.kind__eq,
        commandId: query.command_id__eq === undefined ? undefined : recordId(query.command_id__eq),
        stampGte: stampOf(query, 'timestamp__gte'),
        stampLt: stampOf(query, 'timestamp__lt'),
        descending: query.sort_order === 'TIMESTAMP_DESC',
        pageId: query.page_id,
        limit: query.limit,
      });
      return { items: page.items, next_page_id: page.nextPageId };
    },
  );

  app.get<{ Params: { event_id: string } }>(
    '/api/bash/bash_events/:event_id',
    {
      schema: {
        tags,
        summary: 'Get Bash Event',
        description: 'Get a bash event event given an id',
        params: Type.Object({ event_id: Type.String({ title: 'Event Id' }) }),
        response: { 200: BashRecordSchema },
      },
    },
    async (request) => {
      const record = await bash.get(recordId(request.params.event_id));
      if (!record) throw new WorkspaceRecordNotFoundError();
      return record;
    },
  );

  app.get<{ Body: string[] }>(
    '/api/bash/bash_events/',
    {
      schema: {
        tags,
        summary: 'Batch Get Bash Events',
        description: 'Get a batch of bash event events given their ids, returning null for any\nmissing item.',
        body: Type.Array(Type.String(), { title: 'Event Ids' }),
        response: { 200: Type.Array(Nullable(BashRecordSchema)) },
      },
    },
    async (request) => {
      const records = await bash.getMany(request.body.map(recordId));
      return records.map((record) => record ?? null);
    },
  );

  app.post<{ Body: ExecuteBashRequest }>(
    '/api/bash/start_bash_command',
    {
      schema: { tags, summary: 'Start Bash Command', description: 'Execute a bash command in the background', body: ExecuteBashRequestSchema, response: { 200: BashCommandSchema } },
    },
    async (request) => bash.start(request.body),
  );

  app.post<{ Body: ExecuteBashRequest }>(
    '/api/bash/execute_bash_command',
    {
      schema: { tags, summary: 'Execute Bash Command', description: 'Execute a bash command and wait for a result', body: ExecuteBashRequestSchema, response: { 200: BashOutputSchema } },
    },
    async (request) => bash.execute(request.body),
  );

  app.delete(
    '/api/bash/bash_events',
    {
      schema: { tags, summary: 'Clear All Bash Events', description: 'Clear all bash events from storage', response: { 200: StringMap(Type.Integer()) } },
    },
    async () => ({ cleared_count: await bash.clear() }),
  );
}
