/**
 * Opens a file for download (api.md 9.2). The file is opened first and then inspected through the
 * open handle, so what is sent is what was checked.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileTransferError, NotAFileError, WorkspaceFileNotFoundError } from '../errors.js';

export interface Download {
  fileName: string;
  size: number;
  modifiedAt: Date;
  /** A weak validator from size and modification time. */
  etag: string;
  content: Readable;
}

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR']);

export async function openDownload(target: string): Promise<Download> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a file.
    handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (MISSING_CODES.has(code)) throw new WorkspaceFileNotFoundError();
    // Linux opens directories read-only without complaint; other systems refuse here.
    if (code === 'EISDIR') throw new NotAFileError();
    throw new FileTransferError('download', (error as Error).message, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotAFileError();
    return {
      fileName: path.basename(target),
      size: stats.size,
      modifiedAt: stats.mtime,
      etag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
      content: handle.createReadStream(),
    };
  } catch (error) {
    await handle.close();
    if (error instanceof NotAFileError) throw error;
    throw new FileTransferError('download', (error as Error).message, { cause: error });
  }
}
