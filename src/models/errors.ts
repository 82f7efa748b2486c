/**
 * A validation failure found by a normalization function, after the JSON-schema check passed
 * (cross-field rules such as the condenser size rule, or a blank LLM model). The HTTP edge turns it
 * into one 422 `ValidationError` item; `loc` is relative to the object that was normalized, so the
 * caller prefixes it (see `atLoc`) with e.g. `['body']`.
 */
export type Loc = (string | number)[];

export interface ModelValidationErrorOptions {
  loc?: Loc;
  /** pydantic-style machine code: `value_error`, `missing`, `literal_error`, ... */
  type: string;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export class ModelValidationError extends Error {
  override readonly name = 'ModelValidationError';
  readonly code = 'MODEL_VALIDATION' as const;
  readonly loc: Loc;
  readonly type: string;
  readonly input: unknown;
  readonly ctx: Record<string, unknown> | undefined;

  constructor(options: ModelValidationErrorOptions) {
    super(options.msg);
    this.loc = options.loc ?? [];
    this.type = options.type;
    this.input = options.input;
    this.ctx = options.ctx;
  }

  get msg(): string {
    return this.message;
  }

  withLocPrefix(prefix: Loc): ModelValidationError {
    return new ModelValidationError({
      loc: [...prefix, ...this.loc],
      type: this.type,
      msg: this.message,
      input: this.input,
      ctx: this.ctx,
    });
  }

  static isInstance(value: unknown): value is ModelValidationError {
    return value instanceof ModelValidationError;
  }
}

/** Runs `fn`; a `ModelValidationError` it throws gets `prefix` prepended to its `loc`. */
export function atLoc<T>(prefix: Loc, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ModelValidationError) throw error.withLocPrefix(prefix);
    throw error;
  }
}
