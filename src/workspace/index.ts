export { BashService } from './bash/bash-service.js';
export type { BashListener, BashServiceOptions } from './bash/bash-service.js';
export type { BashRecordPage, BashRecordSearch } from './bash/bash-record-store.js';
export {
  BASH_RECORD_KINDS,
  BashCommandSchema,
  BashEventPageSchema,
  BashEventSortOrderSchema,
  BashOutputSchema,
  BashRecordSchema,
  ExecuteBashRequestSchema,
  filterStamp,
  parseExecuteBashRequest,
} from './bash/bash-records.js';
export type { BashCommand, BashEventSortOrder, BashOutput, BashRecord, BashRecordKind, ExecuteBashRequest } from './bash/bash-records.js';
export { absolutePath } from './files/absolute-path.js';
export { attachmentDisposition } from './files/content-disposition.js';
export { openDownload } from './files/download-file.js';
export type { Download } from './files/download-file.js';
export { writeUploadedFile } from './files/upload-file.js';
export { GIT_CHANGE_STATUSES, gitChanges } from './git/git-changes.js';
export type { GitChange, GitChangeStatus } from './git/git-changes.js';
export { gitDiff } from './git/git-diff.js';
export type { GitDiff } from './git/git-diff.js';
export { desktopUrl, vscodeStatus, vscodeUrl } from './integrations.js';
export type { IntegrationSettings } from './integrations.js';
export { trajectoryArchive } from './trajectory.js';
export type { TrajectorySource } from './trajectory.js';
export { WorkspaceRecordNotFoundError } from './errors.js';
export { runGitOrFail } from './git/run-git.js';
