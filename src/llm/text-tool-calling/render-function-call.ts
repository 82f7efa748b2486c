// `<function=NAME>` / `<parameter=KEY>value</parameter>` / `</function>` (agent.md 11.9).

export function renderParameterValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderFunctionCall(name: string, parameters: Record<string, unknown>): string {
  const lines = [`<function=${name}>`];
  for (const [key, value] of Object.entries(parameters)) lines.push(`<parameter=${key}>${renderParameterValue(value)}</parameter>`);
  lines.push('</function>');
  return lines.join('\n');
}

/**
 * A history tool call as text. Arguments that are not a JSON object cannot be split into
 * parameters; they are shown as one `arguments` parameter so the model still sees what it sent.
 */
export function renderToolCallArguments(name: string, argumentsJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsJson);
  } catch {
    parsed = undefined;
  }
  const parameters = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : { arguments: argumentsJson };
  return renderFunctionCall(name, parameters);
}
