"""`showcase new` (DESIGN §4): a commented profile from the template, pinyin id, never overwriting."""

from __future__ import annotations

import json
import re

from .conftest import CLEAN, FRONT, md

NEW_PATH = "cohorts/c1/li-si.md"


def issues_of(run, path):
    return [i for i in json.loads(run.stdout)["issues"] if i["path"] == path]


def test_new_creates_a_profile_named_by_pinyin(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四")
    assert run.returncode == 0
    assert NEW_PATH in run.stdout
    text = (clean_site / NEW_PATH).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert "name: 李四" in text
    assert "#" in text  # commented
    assert "\r" not in text


def test_new_profile_parses_and_reports_the_unfilled_template(clean_site, showcase):
    showcase(clean_site, "new", "--cohort", "c1", "--name", "李四")
    run = showcase(clean_site, "validate", "--format", "json")
    assert run.returncode == 1
    found = issues_of(run, NEW_PATH)
    assert found, run.stdout
    codes = {i["code"] for i in found}
    # it parses: no encoding, front-matter or YAML problems, no unknown fields
    assert not {c for c in codes if c[0] in "FY"} and "D103" not in codes, found
    assert "D102" in codes
    text = (clean_site / NEW_PATH).read_text(encoding="utf-8").split("\n")
    placeholder_lines = {i["line"] for i in found if i["code"] == "D102"}
    for key in ("county", "post", "origin"):
        line = next(n for n, row in enumerate(text, 1) if row.startswith(f"{key}:"))
        assert line in placeholder_lines, (key, found)
    # nothing else in the repository is affected
    assert [i for i in json.loads(run.stdout)["issues"] if i["path"] != NEW_PATH] == []


def test_new_profile_with_county_only_misses_the_rest(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍溪县")
    assert run.returncode == 0
    found = issues_of(showcase(clean_site, "validate", "--format", "json"), NEW_PATH)
    assert {i["code"] for i in found} == {"D102"}
    text = (clean_site / NEW_PATH).read_text(encoding="utf-8").split("\n")
    lines = {i["line"] for i in found}
    for key in ("post", "origin"):
        assert next(n for n, row in enumerate(text, 1) if row.startswith(f"{key}:")) in lines
    assert not any(row.startswith("county:") and n in lines for n, row in enumerate(text, 1))


def test_filled_in_template_validates_clean(clean_site, showcase):
    showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍溪县")
    path = clean_site / NEW_PATH
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"请填写[^\s#]*", "已填写的内容", text)
    text = re.sub(r"(?m)^draft: true.*$", "draft: false", text)
    path.write_text(text, encoding="utf-8")
    run = showcase(clean_site, "validate")
    assert run.returncode == 0, run.stdout
    assert run.lines == ["检查通过：没有发现问题。"]


def test_new_profile_is_a_draft_and_not_exported(clean_site, showcase, tmp_path):
    showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍溪县")
    path = clean_site / NEW_PATH
    text = re.sub(r"请填写[^\s#]*", "已填写的内容", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    assert showcase(clean_site, "validate").returncode == 0
    assert showcase(clean_site, "export", str(tmp_path / "out")).returncode == 0
    data = json.loads((tmp_path / "out" / "showcase.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["cadres"]] == ["zhang-san"]


def test_new_refuses_to_overwrite(clean_site, showcase):
    assert showcase(clean_site, "new", "--cohort", "c1", "--name", "李四").returncode == 0
    path = clean_site / NEW_PATH
    path.write_text(md(FRONT.replace("张三", "李四")), encoding="utf-8")
    before = path.read_bytes()
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四")
    assert run.returncode == 2
    assert NEW_PATH in run.stderr
    assert path.read_bytes() == before


def test_new_refuses_an_id_used_in_another_cohort(make_site, showcase):
    root = make_site({**CLEAN, "cohorts/c2/cohort.yml": "name: 第二批\n"})
    run = showcase(root, "new", "--cohort", "c2", "--name", "张三")
    assert run.returncode == 2
    assert not (root / "cohorts/c2/zhang-san.md").exists()


def test_new_with_explicit_id(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "张三", "--id", "zhang-san-2")
    assert run.returncode == 0
    assert (clean_site / "cohorts/c1/zhang-san-2.md").is_file()


def test_new_unknown_cohort(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "no-such-cohort", "--name", "李四")
    assert run.returncode == 2
    assert "no-such-cohort" in run.stderr
    assert not (clean_site / "cohorts/no-such-cohort").exists()
    assert sorted(p.name for p in (clean_site / "cohorts/c1").iterdir()) == ["cohort.yml", "lectures.yml", "zhang-san.md"]


def test_new_unknown_county(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍西县")
    assert run.returncode == 2
    assert not (clean_site / NEW_PATH).exists()


def test_new_bad_id(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--id", "Li Si")
    assert run.returncode == 2
    assert not (clean_site / "cohorts/c1/Li Si.md").exists()


def test_new_without_required_options(clean_site, showcase):
    assert showcase(clean_site, "new", "--name", "李四").returncode == 2
    assert showcase(clean_site, "new", "--cohort", "c1").returncode == 2
