// The urql client: queries and mutations over HTTP with the session cookie, subscriptions
// over graphql-transport-ws; a lost session sends the user to sign in.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import type { CombinedError } from "urql";
import { createClient as createWsClient } from "graphql-ws";
import type { ExecutionResult } from "graphql";
import { SocketPool } from "./wsPool";

/** True when an error says the session is gone (HTTP 401 or UNAUTHENTICATED). */
export function isUnauthenticated(error: CombinedError): boolean {
  const response = error.response as Response | undefined;
  if (response?.status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
}

function socketUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/graphql`;
}

interface WsPayload {
  query: string;
  variables?: Record<string, unknown>;
}

export function createApiClient(onUnauthenticated: () => void): Client {
  const pool = new SocketPool<WsPayload, ExecutionResult>(() => {
    const ws = createWsClient({ url: socketUrl(), lazy: true, retryAttempts: 5 });
    return {
      subscribe: (payload, sink) => ws.subscribe(payload, sink),
      dispose: () => ws.dispose(),
    };
  });
  return new Client({
    url: "/graphql",
    fetchOptions: { credentials: "same-origin" },
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { query: request.query ?? "", variables: request.variables };
          return {
            subscribe(sink) {
              const unsubscribe = pool.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
