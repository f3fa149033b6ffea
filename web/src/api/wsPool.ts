// Subscriptions spread over as few websockets as the server allows: it runs at most
// CRM_MAX_SUBSCRIPTIONS_PER_CONNECTION (10) subscriptions per connection, so a board
// that follows many records opens another connection when one is full.

export interface Sink<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

export interface SocketClient<P, T> {
  subscribe(payload: P, sink: Sink<T>): () => void;
  dispose(): void | Promise<void>;
}

interface Slot<P, T> {
  client: SocketClient<P, T>;
  active: number;
}

export class SocketPool<P, T> {
  private slots: Slot<P, T>[] = [];

  constructor(
    private readonly open: () => SocketClient<P, T>,
    private readonly perSocket = 8,
  ) {}

  /** How many sockets are open now. */
  get size(): number {
    return this.slots.length;
  }

  subscribe(payload: P, sink: Sink<T>): () => void {
    let slot = this.slots.find((s) => s.active < this.perSocket);
    if (!slot) {
      slot = { client: this.open(), active: 0 };
      this.slots.push(slot);
    }
    const held = slot;
    held.active += 1;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      held.active -= 1;
      // Close sockets that nothing uses any more, but keep the first one warm.
      if (held.active === 0 && this.slots.length > 1) {
        this.slots = this.slots.filter((s) => s !== held);
        void held.client.dispose();
      }
    };
    const unsubscribe = held.client.subscribe(payload, {
      next: (v) => sink.next(v),
      error: (e) => {
        release();
        sink.error(e);
      },
      complete: () => {
        release();
        sink.complete();
      },
    });
    return () => {
      unsubscribe();
      release();
    };
  }

  dispose(): void {
    for (const slot of this.slots) void slot.client.dispose();
    this.slots = [];
  }
}
