/**
 * The optional skill sources of an AgentContext (agent.md 9.4): `load_user_skills` reads the
 * server user's `~/.openhands/skills` and `~/.openhands/microagents`; `load_public_skills` keeps a
 * shallow clone of the public skills repository and reads its `skills/` folder. Loaded skills are
 * added to `agent_context.skills` when the conversation is created; a skill given in the request
 * keeps its name. A source that fails adds nothing and is logged: creation never fails for it.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Skill } from '../../models/index.js';
import { runGitOrFail } from '../../workspace/index.js';
import { loadSkillsFromDir, type LoadedSkills } from './load-skills-from-dir.js';

type Json = Record<string, unknown>;

export interface SkillSourceOptions {
  /** Home folder of the server's user (`~`). */
  homeDir: string;
  /** Public skills repository (any URL or path `git clone` takes) and its branch. */
  publicRepoUrl: string;
  publicRepoBranch: string;
  log: { warn(message: string): void };
}

export class SkillSources {
  /** Clones and updates of the cache run one at a time: two creations must not share a half-made clone. */
  private publicUpdate: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SkillSourceOptions) {}

  /** The agent with loaded skills added to its context; the same object when it asks for none. */
  async addTo(agent: Json): Promise<Json> {
    const context = agent.agent_context as { skills?: Skill[]; load_user_skills?: boolean; load_public_skills?: boolean } | null | undefined;
    if (!context || (!context.load_user_skills && !context.load_public_skills)) return agent;
    const skills = [...(context.skills ?? [])];
    const add = (loaded: Skill[], sourceName: string) => {
      for (const skill of loaded) {
        if (skills.some((known) => known.name === skill.name)) {
          this.options.log.warn(`${sourceName} skill "${skill.name}" skipped: a skill with this name is already in the agent context`);
        } else {
          skills.push(skill);
        }
      }
    };
    if (context.load_user_skills) add(await this.userSkills(), 'User');
    if (context.load_public_skills) add(await this.publicSkills(), 'Public');
    return { ...agent, agent_context: { ...context, skills } };
  }

  /** `~/.openhands/skills` first, then the older `~/.openhands/microagents`; the first of a name wins. */
  async userSkills(): Promise<Skill[]> {
    const skills: Skill[] = [];
    for (const folder of ['skills', 'microagents']) {
      const loaded = this.reported(await loadSkillsFromDir(path.join(this.options.homeDir, '.openhands', folder)));
      // Always-active skills of a folder come before its triggered ones, as the reference lists them.
      const ordered = [...loaded.filter((skill) => skill.trigger === null), ...loaded.filter((skill) => skill.trigger !== null)];
      skills.push(...ordered.filter((skill) => !skills.some((known) => known.name === skill.name)));
    }
    return skills;
  }

  /** Skills of the public repository, named by their path inside it unless their frontmatter names them. */
  async publicSkills(): Promise<Skill[]> {
    const update = this.publicUpdate.then(() => this.updatePublicClone());
    this.publicUpdate = update.catch(() => undefined);
    const clone = await update;
    if (clone === null) return [];
    const skillsDir = path.join(clone, 'skills');
    if (!(await isDirectory(skillsDir))) {
      this.options.log.warn(`The public skills repository has no skills folder (${skillsDir})`);
      return [];
    }
    return this.reported(await loadSkillsFromDir(skillsDir, { namesRelativeTo: clone, withThirdPartyFiles: false }));
  }

  /** Fetches an existing clone (keeping it when the fetch fails) or makes a new shallow one; null when there is none. */
  private async updatePublicClone(): Promise<string | null> {
    const { publicRepoUrl: url, publicRepoBranch: branch, log } = this.options;
    const clone = path.join(this.options.homeDir, '.openhands', 'cache', 'skills', 'public-skills');
    try {
      if (await isDirectory(path.join(clone, '.git'))) {
        try {
          await runGitOrFail(clone, ['fetch', '--depth', '1', 'origin', branch]);
          await runGitOrFail(clone, ['reset', '--hard', 'FETCH_HEAD'], { timeoutMs: 10_000 });
        } catch (error) {
          log.warn(`Could not update the public skills from ${url}, using the copy from before: ${(error as Error).message}`);
        }
        return clone;
      }
      await rm(clone, { recursive: true, force: true });
      await mkdir(path.dirname(clone), { recursive: true });
      await runGitOrFail(path.dirname(clone), ['clone', '--depth', '1', '--branch', branch, url, clone], { timeoutMs: 60_000 });
      return clone;
    } catch (error) {
      log.warn(`Could not load the public skills from ${url}: ${(error as Error).message}`);
      return null;
    }
  }

  private reported(loaded: LoadedSkills): Skill[] {
    for (const warning of loaded.warnings) this.options.log.warn(`Skill file ${warning.file} skipped: ${warning.reason}`);
    return loaded.skills;
  }
}

async function isDirectory(target: string): Promise<boolean> {
  return (await stat(target).catch(() => null))?.isDirectory() ?? false;
}

