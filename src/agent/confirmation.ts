/**
 * Whether a batch of new actions must wait for the user (agent.md 6.1-6.2, api.md 13.7). Pure.
 * A lone `finish` or `think` never waits. Without a security analyzer every risk is UNKNOWN,
 * whatever the LLM stated.
 */
type Json = Record<string, unknown>;

const RISK_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export interface ProposedAction {
  tool_name: string;
  security_risk: string;
}

function policyConfirms(policy: Json, risk: string): boolean {
  switch (policy.kind) {
    case 'AlwaysConfirm':
      return true;
    case 'ConfirmRisky': {
      if (risk === 'UNKNOWN' || !(risk in RISK_RANK)) return policy.confirm_unknown !== false;
      const threshold = typeof policy.threshold === 'string' ? policy.threshold : 'HIGH';
      return RISK_RANK[risk] >= (RISK_RANK[threshold] ?? RISK_RANK.HIGH);
    }
    default:
      return false;
  }
}

export function needsConfirmation(actions: readonly ProposedAction[], policy: Json, securityAnalyzer: Json | null): boolean {
  if (actions.length === 0) return false;
  if (actions.length === 1 && (actions[0].tool_name === 'finish' || actions[0].tool_name === 'think')) return false;
  return actions.some((action) => policyConfirms(policy, securityAnalyzer ? action.security_risk : 'UNKNOWN'));
}
