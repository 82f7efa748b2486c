/** The optional VSCode and desktop routes (api.md 11), answered in their "disabled" forms by default. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Nullable, StringMap } from '../../models/index.js';
import { desktopUrl, vscodeStatus, vscodeUrl } from '../../workspace/index.js';

const UrlResponse = (title: string, description: string) => Type.Object({ url: Nullable(Type.String(), { title: 'Url' }) }, { title, description });

export async function integrationRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.services;

  app.get<{ Querystring: { base_url: string; workspace_dir: string } }>(
    '/api/vscode/url',
    {
      schema: {
        tags: ['VSCode'],
        summary: 'Get Vscode Url',
        description: 'Get the VSCode URL with authentication token.',
        querystring: Type.Object({
          base_url: Type.Optional(Type.String({ default: 'http://localhost:8001', title: 'Base Url' })),
          workspace_dir: Type.Optional(Type.String({ default: 'workspace', title: 'Workspace Dir' })),
        }),
        response: { 200: UrlResponse('VSCodeUrlResponse', 'Response model for VSCode URL.') },
      },
    },
    async (request) => vscodeUrl(config, { baseUrl: request.query.base_url, workspaceDir: request.query.workspace_dir }),
  );

  app.get(
    '/api/vscode/status',
    {
      schema: {
        tags: ['VSCode'],
        summary: 'Get Vscode Status',
        description: 'Get the VSCode server status.',
        response: { 200: StringMap(Type.Union([Type.Boolean(), Type.String()])) },
      },
    },
    async () => vscodeStatus(config),
  );

  app.get<{ Querystring: { base_url: string } }>(
    '/api/desktop/url',
    {
      schema: {
        tags: ['Desktop'],
        summary: 'Get Desktop Url',
        description: 'Get the noVNC URL for desktop access.',
        querystring: Type.Object({ base_url: Type.Optional(Type.String({ default: 'http://localhost:8002', title: 'Base Url' })) }),
        response: { 200: UrlResponse('DesktopUrlResponse', 'Response model for Desktop URL.') },
      },
    },
    async () => desktopUrl(config),
  );
}
