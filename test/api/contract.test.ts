/**
 * Structural contract test (design.md 6): our generated /openapi.json against the reference
 * contract stripped of prose (test/fixtures/contract-structure.json, made by
 * scripts/strip-contract.ts). Paths and methods, parameters, required request and response fields,
 * enum values and `kind` values must match.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';

type Schema = Record<string, any>;
const reference = JSON.parse(readFileSync(new URL('../fixtures/contract-structure.json', import.meta.url), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function resolver(document: Schema) {
  return function resolve(schema: Schema | undefined): Schema | undefined {
    let current = schema;
    const seen = new Set<string>();
    while (current && typeof current.$ref === 'string' && !seen.has(current.$ref)) {
      seen.add(current.$ref);
      current = current.$ref.split('/').slice(1).reduce((node: Schema, part: string) => node?.[part], document);
    }
    return current;
  };
}

/** The object schema behind a body or response: unwraps refs and nullable anyOf. */
function objectSchema(schema: Schema | undefined, resolve: (schema?: Schema) => Schema | undefined): Schema | undefined {
  const resolved = resolve(schema);
  if (!resolved) return undefined;
  const variants = resolved.anyOf ?? resolved.oneOf;
  if (variants && !resolved.properties) {
    const objects = variants.map((variant: Schema) => resolve(variant)).filter((variant: Schema) => variant?.properties);
    return objects.length === 1 ? objects[0] : undefined;
  }
  return resolved;
}

/** Every `kind` value reachable from a schema (following refs), i.e. the polymorphic families. */
function kindValues(schema: Schema | undefined, resolve: (schema?: Schema) => Schema | undefined, seen = new Set<object>()): Set<string> {
  const kinds = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const current = resolve(node as Schema) ?? (node as Schema);
    if (current !== node) visit(current);
    const kind = (current as Schema).properties?.kind;
    if (kind?.const) kinds.add(kind.const);
    if (Array.isArray(kind?.enum) && kind.enum.length === 1) kinds.add(kind.enum[0]);
    for (const [key, value] of Object.entries(current)) if (key !== 'discriminator') visit(value);
  };
  visit(schema);
  return kinds;
}

function enumValues(schema: Schema | undefined, resolve: (schema?: Schema) => Schema | undefined): string[] | undefined {
  const resolved = resolve(schema);
  if (!resolved) return undefined;
  if (Array.isArray(resolved.enum)) return [...resolved.enum].sort();
  for (const variant of resolved.anyOf ?? resolved.oneOf ?? []) {
    const values = enumValues(variant, resolve);
    if (values) return values;
  }
  return undefined;
}

function bodySchema(operation: Schema): Schema | undefined {
  const content = operation.requestBody?.content ?? {};
  return (content['application/json'] ?? content['multipart/form-data'])?.schema;
}

describe('OpenAPI contract', () => {
  let server: TestServer;
  let ours: Schema;
  before(async () => {
    server = await startServer();
    ours = (await server.request('GET', '/openapi.json')).body;
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  const operations: [string, string, Schema][] = [];
  for (const [path, item] of Object.entries(reference.paths as Record<string, Schema>)) {
    for (const method of METHODS) if (item[method]) operations.push([path, method, item[method]]);
  }

  test('every reference path and method exists', () => {
    const missing = operations.filter(([path, method]) => !ours.paths[path]?.[method]).map(([path, method]) => `${method.toUpperCase()} ${path}`);
    assert.deepEqual(missing, []);
  });

  test('parameters: same names, places, required flags and enum values', () => {
    const resolveReference = resolver(reference);
    const resolveOurs = resolver(ours);
    const problems: string[] = [];
    for (const [path, method, operation] of operations) {
      const ourOperation = ours.paths[path]?.[method];
      if (!ourOperation) continue;
      for (const parameter of operation.parameters ?? []) {
        const mine = (ourOperation.parameters ?? []).find((candidate: Schema) => candidate.name === parameter.name && candidate.in === parameter.in);
        const where = `${method.toUpperCase()} ${path} ${parameter.in}.${parameter.name}`;
        if (!mine) {
          problems.push(`${where} missing`);
          continue;
        }
        if (Boolean(mine.required) !== Boolean(parameter.required)) problems.push(`${where} required ${mine.required} != ${parameter.required}`);
        const expected = enumValues(parameter.schema, resolveReference);
        if (expected && JSON.stringify(enumValues(mine.schema, resolveOurs)) !== JSON.stringify(expected)) problems.push(`${where} enum differs`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('request bodies: same required fields and the same kind values', () => {
    const resolveReference = resolver(reference);
    const resolveOurs = resolver(ours);
    const problems: string[] = [];
    for (const [path, method, operation] of operations) {
      const expected = bodySchema(operation);
      if (!expected) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const mine = bodySchema(ours.paths[path]?.[method] ?? {});
      if (!mine) {
        problems.push(`${where}: no request body`);
        continue;
      }
      const expectedObject = objectSchema(expected, resolveReference);
      const ourObject = objectSchema(mine, resolveOurs);
      if (expectedObject?.properties) {
        const required = [...(expectedObject.required ?? [])].sort();
        const ourRequired = [...(ourObject?.required ?? [])].sort();
        if (JSON.stringify(required) !== JSON.stringify(ourRequired)) problems.push(`${where}: required ${ourRequired} != ${required}`);
      }
      const kinds = [...kindValues(expected, resolveReference)].sort();
      const ourKinds = [...kindValues(mine, resolveOurs)].sort();
      const absent = kinds.filter((kind) => !ourKinds.includes(kind));
      if (absent.length) problems.push(`${where}: kinds not accepted: ${absent.join(', ')}`);
    }
    assert.deepEqual(problems, []);
  });

  test('success responses: same status codes and required fields', () => {
    const resolveReference = resolver(reference);
    const resolveOurs = resolver(ours);
    const problems: string[] = [];
    for (const [path, method, operation] of operations) {
      const ourOperation = ours.paths[path]?.[method];
      if (!ourOperation) continue;
      for (const [status, response] of Object.entries(operation.responses as Record<string, Schema>)) {
        if (!status.startsWith('2')) continue;
        const where = `${method.toUpperCase()} ${path} ${status}`;
        const mine = ourOperation.responses?.[status];
        if (!mine) {
          problems.push(`${where}: not documented`);
          continue;
        }
        const expected = objectSchema(response.content?.['application/json']?.schema, resolveReference);
        const ourSchema = objectSchema(mine.content?.['application/json']?.schema, resolveOurs);
        if (expected?.properties && expected.required) {
          const missing = expected.required.filter((field: string) => !(ourSchema?.required ?? []).includes(field));
          if (missing.length) problems.push(`${where}: required fields missing: ${missing.join(', ')}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test('models are shared components; kind unions are oneOf with a kind discriminator', () => {
    const schemas = ours.components.schemas as Record<string, Schema>;
    for (const name of ['ConversationInfo', 'Agent', 'LLM', 'TerminalAction', 'ActionEvent', 'Event', 'Action', 'Observation']) assert.ok(schemas[name], name);
    const action = schemas.Action;
    assert.equal(action.discriminator.propertyName, 'kind');
    assert.ok(action.oneOf.length >= 5);
    for (const variant of action.oneOf) {
      const target = schemas[variant.$ref.split('/').at(-1)];
      assert.equal(target.type, 'object');
      assert.equal(target.title, variant.$ref.split('/').at(-1));
      assert.equal(target.properties.kind.const ?? target.properties.kind.enum?.[0], target.title);
      assert.equal(action.discriminator.mapping[target.title], variant.$ref);
    }
    const info = ours.paths['/api/conversations/{conversation_id}'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(info, { $ref: '#/components/schemas/ConversationInfo' });
    const text = JSON.stringify(ours);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(schemas[name], `dangling $ref ${name}`);
  });
});
