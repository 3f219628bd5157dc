"""Shared helpers for the loader's unit tests: write a small data tree, validate it.

Line numbers in the tests are 1-based file lines. The minimal valid profile is::

    1  ---
    2  name: 张三
    3  county: 苍溪县
    4  post: 苍溪县副县长
    5  origin: 某大学经济管理学院副教授
    6  ---
    7  正文第一行。

so a key appended to FRONT is on line 6, the next on line 7, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from showcase.issues import Issue, Report
from showcase.loader import load
from showcase.model import Dataset
from showcase.settings import build_settings

REPO = Path(__file__).resolve().parents[2]

COHORT_YML = "name: 测试批次\n"
FRONT = "name: 张三\ncounty: 苍溪县\npost: 苍溪县副县长\norigin: 某大学经济管理学院副教授\n"
BODY = "正文第一行。\n"
PROFILE_PATH = "cohorts/c1/zhang-san.md"


def md(front: str = FRONT, body: str = BODY) -> str:
    """A profile: front matter between --- lines (line 1 and after `front`), then the body."""
    return "---\n" + front + "---\n" + body


def minimal_files(**extra: str | bytes) -> dict[str, str | bytes]:
    """The minimal valid cohort (cohort.yml + zhang-san.md), with files added or replaced."""
    files: dict[str, str | bytes] = {"cohorts/c1/cohort.yml": COHORT_YML, PROFILE_PATH: md()}
    files.update(extra)
    return files


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes}; text is written as UTF-8 byte for byte (no newline translation)."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def run_validate(root: Path, options: Mapping[str, Any] | None = None) -> tuple[Dataset, Report]:
    settings, problems = build_settings(root, options or {})
    assert problems == [], problems
    dataset, report = load(settings)
    return dataset, report


def only(report: Report, code: str | None = None) -> Issue:
    """The single issue of the report (optionally: the single issue with this code)."""
    issues = [i for i in report.sorted() if code is None or i.code == code]
    assert len(issues) == 1, [i.text() for i in report.sorted()]
    return issues[0]


def codes(report: Report) -> list[str]:
    return [i.code for i in report.sorted()]


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """make_tree({relative_path: str | bytes}) -> root (a fresh folder under tmp_path each call)."""
    counter = iter(range(1_000_000))

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / f"repo{next(counter)}"
        root.mkdir()
        return write_tree(root, files)

    return make


@pytest.fixture
def validate() -> Callable[..., tuple[Dataset, Report]]:
    """validate(root, options=None) -> (dataset, report)."""
    return run_validate


@pytest.fixture
def check(make_tree, validate) -> Callable[..., tuple[Dataset, Report]]:
    """check(files, options=None): the minimal cohort with `files` added or replaced, validated."""

    def run(files: Mapping[str, str | bytes], options: Mapping[str, Any] | None = None) -> tuple[Dataset, Report]:
        return validate(make_tree({**minimal_files(), **files}), options)

    return run
