"""The sign-in throttle: failures per username and per address in a sliding window."""

from __future__ import annotations

from crm.security.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_username_waits_after_its_failures_until_the_oldest_ages_out() -> None:
    clock = Clock()
    throttle = SignInThrottle(per_user=3, per_address=100, window=900, clock=clock)
    for step in range(3):
        assert throttle.wait("lin", "10.0.0.1") is None
        throttle.failed("lin", "10.0.0.1")
        clock.now += 100 * (step + 1)  # failures at 1000, 1100, 1300
    clock.now = 1600
    assert throttle.wait("lin", "10.0.0.2") == 300  # the 1000 failure ages out at 1900
    assert throttle.wait(" LIN ", None) == 300  # usernames compare trimmed, any case
    clock.now = 1900
    assert throttle.wait("lin", None) is None


def test_an_address_waits_whatever_usernames_it_tries() -> None:
    clock = Clock()
    throttle = SignInThrottle(per_user=100, per_address=2, window=60, clock=clock)
    throttle.failed("a", "10.0.0.1")
    throttle.failed("b", "10.0.0.1")
    assert throttle.wait("c", "10.0.0.1") == 60
    assert throttle.wait("c", "10.0.0.2") is None


def test_a_success_forgets_the_usernames_failures() -> None:
    throttle = SignInThrottle(per_user=2, per_address=100, window=60, clock=Clock())
    throttle.failed("lin", None)
    throttle.succeeded("lin")
    throttle.failed("lin", None)
    assert throttle.wait("lin", None) is None


def test_zero_means_no_limit() -> None:
    throttle = SignInThrottle(per_user=0, per_address=0, window=60, clock=Clock())
    for _ in range(50):
        throttle.failed("lin", "10.0.0.1")
    assert throttle.wait("lin", "10.0.0.1") is None
