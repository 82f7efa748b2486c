import path from 'node:path';
import { PathNotAbsoluteError } from '../errors.js';

/**
 * The file routes' `{path}` (api.md 9): absolute, then normalized, so `..` segments resolve
 * against what the caller named and cannot smuggle in another prefix.
 */
export function absolutePath(raw: string): string {
  if (!path.isAbsolute(raw)) throw new PathNotAbsoluteError();
  return path.resolve(raw);
}
