/**
 * Routes whose `{path}` is the whole rest of the URL, slashes included (api.md 1.7): absolute
 * paths arrive after a double slash (`/api/file/download//srv/a.txt`). They are Fastify wildcard
 * routes (`.../*`); the OpenAPI document still shows them as `{path}`, with the documentation-only
 * parts of the schema (a multipart body Fastify must not validate) added at that point.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest, FastifySchema } from 'fastify';

/** The `{path}` parameter as the contract documents it (`description` for files, `format` for git). */
export function pathParams(annotations: { description?: string; format?: string }) {
  return Type.Object({ path: Type.String({ title: 'Path', ...annotations }) });
}

/** Route `config` that documents `/prefix/*` as `/prefix/{path}`. */
export function documentedAsPathParam(params: ReturnType<typeof pathParams>, documentationOnly: Partial<FastifySchema> = {}) {
  return {
    swaggerTransform: ({ schema, url }: { schema: FastifySchema; url: string }) => ({
      url: url.replace(/\*$/, '{path}'),
      schema: { ...schema, ...documentationOnly, params },
    }),
  };
}

/** The percent-decoded rest of the URL. */
export function wildcardPath(request: FastifyRequest): string {
  return (request.params as { '*': string })['*'];
}
