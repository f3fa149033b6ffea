/** The page of a record, by its GraphQL type name. */
export function recordPath(typename: string, id: string): string {
  const enc = encodeURIComponent(id);
  if (typename === "Person") return `/people/${enc}`;
  if (typename === "Organization") return `/organizations/${enc}`;
  return `/`;
}
