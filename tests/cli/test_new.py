"""`showcase new` (DESIGN §4): a commented profile from the template, pinyin id, never overwriting."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from contextlib import chdir
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.cli import load_repository, main
from showcase.issues import Report
from showcase.records import BODY_PLACEHOLDER, LECTURE_FIELDS
from showcase.scaffold import name_slug, yaml_scalar
from showcase.source import parse_yaml

from .conftest import CLEAN, COHORT_YML, FRONT, md

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
    assert [line.split(": ", 1)[1].split(" ")[:2] for line in run.lines[:-1]] == [["错误", "D102"]]  # the template's own body sentence
    path.write_text(re.sub(rf"(?m)^{BODY_PLACEHOLDER}.*$", "本人挂职期间的工作介绍。", text), encoding="utf-8")
    run = showcase(clean_site, "validate")
    assert run.returncode == 0, run.stdout
    assert run.lines == ["检查通过：没有发现问题。"]


def test_new_profile_is_a_draft_and_not_exported(clean_site, showcase, tmp_path):
    showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍溪县")
    path = clean_site / NEW_PATH
    text = re.sub(r"请填写[^\s#]*", "已填写的内容", path.read_text(encoding="utf-8"))
    path.write_text(re.sub(rf"(?m)^{BODY_PLACEHOLDER}.*$", "本人挂职期间的工作介绍。", text), encoding="utf-8")
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


# -- any name becomes valid YAML that reads back as the name ----------------------------------------

NAMES = [
    "O'Brien", 'Say "Hi"', "张: 三", "张：三", "A & B", "# 张三", "张三 # 备注", "-张三", "- 张三", "* 张三", "&张三", "!张三",
    "yes", "no", "on", "123", "0x1F", "1e3", "null", "~", "2012-03-04", "[张三]", "{张三}", "@张三", "`张三`", "%张三",
    "|张三", ">张三", "张三:", "?张三", "李四\\", "<b>张三</b>", "&lt;张三", "张\u3000三", "  张三  ", "---", "...", "'", '"',
    "张三, 李四", "阿卜杜拉·买买提", "Anna Müller",
]


def test_any_name_round_trips_through_the_profile(clean_site, monkeypatch, capsys):
    monkeypatch.chdir(clean_site)
    for number, name in enumerate(NAMES):
        # --name=VALUE: a name starting with "-" would otherwise be taken for an option
        assert main(["new", "--cohort", "c1", f"--name={name}", "--county", "苍溪县", "--id", f"cadre-{number}"]) == 0, capsys.readouterr().err
    _, site, report = load_repository()
    dataset = site.dataset
    names = {cadre.id: cadre.name for cadre in dataset.cadres}
    for number, name in enumerate(NAMES):
        assert names[f"cadre-{number}"] == " ".join(name.split()), name
    syntax = [i.text() for i in report.sorted() if i.code[0] in "FY" or i.code in ("D103", "D104")]
    assert syntax == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1).map(lambda s: " ".join(s.split())).filter(bool))
def test_yaml_scalar_reads_back_as_itself_on_a_template_line(name):
    report = Report()
    node = parse_yaml(f"name: {yaml_scalar(name)}                      # 姓名（必填）\n", "p.md", 2, report)
    assert report.sorted() == [] and node is not None
    assert node.value["name"].value == name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("李四", "li-si"),
        ("Anna Müller", "anna-muller"),
        ("阿卜杜拉·买买提", "a-bo-du-la-mai-mai-ti"),
        ("张三丰 Jr.", "zhang-san-feng-jr"),
        ("O'Brien", "o-brien"),
        ("Ζεύς", ""),
        ("·", ""),
    ],
)
def test_name_slug(name, slug):
    assert name_slug(name) == slug


def test_new_with_a_latin_name(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "Anna Müller")
    assert run.returncode == 0, run.stderr
    assert "name: Anna Müller" in (clean_site / "cohorts/c1/anna-muller.md").read_text(encoding="utf-8")


def test_new_with_a_name_that_gives_no_id_asks_for_one(clean_site, showcase):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "Ζεύς")
    assert run.returncode == 2
    assert "--id" in run.stderr and "Ζεύς" in run.stderr
    assert sorted(p.name for p in (clean_site / "cohorts/c1").iterdir()) == ["cohort.yml", "lectures.yml", "zhang-san.md"]


@pytest.mark.parametrize(
    ("name", "says"),
    [("张三110101199003074514", "身份证号"), ("张三 13800138000", "手机号"), ("   ", "不能为空"), ("张\x1b[31m三", "控制字符")],
)
def test_new_refuses_a_name_that_cannot_be_published(clean_site, showcase, name, says):
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", name, "--id", "li-si")
    assert run.returncode == 2
    assert says in run.stderr
    assert "110101199003074514" not in run.stderr  # the message masks the number it found
    assert not (clean_site / NEW_PATH).exists()


def test_an_existing_profile_is_named_and_a_free_id_offered(clean_site, showcase):
    assert showcase(clean_site, "new", "--cohort", "c1", "--name", "李四").returncode == 0
    run = showcase(clean_site, "new", "--cohort", "c1", "--name", "李四")
    assert run.returncode == 2
    assert f"已有 {NEW_PATH}（李四）" in run.stderr
    assert "--id li-si-2" in run.stderr
    assert showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--id", "li-si-2").returncode == 0
    assert "--id li-si-3" in showcase(clean_site, "new", "--cohort", "c1", "--name", "李四").stderr


def test_a_template_line_uncommented_by_deleting_only_the_hash_is_named(clean_site, showcase):
    showcase(clean_site, "new", "--cohort", "c1", "--name", "李四", "--county", "苍溪县")
    path = clean_site / NEW_PATH
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, row in enumerate(lines) if row.startswith("# education:"))
    lines[number] = lines[number][1:]  # " education: 博士研究生 ..."
    path.write_text("\n".join(lines), encoding="utf-8")
    found = [i for i in issues_of(showcase(clean_site, "validate", "--format", "json"), NEW_PATH) if i["code"] == "Y008"]
    assert [i["line"] for i in found] == [number + 1]
    assert "#" in found[0]["hint"]


def test_scaffold_does_not_import_the_command_line():
    code = "import sys, showcase.scaffold; sys.exit('showcase.cli' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


# -- showcase new --lecture: a commented lecture appended, never breaking the file ---------------------

LECTURE_TEMPLATE_LINE = re.compile(r"^# (?:- |  )([a-z]+): .*?\s# (.+)$")


def lecture_template() -> str:
    return (files("showcase") / "templates" / "lecture.yml.j2").read_text(encoding="utf-8")


def test_lecture_template_has_every_field_with_a_chinese_comment():
    entries = [LECTURE_TEMPLATE_LINE.match(row) for row in lecture_template().splitlines() if row.startswith(("# - ", "#   "))]
    assert all(entries)
    assert [m[1] for m in entries][0] == "title"  # the required field opens an entry: an undated lecture still starts with "- "
    assert sorted(m[1] for m in entries) == sorted(LECTURE_FIELDS)
    assert all(re.search(r"[\u4e00-\u9fff]", m[2]) for m in entries)
    assert all(row.startswith("#") for row in lecture_template().splitlines())  # no data until uncommented


def lectures_of(root):
    with chdir(root):
        _, site, report = load_repository()
    dataset = site.dataset
    return dataset.lectures, report


def test_new_lecture_appends_to_lectures_yml(clean_site, showcase):
    path = clean_site / "cohorts/c1/lectures.yml"
    before = path.read_bytes()
    run = showcase(clean_site, "new", "--lecture", "--cohort", "c1")
    assert run.returncode == 0, run.stderr
    assert "cohorts/c1/lectures.yml" in run.stdout
    after = path.read_bytes()
    assert after.startswith(before + b"\n#")  # a blank line, then the commented entry
    assert "# - title: 请填写讲座题目" in after.decode("utf-8")
    assert "zhang-san" in after.decode("utf-8")  # an id of this cohort as the speaker example
    assert showcase(clean_site, "validate").returncode == 0
    lectures, _ = lectures_of(clean_site)
    assert [lecture.title for lecture in lectures] == ["城市品牌建设"]  # a commented entry is no data


def test_new_lecture_creates_lectures_yml(make_site, showcase):
    root = make_site({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/zhang-san.md": md()})
    assert showcase(root, "new", "--lecture", "--cohort", "c1").returncode == 0
    assert (root / "cohorts/c1/lectures.yml").read_text(encoding="utf-8") == lecture_template().replace("{{ speaker }}", "zhang-san")
    run = showcase(root, "validate")
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize(
    ("existing", "newline"),
    [
        pytest.param("- date: 2012-07-15\n  title: 第一讲", "\n", id="last-line-without-newline"),
        pytest.param("- date: 2012-07-15\r\n  title: 第一讲\r\n", "\r\n", id="crlf"),
        pytest.param("- date: 2012-07-15\r\n  title: 第一讲", "\r\n", id="crlf-without-final-newline"),
        pytest.param("", "\n", id="empty"),
    ],
)
def test_new_lecture_keeps_the_existing_file_valid(make_site, showcase, existing, newline):
    root = make_site({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/lectures.yml": existing})
    assert showcase(root, "new", "--lecture", "--cohort", "c1").returncode == 0
    text = (root / "cohorts/c1/lectures.yml").read_bytes().decode("utf-8")
    assert text.startswith(existing)
    assert text.count(newline) == text.count("\n")  # one line ending throughout
    assert text.endswith(newline)
    run = showcase(root, "validate")
    assert run.returncode == 0, run.stdout
    lectures, _ = lectures_of(root)
    assert [lecture.title for lecture in lectures] == (["第一讲"] if existing else [])


def test_uncommented_lecture_template_is_read_with_every_field(clean_site, showcase):
    showcase(clean_site, "new", "--lecture", "--cohort", "c1")
    path = clean_site / "cohorts/c1/lectures.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^# (- |  )", r"\1", text)  # what a contributor does: delete "# " on the entry lines
    text = text.replace("请填写讲座题目", "乡村振兴与科技服务").replace("请填写主讲人", "zhang-san").replace("status: planned", "status: held")
    path.write_text(text, encoding="utf-8")
    lectures, report = lectures_of(clean_site)
    assert [i.text() for i in report.sorted()] == []
    added = next(lecture for lecture in lectures if lecture.title == "乡村振兴与科技服务")
    assert (added.speaker_id, added.venue, added.series, added.status) == ("zhang-san", "县委党校报告厅", "挂职干部讲坛", "held")
    assert added.time is not None and added.attendance is not None and added.county is not None


def test_an_undated_lecture_uncommented_after_another_stays_a_lecture_of_its_own(make_site, showcase):
    """Only the title and county uncommented (the date not known yet): a new entry, not lines merged into the one above."""
    root = make_site({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/lectures.yml": "- date: 2012-07-15\n  title: 第一讲\n"})
    showcase(root, "new", "--lecture", "--cohort", "c1")
    path = root / "cohorts/c1/lectures.yml"
    text = re.sub(r"(?m)^# (- title: |  county: )", r"\1", path.read_text(encoding="utf-8")).replace("请填写讲座题目", "第二讲")
    path.write_text(text, encoding="utf-8")
    lectures, report = lectures_of(root)
    assert [i.text() for i in report.errors] == []
    assert sorted((lecture.title, lecture.date is None) for lecture in lectures) == [("第一讲", False), ("第二讲", True)]


def test_new_lecture_refuses_a_gbk_file(make_site, showcase):
    existing = "- date: 2012-07-15\n  title: 第一讲\n".encode("gb18030")
    root = make_site({"cohorts/c1/cohort.yml": COHORT_YML, "cohorts/c1/lectures.yml": existing})
    run = showcase(root, "new", "--lecture", "--cohort", "c1")
    assert run.returncode == 2
    assert "UTF-8" in run.stderr
    assert (root / "cohorts/c1/lectures.yml").read_bytes() == existing


def test_new_lecture_refuses_profile_options_and_an_unknown_cohort(clean_site, showcase):
    path = clean_site / "cohorts/c1/lectures.yml"
    before = path.read_bytes()
    assert showcase(clean_site, "new", "--lecture", "--cohort", "c1", "--name", "李四").returncode == 2
    run = showcase(clean_site, "new", "--lecture", "--cohort", "c9")
    assert run.returncode == 2 and "c9" in run.stderr
    assert path.read_bytes() == before
    assert not (clean_site / "cohorts/c9").exists()
