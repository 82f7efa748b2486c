/**
 * The risk an action carries once the rules have read it (design: docs/compatibility.md, "Rule-based
 * security analysis"): the higher of the LLM's own rating and the rules' verdict, so a model that
 * rates `curl … | sh` LOW still waits under ConfirmRisky. Pure.
 *
 * UNKNOWN is not comparable with the others (agent.md 6.1). Only a HIGH finding replaces it: HIGH
 * is confirmed under every ConfirmRisky policy, while MEDIUM could be confirmed *less* often than
 * UNKNOWN (threshold HIGH with confirm_unknown), and the rules must never lower caution.
 */
export type SecurityRisk = 'UNKNOWN' | 'LOW' | 'MEDIUM' | 'HIGH';

const RANK: Record<Exclude<SecurityRisk, 'UNKNOWN'>, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export function combineRisk(stated: SecurityRisk, rules: 'MEDIUM' | 'HIGH' | null): SecurityRisk {
  if (rules === null) return stated;
  if (stated === 'UNKNOWN') return rules === 'HIGH' ? 'HIGH' : 'UNKNOWN';
  return RANK[rules] > RANK[stated] ? rules : stated;
}
