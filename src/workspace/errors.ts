/**
 * Errors of the workspace services (bash, files, git, trajectory, integrations). Each carries the
 * code that `api/errors.ts` maps to a status; the messages are the wire `detail` texts of api.md
 * 8-11, so they are part of the contract.
 */
import { DomainError } from '../shared/errors.js';

/** api.md 9: file routes take absolute paths only. */
export class PathNotAbsoluteError extends DomainError {
  constructor() {
    super('invalid_request', 'Path must be absolute');
  }
}

export class WorkspaceFileNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'File not found');
  }
}

export class NotAFileError extends DomainError {
  constructor() {
    super('invalid_request', 'Path is not a file');
  }
}

/** An I/O failure while moving file bytes: api.md 9.1/9.2 answer 500 with the OS reason. */
export class FileTransferError extends DomainError {
  constructor(direction: 'upload' | 'download', reason: string, options?: { cause?: unknown }) {
    super('internal', `Failed to ${direction} file: ${reason}`, options);
  }
}

/** api.md 8.6 and 9.3 answer a bare "Not Found". */
export class WorkspaceRecordNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'Not Found');
  }
}

/** A git route was pointed at something that is not what it needs (docs/compatibility.md: 400, not 500). */
export class GitRequestError extends DomainError {
  constructor(message: string) {
    super('invalid_request', message);
  }
}

/** A git route named a path that does not exist. */
export class GitPathNotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** git itself failed, timed out or printed something we cannot read. */
export class GitCommandError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options);
  }
}

/** api.md 11: VSCode or the desktop is switched off (503, rewritten by the central handler). */
export class IntegrationDisabledError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

export class BashServiceClosedError extends DomainError {
  constructor() {
    super('unavailable', 'The bash service is shutting down');
  }
}
