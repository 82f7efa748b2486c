/**
 * The tool contract. A tool is defined once (schema, description, executor, renderer) and
 * instantiated per conversation (a terminal keeps its shell between calls).
 * `tools/` never imports `agent/`, `conversation/` or `llm/` (style.md 2.2).
 */

export type Json = Record<string, unknown>;

/** What a tool may use from its conversation; passed in, never looked up globally. */
export interface ToolContext {
  conversationId: string;
  /** The workspace directory (absolute). */
  workingDir: string;
  /**
   * The conversation's persistence directory (`<conversations>/<id>`). Tools keep their files under
   * it: full terminal outputs in `observations/`, the task list in `TASKS.json`. Empty string: none.
   */
  persistenceDir: string;
  signal: AbortSignal;
  /**
   * Secrets of the conversation (agent.md 10.3): the environment variables to export for a command
   * that mentions them, and a masker that hides their values in any text the tool returns.
   */
  secrets: {
    environmentFor(command: string): Promise<Record<string, string>>;
    mask(text: string): string;
  };
}

export interface TextContentItem {
  cache_prompt: boolean;
  type: 'text';
  text: string;
}

export interface ImageContentItem {
  cache_prompt: boolean;
  type: 'image';
  image_urls: string[];
}

export type ContentItem = TextContentItem | ImageContentItem;

/** The observation object stored in `ObservationEvent.observation` (kind first, content, is_error, ...). */
export interface Observation extends Json {
  kind: string;
  content: ContentItem[] | Json[];
  is_error: boolean;
}

export type ParseResult = { ok: true; action: Json } | { ok: false; error: string };

/** A tool as one conversation uses it. */
export interface ToolInstance {
  /** The name the LLM sees and calls (`terminal`, `file_editor`, `finish`, ...). */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments, without `security_risk` (the agent adds it when needed). */
  readonly parameters: Json;
  /** Read-only tools never need confirmation and take no `security_risk` argument. */
  readonly isReadOnly: boolean;
  /** Validates arguments and builds the `action` object (with its `kind`, every field present). */
  parseArguments(raw: unknown): ParseResult;
  /** Runs the action. Expected failures come back as an observation with `is_error: true`. */
  execute(action: Json, context: ToolContext): Promise<Observation>;
  /**
   * What the LLM reads for an observation of this tool (agent.md 5.3 `to_llm_content`): the error
   * header, the terminal's metadata lines and its 30,000-character truncation. The stored
   * observation keeps the plain result (a terminal's `content` is its output only). Pure.
   */
  toLlmContent?(observation: Observation): ContentItem[];
  /** Frees resources (the terminal's shell). */
  close?(): Promise<void>;
}

/** What a tool may know when it is created (descriptions name the working directory). */
export interface ToolCreateOptions {
  workingDir?: string;
  /**
   * The agent's LLM is sent images (its model has vision and `disable_vision` is not set, agent.md
   * 11.2). Off by default: descriptions then promise no images (the file editor's, 5.4).
   */
  vision?: boolean;
}

/** A registered tool: makes instances for a conversation from the agent's `tools[].params`. */
export interface ToolDefinition {
  /** Registry name (`terminal`, `file_editor`, `task_tracker`, `glob`, `grep`, `planning_file_editor`). */
  readonly registryName: string;
  /**
   * The `params` keys a tool spec may carry (agent.md 5.1; most tools take none). The registry
   * refuses any other key before calling `create` (2.1 step 3.1), so `create` reads only these.
   */
  readonly acceptedParams: readonly string[];
  create(params: Json, options?: ToolCreateOptions): ToolInstance[];
}
