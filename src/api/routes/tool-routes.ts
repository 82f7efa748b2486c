/** `/api/tools/` (api.md 7.1): the registry names usable in `agent.tools[].name`. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listToolNames } from '../../tools/index.js';

export async function toolRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/tools/',
    { schema: { tags: ['Tools'], summary: 'List Available Tools', response: { 200: Type.Array(Type.String()) } } },
    async () => listToolNames(),
  );
}
