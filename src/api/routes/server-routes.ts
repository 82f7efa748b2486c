/** Server-details routes (api.md 4) and the API documentation; none needs a key. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { staticDirectory, staticLandingPage, staticRoutes } from './static-routes.js';

const ServerInfo = Type.Object(
  {
    uptime: Type.Number(),
    idle_time: Type.Number(),
    title: Type.String({ default: 'OpenHands Agent Server' }),
    version: Type.String(),
    docs: Type.String({ default: '/docs' }),
    redoc: Type.String({ default: '/redoc' }),
  },
  { title: 'ServerInfo' },
);

const DOCS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>OpenHands Agent Server</title></head>
<body><h1>OpenHands Agent Server</h1>
<p>REST and WebSocket interface for OpenHands AI agents. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>`;

export async function serverRoutes(app: FastifyInstance): Promise<void> {
  const serverInfo = () => ({
    uptime: app.services.serverClock.uptimeSeconds(),
    idle_time: app.services.serverClock.idleSeconds(),
    title: 'OpenHands Agent Server',
    version: '1.4.1',
    docs: '/docs',
    redoc: '/redoc',
  });
  app.get('/alive', { schema: { summary: 'Alive', response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));
  app.get('/health', { schema: { summary: 'Health', response: { 200: Type.String() } } }, async (_request, reply) =>
    reply.type('application/json').send('"OK"'),
  );
  app.get('/server_info', { schema: { summary: 'Get Server Info', response: { 200: ServerInfo } } }, async () => serverInfo());
  const staticFiles = await staticDirectory(app.services.config.staticFilesPath);
  app.get('/', { schema: { summary: 'Get Server Info', response: { 200: ServerInfo } } }, async (_request, reply) =>
    staticFiles ? reply.redirect(await staticLandingPage(staticFiles), 302) : serverInfo(),
  );
  if (staticFiles) await app.register(staticRoutes, { directory: staticFiles });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
  app.get('/redoc', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
}
