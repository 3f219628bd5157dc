"""The example data shipped in the repository is the template other departments copy: it must be clean."""

from __future__ import annotations

from showcase.cli import load_settings
from showcase.issues import Report
from showcase.loader import load

from .conftest import REPO


def test_shipped_example_data_validates_clean():
    report = Report()
    settings = load_settings(REPO, report)
    dataset, data_report = load(settings)
    report.extend(data_report)
    assert [i.text() for i in report.errors] == []
    assert [i.text() for i in report.warnings] == []
    assert report.summary() == "检查通过：没有发现问题。"


def test_shipped_example_data_is_not_empty_and_ids_are_unique():
    report = Report()
    dataset, _ = load(load_settings(REPO, report))
    cohort_dirs = sorted(p.name for p in (REPO / "cohorts").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    assert sorted(c.id for c in dataset.cohorts) == cohort_dirs
    profiles = sorted(p.stem for p in (REPO / "cohorts").glob("*/*.md"))
    assert sorted(c.id for c in dataset.cadres) == profiles
    assert len({c.id for c in dataset.cadres}) == len(dataset.cadres)
    assert dataset.published_cadres
