"""Failed sign-ins, counted per username and per client address, to slow password guessing.

Both the `login` mutation and `POST /auth/session` ask `SignInThrottle.wait` before they
verify a password and report each outcome. A username that failed `per_user` times within
`window` seconds is refused until its oldest failure ages out (a sliding window), so an
attacker gets a handful of guesses per account per quarter hour; an address that failed
`per_address` times is refused the same way, whatever usernames it tries. A success
forgets the username's failures. The counts live in process memory, per worker, like the
token budgets (`crm.security.limits`): with N workers an attacker gets N times the guesses,
still a few dozen an hour instead of thousands a second.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

__all__ = ["SignInThrottle"]

#: clients this many failures a window make the table forget its oldest keys first
_MAX_KEYS = 100_000


class SignInThrottle:
    def __init__(
        self,
        *,
        per_user: int,
        per_address: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def wait(self, username: str, address: str | None) -> int | None:
        """None if a sign-in may be tried now, else the seconds until it may."""
        now = self._clock()
        waits = [
            self._wait(key, limit, now) for key, limit in self._keys(username, address) if limit > 0
        ]
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    def failed(self, username: str, address: str | None) -> None:
        now = self._clock()
        for key, _ in self._keys(username, address):
            self._failures.setdefault(key, deque()).append(now)
        while len(self._failures) > _MAX_KEYS:
            del self._failures[next(iter(self._failures))]

    def succeeded(self, username: str) -> None:
        self._failures.pop(_user_key(username), None)

    def _wait(self, key: str, limit: int, now: float) -> int | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        if len(times) < limit:
            return None
        # the oldest failure that still counts must age out first
        return max(1, math.ceil(times[-limit] + self.window - now))

    def _keys(self, username: str, address: str | None) -> list[tuple[str, int]]:
        keys = [(_user_key(username), self.per_user)]
        if address:
            keys.append(("address:" + address, self.per_address))
        return keys


def _user_key(username: str) -> str:
    return "user:" + username.strip().lower()
