// Who a list may still be shared with, and whether they may be let edit it.

/** Colleagues a list may still be shared with: not its owner, not those it is shared with. */
export function shareCandidates<T extends { id: string }>(staff: readonly T[], ownerId: string | undefined, sharedWith: readonly string[]): T[] {
  const taken = new Set(sharedWith);
  return staff.filter((u) => u.id !== ownerId && !taken.has(u.id));
}

/** Analysts (and apps) read only: a share with them never lets them edit. */
export function mayBeLetEdit(role: string | undefined): boolean {
  return role !== "ANALYST" && role !== "APP";
}
