import { Type, type Static } from '@sinclair/typebox';

// api.md 15.4: the only workspace accepted on input and the only one the server returns.

export const LocalWorkspaceInput = Type.Object(
  {
    kind: Type.Optional(Type.Literal('LocalWorkspace', { default: 'LocalWorkspace' })),
    working_dir: Type.String(),
  },
  { title: 'LocalWorkspace' },
);
export type LocalWorkspaceInput = Static<typeof LocalWorkspaceInput>;

/** Output documentation uses the same shape (the server always emits `kind`). */
export const LocalWorkspaceSchema = LocalWorkspaceInput;

export interface LocalWorkspace {
  kind: 'LocalWorkspace';
  working_dir: string;
}

export function normalizeWorkspace(input: LocalWorkspaceInput): LocalWorkspace {
  return { kind: 'LocalWorkspace', working_dir: input.working_dir };
}
