/**
 * Builds the server: store, bus, services and routers, wired together. It never listens; `main.ts`
 * does, and tests call `buildApp` with a temporary data directory.
 */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { RAW_JSON_BODY, makeErrorHandler } from './api/errors.js';
import { RouteTable } from './api/route-table.js';
import { registerApiRoutes } from './api/register-routes.js';
import { corsOriginChecker } from './api/cors.js';
import { serverRoutes } from './api/routes/server-routes.js';
import type { Config } from './config.js';
import { ConversationService, SkillSources, type AgentRuntime } from './conversation/index.js';
import { LocalAgentRuntime } from './agent/index.js';
import { createLlmClient } from './llm/index.js';
import { createTools } from './tools/index.js';
import { EventBus, EventClock } from './events/index.js';
import { buildRequestValidator } from './api/request-validator.js';
import { withSharedComponents } from './api/openapi-components.js';
import { SecretCipher } from './shared/secret-cipher.js';
import { SecretRedactor } from './shared/secret-redactor.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { ConversationStore } from './store/index.js';
import { ServerClock } from './api/server-clock.js';
import { WebhookService } from './webhooks/index.js';
import { BashService } from './workspace/index.js';

export interface AppOverrides {
  runtime?: AgentRuntime;
  store?: ConversationStore;
  /** How long a user message waits for a pending LLM answer before it is recorded anyway. */
  userMessageWaitMs?: number;
}

export interface AppServices {
  config: Config;
  store: ConversationStore;
  bus: EventBus;
  conversations: ConversationService;
  redactor: SecretRedactor;
  serverClock: ServerClock;
  /** Workspace bash commands and their records (api.md 8). */
  bash: BashService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

function loggerOptions(config: Config, redactor: SecretRedactor) {
  return {
    level: config.logLevel,
    redact: ['req.headers["x-session-api-key"]', 'req.headers.authorization', 'req.query.session_api_key'],
    formatters: {
      // Last line of defence: no known secret value leaves the process in a log line.
      log: (object: Record<string, unknown>) => JSON.parse(redactor.redact(JSON.stringify(object))) as Record<string, unknown>,
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactor.redact(arg) : arg)));
      },
    },
  };
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const redactor = new SecretRedactor();
  for (const key of config.sessionApiKeys) redactor.add(key);
  if (config.secretKey) redactor.add(config.secretKey);

  const app = Fastify({
    logger: loggerOptions(config, redactor),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    exposeHeadRoutes: false,
    // Shutdown must not wait for long-lived SSE responses or idle keep-alive sockets.
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 10_000, ignoreDuplicateSlashes: false, ignoreTrailingSlash: false },
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator } },
  });
  // Two batch-get routes take their id list as a JSON body on GET (api.md 1.7).
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  // An empty JSON body means "no body" (FastAPI ignores it on routes that take none); routes that
  // need one then fail validation with `missing` rather than a parser error.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    (request as unknown as { [RAW_JSON_BODY]?: string })[RAW_JSON_BODY] = body as string;
    parseJson(request, body as string, done);
  });
  // Responses are plain JSON of our own objects; schemas on responses only document them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const store = overrides.store ?? new SqliteStore(config.databasePath);
  const bus = new EventBus((error) => app.log.error({ err: error }, 'event subscriber failed'));
  const serverClock = new ServerClock();
  bus.subscribeAll(() => serverClock.touch());
  const webhooks = new WebhookService({
    webhooks: config.webhooks,
    sessionApiKey: config.sessionApiKeys[0] ?? null,
    redact: (text) => redactor.redact(text),
    log: { warn: (message) => app.log.warn(message) },
  });
  if (webhooks.isEnabled) bus.subscribeAll(webhooks.onEvent);
  const conversations = new ConversationService({
    store,
    bus,
    clock: new EventClock(),
    runtime: overrides.runtime ?? new LocalAgentRuntime({ createTools, createLlmClient, redactor }),
    redactor,
    cipher: config.secretKey ? new SecretCipher(config.secretKey) : null,
    conversationsPath: config.conversationsPath,
    log: { warn: (message) => app.log.warn(message), error: (details, message) => app.log.error(details, message) },
    onConversationChange: (change) => webhooks.conversationChanged(change),
    confirmationTimeout: config.confirmationTimeout,
    skillSources: new SkillSources({ ...config.skills, log: { warn: (message) => app.log.warn(message) } }),
    userMessageWaitMs: overrides.userMessageWaitMs,
  });
  const bash = await BashService.open({
    directory: config.bashEventsDir,
    log: { error: (details, message) => app.log.error(details, message) },
  });
  app.decorate('services', { config, store, bus, conversations, redactor, serverClock, bash });

  const routeTable = new RouteTable();
  app.addHook('onRoute', (route) => routeTable.add(route.method, route.url));
  app.setErrorHandler(makeErrorHandler({ redactor, debug: config.debug }));
  app.setNotFoundHandler((request, reply) => {
    const answer = routeTable.answerUnmatched(request.method, request.url);
    if (answer.kind === 'method_not_allowed') return reply.code(405).header('allow', answer.allow.join(', ')).send({ detail: 'Method Not Allowed' });
    if (answer.kind === 'redirect') return reply.code(307).header('location', answer.location).send();
    return reply.code(404).send({ detail: 'Not Found' });
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  // api.md 1.8: a pre-flight from an origin that is not allowed is refused before routing.
  const isAllowedOrigin = corsOriginChecker(config.allowCorsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || !origin || !request.headers['access-control-request-method']) return;
    let allowed = false;
    isAllowedOrigin(origin, (_error, verdict) => (allowed = verdict));
    if (!allowed) return reply.code(400).send({ detail: 'Disallowed CORS origin' });
  });
  await app.register(cors, {
    origin: isAllowedOrigin,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    strictPreflight: false,
  });
  await app.register(websocket, { options: { maxPayload: config.maxBodyBytes } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OpenHands Agent Server', description: 'OpenHands Agent Server - REST/WebSocket interface for OpenHands AI Agent', version: '1.4.1' },
    },
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? withSharedComponents(documentObject.openapiObject as Record<string, unknown>) : documentObject.swaggerObject,
  });

  await app.register(serverRoutes);
  await registerApiRoutes(app);

  app.addHook('onClose', async () => {
    await bash.close();
    await conversations.shutdown();
    await webhooks.close();
    store.close();
  });
  conversations.recoverInterruptedRuns();
  conversations.resumeConfirmationTimeouts();
  return app;
}

