/**
 * Undo actions for what was started, run newest first so that what depends on something stops
 * before it (the gateway before the subgraphs behind it, a subgraph before its database). How
 * `npm start`, the subgraphs' servers and the tests tear down.
 */
export class CleanupStack {
  private readonly actions: (() => Promise<unknown> | unknown)[] = [];

  /** Adds an action, to run before every one added earlier. */
  defer(action: () => Promise<unknown> | unknown): void {
    this.actions.push(action);
  }

  /**
   * Runs and removes every action, newest first, one at a time. One that fails does not stop
   * the others, so nothing started is left running.
   *
   * @throws AggregateError of every failure, after all of them ran.
   */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    while (this.actions.length > 0) {
      try {
        await this.actions.pop()!();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'cleanup failed');
  }
}
