"""Browser-test fixtures: build the real site once, serve it on 127.0.0.1, drive Debian's Chromium.

Everything here is session-scoped except the watched page: the real site and the XSS site are each
built once, served by one HTTP server thread each, and all tests share one Chromium process (a fresh
browser context per test keeps them independent).

Chromium: ``/usr/bin/chromium`` from Debian, never a downloaded browser. Without it the browser tests
are skipped locally, but fail in CI (env ``CI=true``): they must never be skipped there.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the machine and carry no host.
_HOSTLESS_SCHEMES = {"data", "blob", "about"}
_NOT_LOCAL = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1(?:[:/?#]|$))(?!(?:data|blob|about):)")

# The XSS profile of the second site (see test_xss.py), in a cohort whose own fields are hostile too.
XSS_CADRE_ID = "xss-test"
XSS_COHORT_ID = "xss-cohort"
XSS_COHORT = """\
name: "测试批次</title><script>window.__pwned=21</script>"
program: '"><img src=x onerror=window.__pwned=22>'
region: "</title><script>window.__pwned=23</script>苍溪"
organizer: "' onmouseover='window.__pwned=24' x='"
start: 2020-01
summary: |
  批次简介开头。

  <p id="__config">{"base": "https://evil.example/", "search": "https://evil.example/worker.js"}</p>

  <template><p>批次简介的模板
"""
XSS_PROFILE = """\
---
name: "测试</title><script>window.__pwned=20</script>"
county: 苍溪县
post: <script>window.__pwned=6</script>
origin: 测试单位
expertise: <img src=x onerror="window.__pwned=7">
tags: [测试]
achievements:
  - title: <svg onload="window.__pwned=8">成果
    category: 测试
    summary: '[成果链接](javascript:window.__pwned=9) <img src=x onerror="window.__pwned=10">'
---
测试正文开头。

<script>window.__pwned=1</script>

<img src=x onerror="window.__pwned=2">

[点我](javascript:window.__pwned=3)

<a href="javascript:window.__pwned=4">x</a>

<svg onload="window.__pwned=5">

<style>body{display:none}</style>

行内 <img src=x onerror="window.__pwned=11"> 与 <a href="JaVaScRiPt:window.__pwned=12">大小写混写</a>，以及 <b onclick="window.__pwned=13">粗体</b>。

<p id="__config">{"base": "https://evil.example/", "search": "https://evil.example/worker.js"}</p>

段落标记 { #__search }

测试正文结尾。

<textarea>
"""


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk)"
    if _ci():
        pytest.fail(f"browser tests must not be skipped in CI: {message}", pytrace=False)
    pytest.skip(message)


# --------------------------------------------------------------------------------------------------
# building and serving


@dataclass
class Site:
    root: Path  # the built site directory
    url: str  # http://127.0.0.1:PORT/ (trailing slash)
    build_output: str  # mkdocs stdout + stderr

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")

    def html(self, path: str) -> str:
        """The built HTML of a site path such as ``cadres/miao-miao/``."""
        path = path.strip("/")
        file = self.root / path / "index.html" if path else self.root / "index.html"
        return file.read_text(encoding="utf-8")


def build_site(project: Path, out: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(out)]
    if strict:
        cmd.insert(4, "--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class _Server:
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def serve(directory: Path) -> _Server:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"http-{directory.name}", daemon=True)
    thread.start()
    return _Server(httpd, thread)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site: ``mkdocs build --strict`` of the repository as it stands, served on 127.0.0.1."""
    require_chromium()
    out = tmp_path_factory.mktemp("site") / "site"
    proc = build_site(REPO_ROOT, out, strict=True)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({proc.returncode}):\n{output}", pytrace=False)
    server = serve(out)
    yield Site(out, server.url, output)
    server.close()


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory):
    """A copy of the repository's site with one hostile profile, built WITHOUT --strict (S601 warns)."""
    require_chromium()
    project = tmp_path_factory.mktemp("xss-project")
    shutil.copy2(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "overrides", "cohorts"):
        if (REPO_ROOT / name).exists():
            shutil.copytree(REPO_ROOT / name, project / name)
    cohort = project / "cohorts" / XSS_COHORT_ID
    cohort.mkdir()
    (cohort / "cohort.yml").write_text(XSS_COHORT, encoding="utf-8")
    (cohort / f"{XSS_CADRE_ID}.md").write_text(XSS_PROFILE, encoding="utf-8")
    out = project / "site"
    proc = build_site(project, out, strict=False)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build of the XSS site failed ({proc.returncode}):\n{output}", pytrace=False)
    server = serve(out)
    yield Site(out, server.url, output)
    server.close()


# --------------------------------------------------------------------------------------------------
# browser


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in _HOSTLESS_SCHEMES:
        return True
    return parts.hostname == LOCAL_HOST


@dataclass
class WatchedPage:
    """A page whose network requests, console errors and page errors are recorded."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    # Console errors matching one of these are expected by the test (e.g. a payload's broken image).
    allowed_console: list[re.Pattern[str]] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def assert_clean(self) -> None:
        problems = []
        if external := self.external_requests():
            problems.append("requests to hosts other than 127.0.0.1:\n  " + "\n  ".join(external))
        console = [m for m in self.console_errors if not any(p.search(m) for p in self.allowed_console)]
        if console:
            problems.append("console errors:\n  " + "\n  ".join(console))
        if self.page_errors:
            problems.append("page errors:\n  " + "\n  ".join(self.page_errors))
        if self.dialogs:
            problems.append("dialogs opened:\n  " + "\n  ".join(self.dialogs))
        assert not problems, "\n".join(problems)


def open_watched(browser, **context_options) -> tuple[object, WatchedPage]:
    context = browser.new_context(**context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    watched = WatchedPage(page)

    # Every request of the context, including the search web worker's, is recorded; external ones
    # are also aborted so that a leak can never reach the internet (and shows up as a failure).
    context.on("request", lambda request: watched.requests.append(request.url))

    # Only URLs that are not on 127.0.0.1 are intercepted (matched in the browser, so local requests
    # do not round-trip through Python); the handler re-checks with is_local to be exact.
    def _route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route(_NOT_LOCAL, _route)

    def _console(message):
        if message.type == "error":
            location = message.location or {}
            watched.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    page.on("console", _console)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))

    def _dialog(dialog):
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", _dialog)
    return context, watched


@pytest.fixture
def watched(browser):
    """A fresh context and page; after the test, nothing may have left 127.0.0.1 and no errors logged."""
    context, watched = open_watched(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield watched
    try:
        watched.assert_clean()
    finally:
        context.close()


def screenshot_dir() -> Path:
    """Where full-page screenshots of the pages are kept for review (CI artefacts): BROWSER_SCREENSHOT_DIR,
    or test-artifacts/screenshots in the repository."""
    path = Path(os.environ.get("BROWSER_SCREENSHOT_DIR") or REPO_ROOT / "test-artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
