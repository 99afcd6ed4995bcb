"""Helpers for the browser tests: the system Chromium and a page that records what happens on it.

The ``browser`` and ``watched`` fixtures (``tests/conftest.py``) use these; tests take the
``watched`` page (or wrap a new page in :class:`Watched`) and end with :meth:`Watched.assert_clean`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LOOPBACK_ONLY", "Watched"]

CHROMIUM = Path("/usr/bin/chromium")
#: Chromium resolves no name but 127.0.0.1: a page under test cannot reach another machine.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", LOOPBACK_ONLY]


class Watched:
    """A page whose requests, console errors, script errors and dialogs are recorded.

    A dialog (``alert``, ``confirm``, ``prompt``) is dismissed and recorded: a page that opens one
    has run script it should not have.
    """

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        #: Requests to anywhere but 127.0.0.1, refused by :meth:`keep_on_loopback`.
        self.left: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            where = message.location.get("url", "")
            self.problems.append(f"console {message.type}: {message.text} ({where})")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} ({self.page.url})")
        dialog.dismiss()

    def keep_on_loopback(self, context) -> None:
        """Let the pages of ``context`` reach only 127.0.0.1: any other request is recorded in
        :attr:`left` and aborted."""
        context.route("**/*", self._guard)

    def _guard(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.left.append(route.request.url)
            route.abort()

    def outside(self, base: str) -> list[str]:
        """Requests that did not go to the server under test."""
        host = urlsplit(base).netloc
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "about") and urlsplit(url).netloc != host]

    def assert_clean(self, base: str) -> None:
        """No console or script errors, no CSP violations, no dialogs, no request outside the server."""
        assert self.problems == []
        assert self.dialogs == []
        assert self.outside(base) == []
        assert self.requests, "no request was recorded"
