export { convertToTextToolCalling, nextToolCallNumber, shouldIncludeExample, type TextToolCallingOptions } from './convert-to-text-tool-calling.js';
export { parseTextToolCall, type ParsedTextReply } from './parse-text-tool-call.js';
