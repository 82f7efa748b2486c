/**
 * Posts JSON to one configured webhook (api.md 20): the spec's headers, then
 * `Content-Type: application/json` and `X-Session-API-Key` (which win over same-named spec
 * headers), a 30-second timeout per attempt, `num_retries + 1` attempts `retry_delay` seconds
 * apart. Any non-2xx status or transport error is a failure. Never throws.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookSpec } from '../config.js';

export interface WebhookClientOptions {
  spec: WebhookSpec;
  /** The first session API key, or null when the server has none. */
  sessionApiKey: string | null;
  /** Aborted at shutdown: attempts and waits in progress end at once. */
  signal: AbortSignal;
  log: { warn(message: string): void };
  timeoutMs?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** The URL without credentials or query, for log lines. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid webhook url>';
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export class WebhookClient {
  readonly baseUrl: string;
  /** The base URL without credentials or query, for log lines. */
  readonly displayUrl: string;
  private readonly headers: Headers;

  constructor(private readonly options: WebhookClientOptions) {
    this.baseUrl = options.spec.base_url.replace(/\/+$/, '');
    this.displayUrl = displayUrl(this.baseUrl);
    this.headers = new Headers(options.spec.headers);
    this.headers.set('content-type', 'application/json');
    if (options.sessionApiKey) this.headers.set('x-session-api-key', options.sessionApiKey);
  }

  /** `path` starts with a slash; resolves true when an attempt got a 2xx answer. */
  async post(path: string, body: string): Promise<boolean> {
    const url = this.baseUrl + path;
    const attempts = this.options.spec.num_retries + 1;
    const { signal } = this.options;
    let lastFailure = 'shutting down';
    for (let attempt = 1; attempt <= attempts && !signal.aborted; attempt++) {
      if (attempt > 1) await sleep(this.options.spec.retry_delay * 1000, undefined, { signal }).catch(() => {});
      if (signal.aborted) break;
      lastFailure = await this.attempt(url, body);
      if (lastFailure === '') return true;
    }
    this.options.log.warn(`webhook POST ${displayUrl(url)} failed after ${attempts} attempt(s): ${lastFailure}`);
    return false;
  }

  /** One request; '' on success, else why it failed. */
  private async attempt(url: string, body: string): Promise<string> {
    // One controller per attempt, not AbortSignal.any: dependants of a long-lived signal add up.
    const abort = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const onShutdown = () => abort.abort(new Error('server shutting down'));
    this.options.signal.addEventListener('abort', onShutdown, { once: true });
    try {
      const response = await fetch(url, { method: 'POST', headers: this.headers, body, signal: abort.signal });
      // Read the answer so the connection can be reused; its content does not matter.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? '' : `status ${response.status}`;
    } catch (error) {
      return describeError(abort.signal.aborted ? abort.signal.reason : error);
    } finally {
      clearTimeout(timer);
      this.options.signal.removeEventListener('abort', onShutdown);
    }
  }
}
