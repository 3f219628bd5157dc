"""`python -m showcase …` run as a user runs it: in a repository folder, output read as text."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

MKDOCS_YML = yaml.safe_dump({"site_name": "t", "plugins": [{"showcase": {}}]}, allow_unicode=True)
COHORT_YML = "name: 测试批次\n"
FRONT = "name: 张三\ncounty: 苍溪县\npost: 苍溪县副县长\norigin: 某大学经济管理学院副教授\n"
PROFILE_PATH = "cohorts/c1/zhang-san.md"


def md(front: str = FRONT, body: str = "正文第一行。\n") -> str:
    return "---\n" + front + "---\n" + body


CLEAN = {
    "cohorts/c1/cohort.yml": COHORT_YML,
    PROFILE_PATH: md(FRONT + "achievements:\n  - title: 争取项目资金\n    metrics:\n      funds_secured: 1200余万元\n      trainings_held: 12\n"),
    "cohorts/c1/lectures.yml": "- date: 2012-07-15\n  time: '14:30'\n  title: 城市品牌建设\n  speaker: zhang-san\n  venue: 县委党校\n  attendance: 600\n",
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def lines(self) -> list[str]:
        return self.stdout.rstrip("\n").split("\n")


def run_showcase(root: Path, *args: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "showcase", *args],
        cwd=root,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
    )
    run = Run(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in run.output, run.output
    return run


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site(files, mkdocs=MKDOCS_YML) -> a repository root with mkdocs.yml and the files."""

    def make(files: Mapping[str, str | bytes], mkdocs: str = MKDOCS_YML) -> Path:
        root = tmp_path / "repo"
        root.mkdir()
        (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
        return write_files(root, files)

    return make


@pytest.fixture
def clean_site(make_site) -> Path:
    return make_site(CLEAN)


@pytest.fixture
def showcase() -> Callable[..., Run]:
    """showcase(root, *args): run the command there; asserts that no traceback is printed."""
    return run_showcase
