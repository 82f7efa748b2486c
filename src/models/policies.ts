import { Type, type Static } from '@sinclair/typebox';
import { ModelValidationError } from './errors.js';
import { kindUnion } from './kind-union.js';
import { StringEnum } from './schema-helpers.js';

// api.md 15.5 and 15.6.

export const AlwaysConfirm = Type.Object(
  { kind: Type.Optional(Type.Literal('AlwaysConfirm', { default: 'AlwaysConfirm' })) },
  { title: 'AlwaysConfirm' },
);

// `UNKNOWN` is a SecurityRisk but not an acceptable threshold (the reference rejects it with 422).
export const CONFIRM_RISKY_THRESHOLDS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type ConfirmRiskyThreshold = (typeof CONFIRM_RISKY_THRESHOLDS)[number];

export const ConfirmRisky = Type.Object(
  {
    kind: Type.Optional(Type.Literal('ConfirmRisky', { default: 'ConfirmRisky' })),
    threshold: Type.Optional(StringEnum(CONFIRM_RISKY_THRESHOLDS, { default: 'HIGH' })),
    confirm_unknown: Type.Optional(Type.Boolean({ default: true })),
  },
  { title: 'ConfirmRisky' },
);

export const NeverConfirm = Type.Object(
  { kind: Type.Optional(Type.Literal('NeverConfirm', { default: 'NeverConfirm' })) },
  { title: 'NeverConfirm' },
);

export const ConfirmationPolicy = kindUnion('ConfirmationPolicyBase', [AlwaysConfirm, ConfirmRisky, NeverConfirm]);
export type ConfirmationPolicyInput = Static<typeof ConfirmationPolicy>;

export type ConfirmationPolicy =
  | { kind: 'AlwaysConfirm' }
  | { kind: 'NeverConfirm' }
  | { kind: 'ConfirmRisky'; threshold: ConfirmRiskyThreshold; confirm_unknown: boolean };

export const DEFAULT_CONFIRMATION_POLICY: ConfirmationPolicy = { kind: 'NeverConfirm' };

export function normalizeConfirmationPolicy(input: ConfirmationPolicyInput): ConfirmationPolicy {
  switch (input.kind) {
    case 'AlwaysConfirm':
      return { kind: 'AlwaysConfirm' };
    case 'NeverConfirm':
      return { kind: 'NeverConfirm' };
    case 'ConfirmRisky': {
      const threshold: unknown = input.threshold ?? 'HIGH';
      if (!CONFIRM_RISKY_THRESHOLDS.includes(threshold as ConfirmRiskyThreshold)) {
        throw new ModelValidationError({
          loc: ['threshold'],
          type: 'value_error',
          msg: 'Value error, threshold must be one of LOW, MEDIUM, HIGH',
          input: threshold,
        });
      }
      return { kind: 'ConfirmRisky', threshold: threshold as ConfirmRiskyThreshold, confirm_unknown: input.confirm_unknown ?? true };
    }
  }
}

/*
 * Security analyzers: a single concrete kind today, so `kind` is optional and `{}` means
 * LLMSecurityAnalyzer (api.md 5.12). To add a kind (e.g. a rule-based analyzer), turn
 * `SecurityAnalyzer` into a `kindUnion` of the branches and extend the switch below.
 */
export const SECURITY_ANALYZER_KINDS = ['LLMSecurityAnalyzer'] as const;
export type SecurityAnalyzerKind = (typeof SECURITY_ANALYZER_KINDS)[number];

export const LLMSecurityAnalyzer = Type.Object(
  { kind: Type.Optional(Type.Literal('LLMSecurityAnalyzer', { default: 'LLMSecurityAnalyzer' })) },
  { title: 'LLMSecurityAnalyzer' },
);

export const SecurityAnalyzer = LLMSecurityAnalyzer;
export type SecurityAnalyzerInput = Static<typeof SecurityAnalyzer>;
export type SecurityAnalyzer = { kind: 'LLMSecurityAnalyzer' };

export function normalizeSecurityAnalyzer(input: SecurityAnalyzerInput): SecurityAnalyzer {
  const kind: string = input.kind ?? 'LLMSecurityAnalyzer';
  switch (kind) {
    case 'LLMSecurityAnalyzer':
      return { kind: 'LLMSecurityAnalyzer' };
    default:
      throw new ModelValidationError({
        loc: ['kind'],
        type: 'literal_error',
        msg: `Input should be ${SECURITY_ANALYZER_KINDS.map((name) => `'${name}'`).join(' or ')}`,
        input: kind,
      });
  }
}
