export type { AgentRuntime, ConversationHandle, StepContext } from './agent-runtime.js';
export { Conversation } from './conversation.js';
export { confirmationTimeoutReason, type ConfirmationTimeout } from './confirmation-timer.js';
export type { UserMessage } from './conversation.js';
export { ConversationService } from './conversation-service.js';
export type { ConversationChange, CreateConversationCommand, OwnerScope } from './conversation-service.js';
export {
  AgentRuntimeUnavailableError,
  ConversationBusyError,
  ConversationNotFoundError,
  EventNotFoundError,
  InvalidConversationRequestError,
} from './errors.js';
export { SkillSources } from './skill-loading/skill-sources.js';
export { EXECUTION_STATUSES, conversationInfo, fullStateSnapshot } from './state.js';
export type { ConversationState, ExecutionStatus } from './state.js';
