import { LlmAuthenticationError } from './errors.js';

// How requests to Bedrock authenticate: SigV4 with the configured AWS key pair, or, without one,
// an Amazon Bedrock API key in `api_key` (sent as a bearer token). Only the LLM settings count:
// the server's AWS_* environment variables are never read, so two conversations with different
// settings can never end up signing with the same ambient identity. No session token: STS
// credentials cannot be configured (the contract has no field for one).

export type BedrockAuth =
  | { kind: 'sigv4'; accessKeyId: string; secretAccessKey: string }
  | { kind: 'api-key'; apiKey: string };

export interface BedrockCredentialSettings {
  apiKey: string | null;
  awsAccessKeyId?: string | null;
  awsSecretAccessKey?: string | null;
}

/** The credentials to use; `LlmAuthenticationError` (naming the missing setting, never a value) when there are none. */
export function resolveBedrockAuth(settings: BedrockCredentialSettings, modelId: string): BedrockAuth {
  const accessKeyId = settings.awsAccessKeyId || null;
  const secretAccessKey = settings.awsSecretAccessKey || null;
  if (accessKeyId !== null && secretAccessKey !== null) return { kind: 'sigv4', accessKeyId, secretAccessKey };
  if (accessKeyId !== null || secretAccessKey !== null) {
    const missing = accessKeyId === null ? 'aws_access_key_id' : 'aws_secret_access_key';
    throw new LlmAuthenticationError(`AWS Bedrock model '${modelId}' has only half of an AWS key pair: set ${missing} as well.`);
  }
  if (settings.apiKey) return { kind: 'api-key', apiKey: settings.apiKey };
  throw new LlmAuthenticationError(
    `No AWS credentials are configured for AWS Bedrock model '${modelId}': set aws_access_key_id and aws_secret_access_key ` +
      '(or api_key to an Amazon Bedrock API key).',
  );
}
