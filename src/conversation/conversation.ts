/**
 * One conversation: its state, its event log and its run loop.
 *
 * Every state change is a synchronous block (no await inside), so changes and appends of one
 * conversation are serialized by the event loop itself. Each append persists the event and the
 * changed state in one transaction, then publishes it (persist, then publish).
 * The run loop (`startRun`) goes on in the background; at most one runs at a time. What clients
 * send while a step is under way waits for the part of the step it would disturb (api.md 13.5, the
 * reference's conversation lock): a user message waits for an LLM answer being recorded; a rejection
 * waits for the step, whose actions may already be running.
 */
import {
  conversationErrorDraft,
  messageDraft,
  pauseDraft,
  searchableText,
  stampEvent,
  stateUpdateDraft,
  userRejectDraft,
  type ConversationEvent,
  type EventBus,
  type EventClock,
  type EventDraft,
} from '../events/index.js';
import { utcTimestamp } from '../events/index.js';
import { newEventId } from '../shared/ids.js';
import type { SecretRedactor } from '../shared/secret-redactor.js';
import type { ConversationStore } from '../store/index.js';
import type { AgentRuntime, ConversationHandle } from './agent-runtime.js';
import { ConversationBusyError, ConversationNotFoundError } from './errors.js';
import { activateKnowledgeSkills } from './skills.js';
import { fullStateSnapshot, serializeState, type ConversationState, type ExecutionStatus } from './state.js';
import type { SecretTransform } from '../models/index.js';
import { ConfirmationTimer, confirmationTimeoutReason, type ConfirmationTimeout } from './confirmation-timer.js';

export interface ConversationDeps {
  store: ConversationStore;
  bus: EventBus;
  clock: EventClock;
  runtime: AgentRuntime;
  redactor: SecretRedactor;
  seal: SecretTransform;
  onRunError?: (error: unknown) => void;
  /** Extension: decide for the user when a confirmation is not answered in time (null: wait forever). */
  confirmationTimeout?: ConfirmationTimeout | null;
  /** How long a user message waits for a pending LLM answer before it is recorded anyway (default 30 s). */
  userMessageWaitMs?: number;
}

/**
 * An LLM call can last minutes (timeouts, retries with backoff); a client's request must not. Past
 * this, the message is recorded at once, before the answer; the history is then out of order for
 * that one answer, which is better than a client timing out.
 */
const DEFAULT_USER_MESSAGE_WAIT_MS = 30_000;

export interface UserMessage {
  role: string;
  content: unknown[];
}

export class Conversation implements ConversationHandle {
  private lastTimestamp: string | null;
  private activeRun: { promise: Promise<void>; abort: AbortController } | null = null;
  /** Bumped whenever a user message is recorded, so the loop can tell one arrived during a step. */
  private userMessageCount = 0;
  private closed = false;
  private readonly confirmationTimer: ConfirmationTimer;
  /** Settles when the LLM answer being awaited has been recorded; null when no LLM call is under way. */
  private modelCall: Promise<void> | null = null;
  /** The step the run loop is in, if any. */
  private currentStep: Promise<void> | null = null;

  constructor(
    readonly state: ConversationState,
    private readonly deps: ConversationDeps,
    lastTimestamp: string | null,
  ) {
    this.lastTimestamp = lastTimestamp;
    this.confirmationTimer = new ConfirmationTimer(deps.confirmationTimeout ?? null, () => this.decideAfterTimeout());
    // Loaded while waiting (after a restart): the time limit counts from the last change.
    this.confirmationTimer.sync(state.executionStatus === 'waiting_for_confirmation', Date.parse(state.updatedAt));
  }

  get id(): string {
    return this.state.id;
  }

  get isRunning(): boolean {
    return this.activeRun !== null;
  }

  append(draft: EventDraft, options: { stateChanged?: boolean } = {}): ConversationEvent {
    if (this.closed) throw new Error(`conversation ${this.id} is closed`);
    // No secret value is stored or published in any event, whatever its source (design.md 3).
    const event = stampEvent({ ...draft, fields: this.deps.redactor.redactDeep(draft.fields) }, newEventId(), this.deps.clock.next(this.lastTimestamp));
    const updatedAt = utcTimestamp();
    this.state.updatedAt = updatedAt;
    const seq = this.deps.store.appendEvent(this.id, event, {
      searchText: searchableText(event),
      changes: {
        updatedAt,
        status: this.state.executionStatus,
        record: options.stateChanged ? serializeState(this.state, this.deps.seal) : undefined,
      },
    });
    this.lastTimestamp = event.timestamp;
    this.deps.bus.publish({ conversationId: this.id, seq, event });
    return event;
  }

  /** Persists the state without an event (secrets, for which api.md 5.10 emits none). */
  persistState(): void {
    this.deps.store.updateConversation(this.id, { record: serializeState(this.state, this.deps.seal) });
  }

  setStatus(status: ExecutionStatus): void {
    if (this.state.executionStatus === status) return;
    this.state.executionStatus = status;
    this.append(stateUpdateDraft('execution_status', status));
    this.confirmationTimer.sync(status === 'waiting_for_confirmation', Date.now());
  }

  announceStateChange(key: string, value: unknown): void {
    this.append(stateUpdateDraft(key, value), { stateChanged: true });
  }

  /** Replaces a state field; when the value differs, persists it and announces it (api.md 13.1). */
  replaceField<K extends 'confirmationPolicy' | 'securityAnalyzer'>(field: K, key: string, value: ConversationState[K]): void {
    if (JSON.stringify(this.state[field]) === JSON.stringify(value)) return;
    this.state[field] = value;
    this.announceStateChange(key, value);
  }

  /** A transient `full_state` snapshot to current subscribers; never stored (api.md 14.2). */
  publishFullState(): void {
    if (this.closed) return;
    const event = stampEvent(stateUpdateDraft('full_state', fullStateSnapshot(this.state)), newEventId(), this.deps.clock.next(this.lastTimestamp));
    this.deps.bus.publish({ conversationId: this.id, seq: null, event });
  }

  fullStateEvent(): ConversationEvent {
    return stampEvent(stateUpdateDraft('full_state', fullStateSnapshot(this.state)), newEventId(), this.deps.clock.next(this.lastTimestamp));
  }

  *events(): Iterable<ConversationEvent> {
    for (const stored of this.deps.store.iterateEvents(this.id)) yield stored.event;
  }

  async whileCallingModel<T>(work: () => Promise<T>): Promise<T> {
    let recorded!: () => void;
    this.modelCall = new Promise<void>((resolve) => (recorded = resolve));
    try {
      return await work();
    } finally {
      this.modelCall = null;
      recorded();
    }
  }

  /**
   * api.md 13.5: a message from a client (REST or socket). Waits until no LLM answer is pending, so
   * the message comes after the answer to what came before; with `run`, starts or resumes the run.
   */
  async sendUserMessage(message: UserMessage, options: { run: boolean }): Promise<void> {
    const deadline = Date.now() + (this.deps.userMessageWaitMs ?? DEFAULT_USER_MESSAGE_WAIT_MS);
    while (this.modelCall && Date.now() < deadline) await untilSettledOr(this.modelCall, deadline - Date.now());
    if (this.closed) throw new ConversationNotFoundError(this.id);
    this.recordUserMessage(message);
    if (options.run) this.ensureRunning();
  }

  /** api.md 13.5: record a user message; `finished` (and `stuck`) become `idle` first. */
  recordUserMessage(message: UserMessage): ConversationEvent {
    if (this.state.executionStatus === 'finished' || this.state.executionStatus === 'stuck') this.setStatus('idle');
    const activation = activateKnowledgeSkills(this.state, message.content);
    if (activation.names.length > 0) {
      this.state.activatedKnowledgeSkills.push(...activation.names);
      this.persistState();
    }
    this.userMessageCount++;
    return this.append(
      messageDraft({
        source: 'user',
        message: { role: 'user', content: message.content },
        activatedSkills: activation.names,
        extendedContent: activation.content,
      }),
      { stateChanged: activation.names.length > 0 },
    );
  }

  /** api.md 13.3: from idle or running, pause and record a PauseEvent; otherwise nothing. */
  pause(): void {
    const status = this.state.executionStatus;
    if (status !== 'idle' && status !== 'running') return;
    this.setStatus('paused');
    this.append(pauseDraft());
  }

  /** Actions proposed and neither observed nor rejected (api.md 14.5). */
  pendingActions(): ConversationEvent[] {
    const actions = new Map<string, ConversationEvent>();
    for (const event of this.events()) {
      if (event.kind === 'ActionEvent' && event.action !== null) actions.set(event.id, event);
      else if (event.kind === 'ObservationEvent' || event.kind === 'UserRejectObservation') actions.delete(String(event.action_id));
      else if (event.kind === 'AgentErrorEvent') {
        // An AgentErrorEvent has no action_id; it answers the action with the same tool call.
        for (const [id, action] of actions) if (action.tool_call_id === event.tool_call_id) actions.delete(id);
      }
    }
    return [...actions.values()];
  }

  /**
   * `respond_to_confirmation` with `accept: false`. Actions of a step under way may already be running,
   * so this waits for the step to end, then rejects what is still pending (design.md 2.2: a rejected
   * action never runs, and an action that ran is never reported as rejected).
   */
  async rejectAfterCurrentStep(reason: string): Promise<void> {
    while (this.currentStep) await this.currentStep.catch(() => undefined);
    if (this.closed) throw new ConversationNotFoundError(this.id);
    this.rejectPendingActions(reason);
  }

  /** Rejects every pending action with `reason` (design.md 2.2); waiting becomes idle. */
  rejectPendingActions(reason: string): void {
    for (const action of this.pendingActions()) {
      this.append(
        userRejectDraft({
          tool_name: String(action.tool_name),
          tool_call_id: String(action.tool_call_id),
          rejection_reason: reason,
          action_id: action.id,
        }),
      );
    }
    if (this.state.executionStatus === 'waiting_for_confirmation') this.setStatus('idle');
  }

  /**
   * Starts the run loop in the background. Returns false when there is nothing to run
   * (finished or stuck, api.md 13.2); throws ConversationBusyError when a loop is active.
   * A loop still finishing its step after a pause, or after an answer that a waiting message
   * turned back to idle, is resumed instead: it goes on with the next step.
   */
  startRun(): boolean {
    if (this.activeRun) {
      if (this.state.executionStatus !== 'paused' && this.state.executionStatus !== 'idle') throw new ConversationBusyError();
      this.setStatus('running');
      return true;
    }
    const status = this.state.executionStatus;
    if (status === 'finished' || status === 'stuck') return false;
    if (status !== 'waiting_for_confirmation') this.setStatus('running');
    const abort = new AbortController();
    const promise = this.runLoop(abort.signal).finally(() => {
      this.activeRun = null;
      this.publishFullState();
    });
    this.activeRun = { promise, abort };
    return true;
  }

  /** Starts a run unless one is active and going on (messages with `run: true`). */
  ensureRunning(): void {
    const status = this.state.executionStatus;
    if (!this.activeRun || status === 'paused' || status === 'idle') this.startRun();
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    let iterations = 0;
    try {
      for (;;) {
        // Let the caller's request finish before the first step.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal.aborted || this.closed) return;
        const status = this.state.executionStatus;
        if (status === 'finished' || status === 'paused' || status === 'stuck' || status === 'idle' || status === 'error') return;
        if (status === 'waiting_for_confirmation') this.setStatus('running');
        const messagesBefore = this.userMessageCount;
        this.currentStep = this.deps.runtime.step({ conversation: this, signal });
        try {
          await this.currentStep;
        } finally {
          this.currentStep = null;
        }
        iterations++;
        if (signal.aborted || this.closed) return;
        const after = this.state.executionStatus;
        if (after === 'waiting_for_confirmation') return;
        // A message that arrived during the step is answered before the loop stops (api.md 13.2).
        if (after === 'finished' && this.userMessageCount > messagesBefore) this.setStatus('running');
        if (this.state.executionStatus !== 'running') return;
        if (iterations >= this.state.maxIterations) {
          this.setStatus('error');
          this.append(conversationErrorDraft('MaxIterationsReached', `Agent reached the maximum number of iterations (${this.state.maxIterations}) for one run.`));
          return;
        }
      }
    } catch (error) {
      if (this.closed) return;
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus('error');
      this.append(conversationErrorDraft(name, this.deps.redactor.redact(message)));
      this.deps.onRunError?.(error);
    }
  }

  /** Stops the run loop (if any) and waits for it; used by delete and shutdown. */
  async stop(): Promise<void> {
    const run = this.activeRun;
    if (!run) return;
    run.abort.abort();
    await run.promise.catch(() => {});
  }

  /** After close, nothing more is appended or published. */
  close(): void {
    this.closed = true;
    this.confirmationTimer.clear();
  }

  /** The confirmation timeout passed with no decision: reject (with a reason saying so) or accept. */
  private decideAfterTimeout(): void {
    const settings = this.deps.confirmationTimeout;
    if (!settings || this.closed || this.state.executionStatus !== 'waiting_for_confirmation') return;
    try {
      if (settings.decision === 'accept') {
        if (!this.activeRun) this.startRun();
        return;
      }
      this.rejectPendingActions(confirmationTimeoutReason(settings.seconds));
      this.publishFullState();
    } catch (error) {
      this.deps.onRunError?.(error);
    }
  }

  /** Waits until the current run (if any) ends. */
  async settled(): Promise<void> {
    await this.activeRun?.promise.catch(() => {});
  }
}

/** Waits for `work` to settle, or `ms` at most. */
async function untilSettledOr(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
