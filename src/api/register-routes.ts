/**
 * Every router, in its scope: the socket routes authenticate on their own (api.md 2.3); everything
 * under `/api` sits behind the session-key hook (api.md 2.2).
 */
import type { FastifyInstance } from 'fastify';
import { makeAuthHook } from './auth.js';
import { rejectMissingGetBody } from './get-body.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { toolRoutes } from './routes/tool-routes.js';
import { socketRoutes, sseRoutes } from './streams/stream-routes.js';
import { bashRoutes } from './routes/bash-routes.js';
import { fileRoutes } from './routes/file-routes.js';
import { gitRoutes } from './routes/git-routes.js';
import { integrationRoutes } from './routes/integration-routes.js';
import { bashSocketRoutes } from './streams/bash-socket.js';

export async function registerApiRoutes(app: FastifyInstance): Promise<void> {
  app.decorateRequest('owner', undefined);
  await app.register(socketRoutes);
  await app.register(bashSocketRoutes);
  await app.register(async (api) => {
    api.addHook('preValidation', makeAuthHook(app.services.config.sessionApiKeys));
    api.addHook('preValidation', rejectMissingGetBody);
    await api.register(conversationRoutes);
    await api.register(eventRoutes);
    await api.register(toolRoutes);
    await api.register(sseRoutes);
    // Workspace routers (bash, files, git, vscode/desktop) are registered below this line.
    await api.register(bashRoutes);
    await api.register(fileRoutes);
    await api.register(gitRoutes);
    await api.register(integrationRoutes);
  });
}
