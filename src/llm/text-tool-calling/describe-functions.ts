import type { LlmToolSpec } from '../types.js';
import { FUNCTIONS_HEADER, SYSTEM_SUFFIX } from './prompt-text.js';
import { parametersOf } from './tool-schema.js';

// The function list appended to the system message (agent.md 11.9 step 1).

function describeFunction(tool: LlmToolSpec, number: number): string {
  const lines = [`---- BEGIN FUNCTION #${number}: ${tool.name} ----`, `Description: ${tool.description}`];
  const parameters = parametersOf(tool.parameters) ?? [];
  if (parameters.length === 0) {
    lines.push('No parameters are required for this function.');
  } else {
    lines.push('Parameters:');
    parameters.forEach((parameter, index) => {
      const requirement = parameter.isRequired ? 'required' : 'optional';
      lines.push(`  (${index + 1}) ${parameter.name} (${parameter.type}, ${requirement}): ${parameter.description}`);
      if (parameter.allowedValues) {
        lines.push(`Allowed values: [${parameter.allowedValues.map((value) => `\`${String(value)}\``).join(', ')}]`);
      }
    });
  }
  lines.push(`---- END FUNCTION #${number} ----`);
  return lines.join('\n');
}

export function describeFunctions(tools: readonly LlmToolSpec[]): string {
  const functions = [FUNCTIONS_HEADER, ...tools.map((tool, index) => describeFunction(tool, index + 1))].join('\n\n');
  return SYSTEM_SUFFIX.replace('{{functions}}', functions);
}
