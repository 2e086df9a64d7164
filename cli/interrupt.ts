/**
 * Ctrl-C for long commands (`run`; later `shrink`, `explore`): while `watch` is active, SIGINT
 * only sets a flag, and the command checks it between units of work (a run is synchronous, so
 * the signal is seen when the current one ends), prints what it finished and how to resume, and
 * exits 130 (128 + SIGINT, as shells report it).
 */
export class Interrupt {
  private signalled = false;
  private readonly onSignal = (): void => {
    this.signalled = true;
  };

  /** Starts catching SIGINT; call `stop()` when the work is over. */
  static watch(): Interrupt {
    const i = new Interrupt();
    process.on('SIGINT', i.onSignal);
    return i;
  }

  /** Lets a pending signal be delivered (the event loop turns once), then says if one came. */
  async requested(): Promise<boolean> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.signalled;
  }

  stop(): void {
    process.off('SIGINT', this.onSignal);
  }

  /** A signal has come (seen once the event loop has turned; workers' messages turn it). */
  get pending(): boolean {
    return this.signalled;
  }
}

export const EXIT_INTERRUPTED = 130;
