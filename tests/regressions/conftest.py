"""Fixtures of the regression tests: the fleet tests' real Redis (the live mock comes from the
project's pytest plugin, `contio_mock`)."""

from __future__ import annotations

from tests.fleet.conftest import raw_redis, redis_key, redis_url

__all__ = ["raw_redis", "redis_key", "redis_url"]
