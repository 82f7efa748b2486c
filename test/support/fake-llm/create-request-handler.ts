import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerRequest, responseHeaders } from './answer-request.js';
import { checkAwsAuth, type AuthRejection } from './aws-signature.js';
import { bedrockErrorHeaders, renderBedrockError } from './protocols/bedrock-error-body.js';
import type { ProtocolRenderer } from './protocols/protocol-renderer.js';
import { rendererForProtocol } from './protocols/renderer-for-protocol.js';
import { openAiChatRenderer } from './protocols/openai-chat.js';
import { parseJsonObject, readRequestBody } from './read-request-body.js';
import { renderModelList } from './render-model-list.js';
import type { ReplyScript } from './reply-script.js';
import type { RequestLog } from './request-log.js';
import { routeRequest, type Route } from './route-request.js';
import { sendJson } from './send-response.js';
import type { AwsCredentials, RecordedRequest } from './types.js';

// One HTTP request: route it, read and parse the body, record it, check it the way the real
// API would, take the next scripted reply and answer. A request whose body is not JSON is
// neither recorded nor answered from the script; one the real API would reject (missing
// model, messages, max_tokens) is recorded but gets a 400 without consuming a reply. Bedrock
// requests are authenticated first, as AWS does: one it would refuse is recorded (with what its
// Authorization header said) and gets a 403 without consuming a reply.

export interface RequestHandlerDependencies {
  script: ReplyScript;
  log: RequestLog;
  latency: { milliseconds: number };
  aws: { credentials: AwsCredentials | null };
}

function sendClientError(response: ServerResponse, renderer: ProtocolRenderer, options: { status: number; message: string }): void {
  sendJson(response, { status: options.status, body: renderer.renderError(options), headers: responseHeaders(renderer, options.status) });
}

function sendAuthRejection(response: ServerResponse, renderer: ProtocolRenderer, rejection: AuthRejection): void {
  const headers = { ...responseHeaders(renderer), ...bedrockErrorHeaders(403, rejection.type) };
  sendJson(response, { status: 403, body: renderBedrockError({ status: 403, message: rejection.message }), headers });
}

async function handleLlmRequest(
  incoming: IncomingMessage,
  response: ServerResponse,
  options: { route: Extract<Route, { kind: 'llm' }>; dependencies: RequestHandlerDependencies },
): Promise<void> {
  const { route, dependencies } = options;
  const renderer = rendererForProtocol(route.protocol);
  const rawBody = await readRequestBody(incoming);
  const body = parseJsonObject(rawBody);
  if (body === undefined) {
    sendClientError(response, renderer, { status: 400, message: 'fake-llm: the request body is not a JSON object' });
    return;
  }
  const request: RecordedRequest = {
    index: dependencies.log.size,
    protocol: route.protocol,
    method: incoming.method ?? 'POST',
    path: route.path,
    headers: incoming.headers,
    body,
    stream: body.stream === true,
    receivedAt: Date.now(),
  };
  const auth =
    route.protocol === 'bedrock'
      ? checkAwsAuth({ method: request.method, url: incoming.url ?? route.path, headers: incoming.headers, body: rawBody }, dependencies.aws.credentials)
      : undefined;
  if (auth?.seen !== undefined) request.aws = auth.seen;
  dependencies.log.record(request);
  if (auth?.rejection !== undefined) {
    sendAuthRejection(response, renderer, auth.rejection);
    return;
  }
  const rejection = renderer.validateRequestBody(body);
  if (rejection !== undefined) {
    sendClientError(response, renderer, { status: 400, message: rejection });
    return;
  }
  const reply = dependencies.script.next(request);
  await answerRequest({ response, request, reply, latencyMs: dependencies.latency.milliseconds });
}

async function handleRequest(
  incoming: IncomingMessage,
  response: ServerResponse,
  options: { route: Route; dependencies: RequestHandlerDependencies },
): Promise<void> {
  const { route } = options;
  switch (route.kind) {
    case 'llm':
      await handleLlmRequest(incoming, response, { route, dependencies: options.dependencies });
      return;
    case 'models':
      sendJson(response, {
        status: 200,
        body: renderModelList({
          isAnthropic: incoming.headers['anthropic-version'] !== undefined,
          createdAtSeconds: Math.floor(Date.now() / 1000),
        }),
      });
      return;
    case 'not-found':
      incoming.resume();
      sendClientError(response, openAiChatRenderer, {
        status: 404,
        message: `fake-llm: no route for ${incoming.method} ${route.path}`,
      });
  }
}

export function createRequestHandler(dependencies: RequestHandlerDependencies): RequestListener {
  return (incoming, response) => {
    const route = routeRequest({ method: incoming.method ?? 'GET', url: incoming.url ?? '/' });
    handleRequest(incoming, response, { route, dependencies }).catch((error: unknown) => {
      // A failure here is a bug in a script (e.g. Anthropic tool input that is not an object)
      // or in the fake; report it to the client in its own protocol's error shape.
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const renderer = route.kind === 'llm' ? rendererForProtocol(route.protocol) : openAiChatRenderer;
      const message = error instanceof Error ? error.message : String(error);
      sendClientError(response, renderer, { status: 500, message: `fake-llm: ${message}` });
    });
  };
}
