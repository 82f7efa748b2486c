/**
 * The rule-based security analyzer: a fixed, reviewable list of things a coding agent should not do
 * without a human looking, read from the action itself so the risk is not only self-graded by the
 * LLM. Pure; it never throws on odd input (text it cannot follow yields fewer findings).
 *
 * Terminal commands: recursive deletes outside the workspace (HIGH on `/`, `~`, `$HOME` and the
 * folders above the workspace), a download piped into a shell, writes to system paths (redirects,
 * tee, cp, mv, dd, chmod/chown, mkfs, ...), reading credential files, privilege escalation (sudo),
 * force pushes. file_editor: edits outside the working directory or of system paths, and views of
 * credential files. Findings rate MEDIUM or HIGH; no finding means the rules have nothing to add.
 */
import path from 'node:path';
import { credentialKind, isInsideWorkspace, isSweepingTarget, isSystemPath, resolvePath, type PathContext } from './paths.js';
import { parseShell, type SimpleCommand } from './shell-words.js';

export type RuleRisk = 'MEDIUM' | 'HIGH';

export interface RuleFinding {
  risk: RuleRisk;
  /** Stable rule name, e.g. `pipe-to-shell`. */
  rule: string;
  /** The part of the action that matched. */
  detail: string;
}

export interface ActionToAnalyze {
  toolName: string;
  /** The validated action (`TerminalAction`, `FileEditorAction`, ...). */
  action: Record<string, unknown>;
}

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https']);
const INTERPRETERS = /^(ba|z|da|k|c|tc|fi|a)?sh$|^(python[0-9.]*|perl|ruby|node|php|deno|bun|osascript|pwsh|powershell)$/;
const ELEVATORS = new Set(['sudo', 'doas', 'su', 'pkexec', 'run0']);
/** Commands whose non-option arguments are all written (or removed). */
const WRITERS = new Set(['tee', 'touch', 'truncate', 'mkdir', 'rmdir', 'unlink', 'shred', 'install', 'rm', 'mv', 'chattr', 'setfacl']);
/** Commands whose last non-option argument is the destination. */
const COPIERS = new Set(['cp', 'ln', 'rsync', 'scp']);
const OWNERSHIP = new Set(['chmod', 'chown', 'chgrp']);
const DISK_TOOLS = /^(mkfs(\.\w+)?|mke2fs|mkswap|fdisk|sfdisk|gdisk|parted|wipefs|blkdiscard)$/;
/** Wrappers that run the rest of their arguments as a command, with the options they take a value for. */
const WRAPPERS: Record<string, Set<string>> = {
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  nohup: new Set(),
  time: new Set(['-f', '-o']),
  nice: new Set(['-n', '--adjustment']),
  ionice: new Set(['-c', '-n', '-p']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
  stdbuf: new Set(['-i', '-o', '-e']),
  command: new Set(),
  builtin: new Set(),
  exec: new Set(['-a']),
  xargs: new Set(['-I', '-i', '-n', '-P', '-L', '-d', '-E', '-s', '-a']),
  sudo: new Set(['-u', '-g', '-C', '-h', '-p', '-r', '-t', '-U', '-D', '-R']),
  doas: new Set(['-u', '-C']),
  pkexec: new Set(['--user']),
  run0: new Set(['-u', '--user', '-D', '--chdir']),
};
/** Keywords that may start a simple command without being its program. */
const LEAD_KEYWORDS = new Set(['!', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '{', '}', 'time']);

const programName = (word: string) => path.basename(word);
const isOption = (word: string) => word.startsWith('-') && word !== '-';

function operands(words: string[]): string[] {
  const result: string[] = [];
  let afterDoubleDash = false;
  for (const word of words) {
    if (!afterDoubleDash && word === '--') afterDoubleDash = true;
    else if (afterDoubleDash || !isOption(word)) result.push(word);
  }
  return result;
}

class Findings {
  readonly list: RuleFinding[] = [];
  add(risk: RuleRisk, rule: string, detail: string): void {
    if (!this.list.some((finding) => finding.rule === rule && finding.detail === detail)) this.list.push({ risk, rule, detail });
  }
}

/** Strips assignments, leading keywords and wrappers; notes privilege escalation on the way. */
function effectiveWords(words: string[], findings: Findings, nestedScripts: string[]): string[] {
  let rest = words;
  for (;;) {
    while (rest.length > 0 && (LEAD_KEYWORDS.has(rest[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]))) rest = rest.slice(1);
    if (rest.length === 0) return rest;
    const name = programName(rest[0]);
    if (ELEVATORS.has(name)) findings.add('HIGH', 'privilege-escalation', rest.join(' '));
    if (name === 'su') {
      const commandIndex = rest.findIndex((word) => word === '-c' || word === '--command');
      if (commandIndex !== -1 && rest[commandIndex + 1] !== undefined) nestedScripts.push(rest[commandIndex + 1]);
      return [];
    }
    const valued = WRAPPERS[name];
    if (!valued) return rest;
    let index = 1;
    while (index < rest.length && (isOption(rest[index]) || (name === 'env' && rest[index].includes('=')))) {
      index += valued.has(rest[index]) ? 2 : 1;
    }
    // `timeout 5 cmd`, `nice 10 cmd`: a leading number is the wrapper's own argument.
    if ((name === 'timeout' || name === 'nice') && /^[\d.]+[smhd]?$/.test(rest[index] ?? '')) index++;
    rest = rest.slice(index);
  }
}

function checkWrittenPath(word: string, context: PathContext, findings: Findings, how: string): void {
  const absolute = resolvePath(word, context);
  if (absolute !== null && isSystemPath(absolute)) findings.add('HIGH', 'system-path-write', `${how} ${word}`);
}

function checkRemoval(words: string[], context: PathContext, findings: Findings): void {
  const recursive = words.slice(1).some((word) => /^-[a-zA-Z]*[rR]/.test(word) || word === '--recursive');
  for (const target of operands(words.slice(1))) {
    const absolute = resolvePath(target, context);
    if (absolute === null) {
      if (recursive) findings.add('MEDIUM', 'recursive-delete-unknown-path', `rm ${target}`);
      continue;
    }
    if (isSystemPath(absolute)) findings.add('HIGH', 'system-path-write', `rm ${target}`);
    else if (recursive && isSweepingTarget(absolute, context)) findings.add('HIGH', 'recursive-delete-sweeping', `rm ${target}`);
    else if (recursive && !isInsideWorkspace(absolute, context)) findings.add('MEDIUM', 'recursive-delete-outside-workspace', `rm ${target}`);
  }
}

function checkOwnership(name: string, words: string[], context: PathContext, findings: Findings): void {
  const recursive = words.slice(1).some((word) => /^-[a-zA-Z]*R/.test(word) || word === '--recursive');
  // The first operand is the mode or owner; the rest are paths.
  for (const target of operands(words.slice(1)).slice(1)) {
    const absolute = resolvePath(target, context);
    if (absolute === null) continue;
    if (isSystemPath(absolute) || absolute === '/') findings.add('HIGH', 'system-path-write', `${name} ${target}`);
    else if (recursive && isSweepingTarget(absolute, context)) findings.add('HIGH', 'recursive-permission-change', `${name} -R ${target}`);
  }
}

function checkGitPush(words: string[], findings: Findings): void {
  let index = 1;
  // Global options before the subcommand: `-C dir`, `-c key=value`, `--git-dir=...`.
  while (index < words.length && isOption(words[index])) index += words[index] === '-C' || words[index] === '-c' ? 2 : 1;
  if (words[index] !== 'push') return;
  const rest = words.slice(index + 1);
  if (rest.some((word) => word === '--force' || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(word) || word === '--mirror' || (!isOption(word) && word.startsWith('+')))) {
    findings.add('HIGH', 'git-force-push', words.join(' '));
  } else if (rest.some((word) => word.startsWith('--force-with-lease') || word.startsWith('--force-if-includes'))) {
    findings.add('MEDIUM', 'git-force-push', words.join(' '));
  }
}

/** Every word that names a file a command may read: plain words and `@file` / `--opt=file` / `key=file` forms. */
function checkCredentialReads(command: SimpleCommand, context: PathContext, findings: Findings): void {
  const candidates = [...command.words.slice(1), ...command.redirects.filter((redirect) => redirect.op === '<').map((redirect) => redirect.target)];
  for (const word of candidates) {
    for (const form of new Set([word, word.replace(/^@/, ''), word.replace(/^[^=]*=@?/, '')])) {
      const absolute = form === '' ? null : resolvePath(form, context);
      const kind = absolute === null ? null : credentialKind(absolute);
      if (kind === 'credential') findings.add('HIGH', 'credential-read', word);
      else if (kind === 'env_file') findings.add('MEDIUM', 'env-file-read', word);
    }
  }
}

function checkCommand(command: SimpleCommand, context: PathContext, findings: Findings, nestedScripts: string[]): string | null {
  for (const redirect of command.redirects) {
    if (redirect.op !== '<') checkWrittenPath(redirect.target, context, findings, redirect.op);
  }
  checkCredentialReads(command, context, findings);
  const words = effectiveWords(command.words, findings, nestedScripts);
  if (words.length === 0) return null;
  const name = programName(words[0]);
  const args = words.slice(1);
  if (name === 'rm') checkRemoval(words, context, findings);
  else if (WRITERS.has(name)) for (const target of operands(args)) checkWrittenPath(target, context, findings, name);
  if (COPIERS.has(name)) {
    const targetOption = args.findIndex((word) => word === '-t' || word === '--target-directory');
    const destination = targetOption !== -1 ? args[targetOption + 1] : (args.find((word) => word.startsWith('--target-directory='))?.split('=')[1] ?? operands(args).at(-1));
    if (destination !== undefined && operands(args).length + (targetOption !== -1 ? 1 : 0) >= 2) checkWrittenPath(destination, context, findings, name);
  }
  if (OWNERSHIP.has(name)) checkOwnership(name, words, context, findings);
  if (name === 'dd') {
    for (const word of args.filter((arg) => arg.startsWith('of='))) checkWrittenPath(word.slice(3), context, findings, 'dd');
  }
  if ((name === 'sed' || name === 'perl') && args.some((word) => /^-[a-zA-Z]*i/.test(word) || word.startsWith('--in-place'))) {
    for (const target of operands(args).slice(1)) checkWrittenPath(target, context, findings, `${name} -i`);
  }
  if (DISK_TOOLS.test(name)) findings.add('HIGH', 'disk-format', words.join(' '));
  if (name === 'git') checkGitPush(words, findings);
  if (INTERPRETERS.test(name)) {
    // `bash <(curl ...)`, `sh -c "$(wget -O- ...)"`: a download run as a script.
    if (args.some((word) => /(\$\(|<\(|`)\s*(\S*\/)?(curl|wget|fetch)\b/.test(word))) findings.add('HIGH', 'pipe-to-shell', words.join(' '));
  }
  if (/sh$/.test(name) && INTERPRETERS.test(name)) {
    // A shell's `-c` script and here-documents are commands too.
    const script = args.findIndex((word) => /^-[a-zA-Z]*c$/.test(word));
    if (script !== -1 && args[script + 1] !== undefined) nestedScripts.push(args[script + 1]);
    nestedScripts.push(...command.heredocs);
  }
  if (name === 'eval') nestedScripts.push(args.join(' '));
  if (name === 'find') {
    // `find ... -exec cmd {} ;` runs cmd.
    args.forEach((word, index) => {
      if (!['-exec', '-execdir', '-ok', '-okdir'].includes(word)) return;
      const end = args.findIndex((item, position) => position > index && (item === ';' || item === '+'));
      nestedScripts.push(args.slice(index + 1, end === -1 ? undefined : end).map((item) => `'${item.replace(/'/g, `'\\''`)}'`).join(' '));
    });
  }
  return name;
}

const MAX_DEPTH = 4;

function analyzeShell(text: string, context: PathContext, findings: Findings, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const parsed = parseShell(text);
  const nestedScripts = [...parsed.nested];
  // `cd dir && rm -rf *`: later relative paths start from dir (until a `cd` we cannot follow).
  let current: PathContext = context;
  for (const pipeline of parsed.pipelines) {
    let downloaded: string | null = null;
    for (const command of pipeline) {
      const name = checkCommand(command, current, findings, nestedScripts);
      if (name === 'cd' && pipeline.length === 1) {
        const target = operands(command.words.slice(1))[0] ?? '~';
        current = { ...context, currentDir: target === '-' ? undefined : (resolvePath(target, current) ?? undefined) };
      }
      if (name === null) continue;
      if (downloaded !== null && INTERPRETERS.test(name)) findings.add('HIGH', 'pipe-to-shell', `${downloaded} | ${name}`);
      if (DOWNLOADERS.has(name)) downloaded = name;
    }
  }
  for (const script of nestedScripts) analyzeShell(script, context, findings, depth + 1);
}

const FILE_EDITS = new Set(['create', 'str_replace', 'insert', 'undo_edit']);

function analyzeFileEditor(action: Record<string, unknown>, context: PathContext, findings: Findings): void {
  if (typeof action.path !== 'string') return;
  const absolute = resolvePath(action.path, context) ?? action.path;
  const command = String(action.command ?? '');
  const kind = credentialKind(absolute);
  if (FILE_EDITS.has(command)) {
    if (isSystemPath(absolute)) findings.add('HIGH', 'system-path-write', `${command} ${action.path}`);
    else if (kind === 'credential' || /\/\.ssh\//.test(absolute)) findings.add('HIGH', 'credential-write', `${command} ${action.path}`);
    else if (!isInsideWorkspace(absolute, context)) findings.add('MEDIUM', 'edit-outside-workspace', `${command} ${action.path}`);
  }
  if (kind === 'credential') findings.add('HIGH', 'credential-read', `${command} ${action.path}`);
  else if (kind === 'env_file' && command === 'view') findings.add('MEDIUM', 'env-file-read', `${command} ${action.path}`);
}

export function analyzeAction(input: ActionToAnalyze, context: PathContext): RuleFinding[] {
  const findings = new Findings();
  if (input.toolName === 'terminal' && typeof input.action.command === 'string' && input.action.is_input !== true) {
    analyzeShell(input.action.command, context, findings, 0);
  } else if (input.toolName === 'file_editor' || input.toolName === 'planning_file_editor') {
    analyzeFileEditor(input.action, context, findings);
  }
  return findings.list;
}

/** The highest risk among the findings, or null when there are none. */
export function findingsRisk(findings: readonly RuleFinding[]): RuleRisk | null {
  if (findings.some((finding) => finding.risk === 'HIGH')) return 'HIGH';
  return findings.length > 0 ? 'MEDIUM' : null;
}
