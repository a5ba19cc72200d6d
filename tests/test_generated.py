"""The generated client is importable and has an endpoint module for every operation."""

from __future__ import annotations

import importlib
import inspect

import pytest

import contio_oauth_api
from contio_oauth_api.models import AuthorizationCodeGrant, TokenResponse
from tests.spec_facts import OPERATIONS, Operation


def test_package_exports_the_clients() -> None:
    assert inspect.isclass(contio_oauth_api.Client)
    assert inspect.isclass(contio_oauth_api.AuthenticatedClient)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_endpoint_functions_exist(op: Operation) -> None:
    module = importlib.import_module(f"contio_oauth_api.api.{op.generated_module}")
    for name in ("sync_detailed", "asyncio_detailed"):
        assert callable(getattr(module, name)), name
    assert inspect.iscoroutinefunction(module.asyncio_detailed)
    kwargs = inspect.signature(module._get_kwargs).parameters
    if op.media_type is not None:
        assert "body" in kwargs


def test_token_request_is_form_encoded_with_the_grant() -> None:
    from contio_oauth_api.api.oauth import exchange_oauth_token

    body = AuthorizationCodeGrant(
        grant_type="authorization_code", code="abc", redirect_uri="https://app.example.com/cb"
    )
    kwargs = exchange_oauth_token._get_kwargs(body=body)
    assert kwargs["url"] == "/oauth2/token"
    assert kwargs["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert kwargs["data"] == {
        "grant_type": "authorization_code",
        "code": "abc",
        "redirect_uri": "https://app.example.com/cb",
    }


def test_models_keep_unknown_fields() -> None:
    parsed = TokenResponse.from_dict(
        {"access_token": "a", "token_type": "Bearer", "expires_in": 60, "new_field": 1}
    )
    assert parsed.expires_in == 60
    assert parsed.additional_properties == {"new_field": 1}
