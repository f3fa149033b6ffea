// The introduction workflow as the board shows it. The server decides which moves are
// legal and says why not; the board offers every other status and shows that answer.

export const STATUSES = ["REQUESTED", "BROKER_AGREED", "TARGET_AGREED", "MADE", "OUTCOME", "DECLINED", "WITHDRAWN"] as const;
export type Status = (typeof STATUSES)[number];

const ORDER: Record<Status, number> = { REQUESTED: 0, BROKER_AGREED: 1, TARGET_AGREED: 2, MADE: 3, OUTCOME: 4, DECLINED: 5, WITHDRAWN: 5 };

/** Whether the server wants a reason for this move: declining, withdrawing, going back
 * or reopening (the MoveIntroductionInput contract). */
export function needsReason(from: Status, to: Status): boolean {
  if (to === "DECLINED" || to === "WITHDRAWN") return true;
  if (from === "DECLINED" || from === "WITHDRAWN") return true;
  return ORDER[to] < ORDER[from];
}

/** The statuses a card can be moved to, the next one first. */
export function moveTargets(from: Status): Status[] {
  const next = STATUSES.find((s) => ORDER[s] === ORDER[from] + 1 && ORDER[from] < 4);
  const rest = STATUSES.filter((s) => s !== from && s !== next);
  return next ? [next, ...rest] : rest;
}
