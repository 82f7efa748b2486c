/**
 * @module fake-llm
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions, OpenAI Responses,
 * Anthropic Messages and Bedrock Converse wire protocols with scripted replies, for black-box
 * tests of our LLM client and agent (style.md §2.9: fakes only at process boundaries).
 */
export { startFakeLlm } from './start-fake-llm.js';
export type {
  AwsAuthSeen,
  AwsCredentials,
  FakeLlm,
  FakeLlmOptions,
  LlmProtocol,
  RecordedRequest,
  ReplyFactory,
  ScriptedError,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
} from './types.js';
