// Cursor paging: the `after` cursors of the pages walked so far, so Back returns exactly.
import { useCallback, useState } from "react";

export interface PagerState {
  /** Cursors of the pages before the current one; the current page starts after the last. */
  stack: (string | null)[];
}

export const firstPage: PagerState = { stack: [null] };

export function nextPage(state: PagerState, endCursor: string | null | undefined): PagerState {
  if (!endCursor) return state;
  return { stack: [...state.stack, endCursor] };
}

export function previousPage(state: PagerState): PagerState {
  return state.stack.length > 1 ? { stack: state.stack.slice(0, -1) } : state;
}

export function currentAfter(state: PagerState): string | null {
  return state.stack[state.stack.length - 1];
}

export function usePager() {
  const [state, setState] = useState<PagerState>(firstPage);
  return {
    after: currentAfter(state),
    page: state.stack.length,
    next: useCallback((cursor: string | null | undefined) => setState((s) => nextPage(s, cursor)), []),
    previous: useCallback(() => setState(previousPage), []),
    reset: useCallback(() => setState(firstPage), []),
  };
}
