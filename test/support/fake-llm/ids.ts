import { randomBytes, randomInt, randomUUID } from 'node:crypto';

// Shapes copied from real responses, so clients that sniff prefixes (or log ids) behave as
// they would in production: OpenAI `chatcmpl-…`/`call_…`, Anthropic `msg_01…`/`toolu_01…`,
// Responses API `resp_…`/`rs_…`/`msg_…`/`fc_…` with long hex tails, Bedrock `tooluse_…` and
// UUID request ids.

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  let token = '';
  for (let position = 0; position < length; position += 1) {
    token += alphanumeric[randomInt(alphanumeric.length)];
  }
  return token;
}

function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

export function newChatCompletionId(): string {
  return `chatcmpl-${randomAlphanumeric(29)}`;
}

export function newOpenAiToolCallId(): string {
  return `call_${randomAlphanumeric(24)}`;
}

export function newAnthropicMessageId(): string {
  return `msg_01${randomAlphanumeric(22)}`;
}

export function newAnthropicToolUseId(): string {
  return `toolu_01${randomAlphanumeric(22)}`;
}

export function newResponsesItemId(prefix: 'resp' | 'rs' | 'msg' | 'fc'): string {
  return `${prefix}_${randomHex(50)}`;
}

export function newRequestId(): string {
  return `req_${randomAlphanumeric(24)}`;
}

export function newBedrockToolUseId(): string {
  return `tooluse_${randomAlphanumeric(22)}`;
}

/** Bedrock's `x-amzn-RequestId` is a UUID. */
export function newAwsRequestId(): string {
  return randomUUID();
}
