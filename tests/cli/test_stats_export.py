"""`showcase stats` and `showcase export` (DESIGN §4, §5) on a small clean repository."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from showcase.exports import FORMULA_STARTS, neutralised

from .conftest import CLEAN, FRONT, MKDOCS_YML, PROFILE_PATH, md

BOM = b"\xef\xbb\xbf"

TWO_COHORTS = {
    **CLEAN,
    "cohorts/c1/li-si.md": md(
        FRONT.replace("张三", "李四").replace("苍溪县", "四会市", 1)
        + "achievements:\n  - title: 引进资金\n    metrics:\n      funds_secured: 300万元\n"
    ),
    "cohorts/c1/wang-wu.md": md(FRONT.replace("张三", "王五") + "draft: true\n"),
    "cohorts/c2/cohort.yml": "name: 第二批\n",
    "cohorts/c2/zhao-liu.md": md(FRONT.replace("张三", "赵六") + "achievements:\n  - title: 培训\n    metrics:\n      people_trained: 近4万人次\n"),
}


def test_stats_json(clean_site, showcase):
    run = showcase(clean_site, "stats", "--format", "json")
    assert run.returncode == 0
    data = json.loads(run.stdout)
    [row] = data["rows"]
    assert (row["cohort"], row["name"], row["cadres"], row["counties"]) == ("c1", "测试批次", 1, 1)
    assert row["totals"]["funds_secured"] == {"value": 1200, "bound": "at_least", "raw": None}
    assert row["totals"]["trainings_held"] == {"value": 12, "bound": "exact", "raw": None}
    assert data["total"]["cadres"] == 1
    assert data["by"] == "cohort" and data["as_of"]


def test_stats_csv(clean_site, showcase):
    run = showcase(clean_site, "stats", "--format", "csv")
    assert run.returncode == 0
    assert run.stdout.startswith("\ufeff")  # a BOM, so that Excel reads the Chinese as UTF-8
    rows = [r for r in csv.reader(io.StringIO(run.stdout.removeprefix("\ufeff"))) if r]
    assert rows[0][:6] == ["批次编号", "批次", "干部人数", "县区数", "争取资金（万元）", "争取资金 精度"]
    assert rows[1][:6] == ["c1", "测试批次", "1", "1", "1200", "≥"]
    assert len(rows) == 2


def test_stats_csv_is_utf8_with_crlf_whatever_the_locale(clean_site):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "showcase", "stats", "--format", "csv"], cwd=clean_site, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.startswith(BOM + "批次编号,".encode())
    assert done.stdout.count(b"\r\n") == 2


def test_stats_table(clean_site, showcase):
    run = showcase(clean_site, "stats")
    assert run.returncode == 0
    assert run.lines[0].split()[:4] == ["批次编号", "批次", "干部人数", "县区数"]
    assert run.lines[1].split()[:4] == ["c1", "测试批次", "1", "1"]
    assert run.lines[2].split()[:3] == ["合计", "1", "1"]
    assert run.lines[-1].startswith("数据截至 ")


def test_stats_by_county_counts_published_profiles_only(make_site, showcase):
    run = showcase(make_site(TWO_COHORTS), "stats", "--by", "county", "--format", "json")
    assert run.returncode == 0
    rows = {r["county"]: r for r in json.loads(run.stdout)["rows"]}
    assert set(rows) == {"苍溪县", "四会市"}
    assert rows["苍溪县"]["cadres"] == 2  # 张三 and 赵六; 王五 is a draft
    assert rows["四会市"]["cadres"] == 1
    assert rows["四会市"]["city"] == "肇庆市"


def test_stats_by_cohort(make_site, showcase):
    rows = json.loads(showcase(make_site(TWO_COHORTS), "stats", "--format", "json").stdout)["rows"]
    by_id = {r["cohort"]: r for r in rows}
    assert (by_id["c1"]["cadres"], by_id["c2"]["cadres"]) == (2, 1)
    assert by_id["c1"]["totals"]["funds_secured"] == {"value": 1500, "bound": "at_least", "raw": None}
    assert by_id["c2"]["totals"]["people_trained"] == {"value": 40000, "bound": "approx", "raw": None}


DATED = {
    "cohorts/c1/cohort.yml": "name: 第一批\nprogram: 科技副职\nstart: 2012-03\n",
    "cohorts/c1/zhang-san.md": md(
        FRONT + "achievements:\n  - title: 引资\n    date: 2013-05\n    metrics:\n      funds_secured: 1200余万元\n"
        "  - title: 培训\n    metrics:\n      trainings_held: 12\n"
    ),
    "cohorts/c2/cohort.yml": "name: 第二批\nprogram: 博士服务团\n",
    "cohorts/c2/li-si.md": md(FRONT.replace("张三", "李四").replace("苍溪县", "四会市", 1) + "achievements:\n  - title: 无日期\n    metrics:\n      funds_secured: 300\n"),
}


def test_stats_by_year_says_what_it_left_out(make_site, showcase):
    run = showcase(make_site(DATED), "stats", "--by", "year", "--format", "json")
    assert run.returncode == 0, run.output
    data = json.loads(run.stdout)
    assert [(r["year"], r["totals"]) for r in data["rows"]] == [
        (2012, {"trainings_held": {"value": 12, "bound": "exact", "raw": None}}),  # undated: the year the term began
        (2013, {"funds_secured": {"value": 1200, "bound": "at_least", "raw": None}}),
    ]
    assert data["left_out"] == {"achievements": 1, "cadres": 1}
    assert "1 项成果没有日期" in run.stderr and "其中 1 位干部" in run.stderr


@pytest.mark.parametrize(
    "args, first",
    [
        (["--since", "2013"], [("c1", "第一批", "1", "1", "≥", "1,200")]),
        (["--until", "2012"], [("c1", "第一批", "1", "1", "12")]),  # only the metrics the span gives
        (["--since", "2012", "--until", "2013"], [("c1", "第一批", "1", "1", "≥", "1,200", "12")]),
    ],
)
def test_stats_since_until_are_inclusive(make_site, showcase, args, first):
    run = showcase(make_site(DATED), "stats", *args)
    assert run.returncode == 0, run.output
    assert [tuple(line.split()) for line in run.lines[1:2]] == first
    assert "未计入按年份的统计" in run.stderr


def test_stats_without_a_year_rule_leaves_nothing_out(make_site, showcase):
    run = showcase(make_site(DATED), "stats", "--by", "program", "--format", "json")
    assert run.returncode == 0 and run.stderr == ""
    rows = json.loads(run.stdout)["rows"]
    assert [(r["program"], r["cadres"]) for r in rows] == [("博士服务团", 1), ("科技副职", 1)]


def test_stats_by_province(make_site, showcase):
    run = showcase(make_site(DATED), "stats", "--by", "province", "--format", "csv")
    rows = list(csv.reader(io.StringIO(run.stdout.removeprefix("\ufeff"))))
    assert [row[:3] for row in rows] == [["所属省", "干部人数", "县区数"], ["广东省", "1", "1"], ["四川省", "1", "1"]]


def test_stats_since_after_until_is_a_usage_error(clean_site, showcase):
    run = showcase(clean_site, "stats", "--since", "2014", "--until", "2012")
    assert run.returncode == 2
    assert "--since 2014 晚于 --until 2012" in run.stderr


def test_stats_refuses_data_with_errors(make_site, showcase):
    run = showcase(make_site({**CLEAN, PROFILE_PATH: md(FRONT + "start: 2012-13\n")}), "stats", "--format", "json")
    assert run.returncode == 1
    assert run.stdout == ""
    assert f"{PROFILE_PATH}:6: 错误 D105" in run.stderr


def test_export_writes_every_file(make_site, showcase, tmp_path):
    root = make_site(TWO_COHORTS)
    out = tmp_path / "out"
    run = showcase(root, "export", str(out))
    assert run.returncode == 0, run.output
    for name in ("showcase.json", "cadres.csv", "achievements.csv", "lectures.ics", "showcase.xlsx"):
        assert (out / name).is_file(), name


def test_export_showcase_json(make_site, showcase, tmp_path):
    showcase(make_site(TWO_COHORTS), "export", str(tmp_path / "out"))
    data = json.loads((tmp_path / "out" / "showcase.json").read_text(encoding="utf-8"))
    assert {"cohorts", "counties", "cadres", "lectures"} <= set(data)
    cadres = {c["id"]: c for c in data["cadres"]}
    assert set(cadres) == {"zhang-san", "li-si", "zhao-liu"}  # not the draft wang-wu
    zhang = cadres["zhang-san"]
    assert (zhang["name"], zhang["cohort"], zhang["county"]) == ("张三", "c1", "苍溪县")
    assert zhang["url"] and not zhang["url"].startswith(("http:", "https:", "/"))  # site-relative
    [lecture] = data["lectures"]
    assert (lecture["date"], lecture["title"], lecture["speaker"]) == ("2012-07-15", "城市品牌建设", "张三")
    assert lecture["id"] and lecture["url"]
    assert sorted(c["id"] for c in data["cohorts"]) == ["c1", "c2"]


def test_export_cadres_csv_has_bom_and_one_row_per_published_profile(make_site, showcase, tmp_path):
    showcase(make_site(TWO_COHORTS), "export", str(tmp_path / "out"))
    raw = (tmp_path / "out" / "cadres.csv").read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["编号", "姓名"]
    assert sorted(r[0] for r in body) == ["li-si", "zhang-san", "zhao-liu"]
    assert {r[0]: r[1] for r in body}["li-si"] == "李四"


def test_export_achievements_csv(make_site, showcase, tmp_path):
    showcase(make_site(TWO_COHORTS), "export", str(tmp_path / "out"))
    raw = (tmp_path / "out" / "achievements.csv").read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    columns = ("争取资金（万元）", "争取资金 精度", "培训人次（人次）", "培训人次 精度", "培训/活动场次（场）", "培训/活动场次 精度")
    found = sorted((r["干部编号"], r["成果"], *(r[c] for c in columns), r["原文"]) for r in rows)
    assert found == [
        ("li-si", "引进资金", "300", "精确", "", "", "", "", "争取资金：300万元"),
        # one achievement with two metrics is one row: summing a column counts each figure once
        ("zhang-san", "争取项目资金", "1200", "≥", "", "", "12", "精确", "争取资金：1200余万元；培训/活动场次：12"),
        ("zhao-liu", "培训", "", "", "40000", "约", "", "", "培训人次：近4万人次"),
    ]
    assert sum(float(r["争取资金（万元）"] or 0) for r in rows) == 1500
    assert {r["页面"] for r in rows} == {"cadres/li-si/", "cadres/zhang-san/", "cadres/zhao-liu/"}  # site-relative without site_url


def test_export_spreadsheet_links_are_absolute_with_a_site_url(make_site, showcase, tmp_path):
    mkdocs = MKDOCS_YML + "site_url: https://example.gov.cn/guazhi/\n"
    showcase(make_site(TWO_COHORTS, mkdocs), "export", str(tmp_path / "out"))
    for name, column in (("achievements.csv", "页面"), ("cadres.csv", "页面")):
        rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / name).read_bytes().decode("utf-8-sig"))))
        assert "https://example.gov.cn/guazhi/cadres/li-si/" in {r[column] for r in rows}, name
    book = load_workbook(tmp_path / "out" / "showcase.xlsx")
    assert book["批次"]["K3"].value.startswith("https://example.gov.cn/guazhi/cohorts/")
    data = json.loads((tmp_path / "out" / "showcase.json").read_text(encoding="utf-8"))
    assert {c["url"] for c in data["cadres"]} >= {"cadres/li-si/"}  # showcase.json stays site-relative (DESIGN §5)


def test_export_lectures_ics(clean_site, showcase, tmp_path):
    showcase(clean_site, "export", str(tmp_path / "out"))
    text = (tmp_path / "out" / "lectures.ics").read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == 1
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    assert "SUMMARY:城市品牌建设" in unfolded
    assert "DTSTART;TZID=Asia/Shanghai:20120715T143000" in unfolded


def test_export_xlsx(make_site, showcase, tmp_path):
    showcase(make_site(TWO_COHORTS), "export", str(tmp_path / "out"))
    book = load_workbook(tmp_path / "out" / "showcase.xlsx")
    assert book.sheetnames == ["批次", "县区", "干部", "成果", "讲座", "报告公布数"]
    rows = list(book["批次"].iter_rows(values_only=True))
    assert rows[0][0].startswith("数据截至 ")
    assert rows[1][:3] == ("批次编号", "批次", "项目类别")
    assert sorted((r[0], r[8]) for r in rows[2:]) == [("c1", 2), ("c2", 1)]


def test_export_refuses_data_with_errors(make_site, showcase, tmp_path):
    out = tmp_path / "out"
    run = showcase(make_site({**CLEAN, PROFILE_PATH: b"\x00binary"}), "export", str(out))
    assert run.returncode == 1
    assert f"{PROFILE_PATH}:1: 错误 F002" in run.stderr
    assert not out.exists()


# -- cells a spreadsheet would run as formulas (OWASP "CSV Injection") ----------------------------

#: First characters that survive loading in names, posts, titles. The loader strips a leading tab from
#: text but an amount keeps its raw text ("\t1200余万元" is a valid amount); CR never passes validation
#: (a control character), so the helper test covers it.
DANGEROUS = ["=", "+", "-", "@"]


HYPERLINK = 'HYPERLINK("http://x","批次")'


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one), so any first character survives."""
    return json.dumps(text, ensure_ascii=False)


def _hostile_site() -> dict[str, str]:
    """One cohort per dangerous first character, in every text that reaches a CSV or XLSX cell."""
    files = {}
    for i, start in enumerate(DANGEROUS):
        files[f"cohorts/c{i}/cohort.yml"] = f"name: {_quoted(start + HYPERLINK)}\n"
        front = (
            f"name: {_quoted(start + '张三')}\ncounty: 苍溪县\npost: {_quoted(start + '1+1 副县长')}\norigin: {_quoted(start + 'cmd|calc')}\n"
            f"achievements:\n  - title: {_quoted(start + 'SUM(A1:A9)')}\n    category: {_quoted(start + '类别')}\n"
            f"    metrics:\n      funds_secured: {_quoted(chr(9) + '1200余万元')}\n      trainings_held: 12\n"
        )
        files[f"cohorts/c{i}/hostile-{i}.md"] = md(front)
    return files


def _dangerous(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS)


@pytest.mark.parametrize("start", [*DANGEROUS, "\t", "\r"])
def test_neutralised_prefixes_a_quote(start):
    assert neutralised(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("value", [-5, 0, 12.5, "", "张三", "2012-07", "'=quoted", None])
def test_neutralised_leaves_numbers_and_plain_text(value):
    assert neutralised(value) == value


def test_export_neutralises_formulas_in_csv_and_xlsx(make_site, showcase, tmp_path):
    out = tmp_path / "out"
    run = showcase(make_site(_hostile_site()), "export", str(out))
    assert run.returncode == 0, run.output
    for name in ("cadres.csv", "achievements.csv"):
        rows = list(csv.reader(io.StringIO((out / name).read_bytes().decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if _dangerous(cell)], name
        for start in DANGEROUS:
            assert "'" + start + "张三" in cells, (name, start)
    achievements = list(csv.DictReader(io.StringIO((out / "achievements.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["成果"] for r in achievements} == {"'" + s + "SUM(A1:A9)" for s in DANGEROUS}
    assert {r["原文"] for r in achievements} == {"争取资金：\t1200余万元；培训/活动场次：12"}  # the wording is not at the cell's start
    assert {(r["争取资金（万元）"], r["培训/活动场次（场）"]) for r in achievements} == {("1200", "12")}  # numbers stay numbers
    cadres = list(csv.DictReader(io.StringIO((out / "cadres.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["挂任职务"] for r in cadres} == {"'" + s + "1+1 副县长" for s in DANGEROUS}
    book = load_workbook(out / "showcase.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if _dangerous(cell.value)]
    names = {row[1] for row in book["批次"].iter_rows(min_row=3, values_only=True)}
    assert names == {"'" + s + HYPERLINK for s in DANGEROUS}
    assert {row[8] for row in book["批次"].iter_rows(min_row=3, values_only=True)} == {1}  # counts are numbers
    assert {row[3] for row in book["干部"].iter_rows(min_row=3, values_only=True)} == {"'" + s + HYPERLINK for s in DANGEROUS}
    data = json.loads((out / "showcase.json").read_text(encoding="utf-8"))
    assert {c["name"] for c in data["cadres"]} == {s + "张三" for s in DANGEROUS}  # JSON keeps the text as written


def test_stats_csv_neutralises_formulas(make_site, showcase):
    run = showcase(make_site(_hostile_site()), "stats", "--format", "csv")
    assert run.returncode == 0, run.output
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert not [cell for row in rows for cell in row if _dangerous(cell)]
    assert {row[1] for row in rows[1:]} == {"'" + s + HYPERLINK for s in DANGEROUS}


# -- where the output cannot go -----------------------------------------------------------------


def test_export_under_a_regular_file_is_a_message(clean_site, showcase, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    run = showcase(clean_site, "export", str(blocker / "out"))
    assert run.returncode == 1
    assert run.stdout == ""
    assert f"无法写入 {blocker / 'out'}：路径中有一段是文件而不是文件夹。" in run.stderr


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux /proc")
@pytest.mark.parametrize("target", ["/proc/showcase-export/out", "/proc/version/out"])
def test_export_into_proc_is_a_message(clean_site, showcase, target):
    run = showcase(clean_site, "export", target)
    assert run.returncode == 1
    assert "无法写入 /proc/" in run.stderr
    assert run.stderr.count("\n") == 1


def test_export_where_a_file_must_become_a_folder(clean_site, showcase, tmp_path):
    out = tmp_path / "out"
    (out / "showcase.json").mkdir(parents=True)
    run = showcase(clean_site, "export", str(out))
    assert run.returncode == 1
    assert f"无法写入 {out / 'showcase.json'}：同名的文件夹已存在。" in run.stderr


# -- a reader that goes away (`showcase stats | head -1`) ---------------------------------------

SCRIPT = Path(sys.executable).with_name("showcase")


def run_with_closed_stdout(root: Path, *args: str) -> tuple[int, str]:
    """Run the installed console script with its stdout pipe closed before it writes a byte."""
    if not SCRIPT.is_file():
        pytest.skip("the showcase console script is not installed beside this Python")
    process = subprocess.Popen([str(SCRIPT), *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return process.wait(timeout=300), stderr


def assert_quiet_broken_pipe(returncode: int, stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr
    assert "BrokenPipeError" not in stderr, stderr
    assert returncode == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_stats_into_a_closed_pipe(make_site, fmt):
    assert_quiet_broken_pipe(*run_with_closed_stdout(make_site(TWO_COHORTS), "stats", "--format", fmt))


def test_export_into_a_closed_pipe(clean_site, tmp_path):
    assert_quiet_broken_pipe(*run_with_closed_stdout(clean_site, "export", str(tmp_path / "out")))
    assert (tmp_path / "out" / "showcase.xlsx").is_file()  # the files were written before the listing failed


def test_stats_piped_into_head(make_site):
    if not SCRIPT.is_file():
        pytest.skip("the showcase console script is not installed beside this Python")
    done = subprocess.run(
        ["bash", "-c", f"'{SCRIPT}' stats | head -1"], cwd=make_site(TWO_COHORTS), capture_output=True, encoding="utf-8", timeout=300
    )
    assert done.stdout.split()[:2] == ["批次编号", "批次"]
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


REPO = Path(__file__).resolve().parents[2]
PIPE_BUFFER = 64 * 1024


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    """A synthetic repository of 2,000 profiles: `stats --by county --format json` overflows a pipe's buffer."""
    root = tmp_path_factory.mktemp("large") / "repo"
    synthetic = [sys.executable, str(REPO / "scripts" / "synthetic.py"), str(root), "--profiles", "2000"]
    subprocess.run(synthetic, check=True, capture_output=True, timeout=300)
    return root


def test_stats_of_a_large_site_piped_into_head(large_site):
    if not SCRIPT.is_file():
        pytest.skip("the showcase console script is not installed beside this Python")
    whole = subprocess.run([str(SCRIPT), "stats", "--by", "county", "--format", "json"], cwd=large_site, capture_output=True, timeout=300)
    assert len(whole.stdout) > 2 * PIPE_BUFFER  # head goes away while the command is still writing
    done = subprocess.run(
        ["bash", "-c", f"'{SCRIPT}' stats --by county --format json | head -1"], cwd=large_site, capture_output=True, encoding="utf-8", timeout=300
    )
    assert done.stdout == "{\n"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
