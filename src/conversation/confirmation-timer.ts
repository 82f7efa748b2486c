/**
 * Extension (docs/compatibility.md): an optional time limit on `waiting_for_confirmation`, so an
 * unattended run never waits forever. The timer runs while the conversation waits, stops at any
 * decision (accept, reject, a new run), and after a restart counts from the conversation's last
 * change, which is never earlier than the moment it started waiting: the limit can only be longer
 * than configured, never shorter.
 */
export interface ConfirmationTimeout {
  seconds: number;
  /** What happens when no one decided in time. */
  decision: 'reject' | 'accept';
}

export function confirmationTimeoutReason(seconds: number): string {
  return `Timed out: no confirmation within ${seconds} seconds, so the action was rejected automatically.`;
}

export class ConfirmationTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: ConfirmationTimeout | null,
    private readonly onTimeout: () => void,
  ) {}

  /** Arms the timer for the time left since `sinceMs` while waiting; disarms it otherwise. */
  sync(isWaiting: boolean, sinceMs: number): void {
    this.clear();
    if (!isWaiting || this.settings === null) return;
    const left = Number.isFinite(sinceMs) ? sinceMs + this.settings.seconds * 1000 - Date.now() : this.settings.seconds * 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onTimeout();
    }, Math.max(0, left));
    // A waiting conversation must not keep the process alive on its own.
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
