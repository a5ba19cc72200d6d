"""The fleet's budget in a Django project's database (DjangoBudget), on the tests' project's
SQLite and PostgreSQL: the same rules, concurrent draws never past the window, a draw's
commit standing inside a view's failing transaction, asyncio, and a client on it."""

from __future__ import annotations

import uuid

import pytest

from contio import OAuthClient
from contio.budget import BACKGROUND, USER
from contio.errors import BudgetSpentError
from contio.testing import ContioMock
from tests.budget.conftest import granted_at_once

ALIASES = ["default", "postgres"]  # the project's SQLite, and the session's PostgreSQL


def address() -> str:
    return f"test-{uuid.uuid4().hex}"


@pytest.mark.parametrize("using", ALIASES)
def test_the_rules_in_django_s_database(django_project: str, using: str) -> None:
    from contio.budget.django import DjangoBudget

    budget = DjangoBudget(address=address(), using=using, limit=6, window=60, headroom=1)
    assert [budget.take(BACKGROUND, "c").granted for _ in range(5)] == [True] * 4 + [False]
    assert budget.take(USER, "c").granted  # 5 = 6 - 1 of headroom; 4 = 5 - a fifth
    assert budget.take(USER, "c").reason == "spent"
    budget.refuse("bad", 30)
    budget.pause(30)
    assert budget.take(USER, "good").reason == "paused"
    assert "DjangoBudget(address=" in repr(budget)


@pytest.mark.parametrize("using", ALIASES)
def test_concurrent_draws_never_pass_the_window(django_project: str, using: str) -> None:
    from contio.budget.django import DjangoBudget

    name = address()
    assert (
        granted_at_once(lambda: DjangoBudget(address=name, using=using, limit=30, headroom=0)) == 30
    )


def test_a_draw_stands_when_the_view_s_transaction_rolls_back(django_project: str) -> None:
    from django.db import transaction

    from contio.budget.django import DjangoBudget

    budget = DjangoBudget(address=address(), using="postgres", limit=2, headroom=0, reserve=0)

    def failing_view() -> None:
        with transaction.atomic(using="postgres"):
            assert budget.take(USER, "c").granted
            raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        failing_view()
    assert budget.take(USER, "c").granted
    assert budget.take(USER, "c").reason == "spent"  # the first draw was not undone


async def test_asyncio_draws_from_the_same_row(django_project: str) -> None:
    from contio.budget.django import DjangoBudget

    name = address()
    budget = DjangoBudget(address=name, using="postgres", limit=2, headroom=0, reserve=0)
    assert (await budget.atake(USER, "c")).granted
    assert DjangoBudget(address=name, using="postgres").take(USER, "c").granted
    assert (await budget.atake(USER, "c")).reason == "spent"


def test_a_client_on_a_spent_django_budget_sends_nothing(
    django_project: str, contio_mock: ContioMock
) -> None:
    from contio.budget.django import DjangoBudget

    budget = DjangoBudget(address=address(), limit=1, headroom=0, reserve=0, wait=0)
    before = contio_mock.stats().get("listOauthScopes", 0)
    client = OAuthClient(**contio_mock.client_kwargs(budget=budget))
    client.get_available_scopes()
    with client, pytest.raises(BudgetSpentError):
        client.get_available_scopes()
    assert contio_mock.stats()["listOauthScopes"] == before + 1
