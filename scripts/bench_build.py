#!/usr/bin/env python3
"""Benchmark ``mkdocs build`` with the showcase plugin against the same pages built as plain Markdown.

    python scripts/bench_build.py                          # 1,000 and 5,000 profiles
    python scripts/bench_build.py --profiles 2000 --runs 1 --keep /tmp/bench
    python scripts/bench_build.py --profiles 1000 --profile   # also cProfile both builds in-process

For each size (synthetic data from scripts/synthetic.py, 3 lectures per 10 profiles by default):

* **plugin**: ``mkdocs build`` of the synthetic repository, as a site would build it;
* **baseline**: a copy whose ``docs/`` already holds every page the plugin would generate, rendered by the
  engine itself (``views.plan`` + ``render.Renderer``, the home block included) at their ``src_uri``, plus
  the CSS/JS and the data files (``exports.site_data_files``); its mkdocs.yml is the same (theme,
  markdown_extensions, the same explicit nav, so cadre pages stay out of the nav as with the plugin's
  ``NOT_IN_NAV``) without the showcase plugin. It lists the plugin's CSS/JS in ``extra_css`` /
  ``extra_javascript``. The generated pages are HTML: the plugin hands them to the theme as they are,
  while the baseline's MkDocs reads them as Markdown whose HTML blocks pass through. What the baseline
  cannot have: the plugin's Pagefind search index (built as the pages are written;
  scripts/bench_search.py measures it apart), the plugin's theme
  overrides (share metadata, ICP footer) and the HTML sanitiser, which are part of the plugin's cost.

Each build runs in its own process (``python -m mkdocs build``) into a fresh site folder; wall time with
``time.perf_counter``, peak RSS from ``os.wait4`` (that child only). Runs alternate plugin/baseline; the
best of ``--runs`` is reported. Target (issue): the plugin adds less than 15 % to the build. A second table times
the plugin's own stages (load, aggregate, render, data files, calendars, search facts) without MkDocs.
Wall times move by 10–25 % when other jobs share the two cores; the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

TARGET_OVERHEAD = 0.15
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


# -- the baseline repository -----------------------------------------------------------


def make_baseline(repo: Path, target: Path) -> dict[str, int]:
    """Copy ``repo`` to ``target`` with every generated page and file written into docs/."""
    import yaml

    from showcase import photos
    from showcase.cli import load_settings
    from showcase.issues import Report
    from showcase.pipeline import load_site
    from showcase.plugin import CSS_URI, JS_URI, PACKAGE

    report = Report()
    settings = load_settings(repo, report)
    site = load_site(settings)
    report.extend(site.report)
    if report.errors:
        raise SystemExit(f"{repo}: data has errors, first: {report.errors[0].text()}")
    showcase, urls = site.showcase, site.urls
    renderer = site.renderer()

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(repo / "docs", target / "docs")
    custom_dir = synthetic._custom_dir((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    if custom_dir and (repo / custom_dir).is_dir():
        shutil.copytree(repo / custom_dir, target / custom_dir)
    docs = target / "docs"

    pages = 0
    for view in site.views():
        path = docs / view.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(renderer.render(view), encoding="utf-8")
        pages += 1
    home = docs / "index.md"  # the home block at its marker, as raw HTML in the Markdown page
    home.write_text(site.home_page(home.read_text(encoding="utf-8"), renderer, "index.md"), encoding="utf-8")
    for uri, content in site.data_files().items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    for uri in (CSS_URI, JS_URI):
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / "assets" / Path(uri).name, path)
    for cadre in showcase.cadres:
        if cadre.photo:
            path = docs / urls.photo(cadre)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(photos.publish(settings.data_path / cadre.cohort_id / cadre.photo))

    out = []
    for key, lines in synthetic._top_level_blocks((repo / "mkdocs.yml").read_text(encoding="utf-8")):
        block_text = "".join(lines)
        if key == "plugins":
            plugins = []
            for entry in yaml.safe_load(block_text)["plugins"]:
                name = entry if isinstance(entry, str) else next(iter(entry))
                if name == "showcase":
                    continue
                plugins.append(entry)
            block_text = synthetic._dump({"plugins": plugins}) + "\n"
        elif key in ("extra_css", "extra_javascript"):
            continue  # rewritten below with the plugin's files added
        out.append(block_text)
    original = yaml.safe_load(
        "".join("".join(lines) for key, lines in synthetic._top_level_blocks((repo / "mkdocs.yml").read_text(encoding="utf-8")) if key in ("extra_css", "extra_javascript"))
        or "{}"
    ) or {}
    extra = {"extra_css": [*original.get("extra_css", []), CSS_URI], "extra_javascript": [*original.get("extra_javascript", []), JS_URI]}
    out.append(synthetic._dump(extra))
    (target / "mkdocs.yml").write_text("".join(out), encoding="utf-8")
    return {"pages": pages + 1}


# -- measuring -------------------------------------------------------------------------------


def engine_version() -> str:
    """Which showcase is measured: the imported package's folder, its commit, uncommitted changes."""
    import showcase

    folder = Path(showcase.__file__).resolve().parent
    git = ["git", "-C", str(folder.parent)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "showcase"], capture_output=True, text=True).stdout.split("\n")
    changed = [line[3:] for line in dirty if line.strip()]
    return f"showcase {getattr(showcase, '__version__', '?')} from {folder} at {head}" + (f" + uncommitted: {', '.join(changed)}" if changed else "")


def stage_times(repo: Path) -> dict[str, float]:
    """The plugin's own work without MkDocs, timed stage by stage (run in a fresh child process)."""
    from showcase import search
    from showcase.aggregate import aggregate
    from showcase.cli import load_settings
    from showcase.exports import site_data_files
    from showcase.ical import calendar_feeds
    from showcase.issues import Report
    from showcase.loader import load
    from showcase.render import Renderer
    from showcase.views import Urls, home_context, page_url, plan

    times: dict[str, float] = {}

    def timed(name, func):
        start = time.perf_counter()
        result = func()
        times[name] = time.perf_counter() - start
        return result

    settings = timed("settings", lambda: load_settings(repo, Report()))
    dataset, _ = timed("load (validate)", lambda: load(settings))
    showcase = timed("aggregate", lambda: aggregate(dataset))
    urls = Urls(settings.gazetteer)
    renderer = Renderer.for_site(None, urls, settings.as_of)
    views = timed("plan", lambda: plan(showcase, urls, settings.site_url))
    timed("render pages", lambda: [renderer.render(view) for view in views])
    timed("render home block", lambda: renderer.render_string("home.html.j2", page_uri="index.md", **home_context(showcase, settings.today)))
    timed("site_data_files (all)", lambda: site_data_files(showcase, urls, settings))
    feeds = timed("  calendar_feeds alone (timed again)", lambda: calendar_feeds(showcase, urls, settings, page_url))
    times["  calendars written"] = len(feeds)
    timed("search facts (names, places, filters)", lambda: search.page_facts(showcase, urls))
    return times




def build(config: Path, site: Path) -> dict[str, object]:
    """One ``mkdocs build`` in a child process: wall seconds, peak RSS (MiB), warnings."""
    if site.exists():
        shutil.rmtree(site)
    log = site.with_suffix(".log")
    with log.open("w", encoding="utf-8") as handle:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)], env=ENV, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"build failed ({config}), exit {child.returncode}; log {log}:\n{text[-3000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,
        "warnings": sum(1 for line in text.splitlines() if line.startswith("WARNING")),
        "log": log,
    }


def site_facts(site: Path) -> dict[str, int]:
    index = site / "pagefind"
    return {
        "html": sum(1 for _ in site.rglob("*.html")),
        "index_bytes": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()),
        "bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
    }


def compare_sites(a: Path, b: Path) -> str:
    """Why two sites differ in HTML files, if they do."""
    pages_a = {p.relative_to(a).as_posix() for p in a.rglob("*.html")}
    pages_b = {p.relative_to(b).as_posix() for p in b.rglob("*.html")}
    if pages_a == pages_b:
        return "same HTML files"
    return f"only plugin: {sorted(pages_a - pages_b)[:5]} … ({len(pages_a - pages_b)}); only baseline: {sorted(pages_b - pages_a)[:5]} … ({len(pages_b - pages_a)})"


def profile_build(config: Path, site: Path, top: int) -> None:
    """cProfile ``mkdocs.commands.build.build`` in this process (called in a fresh child)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config), site_dir=str(site))
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    mkdocs_build(cfg)
    profiler.disable()
    print(f"\n### cProfile of mkdocs build: {config} ({time.perf_counter() - start:.1f} s under the profiler)\n")
    for order, restriction in (("cumulative", top), ("tottime", top)):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(restriction)
        print(f"top {top} by {order}:\n```\n{_trim_stats(out.getvalue())}\n```")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"showcase/|nh3", top)
    print(f"showcase / nh3 functions by cumulative time:\n```\n{_trim_stats(out.getvalue())}\n```")


def _trim_stats(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return "\n".join(head + lines[start:]).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="站点构建性能测试：插件构建与同样页面的纯 Markdown 构建对比。")
    parser.add_argument("--profiles", type=int, nargs="+", default=[1000, 5000], help="个人资料数（默认 1000 5000）")
    parser.add_argument("--lectures-ratio", type=float, default=0.3, help="每份个人资料的讲座数（默认 0.3）")
    parser.add_argument("--runs", type=int, nargs="+", help="每个规模的构建次数，取最好成绩（默认 1,000 人以下 2 次，其余 1 次）")
    parser.add_argument("--keep", type=Path, help="保存数据和站点的目录（默认用临时目录并删除）")
    parser.add_argument("--profile", action="store_true", help="另外用 cProfile 分析两种构建（在新进程中）")
    parser.add_argument("--top", type=int, default=25, help="cProfile 打印的函数数（默认 25）")
    parser.add_argument("--_profile-config", dest="profile_config", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_profile-site", dest="profile_site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_stages", dest="stages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile_config:
        profile_build(args.profile_config, args.profile_site, args.top)
        return 0
    if args.stages:
        print(json.dumps(stage_times(args.stages)))
        return 0
    print(engine_version(), flush=True)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, n in enumerate(args.profiles):
        runs = (args.runs[min(i, len(args.runs) - 1)] if args.runs else (2 if n <= 1000 else 1))
        repo, base = workdir / f"synthetic-{n}", workdir / f"baseline-{n}"
        if not (repo / "mkdocs.yml").is_file():
            counts = synthetic.generate(repo, n, round(n * args.lectures_ratio), seed=0)
            print(f"generated {repo}: {counts}", flush=True)
        start = time.perf_counter()
        prepared = make_baseline(repo, base)
        print(f"baseline {base}: {prepared['pages']} pages rendered ({time.perf_counter() - start:.1f} s)", flush=True)
        results: dict[str, list[dict]] = {"plugin": [], "baseline": []}
        for run in range(runs):
            for kind, config in (("plugin", repo / "mkdocs.yml"), ("baseline", base / "mkdocs.yml")):
                site = workdir / f"site-{kind}-{n}"
                result = build(config, site)
                result.update(site_facts(site))
                results[kind].append(result)
                print(f"  {n} {kind} run {run + 1}: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, {result['rss_mib']:.0f} MiB, "
                      f"{result['html']} HTML, index {result['index_bytes']:,} B, {result['warnings']} warning(s)", flush=True)
        plugin = min(results["plugin"], key=lambda r: r["wall"])
        baseline = min(results["baseline"], key=lambda r: r["wall"])
        why = compare_sites(workdir / f"site-plugin-{n}", workdir / f"site-baseline-{n}")
        done = subprocess.run([sys.executable, __file__, "--_stages", str(repo)], env=ENV, capture_output=True, text=True, check=True)
        stages = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((n, runs, plugin, baseline, why, stages))
        if args.profile:
            for kind, config in (("plugin", repo / "mkdocs.yml"), ("baseline", base / "mkdocs.yml")):
                subprocess.run(
                    [sys.executable, __file__, "--_profile-config", str(config), "--_profile-site", str(workdir / f"site-profile-{kind}-{n}"), "--top", str(args.top)],
                    env=ENV, check=True, stderr=subprocess.DEVNULL,
                )

    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    print()
    print(f"mkdocs build, each in its own process; best of the runs shown; {os.cpu_count()} CPUs, load average now {load[0]:.2f}, Python {sys.version.split()[0]}")
    print()
    print("| profiles | runs | plugin s | baseline s | plugin/baseline | plugin CPU s | baseline CPU s | plugin peak RSS MiB | baseline peak RSS MiB "
          "| plugin pagefind/ B | baseline pagefind/ B | plugin HTML files | baseline HTML files | warnings plugin/baseline |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, runs, p, b, *_ in rows:
        print(f"| {n:,} | {runs} | {p['wall']:.1f} | {b['wall']:.1f} | {p['wall'] / b['wall']:.2f}× | {p['cpu']:.1f} | {b['cpu']:.1f} | {p['rss_mib']:.0f} | {b['rss_mib']:.0f} "
              f"| {p['index_bytes']:,} | {b['index_bytes']:,} | {p['html']:,} | {b['html']:,} | {p['warnings']}/{b['warnings']} |")
    print()
    for n, _, p, b, why, _ in rows:
        overhead = p["wall"] / b["wall"] - 1
        verdict = "met" if overhead < TARGET_OVERHEAD else "NOT met"
        print(f"- {n:,} profiles: plugin adds {overhead:+.0%} (target < {TARGET_OVERHEAD:.0%}: {verdict}); "
              f"search index {p['index_bytes'] - b['index_bytes']:+,} B vs baseline; {why}.")
    print()
    print("The plugin's own work, stage by stage, in a fresh process without MkDocs (seconds):")
    print()
    print("| stage | " + " | ".join(f"{n:,} profiles" for n, *_ in rows) + " |")
    print("| --- | " + " | ".join("---:" for _ in rows) + " |")
    for stage in rows[0][5]:
        cells = [(f"{r[5][stage]:.0f}" if stage.endswith("written") else f"{r[5][stage]:.2f}") for r in rows]
        print(f"| {stage} | " + " | ".join(cells) + " |")
    print()
    print(engine_version())
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
