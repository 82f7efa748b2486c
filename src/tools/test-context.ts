/** Test support for the tool tests: a temporary workspace and a ToolContext around it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ToolContext } from './types.js';

export interface TestSecrets {
  /** name -> value; a command gets the ones whose name it mentions (case-insensitive). */
  [name: string]: string;
}

export async function makeTempDir(prefix = 'tools-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

export function makeContext(options: {
  workingDir: string;
  persistenceDir?: string;
  secrets?: TestSecrets;
  signal?: AbortSignal;
}): ToolContext {
  const secrets = options.secrets ?? {};
  return {
    conversationId: 'test-conversation',
    workingDir: options.workingDir,
    persistenceDir: options.persistenceDir ?? '',
    signal: options.signal ?? new AbortController().signal,
    secrets: {
      async environmentFor(command) {
        const lower = command.toLowerCase();
        return Object.fromEntries(Object.entries(secrets).filter(([name]) => lower.includes(name.toLowerCase())));
      },
      mask(text) {
        let masked = text;
        for (const value of Object.values(secrets)) if (value) masked = masked.split(value).join('<secret-hidden>');
        return masked;
      },
    },
  };
}
