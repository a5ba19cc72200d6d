"""`contio demo --web` in a real browser: a person signs in on the mock's pages, stays signed
in across the access token's expiry (refreshed), and signs out (revoked at Contio)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx2
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import WAIT, Demo

EMAIL = "ada@example.com"
ACCESS_TOKEN_LIFETIME = 86_400  # the mock's default, in seconds


def shown(browser: webdriver.Chrome, by: str, what: str) -> WebElement:
    element: WebElement = WebDriverWait(browser, WAIT).until(
        expected_conditions.visibility_of_element_located((by, what))
    )
    return element


def test_sign_in_refresh_and_sign_out_in_a_real_browser(
    launch_browser: Callable[[], webdriver.Chrome], demo: Demo, tmp_path: Path
) -> None:
    browser = launch_browser()
    mock = httpx2.Client(base_url=demo.mock_url)
    browser.get(demo.app_url + "/")
    shown(browser, By.LINK_TEXT, "Sign in with Contio").click()

    # The mock's pages: email, then the code it "emailed" (shown on the page), then consent.
    shown(browser, By.NAME, "email").send_keys(EMAIL)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    code = shown(browser, By.CSS_SELECTOR, "[data-testid=mock-code]").text.strip()
    assert code.isdigit()
    browser.find_element(By.NAME, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    shown(browser, By.XPATH, "//button[normalize-space()='Allow']").click()

    greeting = shown(browser, By.CSS_SELECTOR, "[data-testid=signed-in]").text
    assert browser.current_url == demo.app_url + "/"
    assert greeting.startswith("Signed in as ")
    assert EMAIL in greeting
    screenshot = tmp_path / "signed-in.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 1000
    print(f"screenshot of the signed-in page: {screenshot}")

    # The access token expires on the mock's clock; the next page load refreshes it.
    refreshes = (
        mock.get("/_mock/stats").json()["requests"].get("exchangeOauthToken:refresh_token", 0)
    )
    mock.post("/_mock/clock", json={"advance_seconds": ACCESS_TOKEN_LIFETIME + 60})
    browser.refresh()
    assert EMAIL in shown(browser, By.CSS_SELECTOR, "[data-testid=signed-in]").text
    stats = mock.get("/_mock/stats").json()["requests"]
    assert stats.get("exchangeOauthToken:refresh_token", 0) == refreshes + 1

    shown(browser, By.XPATH, "//button[normalize-space()='Sign out']").click()
    shown(browser, By.LINK_TEXT, "Sign in with Contio")
    assert "Signed in as" not in browser.page_source
    assert mock.get("/_mock/stats").json()["requests"].get("revokeOauthToken") == 1
    browser.refresh()
    shown(browser, By.LINK_TEXT, "Sign in with Contio")  # and it stays so
    mock.close()
