/** Builders for observation objects: kind first, then content and is_error, then the tool's fields. */
import type { ContentItem, Json, Observation, TextContentItem } from './types.js';

export function textContent(text: string): TextContentItem {
  return { cache_prompt: false, type: 'text', text };
}

export interface ObservationParts {
  content: ContentItem[] | string;
  isError?: boolean;
  /** The tool's own fields; callers pass every contract field (null where absent). */
  fields: Json;
}

export function makeObservation(kind: string, parts: ObservationParts): Observation {
  const content = typeof parts.content === 'string' ? [textContent(parts.content)] : parts.content;
  return { kind, content, is_error: parts.isError ?? false, ...parts.fields };
}

/** The header the LLM reads before the text of a failed tool call (agent.md 15, last paragraph). */
export const ERROR_HEADER = '[An error occurred during execution.]';

/** The text items of an observation joined into one string. */
export function observationText(observation: Observation): string {
  return (observation.content as Json[])
    .filter((item) => item.type === 'text' && typeof item.text === 'string')
    .map((item) => item.text as string)
    .join('\n');
}

/** Default LLM view of an observation: its content, with the error header first when it failed. */
export function defaultLlmContent(observation: Observation): ContentItem[] {
  const items = (observation.content as Json[]).map(toContentItem);
  if (!observation.is_error) return items;
  const [first, ...rest] = items;
  if (first?.type === 'text') return [textContent(`${ERROR_HEADER}\n${first.text}`), ...rest];
  return [textContent(ERROR_HEADER), ...items];
}

function toContentItem(item: Json): ContentItem {
  if (item.type === 'image') {
    return { cache_prompt: false, type: 'image', image_urls: [...((item.image_urls as string[]) ?? [])] };
  }
  return textContent(typeof item.text === 'string' ? item.text : '');
}
