import { describe, expect, it } from "vitest";
import { SocketPool } from "./wsPool";
import type { Sink, SocketClient } from "./wsPool";

function fakeSocket() {
  const sinks = new Set<Sink<number>>();
  let disposed = false;
  const client: SocketClient<string, number> = {
    subscribe(_payload, sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    dispose() {
      disposed = true;
    },
  };
  return { client, sinks, isDisposed: () => disposed };
}

describe("SocketPool", () => {
  it("opens another socket only when one is full", () => {
    const sockets: ReturnType<typeof fakeSocket>[] = [];
    const pool = new SocketPool(() => {
      const s = fakeSocket();
      sockets.push(s);
      return s.client;
    }, 2);
    const sink = { next() {}, error() {}, complete() {} };
    const offs = [pool.subscribe("a", sink), pool.subscribe("b", sink), pool.subscribe("c", sink)];
    expect(pool.size).toBe(2);
    expect(sockets[0].sinks.size).toBe(2);
    expect(sockets[1].sinks.size).toBe(1);
    offs[2]();
    expect(pool.size).toBe(1);
    expect(sockets[1].isDisposed()).toBe(true);
  });

  it("frees the place of a subscription that completes", () => {
    const s = fakeSocket();
    const pool = new SocketPool(() => s.client, 1);
    const got: number[] = [];
    pool.subscribe("a", { next: (v) => got.push(v), error() {}, complete() {} });
    const [sink] = [...s.sinks];
    sink.next(7);
    sink.complete();
    pool.subscribe("b", { next() {}, error() {}, complete() {} });
    expect(got).toEqual([7]);
    expect(pool.size).toBe(1);
  });
});
