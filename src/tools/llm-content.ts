import { defaultLlmContent } from './observation.js';
import { terminalLlmContent } from './terminal/render.js';
import type { ContentItem, Observation } from './types.js';

/**
 * What the LLM reads for a stored observation, chosen by its `kind`, for code that has the event
 * but no tool instance (building the LLM view after a restart). Same result as `toLlmContent`.
 */
export function observationToLlmContent(observation: Observation): ContentItem[] {
  if (observation.kind === 'TerminalObservation' || observation.kind === 'ExecuteBashObservation') {
    return terminalLlmContent(observation);
  }
  return defaultLlmContent(observation);
}
