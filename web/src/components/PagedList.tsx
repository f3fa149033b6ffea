// One paginated list for every connection: loading, error, empty and the pager.
import type { ReactNode } from "react";
import { useQuery } from "urql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { usePager } from "./pager";
import { Pager } from "./Pager";
import { Empty, ErrorState, Loading } from "./States";

export interface ConnectionLike<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: N }[];
}

interface Props<D, V, N> {
  // the connection is re-read on every page
  query: TypedDocumentNode<D, V>;
  variables: Omit<V, "after">;
  pick(data: D): ConnectionLike<N> | null | undefined;
  children(nodes: N[]): ReactNode;
  empty: ReactNode;
  label: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function PagedList<D, V extends { [prop: string]: any }, N>({ query, variables, pick, children, empty, label }: Props<D, V, N>) {
  const pager = usePager();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query,
    variables: { ...variables, after: pager.after } as unknown as V,
    requestPolicy: "cache-and-network",
  });
  const connection = data ? pick(data) : null;
  if (error && !connection) {
    return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  }
  if (!connection) return fetching ? <Loading /> : <Empty>{empty}</Empty>;
  const nodes = connection.edges.map((e) => e.node);
  return (
    <div className="paged" aria-busy={fetching}>
      {nodes.length === 0 ? <Empty>{empty}</Empty> : children(nodes)}
      <Pager
        page={pager.page}
        total={connection.totalCount}
        hasNext={connection.pageInfo.hasNextPage}
        onNext={() => pager.next(connection.pageInfo.endCursor)}
        onPrevious={pager.previous}
        label={label}
      />
    </div>
  );
}
