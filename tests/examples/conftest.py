"""The examples' tests need the fleet tests' real Redis."""

from tests.fleet.conftest import redis_url

__all__ = ["redis_url"]
