"""Whatever a contributor's editor produces, load() returns a Report: it never raises (DESIGN §4, §6)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase.issues import CODES, Report
from showcase.loader import load
from showcase.model import Dataset
from showcase.settings import build_settings

from .conftest import COHORT_YML, FRONT, md, write_tree

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: a shared suite must not flake
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: One Settings for all examples: the gazetteer (and its pinyin index) is built once.
_BASE, _PROBLEMS = build_settings(Path("."), {"today": "2013-01-01", "places": {"泸水县": {"renamed_to": "泸水市"}}})
assert _PROBLEMS == []

KEYS = [
    "name", "county", "post", "origin", "start", "end", "portfolio", "education", "expertise", "photo",
    "tags", "draft", "achievements", "title", "date", "category", "metrics", "summary", "funds_secured",
    "people_trained", "trainings_held", "speaker", "venue", "attendance", "time", "status", "id", "series",
    "reported", "program", "region", "cuonty", "姓名", "争取资金",
]
TOKENS = KEYS + [
    ":", ": ", "：", "\t", "-", "- ", "  - ", " ", "  ", "    ", "\n", "\n", "\n", "\r\n", "---", "---\n", "...",
    '"', "'", "[", "]", "{", "}", ",", "#", "|", ">", "?", "%", "@", "`", "!", "!!str ", "!!int ", "!!binary ",
    "!!python/object:os.system ", "&a ", "*a", "<<: ", "~", "null", "true", "yes", "no", ".nan", ".inf", "-1",
    "0", "12", "14:30", "2012", "2012-03", "2012-13", "2012-02-30", "2012年3月下旬", "1200余万元", "3亿多元",
    "近4万人次", "100人次", "很多", "张三", "zhang-san", "li-si", "苍溪县", "苍西县", "鼓楼区", "南京市鼓楼区",
    "泸水县", "肇庆高新区", "请填写", "held", "planned", "13912345678", "11010519491231002X", "家庭住址：",
    "<script>", "onerror=", "javascript:", "\\", "\\0", "\\x", "\ufeff", "\u3000", "\x85", "\u2028", "\x00",
]

yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map("".join)
any_text = st.one_of(yamlish, st.text(max_size=300))


def run_load(files: dict[str, str | bytes]) -> tuple[Dataset, Report]:
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), files)
        return load(dataclasses.replace(_BASE, root=root))


def assert_sane(report: Report) -> None:
    assert isinstance(report, Report)
    for issue in report.sorted():
        assert issue.code in CODES
        assert issue.line >= 1
        assert issue.path.startswith("cohorts/")
        assert issue.message
        issue.text()  # renders


@PROPERTY_SETTINGS
@given(front=any_text, body=any_text)
def test_any_front_matter_and_body_never_raise(front, body):
    dataset, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": "---\n" + front + "\n---\n" + body})
    assert_sane(report)
    # never silently dropped: the profile is in the dataset, readable or not
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


@PROPERTY_SETTINGS
@given(extra=yamlish)
def test_valid_profile_plus_arbitrary_lines_never_raise(extra):
    dataset, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(FRONT + extra + "\n")})
    assert_sane(report)
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


@PROPERTY_SETTINGS
@given(text=any_text)
def test_any_profile_text_never_raises(text):
    dataset, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": text})
    assert_sane(report)
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_profile_never_raise(data):
    dataset, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": data})
    assert_sane(report)
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=200).map(lambda b: b"---\nname: \xd5\xc5\xc8\xfd\n" + b))
def test_any_bytes_after_gbk_front_matter_never_raise(data):
    _, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": data})
    assert_sane(report)


@PROPERTY_SETTINGS
@given(text=any_text)
def test_any_lectures_yml_never_raises(text):
    files = {"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(), "cohorts/c1/lectures.yml": text}
    _, report = run_load(files)
    assert_sane(report)


@PROPERTY_SETTINGS
@given(items=st.lists(st.fixed_dictionaries({}, optional={key: yamlish for key in ("date", "time", "speaker", "title", "attendance", "status", "county", "id")}), max_size=5))
def test_lecture_lists_with_arbitrary_values_never_raise(items):
    lines = []
    for item in items:
        prefix = "- "
        for key, value in item.items():
            lines.append(f"{prefix}{key}: {value!r}".replace("\n", " "))
            prefix = "  "
        if not item:
            lines.append("- {}")
    files = {"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(), "cohorts/c1/lectures.yml": "\n".join(lines) + "\n"}
    _, report = run_load(files)
    assert_sane(report)


@PROPERTY_SETTINGS
@given(text=any_text)
def test_any_cohort_yml_never_raises(text):
    dataset, report = run_load({"cohorts/c1/cohort.yml": text, "cohorts/c1/zhang-san.md": md()})
    assert_sane(report)
    assert [c.id for c in dataset.cohorts] == ["c1"]
    assert [c.id for c in dataset.cadres] == ["zhang-san"]


@PROPERTY_SETTINGS
@given(amounts=st.lists(st.tuples(st.sampled_from(KEYS[18:21] + ["projects", "unknown_metric"]), st.one_of(yamlish, st.integers(), st.floats())), max_size=4))
def test_any_metric_values_never_raise(amounts):
    lines = "".join(f"      {key}: {value!r}\n".replace("\r", "") for key, value in amounts if "\n" not in str(value))
    front = FRONT + "achievements:\n  - title: 成果\n    metrics:\n" + (lines or "      projects: 1\n")
    _, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(front)})
    assert_sane(report)


# -- pathological inputs hypothesis is unlikely to build ---------------------------------


def test_recursive_alias_is_an_issue_not_a_crash():
    _, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(FRONT + "portfolio: &a [*a]\n")})
    assert_sane(report)
    assert report.errors


def test_recursive_alias_in_lectures_is_an_issue_not_a_crash():
    files = {"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(), "cohorts/c1/lectures.yml": "&a\n- title: 讲座\n  series: *a\n"}
    _, report = run_load(files)
    assert_sane(report)
    assert report.errors


def test_deeply_nested_yaml_is_an_issue_not_a_crash():
    front = FRONT + "portfolio: " + "[" * 5000 + "]" * 5000 + "\n"
    _, report = run_load({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md(front)})
    assert_sane(report)
    assert report.errors

