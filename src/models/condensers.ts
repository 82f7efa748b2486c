import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ModelValidationError, atLoc } from './errors.js';
import { kindUnion, unexpectedKindMessage } from './kind-union.js';
import { LlmInput, LlmSchema, maskLlm, normalizeLlm, type Llm } from './llm.js';
import { isPlainObject } from './schema-helpers.js';

// api.md 15.7.

export const CONDENSER_BASE = 'CondenserBase';
export const CONDENSER_KINDS = ['LLMSummarizingCondenser', 'NoOpCondenser', 'PipelineCondenser'] as const;

const noOpCondenser = Type.Object(
  { kind: Type.Optional(Type.Literal('NoOpCondenser', { default: 'NoOpCondenser' })) },
  { title: 'NoOpCondenser' },
);

function summarizingCondenser<T extends TSchema>(llm: T) {
  return Type.Object(
    {
      kind: Type.Optional(Type.Literal('LLMSummarizingCondenser', { default: 'LLMSummarizingCondenser' })),
      llm,
      max_size: Type.Optional(Type.Integer({ exclusiveMinimum: 0, default: 120 })),
      keep_first: Type.Optional(Type.Integer({ minimum: 0, default: 4 })),
    },
    { title: 'LLMSummarizingCondenser' },
  );
}

function pipelineCondenser<T extends TSchema>(items: T) {
  return Type.Object(
    {
      kind: Type.Optional(Type.Literal('PipelineCondenser', { default: 'PipelineCondenser' })),
      condensers: Type.Array(items),
    },
    { title: 'PipelineCondenser' },
  );
}

/*
 * The family is recursive. Branches must stay inline for Ajv's discriminator, so the schema is
 * unrolled: a pipeline's members are fully checked, and a pipeline nested in a pipeline only has
 * its members' `kind` checked here; `normalizeCondenser` validates the rest.
 */
const loosePipeline = pipelineCondenser(Type.Object({ kind: Type.String() }));

function condenserUnion<T extends TSchema>(llm: T) {
  const nested = kindUnion(CONDENSER_BASE, [summarizingCondenser(llm), noOpCondenser, loosePipeline]);
  return kindUnion(CONDENSER_BASE, [summarizingCondenser(llm), noOpCondenser, pipelineCondenser(nested)]);
}

export const CondenserInput = condenserUnion(LlmInput);
export type CondenserInput = Static<typeof CondenserInput>;

/** The condenser as documented in responses. */
export const CondenserSchema = condenserUnion(LlmSchema);

export interface NoOpCondenser {
  kind: 'NoOpCondenser';
}

export interface LLMSummarizingCondenser {
  kind: 'LLMSummarizingCondenser';
  llm: Llm;
  max_size: number;
  keep_first: number;
}

export interface PipelineCondenser {
  kind: 'PipelineCondenser';
  condensers: Condenser[];
}

export type Condenser = NoOpCondenser | LLMSummarizingCondenser | PipelineCondenser;

function readInteger(options: { value: unknown; field: string; fallback: number; minimum: number; exclusive: boolean }): number {
  const { value, field, fallback, minimum, exclusive } = options;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ModelValidationError({ loc: [field], type: 'int_type', msg: 'Input should be a valid integer', input: value });
  }
  if (exclusive ? value <= minimum : value < minimum) {
    throw exclusive
      ? new ModelValidationError({ loc: [field], type: 'greater_than', msg: `Input should be greater than ${minimum}`, input: value, ctx: { gt: minimum } })
      : new ModelValidationError({
          loc: [field],
          type: 'greater_than_equal',
          msg: `Input should be greater than or equal to ${minimum}`,
          input: value,
          ctx: { ge: minimum },
        });
  }
  return value;
}

function normalizeSummarizing(input: Record<string, unknown>): LLMSummarizingCondenser {
  if (!isPlainObject(input.llm)) {
    const missing = input.llm === undefined;
    throw new ModelValidationError({
      loc: ['llm'],
      type: missing ? 'missing' : 'model_type',
      msg: missing ? 'Field required' : 'Input should be a valid dictionary or instance of LLM',
      input: missing ? input : input.llm,
    });
  }
  const llmInput = input.llm as LlmInput;
  const llm = atLoc(['llm'], () => normalizeLlm(llmInput));
  const maxSize = readInteger({ value: input.max_size, field: 'max_size', fallback: 120, minimum: 0, exclusive: true });
  const keepFirst = readInteger({ value: input.keep_first, field: 'keep_first', fallback: 4, minimum: 0, exclusive: false });
  // The summary replaces the middle of the history: keep_first events plus the summary must leave
  // room below half of max_size.
  if (Math.floor(maxSize / 2) - keepFirst - 1 <= 0) {
    throw new ModelValidationError({
      type: 'value_error',
      msg: `Value error, keep_first (${keepFirst}) is too large for max_size (${maxSize}): max_size // 2 - keep_first - 1 must be greater than 0`,
      input,
    });
  }
  return { kind: 'LLMSummarizingCondenser', llm, max_size: maxSize, keep_first: keepFirst };
}

/**
 * Validates what the schema could not (the size rule, a blank LLM model, members of nested
 * pipelines) and fills defaults. Throws `ModelValidationError` with `loc` relative to `input`.
 */
export function normalizeCondenser(input: unknown): Condenser {
  if (!isPlainObject(input)) {
    throw new ModelValidationError({ type: 'model_type', msg: `Input should be an object (${CONDENSER_BASE})`, input });
  }
  const kind = input.kind;
  switch (kind) {
    case 'NoOpCondenser':
      return { kind: 'NoOpCondenser' };
    case 'LLMSummarizingCondenser':
      return normalizeSummarizing(input);
    case 'PipelineCondenser': {
      if (!Array.isArray(input.condensers)) {
        throw new ModelValidationError({ loc: ['condensers'], type: 'list_type', msg: 'Input should be a valid list', input: input.condensers });
      }
      const condensers = input.condensers.map((member: unknown, index) => atLoc(['condensers', index], () => normalizeCondenser(member)));
      return { kind: 'PipelineCondenser', condensers };
    }
    case undefined:
      throw new ModelValidationError({ loc: ['kind'], type: 'missing', msg: 'Field required', input });
    default:
      throw new ModelValidationError({
        type: 'value_error',
        msg: `Value error, ${unexpectedKindMessage({ title: CONDENSER_BASE, kinds: CONDENSER_KINDS, kind })}`,
        input,
      });
  }
}

/** Masks the LLM secrets of every summarizing condenser, through nested pipelines. */
export function maskCondenser(condenser: Condenser): Condenser {
  switch (condenser.kind) {
    case 'NoOpCondenser':
      return { kind: 'NoOpCondenser' };
    case 'LLMSummarizingCondenser':
      return { ...condenser, llm: maskLlm(condenser.llm) };
    case 'PipelineCondenser':
      return { kind: 'PipelineCondenser', condensers: condenser.condensers.map(maskCondenser) };
  }
}

/** Every LLM inside a condenser, depth first (the LLM registry and stats need them). */
export function condenserLlms(condenser: Condenser | null): Llm[] {
  if (!condenser) return [];
  if (condenser.kind === 'LLMSummarizingCondenser') return [condenser.llm];
  if (condenser.kind === 'PipelineCondenser') return condenser.condensers.flatMap(condenserLlms);
  return [];
}
