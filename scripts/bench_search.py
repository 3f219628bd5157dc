#!/usr/bin/env python3
"""Benchmark the Pagefind search against main's lunr search, built from the same synthetic data in one run.

    python scripts/bench_search.py                                 # 1,000, 5,000 and 10,000 profiles
    python scripts/bench_search.py --profiles 2000 --keep /tmp/bench-search

For each size (scripts/synthetic.py, 3 lectures per 10 profiles):

* **Pagefind**: ``mkdocs build`` of the synthetic repository with this checkout's showcase package.
  Reported: wall time; peak memory of the mkdocs process and, separately, of the Pagefind indexer
  processes it starts (their largest); the time the build waits for the index after its last page (pages are indexed while the build renders); ``pagefind/`` on disk.
* **lunr**: the same repository built by main's newest engine with the lunr search (found in the
  history, unpacked with ``git archive`` and put first on PYTHONPATH; or ``--lunr-engine``) with
  Material's ``search`` plugin (``lang: zh``), as the site was built then: jieba segments in-process,
  so there is no separate indexer.
  Needs jieba (``pip install jieba==0.42.1``), which the site itself no longer uses.
* **this engine with lunr**: the same repository built by this checkout's engine with Material's
  ``search`` plugin in place of Pagefind (the plugin's refusal of a search plugin is bypassed in the
  child process): what the search costs today's pages, apart from what the engine added since main's
  lunr version. Only its build time and memory are measured.
* **this engine, no search**: the same with no search at all; what each search adds to the build is
  its build time less this one.
* **Chromium** (Debian's /usr/bin/chromium, headless, through Playwright): each site served on
  127.0.0.1 by a server that gzips text files as static hosts do; a cold browser opens the home page,
  then types a query into the header search box. Reported: search bytes fetched with the page (before
  any search), bytes fetched by the first query (everything after typing: scripts, index, results),
  and the time until results show.
* **Query quality** (Pagefind, largest size; ``--queries-at``): the queries of the issue typed into the
  search box, with the browser's Intl.Segmenter and without it (as in older in-app browsers), and
  Pagefind's own query segmentation for comparison (its JS API called directly, issue 1237).

Each build runs in its own process; wall times move by 10–25 % when other jobs share the machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Set for the child build of this engine with Material's lunr search instead of Pagefind.
LUNR_HERE = "BENCH_SEARCH_LUNR_HERE"
#: Set for the child build of this engine with no search at all: what the search adds is the difference.
NO_SEARCH = "BENCH_SEARCH_NO_SEARCH"
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".ics", ".csv", ".map")


# -- builds ----------------------------------------------------------------------------------


def build_in_process(config: Path, site: Path) -> None:
    """Child process: build, then print this process's and its children's peak memory as JSON."""
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING)
    facts: dict[str, object] = {}
    config = load_config(config_file=str(config), site_dir=str(site))
    try:
        from showcase import indexer
    except ImportError:  # main's lunr engine has no Pagefind indexer
        indexer = None
    if indexer and (os.environ.get(LUNR_HERE) or os.environ.get(NO_SEARCH)):  # this engine without Pagefind

        class NoIndex:
            def __init__(self, site_dir):
                pass

            def add(self, path, page):
                pass

            def add_body(self, path, body):
                pass

            def finish(self):
                return indexer.Indexed(0, 0, 0.0)

        indexer.PageIndexer = NoIndex
    if os.environ.get(LUNR_HERE):  # and with Material's lunr search in its place
        plugins = config.plugins  # the plugin refuses a search plugin by name: hide the name, keep its events
        dict.__setitem__(plugins, "lunr", dict.pop(plugins, "material/search"))
    if indexer:
        finish = indexer.PageIndexer.finish

        def timed(pages_indexer):
            indexed = finish(pages_indexer)
            facts.update(index_seconds=indexed.seconds, index_parts=indexed.parts, index_pages=indexed.pages)
            return indexed

        indexer.PageIndexer.finish = timed
    build(config)
    facts["self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    facts["children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(facts))


def build(config: Path, site: Path, pythonpath: Path | None = None, variant: str = "") -> dict:
    """``variant``: LUNR_HERE or NO_SEARCH for this engine without Pagefind."""
    if site.exists():
        shutil.rmtree(site)
    env = dict(ENV, **{variant: "1"} if variant else {})
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--_build", str(config), str(site)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed ({config}):\n{done.stderr[-3000:]}")
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    facts["wall"] = wall
    return facts


def newest_lunr_commit() -> str:
    """The newest commit whose engine still built Material's lunr index (and compacted it)."""
    revisions = subprocess.run(["git", "-C", str(REPO), "rev-list", "--max-count=200", "HEAD"], capture_output=True, text=True, check=True).stdout.split()
    for rev in revisions:
        shown = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:showcase/segmenter.py"], capture_output=True, text=True)
        if "compact_search_index" in shown.stdout:
            return rev[:10]
    raise SystemExit("bench_search: no commit with the lunr search in the last 200; pass --lunr-engine")


def lunr_engine(workdir: Path, rev: str) -> Path:
    """main's showcase package at ``rev``, unpacked (read-only git) beside the benchmark data."""
    target = workdir / f"lunr-engine-{rev}"
    if not (target / "showcase").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "showcase"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def lunr_config(repo: Path) -> Path:
    """The synthetic mkdocs.yml with Material's search plugin back in front of showcase."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    config = repo / "mkdocs-lunr.yml"
    config.write_text(re.sub(r"^plugins:.*\n", "plugins:\n- search:\n    lang: zh\n", text, count=1, flags=re.M), encoding="utf-8")
    return config


def folder_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# -- serving and the browser --------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Text files gzip-compressed when the browser accepts it, as static hosts serve them."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(COMPRESSIBLE) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def transferred(request) -> int:
    """Bytes on the wire: headers and the (compressed) body; a worker script's body size comes from its header."""
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if not body and (response := request.response()) is not None:
        body = int(response.header_value("content-length") or 0)
    return body + sizes["responseHeadersSize"]


SEARCH_REQUEST = re.compile(r"/(pagefind/|search/|assets/showcase/search\.|assets/javascripts/(workers|lunr)/)")


def first_query(browser, url: str, query: str, pagefind: bool) -> dict:
    """Bytes with the page and after typing the first query, on a cold cache; seconds until results show."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    on_load = list(finished)
    box = page.locator("input.md-search__input")
    start = time.perf_counter()
    box.click()
    page.keyboard.insert_text(query)
    if pagefind:
        page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
    else:
        box.press("End")  # Material's search listens to key-up
        page.wait_for_selector(".md-search-result__item")
    seconds = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    after = finished[len(on_load):]
    measured = {
        "page_bytes": sum(transferred(r) for r in on_load),
        "search_on_load": sum(transferred(r) for r in on_load if SEARCH_REQUEST.search(r.url)),
        "query_bytes": sum(transferred(r) for r in after),
        "query_requests": len(after),
        "seconds": seconds,
    }
    context.close()
    return measured


# -- query quality ---------------------------------------------------------------------------------


def page_text(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html"
    html = path.read_text(encoding="utf-8") if path.is_file() else ""
    body = html.split("data-pagefind-body", 1)[-1].split("</article>", 1)[0]
    return re.sub(r"<[^>]+>", "", body)


def quality_queries(site: Path) -> list[dict]:
    """The issue's queries, with what counts as the right first result, from the site's own data."""
    data = json.loads((site / "data" / "showcase.json").read_text(encoding="utf-8"))
    by_name: dict[str, list[str]] = {}
    for cadre in data["cadres"]:
        by_name.setdefault(cadre["name"], []).append("/" + cadre["url"])
    three = next((n for n in by_name if len(n) == 3 and n[1:] in {"海燕", "建国", "雪峰", "晓东", "丽华"}), None) or next(n for n in by_name if len(n) == 3)
    two = next(n for n in by_name if len(n) == 2)
    compound = next(n for n in by_name if n.startswith(("欧阳", "司马")))
    county = max((c for c in data["counties"] if c["name"].endswith("县") and len(c["name"]) == 3), key=lambda c: len(c["cadres"]))
    district = max((c for c in data["counties"] if c["name"].endswith(("区", "市")) and len(c["name"]) == 3), key=lambda c: len(c["cadres"]))
    programs = [c["program"] for c in data["cohorts"] if c["program"]]
    program = max(sorted(set(programs)), key=programs.count)
    program_cohorts = {"/" + c["url"] for c in data["cohorts"] if c["program"] == program}
    queries = [
        {"kind": "姓名（三字，jieba 切开）", "query": three, "right": set(by_name[three])},
        {"kind": "姓名（两字）", "query": two, "right": set(by_name[two])},
        {"kind": "姓名（复姓）", "query": compound, "right": set(by_name[compound])},
    ]
    for place in (county, district):
        queries.append({"kind": "县区（全称）", "query": place["name"], "right": {"/" + place["url"]}})
        queries.append({"kind": "县区（去掉县/区/市）", "query": place["name"][:-1], "right": {"/" + place["url"]}})
    queries.append({"kind": "项目类别", "query": program, "right": program_cohorts})
    for word in ("招商", "品牌", "城市品牌"):
        queries.append({"kind": "词语" if len(word) == 2 else "词组", "query": word, "contains": word})
    return queries


def judge(site: Path, query: dict, urls: list[str]) -> str:
    """``ok`` when the first result is right; else the rank of the first right one (or ``none``)."""
    if not urls:
        return "no results"
    if "right" in query:
        rank = next((i for i, url in enumerate(urls) if url in query["right"]), None)
    else:
        rank = next((i for i, url in enumerate(urls) if query["contains"] in page_text(site, url)), None)
    return "ok" if rank == 0 else ("none in top 10" if rank is None else f"first right at #{rank + 1}")


NO_SEGMENTER = "delete Intl.Segmenter;"


def typed_results(browser, url: str, queries: list[dict], segmenter: bool) -> list[list[str]]:
    """Each query typed into the search box; the paths of the first ten results."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    if not segmenter:  # as in browsers without Intl.Segmenter, in the page and in Pagefind's worker
        context.add_init_script(NO_SEGMENTER)
        context.route("**/pagefind/pagefind-worker.js", lambda route: route.fulfill(response=(r := route.fetch()), body=NO_SEGMENTER + "\n" + r.text()))
    page = context.new_page()
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    out = []
    for query in queries:
        page.evaluate("document.querySelector('.sc-search').removeAttribute('data-sc-state')")
        box.fill(query["query"])
        page.wait_for_function("() => document.querySelector('.sc-search').getAttribute('data-sc-state') === 'done'")
        out.append(page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => new URL(a.href).pathname)"))
    context.close()
    return out


PAGEFIND_OWN = """async ([queries, ranking]) => {
  const base = new URL('pagefind/', location.href);
  const pagefind = await import(new URL('pagefind.js', base).href);
  await pagefind.options({ranking});
  await pagefind.init();
  const parts = await (await fetch(new URL('showcase.json', base))).json();
  for (const part of parts.merge) await pagefind.mergeIndex(new URL(part, base).pathname, {ranking});
  const out = [];
  for (const query of queries) {
    const response = await pagefind.search(query);
    const pages = await Promise.all(response.results.slice(0, 10).map(r => r.data()));
    out.push(pages.map(p => new URL(p.url, location.href).pathname));
  }
  return out;
}"""


def pagefind_own_results(browser, url: str, queries: list[dict]) -> list[list[str]]:
    """The same queries through Pagefind's JS API as it is: it cuts Chinese queries with Intl.Segmenter."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    ranking = {"metaWeights": {"title": 10, "names": 8, "keywords": 2, "detail": 0.5}}
    out = page.evaluate(PAGEFIND_OWN, [[q["query"] for q in queries], ranking])
    context.close()
    return out


# -- report ------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version

    return (f"{os.cpu_count()} CPUs ({cpu}), {memory:,} MiB RAM, {platform.platform()}, Python {platform.python_version()}, "
            f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, pagefind {version('pagefind')} "
            f"(pagefind-bin-extended {version('pagefind-bin-extended')}), {chromium}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="搜索性能测试：Pagefind 与 main 的 lunr 搜索对比。")
    parser.add_argument("--profiles", type=int, nargs="+", default=[1000, 5000, 10000], help="个人资料数（默认 1000 5000 10000）")
    parser.add_argument("--lunr-engine", type=Path, help="lunr 构建所用的 showcase 包所在目录（默认取 main 最新的 lunr 版本）")
    parser.add_argument("--queries-at", type=int, help="在哪个规模测查询质量（默认最大的规模）")
    parser.add_argument("--pagefind-engine", type=Path, help="Pagefind 构建所用的 showcase 包所在目录（默认本仓库）")
    parser.add_argument("--keep", type=Path, help="保存数据和站点的目录（默认用临时目录并删除）")
    parser.add_argument("--_build", dest="build_args", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_args:
        build_in_process(*args.build_args)
        return 0
    try:
        import jieba  # noqa: F401  (main's lunr build segments with it)
    except ImportError:
        print("bench_search: the lunr build needs jieba: pip install jieba==0.42.1", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    lunr_rev = "" if args.lunr_engine else newest_lunr_commit()
    engine = args.lunr_engine or lunr_engine(workdir, lunr_rev)
    quality_at = args.queries_at or max(args.profiles)
    rows, quality = [], None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for n in args.profiles:
            repo = workdir / f"synthetic-{n}"
            if not (repo / "mkdocs.yml").is_file():
                print(f"generated {repo}: {synthetic.generate(repo, n, round(n * 0.3), seed=0)}", flush=True)
            pagefind_site, lunr_site = workdir / f"site-pagefind-{n}", workdir / f"site-lunr-{n}"
            lunr = build(lunr_config(repo), lunr_site, pythonpath=engine)
            print(f"  {n} lunr: {lunr['wall']:.1f} s, {lunr['self_mib']:.0f} MiB", flush=True)
            here = build(lunr_config(repo), workdir / f"site-lunr-here-{n}", pythonpath=args.pagefind_engine, variant=LUNR_HERE)
            print(f"  {n} lunr (this engine): {here['wall']:.1f} s, {here['self_mib']:.0f} MiB", flush=True)
            bare = build(repo / "mkdocs.yml", workdir / f"site-bare-{n}", pythonpath=args.pagefind_engine, variant=NO_SEARCH)
            print(f"  {n} no search (this engine): {bare['wall']:.1f} s, {bare['self_mib']:.0f} MiB", flush=True)
            here["bare"] = bare["wall"]
            for folder in (f"site-lunr-here-{n}", f"site-bare-{n}"):
                shutil.rmtree(workdir / folder)
            pf = build(repo / "mkdocs.yml", pagefind_site, pythonpath=args.pagefind_engine)
            print(f"  {n} pagefind: {pf['wall']:.1f} s ({pf['index_seconds']:.1f} s waiting for the index after the last page, {pf['index_parts']} part(s)), "
                  f"{pf['self_mib']:.0f} MiB build, {pf['children_mib']:.0f} MiB indexer", flush=True)
            index = lunr_site / "search" / "search_index.json"
            raw = index.read_bytes()
            pf_bytes, pf_files = folder_bytes(pagefind_site / "pagefind")
            query = json.loads((pagefind_site / "data" / "showcase.json").read_text(encoding="utf-8"))["cadres"][0]["name"]
            measured = {}
            for kind, site in (("lunr", lunr_site), ("pagefind", pagefind_site)):
                httpd, url = serve(site)
                try:
                    measured[kind] = first_query(browser, url, query, pagefind=kind == "pagefind")
                    if kind == "pagefind" and n == quality_at:
                        queries = quality_queries(site)
                        quality = (n, queries, {
                            "有 Intl.Segmenter（本站的查询切分）": typed_results(browser, url, queries, segmenter=True),
                            "没有 Intl.Segmenter（如旧版微信内置浏览器）": typed_results(browser, url, queries, segmenter=False),
                            "对比：Pagefind 自己切分查询（Intl.Segmenter）": pagefind_own_results(browser, url, queries),
                        }, site)
                finally:
                    httpd.shutdown()
            print(f"  {n} first query '{query}': lunr {measured['lunr']}, pagefind {measured['pagefind']}", flush=True)
            rows.append((n, lunr, here, pf, len(raw), len(gzip.compress(raw, 6)), pf_bytes, pf_files, query, measured))
        browser.close()

    print()
    print(f"Machine: {machine()}")
    print(f"lunr: showcase {lunr_rev or 'from ' + str(engine)} with Material's search plugin (lang: zh); Pagefind: {args.pagefind_engine or 'this checkout'}. "
          "Bytes are on the wire (gzip for text files, headers included), cold cache, Chromium.")
    print()
    print("| profiles | build s (lunr) | build s (this engine with lunr) | build s (this engine, no search) | build s (Pagefind) "
          "| Pagefind/lunr | Pagefind/this engine with lunr | search's share: Pagefind/lunr on this engine "
          "| index wait after last page s | build peak MiB (lunr) "
          "| build peak MiB (Pagefind, mkdocs) | indexer peak MiB | index on disk (lunr: search_index.json, gzip) "
          "| index on disk (Pagefind: pagefind/) | search bytes with the first page (lunr / Pagefind) "
          "| first query bytes (lunr / Pagefind) | results shown after s (lunr / Pagefind) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, lunr, here, pf, raw, gz, pf_bytes, pf_files, _, m in rows:
        share = (pf["wall"] - here["bare"]) / (here["wall"] - here["bare"])
        print(f"| {n:,} | {lunr['wall']:.0f} | {here['wall']:.0f} | {here['bare']:.0f} | {pf['wall']:.0f} | {pf['wall'] / lunr['wall']:.2f} "
              f"| {pf['wall'] / here['wall']:.2f} | {share:.2f} | {pf['index_seconds']:.0f} ({pf['index_parts']} part{'s' if pf['index_parts'] > 1 else ''}) "
              f"| {lunr['self_mib']:.0f} | {pf['self_mib']:.0f} | {pf['children_mib']:.0f} | {raw / 1e6:.1f} MB ({gz / 1e6:.2f} MB) "
              f"| {pf_bytes / 1e6:.1f} MB, {pf_files:,} files | {m['lunr']['search_on_load'] / 1e3:,.0f} KB / {m['pagefind']['search_on_load'] / 1e3:,.0f} KB "
              f"| {m['lunr']['query_bytes'] / 1e3:,.0f} KB / {m['pagefind']['query_bytes'] / 1e3:,.0f} KB ({m['pagefind']['query_requests']} requests) "
              f"| {m['lunr']['seconds']:.2f} / {m['pagefind']['seconds']:.2f} |")
    print()
    print("First query: the name of the first cadre in data/showcase.json (" + ", ".join(f"{n:,}: {q}" for n, *_, q, _ in rows) + ").")
    if quality:
        n, queries, modes, site = quality
        print()
        print(f"Query quality at {n:,} profiles (first result right: ok; else the rank of the first right result in the top 10):")
        print()
        print("| kind | query | " + " | ".join(modes) + " |")
        print("| --- | --- |" + " --- |" * len(modes))
        for i, query in enumerate(queries):
            print(f"| {query['kind']} | {query['query']} | " + " | ".join(judge(site, query, results[i]) for results in modes.values()) + " |")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
