/** Process uptime and the time since the last conversation event (api.md 4.3 `idle_time`). */
export class ServerClock {
  private readonly startedAt = Date.now();
  private lastEventAt = this.startedAt;

  touch(): void {
    this.lastEventAt = Date.now();
  }

  uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }

  idleSeconds(): number {
    return Math.floor((Date.now() - this.lastEventAt) / 1000);
  }
}
