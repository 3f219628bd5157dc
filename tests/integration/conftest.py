"""Real `mkdocs build --strict` runs of the shipped example and of small variants of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "cohorts")


@dataclass
class Build:
    root: Path
    site: Path
    returncode: int
    output: str

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def run_build(root: Path, *, strict: bool = True, env: dict[str, str] | None = None) -> Build:
    site = root / "_site"
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)
    return Build(root, site, done.returncode, done.stdout + done.stderr)


def copy_repo_site(target: Path) -> Path:
    """A private copy of the example site that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Build:
    root = copy_repo_site(tmp_path_factory.mktemp("example"))
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def site_copy(tmp_path) -> Path:
    return copy_repo_site(tmp_path / "site")
