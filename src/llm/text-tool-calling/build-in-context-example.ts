import type { LlmToolSpec } from '../types.js';
import { EXAMPLE_INTRO, EXAMPLE_OUTRO, EXAMPLE_STEPS, EXAMPLE_USER_TASK, EXECUTION_RESULT_PREFIX } from './prompt-text.js';
import { renderFunctionCall } from './render-function-call.js';
import { parametersOf } from './tool-schema.js';

// The in-context example put before the first user message (agent.md 11.9 step 2). Only steps
// whose tool is available are shown, with parameters the tool really has, plus `security_risk`
// when the tool asks for it, so the example never demonstrates a call that would be rejected.

function exampleParameters(tool: LlmToolSpec, parameters: Record<string, string>): Record<string, string> {
  const declared = parametersOf(tool.parameters);
  if (declared === null) return parameters;
  const names = new Set(declared.map((parameter) => parameter.name));
  const kept = Object.fromEntries(Object.entries(parameters).filter(([name]) => names.has(name)));
  return names.has('security_risk') ? { ...kept, security_risk: 'LOW' } : kept;
}

/** The example transcript, or null when none of the example's tools is available. */
export function buildInContextExample(tools: readonly LlmToolSpec[]): string | null {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const steps = EXAMPLE_STEPS.filter((step) => byName.has(step.tool));
  if (steps.length === 0) return null;
  const turns = [`USER: ${EXAMPLE_USER_TASK}`];
  for (const step of steps) {
    const tool = byName.get(step.tool) as LlmToolSpec;
    turns.push(`ASSISTANT: ${step.thought}\n\n${renderFunctionCall(step.tool, exampleParameters(tool, step.parameters))}`);
    if (step.result) turns.push(`USER: ${EXECUTION_RESULT_PREFIX.replace('{{name}}', step.tool)}${step.result}`);
  }
  return `${EXAMPLE_INTRO}${turns.join('\n\n')}\n${EXAMPLE_OUTRO}`;
}
