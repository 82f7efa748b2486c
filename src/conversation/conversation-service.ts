/**
 * The registry of conversations: create, find, search, count, retitle, delete, and recovery after
 * a restart. Conversations are loaded from the store on first use and kept in memory while the
 * process lives; searching and counting read the store's indexes directly, so start-up does not
 * load every conversation.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { agentErrorDraft, conversationErrorDraft, utcTimestamp, type EventBus, type EventClock } from '../events/index.js';
import { newHexId } from '../shared/ids.js';
import type { SecretCipher } from '../shared/secret-cipher.js';
import type { SecretRedactor } from '../shared/secret-redactor.js';
import type { ConversationRow, ConversationSortOrder, ConversationStore, Page } from '../store/index.js';
import type { AgentRuntime } from './agent-runtime.js';
import { Conversation, type UserMessage } from './conversation.js';
import type { ConfirmationTimeout } from './confirmation-timer.js';
import { AgentRuntimeUnavailableError, ConversationNotFoundError, InvalidConversationRequestError } from './errors.js';
import { collectSecretValues, mapAgentSecrets, mapSecretSources, maskSecret, type SecretTransform } from '../models/index.js';
import type { SkillSources } from './skill-loading/skill-sources.js';
import { conversationInfo, deserializeState, initialStats, serializeState, type ConversationState, type ExecutionStatus } from './state.js';

type Json = Record<string, unknown>;

export interface CreateConversationCommand {
  /** Hex id chosen by the client, or null for a new random one. */
  conversationId: string | null;
  agent: Json;
  workspace: { kind: 'LocalWorkspace'; working_dir: string };
  confirmationPolicy: Json;
  securityAnalyzer: Json | null;
  initialMessage: UserMessage | null;
  maxIterations: number;
  stuckDetection: boolean;
  secrets: Record<string, Json>;
  owner: string | null;
}

export interface ConversationServiceDeps {
  store: ConversationStore;
  bus: EventBus;
  clock: EventClock;
  runtime: AgentRuntime;
  redactor: SecretRedactor;
  cipher: SecretCipher | null;
  conversationsPath: string;
  log: { warn(message: string): void; error(details: unknown, message: string): void };
  /** Told about the changes webhooks announce (api.md 20.2); must not throw. */
  onConversationChange?: (change: ConversationChange) => void;
  /** Extension: decide for the user when a confirmation is not answered in time (null: wait forever). */
  confirmationTimeout?: ConfirmationTimeout | null;
  /** Adds the skills an agent context asks to load (`load_user_skills`, `load_public_skills`). */
  skillSources?: SkillSources;
  /** How long a user message waits for a pending LLM answer (tests shorten it). */
  userMessageWaitMs?: number;
}

/** `info` is the masked ConversationInfo; on `deleted`, as it was just before the removal. */
export interface ConversationChange {
  reason: 'created' | 'paused' | 'updated' | 'deleted';
  conversationId: string;
  info: Json;
}

/** Owner filter: undefined = not scoped (single key or no key); otherwise the caller's key hash. */
export type OwnerScope = string | null | undefined;

/** How many serialized ConversationInfo documents search keeps (about 2.5 KB each). */
const RENDERED_CACHE_SIZE = 5_000;

export class ConversationService {
  private readonly loaded = new Map<string, Conversation>();
  private readonly rendered = new Map<string, { revision: number; json: string }>();
  private readonly seal: SecretTransform;
  private readonly unseal: SecretTransform;
  private warnedAboutKey = false;

  constructor(private readonly deps: ConversationServiceDeps) {
    const cipher = deps.cipher;
    this.seal = cipher
      ? (value) => cipher.encrypt(value)
      : () => {
          if (!this.warnedAboutKey) {
            this.warnedAboutKey = true;
            deps.log.warn('OH_SECRET_KEY is not set: secrets and API keys are kept in memory only and will be gone after a restart');
          }
          return null;
        };
    this.unseal = cipher ? (value) => cipher.decrypt(value) : () => null;
  }

  private conversationDeps() {
    return {
      store: this.deps.store,
      bus: this.deps.bus,
      clock: this.deps.clock,
      runtime: this.deps.runtime,
      redactor: this.deps.redactor,
      seal: this.seal,
      onRunError: (error: unknown) => this.deps.log.error({ err: this.deps.redactor.redact(String(error)) }, 'run loop failed'),
      confirmationTimeout: this.deps.confirmationTimeout ?? null,
      userMessageWaitMs: this.deps.userMessageWaitMs,
    };
  }

  private remember(state: ConversationState, lastTimestamp: string | null): Conversation {
    for (const value of collectSecretValues(state.agent, state.secrets)) this.deps.redactor.add(value);
    const conversation = new Conversation(state, this.conversationDeps(), lastTimestamp);
    this.loaded.set(state.id, conversation);
    return conversation;
  }

  private load(hexId: string): Conversation | undefined {
    const cached = this.loaded.get(hexId);
    if (cached) return cached;
    const row = this.deps.store.getConversation(hexId);
    if (!row) return undefined;
    return this.remember(deserializeState(row, this.unseal), row.lastEventTimestamp);
  }

  /** The conversation, or undefined when it does not exist or belongs to another key. */
  find(hexId: string, owner: OwnerScope): Conversation | undefined {
    const conversation = this.load(hexId);
    if (!conversation) return undefined;
    if (owner !== undefined && conversation.state.owner !== owner) return undefined;
    return conversation;
  }

  get(hexId: string, owner: OwnerScope): Conversation {
    const conversation = this.find(hexId, owner);
    if (!conversation) throw new ConversationNotFoundError(hexId);
    return conversation;
  }

  info(conversation: Conversation): Json {
    return conversationInfo(conversation.state);
  }

  /** api.md 5.5. Returns the existing conversation unchanged when the id is taken. */
  async create(command: CreateConversationCommand): Promise<{ conversation: Conversation; created: boolean }> {
    const hexId = command.conversationId ?? newHexId();
    const existing = this.load(hexId);
    if (existing) {
      if (command.owner !== null && existing.state.owner !== command.owner) {
        throw new InvalidConversationRequestError('A conversation with this id already exists.');
      }
      return { conversation: existing, created: false };
    }
    try {
      await mkdir(command.workspace.working_dir, { recursive: true });
    } catch (error) {
      throw new InvalidConversationRequestError(`Cannot create the workspace directory ${command.workspace.working_dir}: ${(error as Error).message}`);
    }
    const agent = this.deps.skillSources ? await this.deps.skillSources.addTo(command.agent) : command.agent;
    const now = utcTimestamp();
    const state: ConversationState = {
      id: hexId,
      agent,
      workspace: command.workspace,
      persistenceDir: path.join(this.deps.conversationsPath, hexId),
      maxIterations: command.maxIterations,
      stuckDetection: command.stuckDetection,
      executionStatus: 'idle',
      confirmationPolicy: command.confirmationPolicy,
      securityAnalyzer: command.securityAnalyzer,
      activatedKnowledgeSkills: [],
      stats: initialStats(agent),
      secrets: command.secrets,
      title: null,
      createdAt: now,
      updatedAt: now,
      owner: command.owner,
    };
    const row: ConversationRow = {
      id: hexId,
      createdAt: now,
      updatedAt: now,
      status: 'idle',
      title: null,
      owner: command.owner,
      record: serializeState(state, this.seal),
      lastEventTimestamp: null,
      eventCount: 0,
    };
    // Built first: a tool spec the runtime cannot use fails the request before anything is stored.
    const initialEvents = await this.deps.runtime.initialEvents(state);
    // Building the tools may take a while (MCP servers start); a concurrent create may have won.
    const raced = this.load(hexId);
    if (raced) {
      if (command.owner !== null && raced.state.owner !== command.owner) throw new InvalidConversationRequestError('A conversation with this id already exists.');
      return { conversation: raced, created: false };
    }
    this.deps.store.insertConversation(row);
    const conversation = this.remember(state, null);
    for (const draft of initialEvents) conversation.append(draft);
    conversation.publishFullState();
    if (command.initialMessage) {
      conversation.recordUserMessage(command.initialMessage);
      conversation.ensureRunning();
    }
    this.announce('created', conversation);
    return { conversation, created: true };
  }

  private announce(reason: ConversationChange['reason'], conversation: Conversation): void {
    this.deps.onConversationChange?.({ reason, conversationId: conversation.id, info: conversationInfo(conversation.state) });
  }

  /**
   * A search page as serialized ConversationInfo JSON, one string per item. The rendering of a
   * conversation is reused until its row changes (every change bumps the row's revision), so a
   * page of unchanged conversations costs one index read and no rebuilding.
   */
  searchRendered(options: { status?: ExecutionStatus; sortOrder: ConversationSortOrder; pageId?: string; limit: number; owner: OwnerScope }): Page<string> {
    const page = this.deps.store.searchConversationRefs({
      status: options.status,
      sortOrder: options.sortOrder,
      pageId: options.pageId,
      limit: options.limit,
      owner: options.owner,
    });
    const stale = page.items.filter((ref) => this.rendered.get(ref.id)?.revision !== ref.revision).map((ref) => ref.id);
    const rows = new Map(this.deps.store.getConversations(stale).map((row) => [row.id, row]));
    const items = page.items.map((ref) => {
      const cached = this.rendered.get(ref.id);
      if (cached && cached.revision === ref.revision) {
        // Refresh its place in the LRU order.
        this.rendered.delete(ref.id);
        this.rendered.set(ref.id, cached);
        return cached.json;
      }
      const row = rows.get(ref.id);
      const json = JSON.stringify(row ? this.rowInfo(row) : conversationInfo(this.loaded.get(ref.id)!.state));
      this.rendered.set(ref.id, { revision: ref.revision, json });
      if (this.rendered.size > RENDERED_CACHE_SIZE) this.rendered.delete(this.rendered.keys().next().value!);
      return json;
    });
    return { items, nextPageId: page.nextPageId };
  }

  /** Info for a search hit: the live state when loaded, else the stored row with secrets masked. */
  private rowInfo(row: ConversationRow): Json {
    const live = this.loaded.get(row.id);
    if (live) return conversationInfo(live.state);
    const masked = (value: string) => maskSecret(value);
    const state = deserializeState(row, masked);
    return conversationInfo({ ...state, agent: mapAgentSecrets(state.agent, masked), secrets: mapSecretSources(state.secrets, masked) });
  }

  count(options: { status?: ExecutionStatus; owner: OwnerScope }): number {
    return this.deps.store.countConversations({ status: options.status, owner: options.owner });
  }

  /** api.md 5.7: strips the title; returns false when the conversation is unknown. */
  updateTitle(hexId: string, title: string, owner: OwnerScope): Conversation {
    const conversation = this.get(hexId, owner);
    const updatedAt = utcTimestamp();
    // A title is stored and served like an event: no secret value in it (design.md 3).
    conversation.state.title = this.deps.redactor.redact(title.trim());
    conversation.state.updatedAt = updatedAt;
    this.deps.store.updateConversation(hexId, { title: conversation.state.title, updatedAt });
    this.announce('updated', conversation);
    return conversation;
  }

  /** api.md 5.8: pauses when idle or running; announced even when nothing changed (api.md 20.2). */
  pause(conversation: Conversation): void {
    conversation.pause();
    conversation.publishFullState();
    this.announce('paused', conversation);
  }

  /** api.md 5.10: adds or replaces secrets (never echoed); persisted sealed, no event. */
  updateSecrets(conversation: Conversation, secrets: Record<string, Json>): void {
    for (const [name, source] of Object.entries(secrets)) {
      // A static secret without a value (empty, or the echoed mask) would erase the real one.
      if (source.kind === 'StaticSecret' && source.value === null && name in conversation.state.secrets) continue;
      conversation.state.secrets[name] = source;
    }
    for (const value of collectSecretValues({}, secrets)) this.deps.redactor.add(value);
    conversation.persistState();
  }

  async generateTitle(conversation: Conversation, options: { maxLength: number; llm: Json | null }): Promise<string> {
    if (!this.deps.runtime.generateTitle) throw new AgentRuntimeUnavailableError();
    return this.deps.runtime.generateTitle(conversation, options);
  }

  async askAgent(conversation: Conversation, question: string): Promise<string> {
    if (!this.deps.runtime.askAgent) throw new AgentRuntimeUnavailableError();
    return this.deps.runtime.askAgent(conversation, question);
  }

  /** Stops any activity, closes subscribers and removes every stored trace of the conversation. */
  async delete(hexId: string, owner: OwnerScope): Promise<void> {
    const conversation = this.get(hexId, owner);
    await conversation.stop();
    conversation.close();
    // After close nothing more is published, so the webhooks' queues can be flushed now.
    this.announce('deleted', conversation);
    this.loaded.delete(hexId);
    this.deps.store.deleteConversation(hexId);
    this.deps.bus.closeConversation(hexId);
    await this.deps.runtime.release?.(hexId);
    await rm(conversation.state.persistenceDir, { recursive: true, force: true }).catch((error) =>
      this.deps.log.warn(`could not remove ${conversation.state.persistenceDir}: ${(error as Error).message}`),
    );
  }

  /**
   * After a restart, a conversation stored as `running` has no loop any more: it becomes `error`,
   * with an AgentErrorEvent for every action left without an observation (design.md 2.3).
   */
  recoverInterruptedRuns(): number {
    const page = this.deps.store.searchConversations({ status: 'running', sortOrder: 'CREATED_AT', limit: 1_000_000 });
    for (const row of page.items) {
      const conversation = this.load(row.id);
      if (!conversation || conversation.isRunning) continue;
      for (const action of conversation.pendingActions()) {
        conversation.append(
          agentErrorDraft({
            tool_name: String(action.tool_name),
            tool_call_id: String(action.tool_call_id),
            error: 'The server restarted while this action was running; it did not finish and its result is unknown.',
          }),
        );
      }
      conversation.setStatus('error');
      conversation.append(conversationErrorDraft('ServerRestarted', 'The server stopped while the agent was running. Send a message or run again to continue.'));
    }
    return page.items.length;
  }

  /**
   * After a restart, conversations still waiting for a confirmation get their time limit back
   * (loading one arms its timer). Without a configured limit nothing needs loading.
   */
  resumeConfirmationTimeouts(): number {
    if (!this.deps.confirmationTimeout) return 0;
    const page = this.deps.store.searchConversations({ status: 'waiting_for_confirmation', sortOrder: 'CREATED_AT', limit: 1_000_000 });
    for (const row of page.items) this.load(row.id);
    return page.items.length;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.loaded.values()].map((conversation) => conversation.stop()));
    for (const conversation of this.loaded.values()) conversation.close();
    for (const id of this.loaded.keys()) await this.deps.runtime.release?.(id);
    this.loaded.clear();
  }
}
