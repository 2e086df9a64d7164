/**
 * Ctrl-C for long commands (`run`; later `shrink`, `explore`): while `watch` is active, SIGINT
 * only sets a flag, and the command checks it between units of work (a run is synchronous, so
 * the signal is seen when the current one ends), prints what it finished and how to resume, and
 * exits 130 (128 + SIGINT, as shells report it).
 */
export class Interrupt {
  private pending = false;
  private readonly onSignal = (): void => {
    this.pending = true;
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
    return this.pending;
  }

  stop(): void {
    process.off('SIGINT', this.onSignal);
  }
}

export const EXIT_INTERRUPTED = 130;
