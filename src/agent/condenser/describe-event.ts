/**
 * One forgotten event as the short text the summarising LLM reads (agent.md 8.2): its kind and
 * source, then previews cut at 500 characters. Pure.
 */
import type { ConversationEvent } from '../../events/index.js';

const PREVIEW_CHARS = 500;
const CUT_MARK = '...';

type Json = Record<string, unknown>;

/** Text longer than `limit` keeps `limit` characters (`limit - 3` with `markInside`, as for messages) and then `...`. */
export function preview(text: string, options: { limit?: number; markInside?: boolean } = {}): string {
  const limit = options.limit ?? PREVIEW_CHARS;
  if (text.length <= limit) return text;
  return text.slice(0, options.markInside ? limit - CUT_MARK.length : limit) + CUT_MARK;
}

function texts(items: unknown): string {
  if (!Array.isArray(items)) return '';
  return items
    .filter((item): item is Json => typeof item === 'object' && item !== null && (item as Json).type === 'text')
    .map((item) => String(item.text ?? ''))
    .join('\n');
}

function describeMessage(event: ConversationEvent): string[] {
  const message = (event.llm_message ?? {}) as Json;
  const text = [texts(message.content), texts(event.extended_content)].filter(Boolean).join('\n');
  const lines = [`role: ${String(message.role)}`, `text: ${preview(text, { markInside: true })}`];
  const skills = event.activated_skills as string[] | undefined;
  if (skills && skills.length > 0) lines.push(`activated skills: ${skills.join(', ')}`);
  return lines;
}

function describeAction(event: ConversationEvent): string[] {
  const lines: string[] = [];
  const thought = texts(event.thought);
  if (thought) lines.push(`thought: ${preview(thought)}`);
  const call = (event.tool_call ?? {}) as Json;
  const action = event.action as Json | null;
  lines.push(action ? `action: ${String(action.kind)}` : `action: (not executed) ${String(call.name)} call ${String(call.id)}`);
  // Our addition: the arguments tell the summary what was actually done (which command, which file).
  if (typeof call.arguments === 'string' && call.arguments) lines.push(`arguments: ${preview(call.arguments)}`);
  return lines;
}

function describeBody(event: ConversationEvent): string[] {
  switch (event.kind) {
    case 'SystemPromptEvent':
      return [`system prompt: ${preview(texts([event.system_prompt]))}`];
    case 'MessageEvent':
      return describeMessage(event);
    case 'ActionEvent':
      return describeAction(event);
    case 'ObservationEvent': {
      const observation = (event.observation ?? {}) as Json;
      const error = observation.is_error === true ? ' (error)' : '';
      return [`tool: ${String(event.tool_name)}${error}`, `result: ${preview(texts(observation.content))}`];
    }
    case 'AgentErrorEvent':
      return [`tool: ${String(event.tool_name)}`, `error: ${preview(String(event.error))}`];
    case 'UserRejectObservation':
      return [`tool: ${String(event.tool_name)}`, `rejected by the user: ${preview(String(event.rejection_reason))}`];
    case 'CondensationSummaryEvent':
      return [`summary: ${preview(String(event.summary))}`];
    default:
      return [];
  }
}

export function describeEvent(event: ConversationEvent): string {
  return [`${event.kind} (source: ${event.source})`, ...describeBody(event)].join('\n');
}
