import type { LanguageModel } from 'ai';

// The AI SDK's provider specification types (LanguageModelV3), derived from what `ai` exports so
// we depend on no package that is not in package.json. We call `doGenerate` on the provider model
// directly: it hands back tool-call arguments exactly as the model produced them and has no
// built-in retries, so the retry policy in `retry-policy.ts` is the only one.

export type SdkLanguageModel = Extract<LanguageModel, { specificationVersion: 'v3' }>;
export type SdkCallOptions = Parameters<SdkLanguageModel['doGenerate']>[0];
export type SdkPrompt = SdkCallOptions['prompt'];
export type SdkMessage = SdkPrompt[number];
export type SdkFunctionTool = Extract<NonNullable<SdkCallOptions['tools']>[number], { type: 'function' }>;
export type SdkProviderOptions = NonNullable<SdkCallOptions['providerOptions']>;
export type SdkGenerateResult = Awaited<ReturnType<SdkLanguageModel['doGenerate']>>;
export type SdkContent = SdkGenerateResult['content'][number];
export type SdkUsage = SdkGenerateResult['usage'];

type SdkUserMessage = Extract<SdkMessage, { role: 'user' }>;
type SdkAssistantMessage = Extract<SdkMessage, { role: 'assistant' }>;
type SdkToolMessage = Extract<SdkMessage, { role: 'tool' }>;
export type SdkUserPart = SdkUserMessage['content'][number];
export type SdkAssistantPart = SdkAssistantMessage['content'][number];
export type SdkToolResultPart = Extract<SdkToolMessage['content'][number], { type: 'tool-result' }>;
export type SdkToolResultOutput = SdkToolResultPart['output'];
