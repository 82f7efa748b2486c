import { DomainError } from '../shared/errors.js';

export class ConversationNotFoundError extends DomainError {
  constructor(readonly conversationId: string, message = 'Not Found') {
    super('not_found', message);
  }
}

export class EventNotFoundError extends DomainError {
  constructor(readonly eventId: string) {
    super('not_found', 'Not Found');
  }
}

export class ConversationBusyError extends DomainError {
  constructor() {
    super('conflict', 'Conversation already running. Wait for completion or pause first.');
  }
}

export class InvalidConversationRequestError extends DomainError {
  constructor(message: string) {
    super('invalid_request', message);
  }
}

/** Raised by the run loop when no agent runtime is wired in (agent-runtime issue not built). */
export class AgentRuntimeUnavailableError extends Error {
  constructor() {
    super('The agent runtime is not available in this build, so the conversation cannot run.');
    this.name = 'AgentRuntimeUnavailableError';
  }
}
