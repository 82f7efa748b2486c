/** file_editor `view` (agent.md 5.4): files with `cat -n` numbering, directories two levels deep. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { maybeTruncate } from '../truncate.js';
import { textContent } from '../observation.js';
import type { ContentItem } from '../types.js';
import { FileEditorError, isImagePath, readImageFile, readTextFile } from './file-checks.js';
import { catView, CONTENT_LIMIT, messages } from './render.js';

export async function viewPath(target: string, viewRange: number[] | null): Promise<ContentItem[]> {
  if ((await stat(target)).isDirectory()) {
    if (viewRange !== null) {
      throw new FileEditorError(
        messages.badViewRange(viewRange, 'The `view_range` parameter is not allowed when `path` points to a directory.'),
      );
    }
    return [textContent(await viewDirectory(target))];
  }
  if (isImagePath(target)) {
    const url = await readImageFile(target);
    return [textContent(messages.imageRead(target)), { cache_prompt: false, type: 'image', image_urls: [url] }];
  }
  return [textContent(viewFile(target, await readTextFile(target), viewRange))];
}

export function viewFile(target: string, content: string, viewRange: number[] | null): string {
  if (viewRange === null) return catView(target, content);
  const lines = content.split('\n');
  const lineCount = lines.length;
  if (viewRange.length !== 2 || !viewRange.every(Number.isInteger)) {
    throw new FileEditorError(messages.badViewRange(viewRange, 'It should be a list of two integers.'));
  }
  const [start, requestedEnd] = viewRange;
  if (start < 1 || start > lineCount) {
    throw new FileEditorError(
      messages.badViewRange(
        viewRange,
        `Its first element \`${start}\` should be within the range of lines of the file: [1, ${lineCount}].`,
      ),
    );
  }
  if (requestedEnd !== -1 && requestedEnd < start) {
    throw new FileEditorError(
      messages.badViewRange(
        viewRange,
        `Its second element \`${requestedEnd}\` should be greater than or equal to the first element \`${start}\`, or -1 for the end of the file.`,
      ),
    );
  }
  const isClamped = requestedEnd > lineCount;
  const end = requestedEnd === -1 || isClamped ? lineCount : requestedEnd;
  const view = catView(target, lines.slice(start - 1, end).join('\n'), start);
  return isClamped ? messages.clampedRange(lineCount) + view : view;
}

async function viewDirectory(directory: string): Promise<string> {
  const root = directory.length > 1 ? directory.replace(/\/+$/, '') : directory;
  const entries: string[] = [`${root}/`.replace(/^\/\/$/, '/')];
  const topLevel = await readdir(root, { withFileTypes: true });
  const hiddenCount = topLevel.filter((entry) => entry.name.startsWith('.')).length;
  for (const entry of topLevel) {
    if (entry.name.startsWith('.')) continue;
    const child = path.join(root, entry.name);
    if (!(await isDirectoryFollowingLinks(child))) {
      entries.push(child);
      continue;
    }
    entries.push(`${child}/`);
    for (const grandchild of await readdirOrEmpty(child)) {
      if (grandchild.startsWith('.')) continue;
      const nested = path.join(child, grandchild);
      entries.push((await isDirectoryFollowingLinks(nested)) ? `${nested}/` : nested);
    }
  }
  entries.sort();
  const listing = maybeTruncate(entries.join('\n'), CONTENT_LIMIT);
  const hiddenNote = hiddenCount > 0 ? messages.hiddenExcluded(hiddenCount, root) : '';
  return messages.directoryListing(root) + listing + hiddenNote;
}

async function isDirectoryFollowingLinks(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false; // dangling link: listed as a file
  }
}

async function readdirOrEmpty(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch {
    return [];
  }
}
