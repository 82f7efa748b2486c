/** Per-file undo history, newest last, at most `limit` entries per file (agent.md 5.4: 10, in memory). */
export class EditHistory {
  private readonly entries = new Map<string, string[]>();

  constructor(private readonly limit = 10) {}

  push(path: string, content: string): void {
    const stack = this.entries.get(path) ?? [];
    stack.push(content);
    if (stack.length > this.limit) stack.shift();
    this.entries.set(path, stack);
  }

  pop(path: string): string | null {
    const stack = this.entries.get(path);
    const content = stack?.pop();
    if (stack && stack.length === 0) this.entries.delete(path);
    return content ?? null;
  }
}
