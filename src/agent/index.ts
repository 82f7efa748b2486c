export { InvalidToolSetError, LocalAgentRuntime, type AgentRuntimeDeps } from './runtime.js';
export { eventsToMessages, visibleEvents, type EventsToMessagesOptions } from './events-to-messages.js';
export { parseResponse, type ParsedResponse, type ParsingTool } from './parse-response.js';
export { detectStuck, type StuckPattern } from './stuck-detector.js';
export { renderSystemPrompt } from './system-prompt.js';
export { MaxBudgetReachedError } from './step.js';
