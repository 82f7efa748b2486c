/**
 * Writes an uploaded file (api.md 9.1): missing parent directories are created and the bytes are
 * streamed to the target, replacing what was there (an existing file keeps its mode and owner,
 * as with the reference). Any failure is a FileTransferError carrying the OS reason.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTransferError } from '../errors.js';

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

export async function writeUploadedFile(target: string, content: Readable): Promise<void> {
  try {
    if (await isDirectory(target)) throw new Error(`Is a directory: '${target}'`);
    await mkdir(path.dirname(target), { recursive: true });
    await pipeline(content, createWriteStream(target));
  } catch (error) {
    // The part's bytes must still be read off the request, or the request never ends.
    content.resume();
    throw new FileTransferError('upload', (error as Error).message, { cause: error });
  }
}
