"""A person at the mock's sign-in pages, read as a browser reads them (tests/mock/browser.py):
the email form, the code form (the code the mock "emailed" is shown on the page), consent."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx2

from tests.mock.browser import Page, submit


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def path_of(url: str) -> str:
    """The path and query of an absolute URL: what a test client asks its app for."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sign_in_at_contio(authorize_url: str, email: str, decision: str = "Allow") -> str:
    """Open the authorization URL, sign in with the emailed code, answer the consent page;
    the URL Contio sends the browser back to (the app's callback)."""
    with httpx2.Client() as browser:
        opened = browser.get(authorize_url, follow_redirects=True)
        assert opened.status_code == 200, opened.text
        code_page = submit(browser, str(opened.url), Page(opened.text).form, email=email)
        assert code_page.status_code == 200, code_page.text
        page = Page(code_page.text)
        consent = submit(
            browser, str(code_page.url), page.form, code=page.test_ids["mock-code"].strip()
        )
        assert consent.status_code == 200, consent.text
        form = Page(consent.text).form
        answer = submit(browser, str(consent.url), form, form.button(decision))
        assert answer.status_code == 303, answer.text
        return answer.headers["location"]
