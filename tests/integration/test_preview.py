"""Previewing one cohort or one cadre (plugin option ``preview`` or SHOWCASE_PREVIEW), drafts in a preview,
and ``mkdocs serve`` showing data errors in the page instead of failing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import run_build

ZHAOQING = "zhaoqing-keji-6"


def cadre_pages(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "cadres").glob("*/index.html")}


def make_draft(root: Path, relative: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")


@pytest.fixture
def site_with_draft(site_copy):
    make_draft(site_copy, f"cohorts/{ZHAOQING}/xue-hong.md")
    return site_copy


def test_a_cohort_preview_builds_that_cohort_with_its_drafts(site_with_draft):
    build = run_build(site_with_draft, strict=False, env={"SHOWCASE_PREVIEW": ZHAOQING})
    assert build.returncode == 0, build.output
    assert cadre_pages(build.site) == {"xue-hong", "liu-guang-da", "tan-xiao-lian", "gu-fei-yan", "cai-zu-shun", "li-guo-zhang", "liu-yun-tong"}
    assert {p.parent.name for p in (build.site / "cohorts").glob("*/index.html")} == {ZHAOQING}
    for url in ("", "cohorts", f"cohorts/{ZHAOQING}", "cadres/liu-guang-da", "about"):
        assert "预览：只生成了批次“广东省第六批科技副职（肇庆）”" in build.page(url), url
    draft = build.page("cadres/xue-hong")
    assert '<p class="admonition-title">草稿</p>' in draft
    assert "不会发布" in draft
    assert "这是预览构建" in build.output


def test_a_cadre_preview_builds_only_that_cadre_among_the_cadres(site_with_draft):
    build = run_build(site_with_draft, strict=False, env={"SHOWCASE_PREVIEW": "xue-hong"})
    assert build.returncode == 0, build.output
    assert cadre_pages(build.site) == {"xue-hong"}
    assert (build.site / "cohorts" / ZHAOQING / "index.html").is_file()
    assert (build.site / "counties" / "duan-zhou-qu" / "index.html").is_file()
    assert "薛洪（xue-hong）的页面和所在批次" in build.page("cadres/xue-hong")


def test_a_preview_can_never_pass_a_strict_build(site_copy):
    build = run_build(site_copy, env={"SHOWCASE_PREVIEW": ZHAOQING})
    assert build.returncode != 0
    assert "这是预览构建" in build.output and "不能发布" in build.output


def test_the_plugin_option_previews_too(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      data_dir: cohorts", "      data_dir: cohorts\n      preview: miao-miao"), encoding="utf-8")
    build = run_build(site_copy, strict=False)
    assert build.returncode == 0, build.output
    assert cadre_pages(build.site) == {"miao-miao"}


def test_an_unknown_scope_is_named(site_copy):
    build = run_build(site_copy, strict=False, env={"SHOWCASE_PREVIEW": "nobody-here"})
    assert build.returncode != 0
    assert "预览范围 “nobody-here” 既不是批次编号" in build.output
    assert "Traceback" not in build.output


def test_a_build_never_publishes_a_draft(site_with_draft):
    build = run_build(site_with_draft)
    assert build.returncode == 0, build.output
    assert "xue-hong" not in cadre_pages(build.site)
    assert "xue-hong" not in (build.site / "data" / "cadres.csv").read_text(encoding="utf-8-sig")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_shows_data_errors_in_the_page_and_build_still_fails(site_copy):
    profile = site_copy / "cohorts" / "cangxi" / "miao-miao.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("county: 苍溪县", "county: 苍溪乡"), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        for path in ("", "cohorts/", "about/"):
            html = fetch(f"http://127.0.0.1:{port}/{path}", deadline)
            text = re.sub(r"<[^>]+>", "", html)
            assert "数据有 1 个错误，页面暂时无法生成" in text, path
            assert "cohorts/cangxi/miao-miao.md:3（错误 P301）" in text and "是不是想写 苍溪县" in text, path
    finally:
        server.terminate()
        server.wait(timeout=30)
    build = run_build(site_copy)
    assert build.returncode != 0 and "数据有错误，站点没有生成" in build.output
