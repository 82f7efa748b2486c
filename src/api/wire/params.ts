/** Shared path/query schemas and helpers of the conversation and event routers. */
import { Type } from '@sinclair/typebox';
import { toHexId } from '../../shared/ids.js';

export const ConversationIdParams = Type.Object({
  conversation_id: Type.String({ format: 'uuid', title: 'Conversation Id' }),
});

/** Paging limit: api.md 1.6, with design.md 2.2's 422 above 100. */
export const Limit = Type.Integer({ exclusiveMinimum: 0, maximum: 100, default: 100, title: 'Limit' });

/** Ids in paths were validated by the `uuid` format, so this never fails for them. */
export function hexIdOf(conversationId: string): string {
  const hex = toHexId(conversationId);
  if (hex === null) throw new Error(`not a UUID: ${conversationId}`);
  return hex;
}

export const SuccessSchema = Type.Object({ success: Type.Boolean({ default: true }) }, { title: 'Success' });
export const SUCCESS = { success: true } as const;
