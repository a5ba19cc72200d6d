"""A browser's reading of a plain HTML page, enough to fill in and submit its forms over httpx.

Parses with the standard library's HTMLParser (no regular expressions over markup), so the
tests see what a browser sees: which fields a form has, their names, types and values, its
buttons and the elements marked with `data-testid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx2


@dataclass
class Field:
    name: str
    type: str
    value: str


@dataclass
class Button:
    name: str | None
    value: str
    text: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    def field(self, name: str) -> Field:
        [found] = [f for f in self.fields if f.name == name]
        return found

    def button(self, text: str) -> Button:
        [found] = [b for b in self.buttons if b.text == text]
        return found

    def data(self, button: Button | None = None, **filled: str) -> dict[str, str]:
        """What the browser sends: every field's value (or what was typed), then the button."""
        values = {f.name: filled.get(f.name, f.value) for f in self.fields}
        if button is not None and button.name is not None:
            values[button.name] = button.value
        return values


class Page(HTMLParser):
    """The forms, `data-testid` texts and script tags of one HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.test_ids: dict[str, str] = {}
        self.scripts = 0
        self._open_ids: list[str] = []
        self._button: Button | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "script":
            self.scripts += 1
        if "data-testid" in attributes:
            self.test_ids[attributes["data-testid"]] = ""
            self._open_ids.append(attributes["data-testid"])
        if tag == "form":
            self.forms.append(
                Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            )
        elif tag == "input" and self.forms and "name" in attributes:
            self.forms[-1].fields.append(
                Field(
                    attributes["name"],
                    attributes.get("type", "text"),
                    attributes.get("value", ""),
                )
            )
        elif tag == "button" and self.forms:
            self._button = Button(attributes.get("name"), attributes.get("value", ""))
            self.forms[-1].buttons.append(self._button)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button":
            self._button = None
        if self._open_ids and tag in ("code", "span", "p", "div", "strong"):
            self._open_ids.pop()

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.text += data
        for test_id in self._open_ids:
            self.test_ids[test_id] += data

    @property
    def form(self) -> Form:
        [only] = self.forms
        return only


def submit(
    client: httpx2.Client, page_url: str, form: Form, button: Button | None = None, **filled: str
) -> httpx2.Response:
    """Submit `form` as a browser does: to its action, resolved against the page's URL."""
    target = httpx2.URL(page_url).join(form.action or page_url)
    data = form.data(button, **filled)
    if form.method == "post":
        return client.post(target, data=data)
    return client.get(target, params=data)
