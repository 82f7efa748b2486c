import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { needsConfirmation, type ProposedAction } from './confirmation.js';

const terminal = (risk: string): ProposedAction => ({ tool_name: 'terminal', security_risk: risk });
const analyzer = { kind: 'LLMSecurityAnalyzer' };
const risky = (threshold: string, confirmUnknown = true) => ({ kind: 'ConfirmRisky', threshold, confirm_unknown: confirmUnknown });

const cases: [string, ProposedAction[], Record<string, unknown>, Record<string, unknown> | null, boolean][] = [
  ['NeverConfirm never waits', [terminal('HIGH')], { kind: 'NeverConfirm' }, analyzer, false],
  ['AlwaysConfirm waits', [terminal('LOW')], { kind: 'AlwaysConfirm' }, null, true],
  ['no actions never wait', [], { kind: 'AlwaysConfirm' }, null, false],
  ['a lone finish never waits', [{ tool_name: 'finish', security_risk: 'UNKNOWN' }], { kind: 'AlwaysConfirm' }, null, false],
  ['a lone think never waits', [{ tool_name: 'think', security_risk: 'UNKNOWN' }], { kind: 'AlwaysConfirm' }, null, false],
  ['two thinks wait under AlwaysConfirm', [{ tool_name: 'think', security_risk: 'UNKNOWN' }, { tool_name: 'think', security_risk: 'UNKNOWN' }], { kind: 'AlwaysConfirm' }, null, true],
  ['ConfirmRisky: LOW below HIGH runs', [terminal('LOW')], risky('HIGH'), analyzer, false],
  ['ConfirmRisky: HIGH at HIGH waits', [terminal('HIGH')], risky('HIGH'), analyzer, true],
  ['ConfirmRisky: MEDIUM at threshold MEDIUM waits', [terminal('MEDIUM')], risky('MEDIUM'), analyzer, true],
  ['ConfirmRisky: one risky action in a batch makes it wait', [terminal('LOW'), terminal('HIGH')], risky('HIGH'), analyzer, true],
  ['ConfirmRisky: UNKNOWN waits when confirm_unknown', [terminal('UNKNOWN')], risky('HIGH'), analyzer, true],
  ['ConfirmRisky: UNKNOWN runs without confirm_unknown', [terminal('UNKNOWN')], risky('HIGH', false), analyzer, false],
  ['ConfirmRisky without analyzer: a stated LOW is UNKNOWN and waits', [terminal('LOW')], risky('HIGH'), null, true],
];

describe('needsConfirmation', () => {
  for (const [name, actions, policy, securityAnalyzer, expected] of cases) {
    test(name, () => assert.equal(needsConfirmation(actions, policy, securityAnalyzer), expected));
  }
});
