"""The default sign-in records: each state spent once, sign-ins that end with the user's
sign-out or their lifetime, and memory bounded whatever a stranger does (anyone can start
sign-ins and spend their states)."""

from __future__ import annotations

import threading

from contio.web.records import MemorySignInRecords, SignInRecords


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_state_is_spent_once_even_by_racing_threads() -> None:
    records = MemorySignInRecords()
    assert isinstance(records, SignInRecords)
    wins: list[bool] = []
    threads = [threading.Thread(target=lambda: wins.append(records.spend("s"))) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_sign_out_ends_every_sign_in_of_that_user_only() -> None:
    records = MemorySignInRecords()
    records.begin("laptop", "ada")
    records.begin("phone", "ada")
    records.begin("desk", "grace")
    assert records.active("laptop", "ada")
    assert not records.active("laptop", "grace")  # a sign-in is one user's
    records.end_user("ada")
    assert not records.active("laptop", "ada")
    assert not records.active("phone", "ada")
    assert records.active("desk", "grace")


def test_a_sign_in_ends_with_its_lifetime() -> None:
    clock = Clock()
    records = MemorySignInRecords(sign_in_lifetime=60, clock=clock)
    records.begin("laptop", "ada")
    clock.now += 59
    assert records.active("laptop", "ada")
    clock.now += 2
    assert not records.active("laptop", "ada")


def test_memory_stays_bounded_under_a_flood_of_states() -> None:
    records = MemorySignInRecords(max_states=100, max_entries=50)
    for number in range(10_000):
        assert records.spend(f"state-{number}")
        records.begin(f"sign-in-{number}", f"user-{number % 7}")
    assert len(records._states) <= 100
    assert len(records._sign_ins) <= 50
    assert sum(len(ids) for ids in records._by_user.values()) <= 50
    assert records.active("sign-in-9999", f"user-{9999 % 7}")  # the newest stay
