/**
 * Every router, in its scope: the socket routes authenticate on their own (api.md 2.3); everything
 * under `/api` sits behind the session-key hook (api.md 2.2).
 */
import type { FastifyInstance } from 'fastify';
import { makeAuthHook } from './auth.js';
import { rejectMissingGetBody } from './get-body.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { socketRoutes, sseRoutes } from './streams/stream-routes.js';

export async function registerApiRoutes(app: FastifyInstance): Promise<void> {
  app.decorateRequest('owner', undefined);
  await app.register(socketRoutes);
  await app.register(async (api) => {
    api.addHook('preValidation', makeAuthHook(app.services.config.sessionApiKeys));
    api.addHook('preValidation', rejectMissingGetBody);
    await api.register(conversationRoutes);
    await api.register(eventRoutes);
    await api.register(sseRoutes);
    // Workspace routers (bash, files, git, vscode/desktop) are registered below this line.
  });
}
