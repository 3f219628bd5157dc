"""axe-core finds no serious or critical accessibility violation on the main pages.

axe-core's JavaScript comes from the axe-playwright-python package itself and is injected with
``page.evaluate``: nothing is fetched (the watched page would fail on any request leaving 127.0.0.1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/cohorts/zhaoqing-keji-6/", "/counties/cang-xi-xian/", "/cadres/miao-miao/", "/lectures/"]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python import sync_playwright as axe_sync
    from axe_playwright_python.base import AXE_FILE_PATH

    # The package ships axe-core itself: no CDN, no network.
    assert Path(AXE_FILE_PATH).is_file() and Path(AXE_FILE_PATH).stat().st_size > 100_000
    axe = axe_sync.Axe()
    assert axe.axe_script.lstrip().startswith("/*! axe v")
    return axe


def describe(violations: list[dict], path: str) -> str:
    """One line per violation and per element: rule, impact, target selector, HTML and the reason."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']} on {path}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            reason = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            html = " ".join(node["html"].split())[:200]
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}  {html}  -- {reason}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(browser, site, axe, path, scheme):
    from .conftest import open_watched

    context, watched = open_watched(
        browser, viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme=scheme
    )
    try:
        page = watched.page
        response = page.goto(site.page_url(path))
        assert response.status == 200
        page.wait_for_load_state("load")
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
        assert not blocking, f"axe-core ({scheme} scheme):\n" + describe(blocking, path)
        watched.assert_clean()
    finally:
        context.close()
