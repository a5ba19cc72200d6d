"""A griffe extension for the API reference: `AsyncOAuthClient`'s coroutines that mirror an
`OAuthClient` method have no docstring of their own in the source; at run time
`contio.client` gives them the blocking method's, and this does the same for the static
reference, so the words are written once."""

from __future__ import annotations

from typing import Any

import griffe


class TwinDocstrings(griffe.Extension):
    """Copy OAuthClient's method docstrings onto AsyncOAuthClient's undocumented twins."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != "contio":
            return
        blocking = pkg["client"]["OAuthClient"]
        awaited = pkg["async_client"]["AsyncOAuthClient"]
        for name, member in awaited.members.items():
            source = blocking.members.get(name)
            if member.docstring is None and source is not None and source.docstring is not None:
                member.docstring = griffe.Docstring(
                    source.docstring.value, parent=member, parser=source.docstring.parser
                )
