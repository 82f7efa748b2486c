/**
 * `/api/file` (api.md 9): upload and download files anywhere the server process may read or
 * write, and download a conversation's trajectory as a zip.
 */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { conversationInfo, fullStateSnapshot } from '../../conversation/index.js';
import { RequestValidationError } from '../../shared/errors.js';
import {
  WorkspaceRecordNotFoundError,
  absolutePath,
  attachmentDisposition,
  openDownload,
  trajectoryArchive,
  writeUploadedFile,
} from '../../workspace/index.js';
import { ConversationIdParams, SuccessSchema, SUCCESS, hexIdOf } from '../wire/params.js';
import { documentedAsPathParam, pathParams, wildcardPath } from './wildcard-path.js';

const FilePathParams = pathParams({ description: 'Absolute file path.' });

const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', title: 'File' }) },
  { title: 'Body_upload_file_api_file_upload__path__post' },
);

/** The multipart part named `file` goes to `target`; every other part is read and dropped. */
async function receiveUpload(request: FastifyRequest, target: string): Promise<void> {
  let received = false;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'file' && !received) {
        await writeUploadedFile(target, part.file);
        received = true;
      } else if (part.type === 'file') {
        part.file.resume();
      }
    }
  }
  if (!received) throw new RequestValidationError([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
}

export async function fileRoutes(app: FastifyInstance): Promise<void> {
  const { conversations, store, redactor } = app.services;
  const tags = ['Files'];
  // Uploads stream to disk, so they are not held to the JSON body limit (the reference has none).
  await app.register(multipart, { limits: { fileSize: Number.POSITIVE_INFINITY } });

  app.post(
    '/api/file/upload/*',
    {
      schema: { tags, summary: 'Upload File', description: 'Upload a file to the workspace.', response: { 200: SuccessSchema } },
      config: documentedAsPathParam(FilePathParams, { consumes: ['multipart/form-data'], body: UploadBody }),
    },
    async (request) => {
      await receiveUpload(request, absolutePath(wildcardPath(request)));
      return SUCCESS;
    },
  );

  app.get(
    '/api/file/download/*',
    {
      schema: { tags, summary: 'Download File', description: 'Download a file from the workspace.' },
      config: documentedAsPathParam(FilePathParams),
    },
    async (request, reply) => {
      const download = await openDownload(absolutePath(wildcardPath(request)));
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', download.size)
        .header('content-disposition', attachmentDisposition(download.fileName))
        .header('last-modified', download.modifiedAt.toUTCString())
        .header('etag', download.etag)
        .send(download.content);
    },
  );

  app.get<{ Params: { conversation_id: string } }>(
    '/api/file/download-trajectory/:conversation_id',
    {
      schema: { tags, summary: 'Download Trajectory', description: 'Download a file from the workspace.', params: ConversationIdParams },
    },
    async (request, reply) => {
      const hexId = hexIdOf(request.params.conversation_id);
      const conversation = conversations.find(hexId, request.owner);
      if (!conversation) throw new WorkspaceRecordNotFoundError();
      const archive = trajectoryArchive({
        conversationId: hexId,
        meta: conversationInfo(conversation.state),
        baseState: fullStateSnapshot(conversation.state),
        events: (function* () {
          for (const stored of store.iterateEvents(hexId)) yield stored.event;
        })(),
        redact: (text) => redactor.redact(text),
      });
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', attachmentDisposition(`${hexId}.zip`))
        .send(archive);
    },
  );
}
