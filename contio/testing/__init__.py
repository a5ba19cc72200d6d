"""Testing an app that integrates Contio: a live mock and its control API.

`ContioMock` is a handle on a running mock (`contio.mock`, the `mock` extra). The pytest
plugin in `contio.testing.plugin` registers itself when contio is installed and offers the
fixtures `contio_mock`, `contio_oauth` and `contio_async_oauth`.
"""

from contio.testing.sandbox import DEFAULT_REDIRECT_URI, ContioMock

__all__ = ["DEFAULT_REDIRECT_URI", "ContioMock"]
