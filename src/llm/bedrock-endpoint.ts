import { LlmProviderNotSupportedError } from './errors.js';

// Where a `bedrock/…` model is reached and which region its requests are signed for. The region
// comes from `aws_region_name`; a `base_url` (proxy, VPC endpoint, tests) replaces the endpoint.
// Neither is read from the server's environment, so one LLM setting means the same everywhere.

export interface BedrockEndpoint {
  /** What the provider appends `/model/{modelId}/converse` to. */
  baseUrl: string;
  /** The region in the SigV4 credential scope. */
  region: string;
}

/**
 * The region a signature must name when only a `base_url` is given and its host does not say
 * (a proxy that re-signs, or any endpoint that ignores the scope): the SigV4 scope needs one.
 */
const FALLBACK_SIGNING_REGION = 'us-east-1';

/** `bedrock-runtime[-fips].<region>.amazonaws.com`, VPC endpoints (`….<region>.vpce.amazonaws.com`) included. */
const RUNTIME_HOST = /(?:^|\.)bedrock-runtime(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/;

function regionOfHost(baseUrl: string): string | null {
  try {
    return RUNTIME_HOST.exec(new URL(baseUrl).hostname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** AWS partitions outside the commercial one use their own DNS suffix. */
function defaultBaseUrl(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://bedrock-runtime.${region}.${suffix}`;
}

/**
 * litellm lets `bedrock/converse/<id>` and `bedrock/invoke/<id>` pick its API; we speak Converse
 * for every model, so the route word is dropped and the rest is the model (or inference profile) id.
 */
export function bedrockModelId(name: string): string {
  return name.replace(/^(?:converse|invoke)\//, '');
}

export function bedrockEndpoint(input: { model: string; baseUrl: string | null; region: string | null | undefined }): BedrockEndpoint {
  const configuredRegion = input.region?.trim() || null;
  if (input.baseUrl !== null) {
    return { baseUrl: input.baseUrl, region: configuredRegion ?? regionOfHost(input.baseUrl) ?? FALLBACK_SIGNING_REGION };
  }
  if (configuredRegion === null) {
    throw new LlmProviderNotSupportedError(
      `Model '${input.model}' uses AWS Bedrock, which needs a region: set aws_region_name (for example us-east-1), ` +
        'or base_url to the Bedrock runtime endpoint to use.',
    );
  }
  return { baseUrl: defaultBaseUrl(configuredRegion), region: configuredRegion };
}
