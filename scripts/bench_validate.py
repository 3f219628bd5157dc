#!/usr/bin/env python3
"""Benchmark validation (``loader.load``) on synthetic data against the minimum any validator must do.

    python scripts/bench_validate.py                      # 1,000 and 10,000 profiles
    python scripts/bench_validate.py --profiles 2000 --keep /tmp/bench

For each size: generate a repository (scripts/synthetic.py, 3 lectures per 10 profiles unless
``--lectures-ratio``), then time, best of ``--repeat`` runs:

* ``load()``           the engine's validation, settings from ``showcase.cli.load_settings``, each run in a
                       fresh process (as ``showcase validate`` runs), wall and CPU time of the call only;
* ``load() ×3``        three calls in one process, as ``mkdocs serve`` reloads: shows any state that grows;
* ``baseline``         read every data file's bytes and ``yaml.safe_load`` the front matter (or the whole
                       ``.yml``): the minimum a validator must do; the ratio load/baseline is reported;
* ``baseline (C)``     the same with PyYAML's C loader, which the engine uses when it is available;
* ``showcase validate`` the whole command in a subprocess (start-up included), one run.

Target (issue): 10,000 profiles validated in under 5 s on the 2-core machine. When ``load()`` is over
target, the top 15 functions by cumulative time under cProfile are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic

TARGET_SECONDS = 5.0
TARGET_PROFILES = 10_000


def best_of(repeat: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def load_in_child(root: Path, calls: int) -> list[tuple[float, float, int, int]]:
    """``calls`` consecutive load() calls in a fresh interpreter: (wall, cpu, issues, peak RSS KiB) each."""
    code = (
        "import json, resource, sys, time; sys.path.insert(0, sys.argv[1]); from pathlib import Path; import bench_validate as b; "
        "run = b.engine_load(Path(sys.argv[2])); out = []\n"
        "for _ in range(int(sys.argv[3])):\n"
        "    w, c = time.perf_counter(), time.process_time(); d, r = run(); "
        "out.append((time.perf_counter() - w, time.process_time() - c, len(r.issues), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).resolve().parent), str(root), str(calls)], capture_output=True, text=True, check=True)
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


def engine_load(root: Path):
    from showcase.cli import load_settings
    from showcase.issues import Report
    from showcase.loader import load

    settings = load_settings(root, Report())
    return lambda: load(settings)


def baseline(root: Path, loader) -> Callable[[], int]:
    """Read bytes, decode, split off the front matter, parse it with PyYAML: nothing else."""
    files = sorted(p for p in (root / "cohorts").rglob("*") if p.suffix in (".md", ".yml"))

    def run() -> int:
        parsed = 0
        for path in files:
            text = path.read_bytes().decode("utf-8-sig")
            if path.suffix == ".md":
                _, front, _ = text.split("---\n", 2)
                text = front
            yaml.load(text, Loader=loader)
            parsed += 1
        return parsed

    return run


def validate_cli(root: Path) -> tuple[float, int, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "showcase", "validate"], cwd=root, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]


def profile_load(root: Path, top: int = 15) -> str:
    run = engine_load(root)
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="校验（showcase validate / loader.load）性能测试。")
    parser.add_argument("--profiles", type=int, nargs="+", default=[1000, 10_000], help="个人资料数（默认 1000 10000）")
    parser.add_argument("--lectures-ratio", type=float, default=0.3, help="每份个人资料的讲座数（默认 0.3，即 10,000 人 3,000 场）")
    parser.add_argument("--repeat", type=int, default=3, help="取最好成绩的次数（默认 3）")
    parser.add_argument("--keep", type=Path, help="把生成的数据保存在此目录（默认用临时目录并删除）")
    parser.add_argument("--profile", action="store_true", help="无论是否超标都打印 cProfile 结果")
    args = parser.parse_args(argv)

    from bench_build import engine_version

    print(engine_version(), flush=True)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-validate-"))
    rows, slow = [], []
    for n in args.profiles:
        root = workdir / f"synthetic-{n}"
        if not (root / "mkdocs.yml").is_file():
            counts = synthetic.generate(root, n, round(n * args.lectures_ratio), seed=0)
            print(f"generated {root}: {counts}", flush=True)
        fresh = [load_in_child(root, 1)[0] for _ in range(args.repeat)]
        t_load, t_cpu = min(r[0] for r in fresh), min(r[1] for r in fresh)
        issues, rss_one = fresh[0][2], fresh[0][3]
        same = load_in_child(root, 3)
        if issues:
            print(f"!! {n}: validation found {issues} issue(s); run `showcase validate` in {root}", file=sys.stderr)
        t_base, files = best_of(args.repeat, baseline(root, yaml.SafeLoader))
        t_base_c, _ = best_of(args.repeat, baseline(root, getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        t_cli, rc, last = validate_cli(root)
        rows.append((n, files, t_load, t_cpu, rss_one, same, t_base, t_base_c, t_cli, rc))
        print(f"  {n}: load {t_load:.2f}s (CPU {t_cpu:.2f}s), same process {[round(r[0], 2) for r in same]}, baseline {t_base:.2f}s, "
              f"baseline(C) {t_base_c:.2f}s, CLI {t_cli:.2f}s rc={rc} ({last})", flush=True)
        if (n >= TARGET_PROFILES and t_load * TARGET_PROFILES / n > TARGET_SECONDS) or args.profile:
            slow.append(root)

    print()
    print(f"validation, best of {args.repeat} (load(): a fresh process per run; CLI: 1 run, interpreter start-up included); "
          f"{os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}, "
          f"PyYAML {yaml.__version__} (C loader {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'})")
    print()
    print("| profiles | data files | load() s | load() CPU s | profiles/s | peak RSS MiB | load() ×3 in one process s | peak RSS after 3 MiB "
          "| baseline safe_load s | load/baseline | baseline C loader s | load/C baseline | `showcase validate` s | exit |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, files, t_load, t_cpu, rss_one, same, t_base, t_base_c, t_cli, rc in rows:
        print(f"| {n:,} | {files:,} | {t_load:.2f} | {t_cpu:.2f} | {n / t_load:,.0f} | {rss_one / 1024:.0f} | {' / '.join(f'{r[0]:.2f}' for r in same)} | {same[-1][3] / 1024:.0f} "
              f"| {t_base:.2f} | {t_load / t_base:.2f}× | {t_base_c:.2f} | {t_load / t_base_c:.2f}× | {t_cli:.2f} | {rc} |")
    for n, _files, t_load, *_ in rows:
        if n >= TARGET_PROFILES:
            verdict = "met" if t_load <= TARGET_SECONDS * n / TARGET_PROFILES else "NOT met"
            print(f"\ntarget {TARGET_PROFILES:,} profiles < {TARGET_SECONDS:.0f} s: {verdict} (load() {t_load:.2f} s for {n:,} profiles)")
    print(f"\n{engine_version()}")
    for root in slow:
        print(f"\ncProfile of load() on {root.name}, top 15 by cumulative time:\n")
        print(profile_load(root))
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
