/**
 * `/api/conversations` (api.md 5). Routes only convert wire <-> domain and call the service.
 * Unknown ids are 404 on every route (design.md 2.2).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  AskAgentRequest,
  AskAgentResponse,
  ConversationExecutionStatus,
  ConversationInfo,
  ConversationPage,
  ConversationSortOrder,
  GenerateTitleRequest,
  GenerateTitleResponse,
  ModelValidationError,
  SetConfirmationPolicyRequest,
  SetSecurityAnalyzerRequest,
  StartConversationRequest,
  UpdateConversationRequest,
  UpdateSecretsRequest,
  normalizeConfirmationPolicy,
  normalizeSecrets,
  normalizeSecurityAnalyzer,
  normalizeStartConversationRequest,
} from '../../models/index.js';
import type { ExecutionStatus } from '../../conversation/index.js';
import { RequestValidationError } from '../../shared/errors.js';
import { toHexId } from '../../shared/ids.js';
import { listToolNames, normalizeToolName } from '../../tools/index.js';
import { ConversationIdParams, Limit, SUCCESS, SuccessSchema, hexIdOf } from '../wire/params.js';

type Json = Record<string, unknown>;

/** Normalization failures found after the schema check become 422 items under `body`. */
function normalizeBody<T>(normalize: () => T): T {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof ModelValidationError) {
      throw new RequestValidationError([
        { type: error.type, loc: ['body', ...error.loc], msg: error.message, input: error.input, ...(error.ctx ? { ctx: error.ctx } : {}) },
      ]);
    }
    throw error;
  }
}

/** finish and think are added to every agent; naming them is harmless. */
const BUILT_IN_TOOLS = ['finish', 'think'];

/**
 * An unknown tool name is a client error: 422 at `body.agent.tools.N.name`, listing the tools
 * this server has (the reference answers 500 when it fails to create the agent).
 */
function checkToolNames(tools: { name: string }[]): void {
  const available = listToolNames();
  const items = tools.flatMap((tool, index) => {
    const name = normalizeToolName(tool.name);
    if (available.includes(name) || BUILT_IN_TOOLS.includes(name)) return [];
    const msg = `Value error, ToolDefinition '${tool.name}' is not registered. Available tools: ${available.join(', ')}`;
    return [{ type: 'value_error', loc: ['body', 'agent', 'tools', index, 'name'], msg, input: tool.name }];
  });
  if (items.length > 0) throw new RequestValidationError(items);
}

export async function conversationRoutes(app: FastifyInstance): Promise<void> {
  const { conversations, config } = app.services;
  const tags = ['Conversations'];

  app.get<{ Querystring: { page_id?: string; limit: number; status?: ExecutionStatus; sort_order: string } }>(
    '/api/conversations/search',
    {
      schema: {
        tags,
        summary: 'Search Conversations',
        querystring: Type.Object({
          page_id: Type.Optional(Type.String({ title: 'Page Id' })),
          limit: Type.Optional(Limit),
          status: Type.Optional(ConversationExecutionStatus),
          sort_order: Type.Optional(Type.Unsafe({ ...ConversationSortOrder, default: 'CREATED_AT_DESC' })),
        }),
        response: { 200: ConversationPage },
      },
    },
    async (request, reply) => {
      const { page_id, limit, status, sort_order } = request.query;
      const page = conversations.searchRendered({
        pageId: page_id === undefined ? undefined : (toHexId(page_id) ?? page_id),
        limit,
        status,
        sortOrder: (sort_order ?? 'CREATED_AT_DESC') as 'CREATED_AT_DESC',
        owner: request.owner,
      });
      // The items are already serialized (cached renderings); assemble the page around them.
      return reply.type('application/json; charset=utf-8').send(`{"items":[${page.items.join(',')}],"next_page_id":${JSON.stringify(page.nextPageId)}}`);
    },
  );

  app.get<{ Querystring: { status?: ExecutionStatus } }>(
    '/api/conversations/count',
    {
      schema: {
        tags,
        summary: 'Count Conversations',
        querystring: Type.Object({ status: Type.Optional(ConversationExecutionStatus) }),
        response: { 200: Type.Integer() },
      },
    },
    async (request) => conversations.count({ status: request.query.status, owner: request.owner }),
  );

  app.get<{ Params: { conversation_id: string } }>(
    '/api/conversations/:conversation_id',
    { schema: { tags, summary: 'Get Conversation', params: ConversationIdParams, response: { 200: ConversationInfo } } },
    async (request) => conversations.info(conversations.get(hexIdOf(request.params.conversation_id), request.owner)),
  );

  // api.md 5.4: the reference accepts fewer than 100 ids (it asserts `len(ids) < 100`, a 500 for
  // 100 or more). We keep its limit but refuse the excess as the client error it is: 422 too_long.
  app.get<{ Querystring: { ids: string[] } }>(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Batch Get Conversations',
        querystring: Type.Object({ ids: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 99, title: 'Ids' }) }),
        response: { 200: Type.Array(Type.Union([ConversationInfo, Type.Null()])) },
      },
    },
    async (request) =>
      request.query.ids.map((id) => {
        const conversation = conversations.find(hexIdOf(id), request.owner);
        return conversation ? conversations.info(conversation) : null;
      }),
  );

  app.post<{ Body: StartConversationRequest }>(
    '/api/conversations',
    { schema: { tags, summary: 'Start Conversation', body: StartConversationRequest, response: { 200: ConversationInfo, 201: ConversationInfo } } },
    async (request, reply) => {
      const body = normalizeBody(() => normalizeStartConversationRequest(request.body));
      checkToolNames(body.agent.tools);
      const initial = body.initial_message;
      if (initial && initial.role !== 'user') {
        throw new RequestValidationError([
          { type: 'value_error', loc: ['body', 'initial_message', 'role'], msg: 'Value error, Only user messages are allowed to be sent to the agent.', input: initial.role },
        ]);
      }
      const { conversation, created } = await conversations.create({
        conversationId: body.conversation_id === null ? null : hexIdOf(body.conversation_id),
        agent: body.agent as unknown as Json,
        workspace: body.workspace as { kind: 'LocalWorkspace'; working_dir: string },
        confirmationPolicy: body.confirmation_policy as unknown as Json,
        securityAnalyzer: null,
        initialMessage: initial ? { role: 'user', content: initial.content } : null,
        maxIterations: body.max_iterations,
        stuckDetection: body.stuck_detection,
        secrets: body.secrets as unknown as Record<string, Json>,
        owner: request.owner ?? null,
      });
      return reply.code(created ? 201 : 200).send(conversations.info(conversation));
    },
  );

  app.delete<{ Params: { conversation_id: string } }>(
    '/api/conversations/:conversation_id',
    { schema: { tags, summary: 'Delete Conversation', params: ConversationIdParams, response: { 200: SuccessSchema } } },
    async (request) => {
      await conversations.delete(hexIdOf(request.params.conversation_id), request.owner);
      return SUCCESS;
    },
  );

  app.patch<{ Params: { conversation_id: string }; Body: UpdateConversationRequest }>(
    '/api/conversations/:conversation_id',
    {
      schema: {
        tags,
        summary: 'Update Conversation',
        params: ConversationIdParams,
        body: Type.Object(UpdateConversationRequest.properties, { ...UpdateConversationRequest, additionalProperties: false }),
        response: { 200: SuccessSchema },
      },
    },
    async (request) => {
      conversations.updateTitle(hexIdOf(request.params.conversation_id), request.body.title, request.owner);
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string } }>(
    '/api/conversations/:conversation_id/pause',
    { schema: { tags, summary: 'Pause Conversation', params: ConversationIdParams, response: { 200: SuccessSchema } } },
    async (request) => {
      conversations.pause(conversations.get(hexIdOf(request.params.conversation_id), request.owner));
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string } }>(
    '/api/conversations/:conversation_id/run',
    {
      schema: {
        tags,
        summary: 'Run Conversation',
        description: 'Start the agent loop in the background; 409 when a run is already active.',
        params: ConversationIdParams,
        response: { 200: SuccessSchema },
      },
    },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      conversation.startRun();
      // Extension for clients of the 1a893c3 era, whose `run()` returns when this request does.
      if (config.blockingRun) await conversation.settled();
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: UpdateSecretsRequest }>(
    '/api/conversations/:conversation_id/secrets',
    { schema: { tags, summary: 'Update Conversation Secrets', params: ConversationIdParams, body: UpdateSecretsRequest, response: { 200: SuccessSchema } } },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      const secrets = normalizeBody(() => normalizeSecrets(request.body.secrets)) as unknown as Record<string, Json>;
      conversations.updateSecrets(conversation, secrets);
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: SetConfirmationPolicyRequest }>(
    '/api/conversations/:conversation_id/confirmation_policy',
    {
      schema: { tags, summary: 'Set Conversation Confirmation Policy', params: ConversationIdParams, body: SetConfirmationPolicyRequest, response: { 200: SuccessSchema } },
    },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      const policy = normalizeBody(() => normalizeConfirmationPolicy(request.body.policy)) as unknown as Json;
      conversation.replaceField('confirmationPolicy', 'confirmation_policy', policy);
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: SetSecurityAnalyzerRequest }>(
    '/api/conversations/:conversation_id/security_analyzer',
    {
      schema: { tags, summary: 'Set Conversation Security Analyzer', params: ConversationIdParams, body: SetSecurityAnalyzerRequest, response: { 200: SuccessSchema } },
    },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      const input = request.body.security_analyzer;
      const analyzer = input === null ? null : (normalizeBody(() => normalizeSecurityAnalyzer(input)) as unknown as Json);
      conversation.replaceField('securityAnalyzer', 'security_analyzer', analyzer);
      return SUCCESS;
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: GenerateTitleRequest }>(
    '/api/conversations/:conversation_id/generate_title',
    {
      schema: { tags, summary: 'Generate Conversation Title', params: ConversationIdParams, body: GenerateTitleRequest, response: { 200: GenerateTitleResponse } },
    },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      const title = await conversations.generateTitle(conversation, { maxLength: request.body.max_length ?? 50, llm: request.body.llm ?? null });
      return { title };
    },
  );

  app.post<{ Params: { conversation_id: string }; Body: AskAgentRequest }>(
    '/api/conversations/:conversation_id/ask_agent',
    { schema: { tags, summary: 'Ask Agent', params: ConversationIdParams, body: AskAgentRequest, response: { 200: AskAgentResponse } } },
    async (request) => {
      const conversation = conversations.get(hexIdOf(request.params.conversation_id), request.owner);
      return { response: await conversations.askAgent(conversation, request.body.question) };
    },
  );
}
