/**
 * Produces `test/fixtures/contract-structure.json` from the reference OpenAPI document: the same
 * paths, methods, parameters, bodies, responses and schemas, with every piece of prose (titles,
 * descriptions, summaries, examples) removed. The contract test compares our /openapi.json with it.
 *
 *   npx tsx scripts/strip-contract.ts ../shared/contract/agent-server.openapi.json
 */
import { readFileSync, writeFileSync } from 'node:fs';

const PROSE_KEYS = new Set(['title', 'description', 'summary', 'examples', 'example', 'operationId', 'tags', 'info', 'servers']);

/** `isPropertyMap`: the keys are field names (a schema's `properties`), never prose. */
function strip(value: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => strip(item));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!isPropertyMap && PROSE_KEYS.has(key)) continue;
    result[key] = strip(inner, !isPropertyMap && key === 'properties');
  }
  return result;
}

const source = process.argv[2] ?? '../shared/contract/agent-server.openapi.json';
const contract = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
const stripped = strip({ openapi: contract.openapi, paths: contract.paths, components: contract.components });
writeFileSync('test/fixtures/contract-structure.json', `${JSON.stringify(stripped, null, 1)}\n`);
