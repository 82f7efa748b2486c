/**
 * `/api/git` (api.md 10). `{path}` is the rest of the URL; a relative one is resolved against the
 * server's working directory, as in the reference.
 */
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Nullable, StringEnum } from '../../models/index.js';
import { GIT_CHANGE_STATUSES, gitChanges, gitDiff } from '../../workspace/index.js';
import { documentedAsPathParam, pathParams, wildcardPath } from './wildcard-path.js';

const GitChangeSchema = Type.Object(
  { status: StringEnum(GIT_CHANGE_STATUSES, { title: 'GitChangeStatus' }), path: Type.String({ format: 'path', title: 'Path' }) },
  { title: 'GitChange' },
);

const GitDiffSchema = Type.Object(
  { modified: Nullable(Type.String(), { title: 'Modified' }), original: Nullable(Type.String(), { title: 'Original' }) },
  { title: 'GitDiff' },
);

const GitPathParams = pathParams({ format: 'path' });

export async function gitRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Git'];

  app.get(
    '/api/git/changes/*',
    {
      schema: { tags, summary: 'Git Changes', response: { 200: Type.Array(GitChangeSchema) } },
      config: documentedAsPathParam(GitPathParams),
    },
    async (request) => gitChanges(path.resolve(wildcardPath(request))),
  );

  app.get(
    '/api/git/diff/*',
    {
      schema: { tags, summary: 'Git Diff', response: { 200: GitDiffSchema } },
      config: documentedAsPathParam(GitPathParams),
    },
    async (request) => gitDiff(path.resolve(wildcardPath(request))),
  );
}
