/**
 * The agent runtime the conversation layer drives (conversation/agent-runtime.ts). Per
 * conversation it keeps, created on first use and freed on `release`: the tool instances (the
 * agent's tools, then finish and think), one LLM client per usage id, and the secrets helper that
 * tools use. Each step checks for a stuck loop first (agent.md 7), then runs `runStep`.
 */
import { conversationErrorDraft, systemPromptDraft, type EventDraft } from '../events/index.js';
import type { AgentRuntime, ConversationHandle, ConversationState, StepContext } from '../conversation/index.js';
import { detectCapabilities, type LlmClient, type LlmResponse } from '../llm/index.js';
import { agentLlms, agentUserMessagePrefix, normalizeLlm, type Agent, type AgentTool, type Llm, type LlmInput } from '../models/index.js';
import { DomainError } from '../shared/errors.js';
import type { ToolContext, ToolInstance } from '../tools/index.js';
import { createMcpTools } from '../tools/index.js';
import { ASK_AGENT_USAGE_ID, askAgent } from './ask-agent.js';
import { withCompletionLog } from './completion-log.js';
import { generateTitle } from './generate-title.js';
import { recordUsage, runStep, withEventCode } from './step.js';
import { STUCK_PATTERN_DESCRIPTIONS, detectStuck } from './stuck-detector.js';
import { renderSystemPrompt } from './system-prompt.js';
import { ToolSecrets } from './tool-secrets.js';
import { openAiTool, toolSpec } from './tool-specs.js';

type Json = Record<string, unknown>;

/** Built-ins that `filter_tools_regex` never removes (agent.md 2.1 step 3.4). */
const BUILT_IN_TOOLS = new Set(['finish', 'think']);

export interface AgentRuntimeDeps {
  /** The agent's tools followed by finish and think (tools/registry.ts). */
  createTools(specs: AgentTool[], options: { workingDir: string; vision: boolean }): ToolInstance[];
  createLlmClient(llm: Llm): LlmClient;
  /** The tools of `agent.mcp_config` (agent.md 12), connected; tools/mcp by default. */
  createMcpTools?(mcpConfig: Record<string, unknown>, options: { workingDir: string }): Promise<ToolInstance[]>;
  /** For lookup secrets; the global fetch by default. */
  fetch?: typeof fetch;
  /** The process-wide redactor learns every looked-up secret value (events, logs, errors). */
  redactor?: { add(value: string): void };
}

interface Session {
  tools: ToolInstance[];
  llms: Map<string, LlmClient>;
  secrets: ToolSecrets;
}

/** The agent's tool set cannot be built as configured; the create request fails with 400. */
export class InvalidToolSetError extends DomainError {
  constructor(message: string) {
    super('invalid_request', message);
  }
}

/** Python `re.match` semantics: anchored at the start only (agent.md 2.1). */
function applyToolFilter(tools: ToolInstance[], pattern: string | null | undefined): ToolInstance[] {
  if (!pattern) return tools;
  let matcher: RegExp;
  try {
    matcher = new RegExp(`^(?:${pattern})`);
  } catch (error) {
    throw new InvalidToolSetError(`filter_tools_regex is not a valid regular expression: ${(error as Error).message}`);
  }
  return tools.filter((tool) => BUILT_IN_TOOLS.has(tool.name) || matcher.test(tool.name));
}

function assertUniqueNames(tools: ToolInstance[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const tool of tools) (seen.has(tool.name) ? duplicates : seen).add(tool.name);
  if (duplicates.size > 0) throw new InvalidToolSetError(`Duplicate tool names found: ${[...duplicates].join(', ')}`);
}

export class LocalAgentRuntime implements AgentRuntime {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being opened (MCP servers connecting); concurrent callers share one. */
  private readonly opening = new Map<string, Promise<Session>>();

  constructor(private readonly deps: AgentRuntimeDeps) {}

  async initialEvents(state: Readonly<ConversationState>): Promise<EventDraft[]> {
    const tools = (await this.session(state)).tools.map(toolSpec).map(openAiTool);
    return [systemPromptDraft(renderSystemPrompt(state.agent), tools)];
  }

  async step({ conversation, signal }: StepContext): Promise<void> {
    const { state } = conversation;
    if (state.stuckDetection && this.stopIfStuck(conversation)) return;
    const session = await this.session(state);
    let llm: LlmClient;
    try {
      llm = this.client(session, this.agent(state).llm);
    } catch (error) {
      throw withEventCode(error);
    }
    await runStep({
      conversation,
      signal,
      tools: session.tools,
      llm,
      toolContext: this.toolContext(state, session, signal),
      userMessagePrefix: agentUserMessagePrefix(this.agent(state)),
      condensation: { condenser: this.agent(state).condenser, clientFor: (condenserLlm) => this.client(session, condenserLlm) },
    });
  }

  async generateTitle(conversation: ConversationHandle, options: { maxLength: number; llm: Record<string, unknown> | null }): Promise<string> {
    const session = await this.session(conversation.state);
    const llm = this.titleClient(conversation.state, session, options.llm);
    return generateTitle({
      events: conversation.events(),
      llm,
      maxLength: options.maxLength,
      onResponse: (response) => this.recordSideUsage(conversation, llm, response),
    });
  }

  async askAgent(conversation: ConversationHandle, question: string): Promise<string> {
    const { state } = conversation;
    const session = await this.session(state);
    const llm = this.client(session, { ...this.agent(state).llm, usage_id: ASK_AGENT_USAGE_ID });
    return askAgent({
      events: [...conversation.events()],
      question,
      llm,
      tools: session.tools.map(toolSpec),
      view: { userMessagePrefix: agentUserMessagePrefix(this.agent(state)), renderObservation: this.renderer(session) },
      onResponse: (response) => this.recordSideUsage(conversation, llm, response),
    });
  }

  async release(conversationId: string): Promise<void> {
    await this.opening.get(conversationId)?.catch(() => {});
    const session = this.sessions.get(conversationId);
    if (!session) return;
    this.sessions.delete(conversationId);
    await Promise.allSettled(session.tools.map((tool) => tool.close?.()));
  }

  private agent(state: Readonly<ConversationState>): Agent {
    return state.agent as unknown as Agent;
  }

  private async session(state: Readonly<ConversationState>): Promise<Session> {
    const existing = this.sessions.get(state.id);
    if (existing) return existing;
    let opening = this.opening.get(state.id);
    if (!opening) {
      opening = this.openSession(state).finally(() => this.opening.delete(state.id));
      this.opening.set(state.id, opening);
    }
    return opening;
  }

  private async openSession(state: Readonly<ConversationState>): Promise<Session> {
    const tools = await this.buildTools(this.agent(state), state.workspace.working_dir);
    const session: Session = {
      tools,
      llms: new Map(),
      secrets: new ToolSecrets({ sources: () => state.secrets, fetch: this.deps.fetch, onLookedUpValue: (value) => this.deps.redactor?.add(value) }),
    };
    this.sessions.set(state.id, session);
    return session;
  }

  /**
   * agent.md 2.1 step 3: the agent's tools, then its MCP tools, filtered by `filter_tools_regex`,
   * then finish and think. Tools left out are closed (an MCP server none of whose tools is kept
   * stops); on failure every tool made so far is.
   */
  private async buildTools(agent: Agent, workingDir: string): Promise<ToolInstance[]> {
    // The file editor offers images only if the agent's LLM is sent them (agent.md 5.4).
    const vision = detectCapabilities(agent.llm).supportsVision;
    const created = this.deps.createTools(agent.tools, { workingDir, vision });
    let all = created;
    try {
      const mcpTools = await (this.deps.createMcpTools ?? createMcpTools)(agent.mcp_config, { workingDir });
      const isBuiltIn = (tool: ToolInstance) => BUILT_IN_TOOLS.has(tool.name);
      all = [...created.filter((tool) => !isBuiltIn(tool)), ...mcpTools, ...created.filter(isBuiltIn)];
      const tools = applyToolFilter(all, agent.filter_tools_regex);
      assertUniqueNames(tools);
      await Promise.allSettled(all.filter((tool) => !tools.includes(tool)).map((tool) => tool.close?.()));
      return tools;
    } catch (error) {
      await Promise.allSettled(all.map((tool) => tool.close?.()));
      throw error;
    }
  }

  private client(session: Session, llm: Llm): LlmClient {
    const existing = session.llms.get(llm.usage_id);
    if (existing) return existing;
    const client = withCompletionLog(this.deps.createLlmClient(llm), llm.log_completions === true);
    session.llms.set(llm.usage_id, client);
    return client;
  }

  /** api.md 5.13 step 2: an LLM already registered under the same usage id wins over the one supplied. */
  private titleClient(state: Readonly<ConversationState>, session: Session, supplied: Json | null): LlmClient {
    const agent = this.agent(state);
    if (!supplied) return this.client(session, agent.llm);
    const llm = normalizeLlm(supplied as unknown as LlmInput);
    const registered = session.llms.get(llm.usage_id);
    if (registered) return registered;
    const declared = agentLlms(agent).find((candidate) => candidate.usage_id === llm.usage_id);
    return this.client(session, declared ?? llm);
  }

  private renderer(session: Session) {
    return (observation: Json, toolName: string) =>
      session.tools.find((tool) => tool.name === toolName)?.toLlmContent?.(observation as Parameters<NonNullable<ToolInstance['toLlmContent']>>[0]);
  }

  private toolContext(state: Readonly<ConversationState>, session: Session, signal: AbortSignal): ToolContext {
    return {
      conversationId: state.id,
      workingDir: state.workspace.working_dir,
      persistenceDir: state.persistenceDir,
      signal,
      secrets: { environmentFor: (command) => session.secrets.environmentFor(command), mask: (text) => session.secrets.mask(text) },
    };
  }

  /** Usage of ask_agent and generate_title: counted and stored, without an event (api.md 5.13-5.14). */
  private recordSideUsage(conversation: ConversationHandle, llm: LlmClient, response: LlmResponse): void {
    recordUsage(conversation, llm, response, Date.now() / 1000);
    conversation.persistState();
  }

  /** agent.md 7: the loop stops with status `stuck` and an event naming the pattern (design decision). */
  private stopIfStuck(conversation: ConversationHandle): boolean {
    const pattern = detectStuck([...conversation.events()]);
    if (!pattern) return false;
    conversation.setStatus('stuck');
    conversation.append(conversationErrorDraft('StuckDetected', `The agent seems to be stuck (${pattern}): ${STUCK_PATTERN_DESCRIPTIONS[pattern]}. Send a new message to continue.`));
    return true;
  }
}
