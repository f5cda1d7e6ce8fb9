/** Undo actions run newest first, all of them even when one fails, so nothing leaks between files. */
export class CleanupStack {
  private readonly actions: (() => Promise<unknown> | unknown)[] = [];

  defer(action: () => Promise<unknown> | unknown): void {
    this.actions.push(action);
  }

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
