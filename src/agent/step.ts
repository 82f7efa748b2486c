/**
 * One agent step (agent.md 3.1, api.md 13.6), as named phases:
 *   1. pending actions (accepted confirmations) execute first, and the step ends;
 *   2. the budget is checked before any LLM call;
 *   2b. the condenser may record a Condensation instead of the LLM call, and a context-window
 *       error asks it to (agent.md 3.1, 8);
 *   3. view -> messages -> LLM call; the usage is recorded and announced (`stats`);
 *   4. the response becomes events (parseResponse);
 *   5. the batch waits for confirmation, or its valid actions execute in call order.
 * A stop request (the signal) ends the step quietly: nothing more is recorded, and an action that
 * was running stays pending, for restart recovery to report.
 */
import { homedir } from 'node:os';
import { agentErrorDraft, messageDraft, observationDraft, type ConversationEvent } from '../events/index.js';
import { LlmContextWindowExceededError, LlmError, LlmFunctionCallValidationError, type LlmClient, type LlmResponse } from '../llm/index.js';
import type { ConversationHandle } from '../conversation/index.js';
import type { Condenser, Llm } from '../models/index.js';
import type { Observation, ToolContext, ToolInstance } from '../tools/index.js';
import { condenseHistory, requestCondensation, type CondensationPhaseOptions } from './condenser/index.js';
import { withRuleRisk } from './assess-risk.js';
import { completionLogDraft } from './completion-log.js';
import { needsConfirmation } from './confirmation.js';
import { eventsToMessages } from './events-to-messages.js';
import { parseResponse } from './parse-response.js';
import { isBudgetExhausted, newMetrics, recordResponse, statsSnapshot, type Metrics } from './stats.js';
import { toolSpec } from './tool-specs.js';

export interface StepDeps {
  conversation: ConversationHandle;
  signal: AbortSignal;
  /** The conversation's tools, in the order the LLM is given them. */
  tools: readonly ToolInstance[];
  llm: LlmClient;
  toolContext: ToolContext;
  userMessagePrefix: string | null;
  /** Home directory of the user commands run as, for the rule-based security analyzer (`os.homedir()`). */
  homeDir?: string;
  /** Seconds since the epoch, for cost records. */
  now?: () => number;
  /** agent.md 8: the agent's condenser and the client of each of its LLMs (by usage id). */
  condensation?: { condenser: Condenser | null; clientFor(llm: Llm): LlmClient };
}

/** Raised before an LLM call once the agent LLM has spent its `max_budget_per_task`. */
export class MaxBudgetReachedError extends Error {
  constructor(spent: number, budget: number) {
    super(`The agent has spent $${spent.toFixed(4)} of its $${budget.toFixed(4)} budget for this task, so no further LLM call was made.`);
    // The run loop uses the name as the ConversationErrorEvent code (design.md 2.3).
    this.name = 'MaxBudgetReached';
  }
}

class StopRequested extends Error {}

/**
 * The run loop names its ConversationErrorEvent after the error (`error.name`); an LLM failure
 * carries the code agent.md 11.6 documents (`LLMAuthenticationError`, ...) instead of its class name.
 */
export function withEventCode(error: unknown): unknown {
  if (!(error instanceof LlmError)) return error;
  const named = new Error(error.message, { cause: error });
  named.name = error.code;
  return named;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StopRequested());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StopRequested());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

type ToolResult = { observation: Observation } | { error: string };

async function runTool(tool: ToolInstance, action: ConversationEvent, deps: StepDeps): Promise<ToolResult> {
  try {
    return { observation: await untilAborted(tool.execute(action.action as Record<string, unknown>, deps.toolContext), deps.signal) };
  } catch (error) {
    if (error instanceof StopRequested) throw error;
    // design.md 2.3: a tool that throws is a result the LLM can react to, not a dead run.
    const message = error instanceof Error ? error.message : String(error);
    return { error: deps.toolContext.secrets.mask(`Error executing tool '${tool.name}': ${message}`) };
  }
}

async function executeAction(action: ConversationEvent, deps: StepDeps): Promise<void> {
  const toolName = String(action.tool_name);
  const toolCallId = String(action.tool_call_id);
  const tool = deps.tools.find((candidate) => candidate.name === toolName);
  const result: ToolResult = tool ? await runTool(tool, action, deps) : { error: `Tool '${toolName}' is not available in this conversation.` };
  if ('error' in result) {
    deps.conversation.append(agentErrorDraft({ tool_name: toolName, tool_call_id: toolCallId, error: result.error }));
    return;
  }
  deps.conversation.append(observationDraft({ tool_name: toolName, tool_call_id: toolCallId, observation: result.observation, action_id: action.id }));
  if (toolName === 'finish') deps.conversation.setStatus('finished');
}

/** Runs actions one after the other, in order (agent.md 3.7-3.8). */
async function executeActions(actions: readonly ConversationEvent[], deps: StepDeps): Promise<void> {
  for (const action of actions) {
    if (deps.signal.aborted) return;
    await executeAction(action, deps);
  }
}

function agentMetrics(deps: StepDeps): Metrics {
  const stored = deps.conversation.state.stats.usage_to_metrics[deps.llm.usageId] as unknown as Metrics | undefined;
  return stored ?? newMetrics(deps.llm.model);
}

function ensureWithinBudget(deps: StepDeps): void {
  const metrics = agentMetrics(deps);
  if (isBudgetExhausted(metrics)) throw new MaxBudgetReachedError(metrics.accumulated_cost, metrics.max_budget_per_task as number);
}

async function callModel(deps: StepDeps): Promise<LlmResponse> {
  const messages = eventsToMessages([...deps.conversation.events()], {
    userMessagePrefix: deps.userMessagePrefix,
    renderObservation: (observation, toolName) => deps.tools.find((tool) => tool.name === toolName)?.toLlmContent?.(observation as Observation),
  });
  return untilAborted(deps.llm.complete({ messages, tools: deps.tools.map(toolSpec), signal: deps.signal }), deps.signal);
}

/** api.md 13.6 step 3: the usage of every call is kept and announced in snapshot form. */
export function recordUsage(conversation: ConversationHandle, llm: LlmClient, response: LlmResponse, nowSeconds: number): void {
  const usage = conversation.state.stats.usage_to_metrics;
  const current = (usage[llm.usageId] as unknown as Metrics | undefined) ?? newMetrics(llm.model);
  usage[llm.usageId] = recordResponse(current, response, nowSeconds) as unknown as Record<string, unknown>;
}

/** api.md 13.6 step 3: after the `stats` update, an LLMCompletionLogEvent when the LLM has `log_completions`. */
function logCompletion(conversation: ConversationHandle, llm: LlmClient, response: LlmResponse, nowSeconds: number): void {
  const draft = completionLogDraft(llm, response, nowSeconds);
  if (draft) conversation.append(draft);
}

/**
 * Prompt-based tool calling (agent.md 3.1, 11.9): a function call the model wrote wrongly is
 * answered with a user message saying what was wrong, so the model can correct itself.
 */
function answerMalformedCall(error: LlmFunctionCallValidationError, deps: StepDeps, nowSeconds: number): void {
  if (error.response) {
    recordUsage(deps.conversation, deps.llm, error.response, nowSeconds);
    deps.conversation.announceStateChange('stats', statsSnapshot(deps.conversation.state.stats));
    logCompletion(deps.conversation, deps.llm, error.response, nowSeconds);
  }
  deps.conversation.append(messageDraft({ source: 'user', message: { role: 'user', content: [{ cache_prompt: false, type: 'text', text: error.message }] } }));
}

/** agent.md 8.2: the condenser's LLM usage is counted under its own usage id and announced like the agent's. */
function condensationOptions(deps: StepDeps, now: () => number): CondensationPhaseOptions | null {
  const { conversation, condensation } = deps;
  if (!condensation?.condenser) return null;
  return {
    conversation,
    condenser: condensation.condenser,
    clientFor: (llm) => condensation.clientFor(llm),
    signal: deps.signal,
    onResponse: (client, response) => {
      recordUsage(conversation, client, response, now());
      conversation.announceStateChange('stats', statsSnapshot(conversation.state.stats));
      logCompletion(conversation, client, response, now());
    },
  };
}

/**
 * api.md 13.6: with `litellm_extra_body.return_token_ids` (a vLLM option), the token ids of the
 * reply are kept as a TokenEvent at the end of the step. A server that sent none gets no event.
 */
function recordTokenIds(response: LlmResponse, deps: StepDeps): void {
  const llm = deps.conversation.state.agent.llm as { litellm_extra_body?: { return_token_ids?: unknown } } | undefined;
  if (!llm?.litellm_extra_body?.return_token_ids || response.tokenIds === null) return;
  deps.conversation.append({
    kind: 'TokenEvent',
    source: 'agent',
    fields: { prompt_token_ids: response.tokenIds.prompt, response_token_ids: response.tokenIds.response },
  });
}

/** Appends the response's events; returns the actions that may run (valid calls only). */
function appendResponse(response: LlmResponse, deps: StepDeps): ConversationEvent[] {
  const { conversation } = deps;
  const parsed = parseResponse(response, { tools: deps.tools, requireSecurityRisk: conversation.state.securityAnalyzer !== null });
  if (parsed.kind === 'message') {
    conversation.append(parsed.draft);
    if (parsed.isFinal) conversation.setStatus('finished');
    return [];
  }
  const actions: ConversationEvent[] = [];
  const hasAnalyzer = conversation.state.securityAnalyzer !== null;
  for (const call of parsed.calls) {
    const draft = hasAnalyzer && call.error === null ? withRuleRisk(call.action, { workingDir: deps.toolContext.workingDir, homeDir: deps.homeDir ?? homedir() }) : call.action;
    const action = conversation.append(draft);
    if (call.error) conversation.append(call.error);
    else actions.push(action);
  }
  return actions;
}

export async function runStep(deps: StepDeps): Promise<void> {
  const { conversation } = deps;
  const now = deps.now ?? (() => Date.now() / 1000);
  try {
    const pending = conversation.pendingActions();
    if (pending.length > 0) {
      await executeActions(pending, deps);
      return;
    }
    ensureWithinBudget(deps);
    const condensing = condensationOptions(deps, now);
    if (condensing && (await condenseHistory(condensing))) return;
    const answered = await conversation.whileCallingModel(async () => {
      const response = await callModel(deps).catch((error: unknown) => {
        if (!(error instanceof LlmFunctionCallValidationError || error instanceof LlmContextWindowExceededError)) throw error;
        return error;
      });
      if (response instanceof LlmContextWindowExceededError) {
        requestCondensation(response, { conversation, condenser: deps.condensation?.condenser ?? null });
        return null;
      }
      if (response instanceof LlmFunctionCallValidationError) {
        answerMalformedCall(response, deps, now());
        return null;
      }
      recordUsage(conversation, deps.llm, response, now());
      conversation.announceStateChange('stats', statsSnapshot(conversation.state.stats));
      logCompletion(conversation, deps.llm, response, now());
      return { response, actions: appendResponse(response, deps) };
    });
    if (answered === null) return;
    const { response, actions } = answered;
    const proposed = actions.map((action) => ({ tool_name: String(action.tool_name), security_risk: String(action.security_risk) }));
    if (needsConfirmation(proposed, conversation.state.confirmationPolicy, conversation.state.securityAnalyzer)) {
      conversation.setStatus('waiting_for_confirmation');
      return;
    }
    await executeActions(actions, deps);
    recordTokenIds(response, deps);
  } catch (error) {
    if (error instanceof StopRequested || deps.signal.aborted) return;
    throw withEventCode(error);
  }
}
