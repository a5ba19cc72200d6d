"""Every Python block of the README and of docs/ runs in the test suite (Sybil), against a
live mock (tests/docs_support.py), so that no example can rot. A page's blocks share one
namespace, in order; `<!-- invisible-code-block: python -->` blocks check what a page shows."""

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

from tests.docs_support import docs_environment, docs_mock
from tests.fleet.conftest import redis_url

__all__ = ["docs_environment", "docs_mock", "pytest_collect_file", "redis_url"]


def _as_a_script(namespace: dict[str, object]) -> None:
    """A page's blocks run as a reader's script would: `__name__` is "__main__" (which
    `Flask(__name__)` needs to find the app's folder)."""
    namespace["__name__"] = "__main__"


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    setup=_as_a_script,
    patterns=["README.md", "docs/*.md"],
    fixtures=["docs_environment"],
).pytest()
