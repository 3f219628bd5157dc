"""`showcase import ROSTER.xlsx --cohort ID` (DESIGN §4): the department's 花名册 → profile stubs, never overwriting."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from itertools import product
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from showcase.dates import PartialDate
from showcase.records import BODY_PLACEHOLDER
from showcase.roster import cell_text, heading, parse_term

from .conftest import CLEAN, PROFILE_PATH

HEADER = ["序号", "姓 名", "性别", "民族", "出生年月", "身份证号", "挂职县（市、区）", "挂任职务", "派出单位及职务", "任期", "学历", "专业", "手机"]
#: Personal data in the roster: none of it may reach a file.
ID_NUMBER, MOBILE, NATION, BIRTH = "110101199003074514", "13812345678", "仫佬族", "1979.11"


def person(number: int, name: str, county: str = "苍溪县", post: str = "苍溪县副县长", origin: str = "某大学经济管理学院副教授", term: str = "2012.3-2014.3") -> list:
    return [number, name, "女", NATION, BIRTH, ID_NUMBER, county, post, origin, term, "博士研究生", "城市规划", MOBILE]


def write_roster(path: Path, rows: Sequence[Sequence], header: Sequence = HEADER, above: Sequence[Sequence] = (), merges: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    for row in [*above, header, *rows]:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def front(path: Path) -> dict:
    """The profile's front matter as YAML reads it (comments and all)."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def stubs(root: Path, cohort: str = "c1") -> list[Path]:
    return sorted(p for p in (root / "cohorts" / cohort).glob("*.md") if p.as_posix() != (root / PROFILE_PATH).as_posix())


@pytest.fixture
def roster(clean_site) -> Path:
    return write_roster(clean_site / "花名册.xlsx", [person(1, "李四"), person(2, "王芳", "四会市", "四会市副市长", "华南理工大学教授"), person(3, "刘光大", "德庆县")])


def test_import_writes_a_stub_per_row_with_the_rosters_facts(clean_site, roster, showcase):
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 0, run.output
    assert [p.name for p in stubs(clean_site)] == ["li-si.md", "liu-guang-da.md", "wang-fang.md"]
    wang = front(clean_site / "cohorts/c1/wang-fang.md")
    assert {k: wang[k] for k in ("name", "county", "post", "origin", "start", "end", "education", "expertise", "draft")} == {
        "name": "王芳", "county": "四会市", "post": "四会市副市长", "origin": "华南理工大学教授",
        "start": "2012-03", "end": "2014-03", "education": "博士研究生", "expertise": "城市规划", "draft": True,
    }
    assert "# 姓名（必填）" in (clean_site / "cohorts/c1/wang-fang.md").read_text(encoding="utf-8")  # the commented template of `new`
    assert "新建 3 份，跳过 0 行。" in run.lines
    assert "showcase validate" in run.lines[-1]


def test_stubs_validate_as_a_new_profile_with_those_fields_filled(clean_site, roster, showcase):
    """A `new` profile misses post, origin, an achievement's title and its text; a stub only the title and the text."""
    showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    issues = json.loads(showcase(clean_site, "validate", "--format", "json").stdout)["issues"]
    assert {i["path"] for i in issues} == {stub.relative_to(clean_site).as_posix() for stub in stubs(clean_site)}
    for stub in stubs(clean_site):
        rel = stub.relative_to(clean_site).as_posix()
        lines = stub.read_text(encoding="utf-8").split("\n")
        title_line = next(n for n, line in enumerate(lines, 1) if line.startswith("  - title:"))
        body_line = next(n for n, line in enumerate(lines, 1) if line.startswith(BODY_PLACEHOLDER))
        assert [(i["code"], i["line"]) for i in issues if i["path"] == rel] == [("D102", title_line), ("D102", body_line)]
    for stub in stubs(clean_site):
        filled = re.sub(r"请填写[^\s#]*", "已填写的内容", stub.read_text(encoding="utf-8"))
        stub.write_text(re.sub(rf"(?m)^{BODY_PLACEHOLDER}.*$", "本人挂职期间的工作介绍。", filled), encoding="utf-8")
    run = showcase(clean_site, "validate")
    assert run.returncode == 0, run.stdout


def test_no_personal_data_column_reaches_any_file(clean_site, roster, showcase):
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    for path in (clean_site / "cohorts").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert [value for value in (ID_NUMBER, MOBILE, NATION, BIRTH) if value in text] == [], path
    [left_out] = [line for line in run.lines if line.startswith("有意没有读取的个人信息列")]
    for column in ("性别", "民族", "出生年月", "身份证号", "手机"):
        assert column in left_out
    assert "没有对应字段、没有使用的列：序号。" in run.lines


def test_personal_data_inside_a_used_cell_is_left_out_and_located(clean_site, showcase):
    write_roster(clean_site / "花名册.xlsx", [person(1, "李四", origin=f"某大学 联系电话{MOBILE}")])
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert MOBILE not in (clean_site / "cohorts/c1/li-si.md").read_text(encoding="utf-8")
    assert front(clean_site / "cohorts/c1/li-si.md")["origin"].startswith("请填写")
    assert any(line.startswith("花名册.xlsx:花名册!第2行 I列: 警告 T906 ") for line in run.lines), run.stdout


def test_a_second_import_skips_every_existing_file(clean_site, roster, showcase):
    showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    before = {p: p.read_bytes() for p in (clean_site / "cohorts").rglob("*") if p.is_file()}
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 0
    assert {p: p.read_bytes() for p in (clean_site / "cohorts").rglob("*") if p.is_file()} == before
    assert "新建 0 份，跳过 3 行。" in run.lines
    skipped = [line for line in run.lines if " T903 " in line]
    assert len(skipped) == 3 and "cohorts/c1/li-si.md" in skipped[0] and "不会覆盖" in skipped[0]


def test_unusable_cells_are_reported_by_sheet_row_and_column(clean_site, showcase):
    rows = [
        person(1, "李四"),
        person(2, "王芳", county="苍西县"),  # a typo of 苍溪县
        person(3, ""),
        person(4, "李四"),
        person(5, "赵六", term="两年"),
        person(6, "钱七", county="鼓楼区"),
    ]
    write_roster(clean_site / "花名册.xlsx", rows)
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 0
    found = [line for line in run.lines if line.startswith("花名册.xlsx:")]
    assert [line.split(" 修改建议")[0].split(" ", 3)[:3] for line in found] == [
        ["花名册.xlsx:花名册!第3行", "G列:", "警告"],
        ["花名册.xlsx:花名册!第4行", "B列:", "警告"],
        ["花名册.xlsx:花名册!第5行", "B列:", "警告"],
        ["花名册.xlsx:花名册!第6行", "J列:", "警告"],
        ["花名册.xlsx:花名册!第7行", "G列:", "警告"],
    ]
    county, empty, duplicate, term, ambiguous = found
    assert " T904 " in county and "苍溪县" in county.split("修改建议")[1]
    assert " T901 " in empty and "姓名是空的" in empty
    assert " T902 " in duplicate and "第 2 行" in duplicate
    assert " T905 " in term and "两年" in term
    assert " T904 " in ambiguous and "南京市鼓楼区" in ambiguous
    assert front(clean_site / "cohorts/c1/wang-fang.md")["county"].startswith("请填写")
    assert "start" not in front(clean_site / "cohorts/c1/zhao-liu.md")
    assert "新建 4 份，跳过 2 行。" in run.lines


def test_title_row_merged_cells_and_a_new_cohort(clean_site, showcase):
    header = ["序号", "姓名", "挂职单位", "挂职职务", "原单位及职务", "任期", "专业领域"]
    rows = [
        [1, "李四", "四会市人民政府", "副市长", "某大学教授", "2012年3月—2014年3月", "材料"],
        [2, "王芳", None, "副市长", "某研究所研究员", "2012年3月—2014年3月", "园艺"],
        [3, "刘光大", "德庆县科技局", "副局长", "某大学副教授", "2012年3月—2014年3月", "农学"],
        ["合计", "", "", "", "", "", ""],
    ]
    above = [["附件1"], ["广东省第六批科技副职挂职干部花名册"]]
    write_roster(clean_site / "名单.xlsx", rows, header=header, above=above, merges=["A2:G2", "C4:C5"])
    run = showcase(clean_site, "import", "名单.xlsx", "--cohort", "zhaoqing-6")
    assert run.returncode == 0, run.output
    assert "工作表“花名册”（表头在第 3 行" in run.lines[0]
    assert front(clean_site / "cohorts/zhaoqing-6/wang-fang.md")["county"] == "四会市"  # merged down from the row above
    assert front(clean_site / "cohorts/zhaoqing-6/liu-guang-da.md")["county"] == "德庆县"  # the county a unit's name starts with
    assert yaml.safe_load((clean_site / "cohorts/zhaoqing-6/cohort.yml").read_text(encoding="utf-8")) == {
        "name": "广东省第六批科技副职", "start": "2012-03", "end": "2014-03", "size": 3,
    }
    assert any("cohorts/zhaoqing-6/ 原来没有，已新建" in line for line in run.lines)
    assert "新建 3 份，跳过 0 行。" in run.lines


def test_an_existing_cohort_yml_is_never_modified(clean_site, showcase):
    write_roster(clean_site / "花名册.xlsx", [person(1, "李四")], above=[["第二批挂职干部名单"]])
    before = (clean_site / "cohorts/c1/cohort.yml").read_bytes()
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert (clean_site / "cohorts/c1/cohort.yml").read_bytes() == before
    assert any(line.startswith("cohorts/c1/cohort.yml 已存在，没有改动") and "name: 第二批" in line and "size: 1" in line for line in run.lines)


def test_500_rows_are_imported(clean_site, showcase):
    surnames = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华"  # 25 surnames, 20 given names, no two alike in pinyin
    given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
    names = [s + g for s, g in product(surnames, given)]
    write_roster(clean_site / "花名册.xlsx", [person(n, name) for n, name in enumerate(names, 1)])
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 0, run.output
    assert "新建 500 份，跳过 0 行。" in run.lines
    assert len(stubs(clean_site)) == 500


@pytest.mark.parametrize(
    "content, says",
    [(b"name,county\n", "另存为"), (b"\xd0\xcf\x11\xe0" + bytes(512), "另存为")],
    ids=["csv-renamed", "old-xls"],
)
def test_a_file_that_is_no_workbook_is_a_usage_error(clean_site, showcase, content, says):
    (clean_site / "花名册.xlsx").write_bytes(content)
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 2 and says in run.stderr
    assert stubs(clean_site) == []


def test_a_sheet_without_a_name_column_is_a_usage_error(clean_site, showcase):
    write_roster(clean_site / "花名册.xlsx", [["李四", "苍溪县"]], header=["名字", "地方"])
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert run.returncode == 2 and "姓名" in run.stderr


def test_missing_file_and_bad_cohort_id(clean_site, showcase, roster):
    assert showcase(clean_site, "import", "没有这个.xlsx", "--cohort", "c1").returncode == 2
    run = showcase(clean_site, "import", "花名册.xlsx", "--cohort", "第六批")
    assert run.returncode == 2 and "小写字母" in run.stderr
    assert sorted(p.name for p in (clean_site / "cohorts").iterdir()) == ["c1"]


@pytest.mark.parametrize(
    "text, term",
    [
        ("2012.3-2014.3", (PartialDate(2012, 3), PartialDate(2014, 3))),
        ("2012年3月—2014年3月", (PartialDate(2012, 3), PartialDate(2014, 3))),
        ("2012-03-2014-03", (PartialDate(2012, 3), PartialDate(2014, 3))),
        ("2012.03 ～ 2014.03", (PartialDate(2012, 3), PartialDate(2014, 3))),
        ("2012年3月下旬至2013年3月", (PartialDate(2012, 3, part="下旬"), PartialDate(2013, 3))),
        ("2023.3至今", (PartialDate(2023, 3), None)),
        ("2012年7月", (PartialDate(2012, 7), None)),
        ("两年", None),
        ("2012.13-2014.3", None),
    ],
)
def test_parse_term(text, term):
    assert parse_term(text) == term


def test_cells_and_headings_as_rosters_write_them():
    assert cell_text("王　芳") == cell_text(" 王  芳\n") == "王芳"
    assert cell_text("华南理工大学\n教授") == "华南理工大学教授"
    assert cell_text("Anna\tMüller\x07") == "Anna Müller"
    assert heading("挂职县\n（市、区）") == "挂职县(市、区)"
    assert heading("*姓　名") == "姓名"


def test_the_import_does_not_touch_the_example_profile(clean_site, roster, showcase):
    showcase(clean_site, "import", "花名册.xlsx", "--cohort", "c1")
    assert (clean_site / PROFILE_PATH).read_text(encoding="utf-8") == CLEAN[PROFILE_PATH]
