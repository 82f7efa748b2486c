import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from './create-request-handler.js';
import { ReplyScript } from './reply-script.js';
import { RequestLog } from './request-log.js';
import type { AwsCredentials, FakeLlm, FakeLlmOptions } from './types.js';

const defaultWaitTimeoutMs = 5000;

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the fake must never be reachable from outside the test machine.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    // Keep-alive sockets and hanging replies would otherwise hold close() open forever.
    server.closeAllConnections();
  });
}

/** Starts a scripted OpenAI/Anthropic/Bedrock-compatible LLM server on 127.0.0.1. */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const script = new ReplyScript();
  const log = new RequestLog();
  const latency = { milliseconds: 0 };
  const aws: { credentials: AwsCredentials | null } = { credentials: null };
  const server = createServer(createRequestHandler({ script, log, latency, aws }));
  const address = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: `${url}/v1`,
    bedrockBaseUrl: url,
    get requests() {
      return log.snapshot();
    },
    get remainingReplies() {
      return script.remaining;
    },
    enqueue: (...replies) => script.enqueue(replies),
    setDefaultReply: (reply) => script.setDefault(reply),
    setLatency: (milliseconds) => {
      latency.milliseconds = milliseconds;
    },
    setAwsCredentials: (credentials) => {
      aws.credentials = credentials === null ? null : { ...credentials };
    },
    waitForRequests: (count, timeoutMs = defaultWaitTimeoutMs) => log.waitFor(count, timeoutMs),
    close: () => {
      closing ??= (async () => {
        log.rejectWaiters(new Error('fake-llm: closed while waiting for requests'));
        await closeServer(server);
      })();
      return closing;
    },
  };
}
