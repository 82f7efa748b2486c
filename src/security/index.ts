export { combineRisk, type SecurityRisk } from './combine-risk.js';
export type { PathContext } from './paths.js';
export { analyzeAction, findingsRisk, type ActionToAnalyze, type RuleFinding, type RuleRisk } from './rule-analyzer.js';
