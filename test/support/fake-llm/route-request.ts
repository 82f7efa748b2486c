import type { LlmProtocol } from './types.js';

export type Route =
  | { kind: 'llm'; protocol: LlmProtocol; path: string }
  | { kind: 'models'; path: string }
  | { kind: 'not-found'; path: string };

// Routing is by path suffix, ignoring the query string: clients disagree on whether the base
// URL already ends in /v1 (the official Anthropic SDK adds it, @ai-sdk/anthropic expects it in
// the base), and Azure-style clients put deployments and `?api-version=` around the same
// endpoints. Any prefix works, so a test never fails over a base-URL convention.
const llmRoutes: Array<{ suffix: string; protocol: LlmProtocol }> = [
  { suffix: '/chat/completions', protocol: 'openai-chat' },
  { suffix: '/responses', protocol: 'openai-responses' },
  { suffix: '/messages', protocol: 'anthropic' },
  // Bedrock Converse: `/model/{modelId}/converse` (the streaming `/converse-stream` is not spoken).
  { suffix: '/converse', protocol: 'bedrock' },
];

export function routeRequest(options: { method: string; url: string }): Route {
  const path = new URL(options.url, 'http://fake-llm.invalid').pathname.replace(/\/+$/, '');
  if (options.method === 'GET' && path.endsWith('/models')) {
    return { kind: 'models', path };
  }
  if (options.method === 'POST') {
    const match = llmRoutes.find((route) => path.endsWith(route.suffix));
    if (match !== undefined) {
      return { kind: 'llm', protocol: match.protocol, path };
    }
  }
  return { kind: 'not-found', path };
}
