/**
 * Tools as the LLM sees them (agent.md 3.3, 5.2): every tool that is not read-only takes one more
 * required argument, `security_risk`. It is always declared, analyzer or not, so the schema stays
 * valid when an analyzer is switched on later in the conversation (the SystemPromptEvent is frozen).
 */
import type { LlmToolSpec } from '../llm/index.js';
import type { ToolInstance } from '../tools/index.js';
import { SECURITY_RISKS } from './parse-response.js';
import { prompt } from './prompts.js';

type Json = Record<string, unknown>;

function withSecurityRisk(parameters: Json): Json {
  const properties = (parameters.properties as Json | undefined) ?? {};
  const required = (parameters.required as string[] | undefined) ?? [];
  return {
    ...parameters,
    type: 'object',
    properties: { ...properties, security_risk: { type: 'string', description: prompt('security-risk-parameter'), enum: [...SECURITY_RISKS] } },
    required: [...required.filter((name) => name !== 'security_risk'), 'security_risk'],
  };
}

export function toolSpec(tool: Pick<ToolInstance, 'name' | 'description' | 'parameters' | 'isReadOnly'>): LlmToolSpec {
  return { name: tool.name, description: tool.description, parameters: tool.isReadOnly ? tool.parameters : withSecurityRisk(tool.parameters) };
}

/** The `tools` of a SystemPromptEvent: OpenAI function tools (api.md 14.4.1). */
export function openAiTool(spec: LlmToolSpec): Json {
  return { type: 'function', function: { name: spec.name, description: spec.description, parameters: spec.parameters } };
}
