#!/usr/bin/env python3
"""Benchmark the preview scope: how long ``mkdocs serve`` takes to show a cadre's edit on a large site.

    python scripts/bench_preview.py                    # 5,000 profiles
    python scripts/bench_preview.py --profiles 1000 --keep /tmp/bench-preview

For one synthetic repository (scripts/synthetic.py, 3 lectures per 10 profiles), ``mkdocs serve`` runs
twice in the same run: over the whole site (the baseline), and with ``SHOWCASE_PREVIEW`` set to one
cadre. Each time the script waits for the cadre's page, then changes a sentence of the profile and
polls the page until the new sentence is served. Reported: time to the first page, time from the
saved edit to the page showing it, and the ratio of the preview to the whole site.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

TIMEOUT = 1800


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, text: str, since: float) -> float:
    """Seconds from ``since`` until ``url`` serves a page containing ``text``."""
    while time.monotonic() - since < TIMEOUT:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return time.monotonic() - since
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} never showed {text!r}")


def measure(repo: Path, cadre: Path, preview: str) -> tuple[float, float]:
    """Seconds to the cadre's first page and from a saved edit to the page showing it."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if preview:
        env["SHOWCASE_PREVIEW"] = preview
    url = f"http://127.0.0.1:{port}/cadres/{cadre.stem}/"
    original = cadre.read_text(encoding="utf-8")
    start = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        first = wait_for(url, "</html>", start)
        time.sleep(1)  # let the watcher settle before the edit
        token = f"预览测量{time.monotonic_ns()}"
        cadre.write_text(original.rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")
        edited = time.monotonic()
        shown = wait_for(url, token, edited)
        return first, shown
    finally:
        server.terminate()
        server.wait(timeout=60)
        cadre.write_text(original, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="预览范围的性能测试：mkdocs serve 显示一处修改所需的时间。")
    parser.add_argument("--profiles", type=int, default=5000, help="个人资料数（默认 5000）")
    parser.add_argument("--keep", type=Path, help="保存合成数据的目录（默认用临时目录并删除）")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        repo = args.keep or Path(scratch) / "repo"
        if not (repo / "mkdocs.yml").is_file():
            print(f"generated {repo}: {synthetic.generate(repo, args.profiles, round(args.profiles * 0.3), seed=0)}", flush=True)
        cadre = sorted((repo / "cohorts").glob("*/*.md"))[len(list((repo / "cohorts").glob("*/*.md"))) // 2]
        rows = []
        for label, preview in (("整个站点", ""), (f"预览一位干部（SHOWCASE_PREVIEW={cadre.stem}）", cadre.stem)):
            first, shown = measure(repo, cadre, preview)
            rows.append((label, first, shown))
            print(f"{label}: first page {first:.1f} s, edit shown after {shown:.1f} s", flush=True)
        (_, whole_first, whole_shown), (_, first, shown) = rows
        print()
        print(f"| {args.profiles:,} 份个人资料 | 首次出页 s | 保存修改到页面显示 s |")
        print("| --- | ---: | ---: |")
        for label, a, b in rows:
            print(f"| {label} | {a:.1f} | {b:.1f} |")
        print(f"| 预览/整个站点 | {first / whole_first:.2f} | {shown / whole_shown:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
