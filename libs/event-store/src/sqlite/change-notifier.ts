/**
 * Wakes waiting subscriptions after a commit. `wait()` returns a promise settled by the next `notify()`;
 * taking it before reading means a commit that lands during the read is never missed.
 */
export class ChangeNotifier {
  private next: Promise<void>;
  private wake!: () => void;

  constructor() {
    this.next = this.fresh();
  }

  wait(): Promise<void> {
    return this.next;
  }

  notify(): void {
    const wake = this.wake;
    this.next = this.fresh();
    wake();
  }

  private fresh(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }
}
