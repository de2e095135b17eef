"""A real headless browser for the tests of report.html: Debian's chromium, driven over
the Chrome DevTools protocol on a pipe (--remote-debugging-pipe: requests on fd 3,
answers on fd 4, each a JSON text ending in NUL), so no driver package is needed and
nothing is ever downloaded.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--remote-debugging-pipe",
)
TIMEOUT_S = 60.0


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab: navigate, evaluate, screenshot; every console error is kept."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session
        self.errors: list[str] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.call(method, params, session=self.session, page=self)

    def open(self, url: str, width: int, height: int = 900) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        self.browser.loaded = False
        self.send("Page.navigate", url=url)
        self.browser.wait(lambda: self.browser.loaded, page=self)

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def media(self, media: str) -> None:
        self.send("Emulation.setEmulatedMedia", media=media)

    def screenshot(self, path: Path) -> Path:
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def pdf(self) -> bytes:
        """The page printed as the browser prints it, with the page's own CSS page size."""
        printed = self.send("Page.printToPDF", preferCSSPageSize=True)
        return base64.b64decode(printed["data"])

    def note(self, event: dict[str, Any]) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(json.dumps(params.get("args"), ensure_ascii=False))
        elif method == "Runtime.exceptionThrown":
            self.errors.append(json.dumps(params.get("exceptionDetails"), ensure_ascii=False))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.errors.append(params["entry"].get("text", ""))
        elif method == "Page.loadEventFired":
            self.browser.loaded = True


class Browser:
    def __init__(self, pid: int, to_browser: int, from_browser: int) -> None:
        self.pid, self.out, self.inp = pid, to_browser, from_browser
        self.buffer, self.next_id, self.loaded = b"", 0, False

    def call(
        self, method: str, params: dict[str, Any], *, session: str = "", page: Page | None = None
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        wanted = self.next_id
        while True:
            reply = self.read()
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if page is not None and reply.get("sessionId") == page.session:
                page.note(reply)

    def wait(self, done: Any, page: Page) -> None:
        while not done():
            event = self.read()
            if event.get("sessionId") == page.session:
                page.note(event)

    def read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.inp], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self.inp, 1 << 16)
            if not chunk:
                raise ConnectionError("chromium closed its pipe")
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(text)

    def new_page(self) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, session["sessionId"])
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        return page


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    """Debian's chromium, headless, with a fresh profile that is removed afterwards."""
    profile = tempfile.mkdtemp(prefix="roster-chromium-")
    to_child, to_browser = os.pipe()
    from_browser, from_child = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, to_child, 3),
        (os.POSIX_SPAWN_DUP2, from_child, 4),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    argv = [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"]
    pid = os.posix_spawn(executable, argv, os.environ, file_actions=actions)
    os.close(to_child)
    os.close(from_child)
    browser = Browser(pid, to_browser, from_browser)
    try:
        yield browser
    finally:
        _close(browser)
        shutil.rmtree(profile, ignore_errors=True)


def _close(browser: Browser) -> None:
    with suppress(OSError):
        os.write(browser.out, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, _ = os.waitpid(browser.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(browser.pid, signal.SIGKILL)
        os.waitpid(browser.pid, 0)
    os.close(browser.out)
    os.close(browser.inp)
