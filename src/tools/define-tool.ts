/**
 * The one wrapper every tool goes through (style.md 2.3): it validates the LLM's arguments into a
 * complete action object (`kind` plus every field), runs the executor, and turns anything the
 * executor throws into an error observation the LLM can react to (agent.md 14 Q3). Tools hold
 * only their own behaviour.
 */
import { toLlmSchema, validateArguments, type ObjectArgumentSchema } from './arguments.js';
import { defaultLlmContent, makeObservation } from './observation.js';
import type { ContentItem, Json, Observation, ParseResult, ToolContext, ToolInstance } from './types.js';

export interface ToolSpec<Action extends Json> {
  /** The name the LLM sees. */
  name: string;
  actionKind: string;
  observationKind: string;
  description: string;
  parameters: ObjectArgumentSchema;
  isReadOnly: boolean;
  /** The tool's observation fields for `action` when nothing ran (every contract field present). */
  observationFields(action: Action): Json;
  /** What the LLM reads for an observation (default: its content, error header first). */
  toLlmContent?(observation: Observation): ContentItem[];
}

export interface ToolExecutor<Action extends Json> {
  execute(action: Action, context: ToolContext): Promise<Observation>;
  close?(): Promise<void>;
}

export function defineTool<Action extends Json>(spec: ToolSpec<Action>, executor: ToolExecutor<Action>): ToolInstance {
  const parseArguments = (raw: unknown): ParseResult => {
    const result = validateArguments(spec.parameters, raw);
    if (!result.ok) return result;
    return { ok: true, action: { kind: spec.actionKind, ...result.value } };
  };

  const failed = (action: Json, message: string): Observation =>
    makeObservation(spec.observationKind, {
      content: message,
      isError: true,
      fields: spec.observationFields(action as Action),
    });

  return {
    name: spec.name,
    description: spec.description,
    parameters: toLlmSchema(spec.parameters),
    isReadOnly: spec.isReadOnly,
    parseArguments,
    async execute(action, context) {
      // Actions read back from the event log may predate a field; normalise them the same way.
      const { kind: _kind, ...fields } = action;
      const parsed = parseArguments(fields);
      if (!parsed.ok) return failed(fields, `Invalid action for tool '${spec.name}': ${parsed.error}`);
      try {
        return await executor.execute(parsed.action as Action, context);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return failed(parsed.action, context.secrets.mask(`Tool '${spec.name}' failed: ${message}`));
      }
    },
    toLlmContent: spec.toLlmContent ?? defaultLlmContent,
    ...(executor.close ? { close: () => executor.close!() } : {}),
  };
}
