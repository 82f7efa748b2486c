import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Test support: an Ajv instance configured as Fastify's request validator is (see the models brief).
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

export function createFastifyLikeAjv() {
  const ajv = new Ajv({
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    discriminator: true,
    verbose: true,
    strict: false,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

export interface ValidationOutcome {
  valid: boolean;
  /** the (possibly defaulted/coerced) data after validation */
  data: unknown;
  errors: ErrorObject[];
}

export function compile(schema: object): (data: unknown) => ValidationOutcome {
  const validate: ValidateFunction = createFastifyLikeAjv().compile(schema);
  return (input: unknown) => {
    const data = structuredClone(input);
    const valid = validate(data);
    return { valid, data, errors: validate.errors ? [...validate.errors] : [] };
  };
}
