import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Test support: the reference OpenAPI document stripped of prose, kept in the repository
// (test/fixtures/contract-structure.json, made by scripts/strip-contract.ts).
const here = dirname(fileURLToPath(import.meta.url));
const contractPath = resolve(here, '../../test/fixtures/contract-structure.json');

export type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

let cached: Record<string, JsonSchema> | null | undefined;

export function contractSchemas(): Record<string, JsonSchema> | null {
  if (cached !== undefined) return cached;
  if (!existsSync(contractPath)) {
    cached = null;
    return cached;
  }
  const document = JSON.parse(readFileSync(contractPath, 'utf8')) as { components: { schemas: Record<string, JsonSchema> } };
  cached = document.components.schemas;
  return cached;
}
