/** Checks before file_editor reads a file (agent.md 5.4: 10 MB limit, binary files refused). */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { messages } from './render.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

/** An expected failure whose message goes to the LLM as an error observation. */
export class FileEditorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileEditorError';
  }
}

export function isImagePath(file: string): boolean {
  return path.extname(file).toLowerCase() in IMAGE_TYPES;
}

/** Reads a text file after the size and binary checks; throws FileEditorError with the spec's text. */
export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > MAX_FILE_BYTES) throw new FileEditorError(messages.tooLarge(file, size));
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof FileEditorError) throw error;
    throw new FileEditorError(messages.ioError('read', file, error));
  }
  if (looksBinary(bytes)) throw new FileEditorError(messages.binary(file));
  return bytes.toString('utf8');
}

export async function readImageFile(file: string): Promise<string> {
  const { size } = await stat(file);
  if (size > MAX_FILE_BYTES) throw new FileEditorError(messages.tooLarge(file, size));
  const mime = IMAGE_TYPES[path.extname(file).toLowerCase()];
  return `data:${mime};base64,${(await readFile(file)).toString('base64')}`;
}

function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return true;
  try {
    // `stream: true` tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return false;
  } catch {
    return true;
  }
}
