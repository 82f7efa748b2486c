/**
 * With a security analyzer set, an action's risk is the LLM's rating combined with the rule-based
 * analyzer's verdict (security/); the combined value is what the ActionEvent carries and what the
 * confirmation policy sees. As agent.md 6.1 says of analyzers, a failure to analyse means HIGH.
 */
import type { EventDraft } from '../events/index.js';
import { analyzeAction, combineRisk, findingsRisk, type PathContext, type SecurityRisk } from '../security/index.js';

export function withRuleRisk(draft: EventDraft, context: PathContext): EventDraft {
  const { action, tool_name: toolName, security_risk: stated } = draft.fields;
  if (typeof action !== 'object' || action === null) return draft;
  let rules: 'MEDIUM' | 'HIGH' | null;
  try {
    rules = findingsRisk(analyzeAction({ toolName: String(toolName), action: action as Record<string, unknown> }, context));
  } catch {
    rules = 'HIGH';
  }
  const risk = combineRisk(stated as SecurityRisk, rules);
  return risk === stated ? draft : { ...draft, fields: { ...draft.fields, security_risk: risk } };
}
