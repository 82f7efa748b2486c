/**
 * Where a path named in a command or a file_editor call points, for the rule-based analyzer:
 * resolved against the working directory, `~` and `$HOME` expanded; anything else dynamic
 * (variables, substitutions) is "unknown". Pure.
 */
import path from 'node:path';

export interface PathContext {
  /** The conversation's working directory (absolute): the workspace. */
  workingDir: string;
  /** The home directory of the user the agent's commands run as. */
  homeDir: string;
  /** Where relative paths start, when an earlier `cd` in the same command moved away from `workingDir`. */
  currentDir?: string;
}

/** System locations whose change affects the whole machine (agent.md 6 rule set, design note in security/index.ts). */
const SYSTEM_DIRECTORIES = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/sys', '/proc'];
/** Block devices and raw memory; `/dev/null`, `/dev/tty`, `/dev/std*` and `/dev/fd/*` are harmless. */
const SYSTEM_DEVICES = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|loop|dm-|md)[^/]*$|^\/dev\/(disk|mapper)\/|^\/dev\/(k?mem|port)$/;

/** Absolute form of a path word, or null when it depends on something we cannot know. */
export function resolvePath(word: string, context: PathContext): string | null {
  let text = word;
  if (text === '~' || text.startsWith('~/')) text = context.homeDir + text.slice(1);
  else if (/^\$(HOME\b|\{HOME\})/.test(text)) text = context.homeDir + text.replace(/^\$(HOME|\{HOME\})/, '');
  if (/[$`]|^~/.test(text)) return null;
  // `dir/*` and `dir/.*` act on everything in `dir`.
  text = text.replace(/\/\.?\*$/, '/') || text;
  if (text === '*' || text === '.*') text = '.';
  return path.resolve(context.currentDir ?? context.workingDir, text);
}

function isWithin(candidate: string, directory: string): boolean {
  return candidate === directory || candidate.startsWith(directory === '/' ? '/' : `${directory}/`);
}

export function isSystemPath(absolute: string): boolean {
  return SYSTEM_DIRECTORIES.some((directory) => isWithin(absolute, directory)) || SYSTEM_DEVICES.test(absolute);
}

export function isInsideWorkspace(absolute: string, context: PathContext): boolean {
  return isWithin(absolute, path.resolve(context.workingDir));
}

/** `/`, the home directory, or a directory that holds the home directory or the workspace. */
export function isSweepingTarget(absolute: string, context: PathContext): boolean {
  if (absolute === '/') return true;
  const home = path.resolve(context.homeDir);
  const workspace = path.resolve(context.workingDir);
  return isWithin(home, absolute) || (absolute !== workspace && isWithin(workspace, absolute));
}

export type CredentialKind = 'credential' | 'env_file';

/** Private keys, cloud and registry credentials, password databases; `.env` files apart. */
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\/\.ssh\/id_[^/]*$(?<!\.pub)/,
  /\/\.ssh\/[^/]*_key$/,
  /^\/etc\/ssh\/ssh_host_[^/]*_key$/,
  /\/\.aws\/credentials$/,
  /\/\.config\/gcloud\/(credentials\.db|application_default_credentials\.json|legacy_credentials\/)/,
  /\/\.azure\/(accessTokens\.json|msal_token_cache)/,
  /\/\.docker\/config\.json$/,
  /\/\.kube\/config$/,
  /\/\.netrc$/,
  /\/\.git-credentials$/,
  /\/\.pgpass$/,
  /\/\.npmrc$/,
  /\/\.pypirc$/,
  /^\/etc\/(g?shadow|sudoers)$/,
];
const ENV_FILE = /\/\.env(\.[^/]*)?$/;
const ENV_TEMPLATE = /\/\.env\.(example|sample|template|dist|defaults)$/;

export function credentialKind(absolute: string): CredentialKind | null {
  if (CREDENTIAL_PATTERNS.some((pattern) => pattern.test(absolute))) return 'credential';
  if (ENV_FILE.test(absolute) && !ENV_TEMPLATE.test(absolute)) return 'env_file';
  return null;
}
