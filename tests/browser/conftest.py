"""Fixtures of the browser tests: `contio demo --web` as a real process on a free port, and
Debian's headless Chromium driven by Selenium through Debian's chromedriver.

The browser comes from Debian (pip has none to offer): `.ci/run` installs it, and on a fresh
Debian machine where the tests run as root the first browser test installs it itself, as the
fleet tests bring their own Redis, so the README's `pytest` needs nothing beforehand.
Anywhere else, without the browser, the tests fail with what to install; they never skip.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install -y --no-install-recommends chromium chromium-driver"
#: The bound on every wait of these tests: the demo starting, a page showing up.
WAIT = 30.0
#: As the machine's notes advise: no GPU, no sandbox (root), and none of Chromium's own
#: network traffic (updates, sync, QUIC), which a closed network refuses.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1000,760",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class Demo:
    """A running `contio demo --web`: the app's URL and the mock's."""

    app_url: str
    mock_url: str
    process: subprocess.Popen[str]


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


@pytest.fixture(params=["starlette", "flask", "django"])
def demo(request: pytest.FixtureRequest) -> Iterator[Demo]:
    """`contio demo --web --framework F --port P` in a process of its own, for each
    framework; stopped with Ctrl-C (SIGINT)."""
    port = free_port()
    command = ["demo", "--web", "--framework", str(request.param), "--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-m", "contio", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        while len(seen) < 2:
            try:
                seen.append(lines.get(timeout=WAIT))
            except queue.Empty:
                pytest.fail(f"contio demo --web printed no URLs in {WAIT:g} s: {seen}")
        app = re.search(r"at (http://127\.0\.0\.1:\d+)/", seen[0])
        mock = re.search(r"at (http://127\.0\.0\.1:\d+)", seen[1])
        assert app is not None, seen
        assert mock is not None, seen
        assert app.group(1) == f"http://127.0.0.1:{port}"
        yield Demo(app.group(1), mock.group(1), process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WAIT)


def _missing() -> list[str]:
    return [path for path in (CHROMIUM, CHROMEDRIVER) if shutil.which(path) is None]


def provision_browser() -> list[str]:
    """Install Debian's Chromium and its driver when they are missing and this is a Debian
    machine the tests run on as root; what is still missing."""
    missing = _missing()
    can_install = shutil.which("apt-get") is not None and hasattr(os, "geteuid")
    if not missing or not can_install or os.geteuid() != 0:
        return missing
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
    command += ["chromium", "chromium-driver"]
    if subprocess.run(command, env=env, capture_output=True, timeout=900).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(command, env=env, capture_output=True, timeout=900)
    return _missing()


@pytest.fixture
def launch_browser(tmp_path: Path) -> Iterator[Callable[[], webdriver.Chrome]]:
    """Starts Debian's Chromium, headless, with a profile of its own. A function the test
    calls, so that a missing browser fails the test itself, with what to install."""
    started: list[webdriver.Chrome] = []

    def launch() -> webdriver.Chrome:
        missing = provision_browser()
        if missing:
            pytest.fail(
                f"the browser test needs Debian's Chromium and its driver ({', '.join(missing)}"
                f" not found): {INSTALL}  (.ci/run installs them)"
            )
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        started.append(driver)
        driver.set_page_load_timeout(WAIT)
        return driver

    try:
        yield launch
    finally:
        for driver in started:
            driver.quit()
