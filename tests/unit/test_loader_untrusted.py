"""What a careless or hostile contributor can put under cohorts/ (issue: untrusted contributions).

One class per section, several variants each: files that would be skipped, special files, front
matter that ends early, control characters, values of the wrong YAML type, draft speakers,
lecture ids that collide after prefixing, and a loop of former place names.
"""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest

from showcase.issues import Severity
from showcase.settings import build_settings

from .conftest import COHORT_YML, FRONT, PROFILE_PATH, md, minimal_files, only

# -- no file is silently ignored --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "cohorts/c1/photos/zhang-si.md",  # a nested folder
        "cohorts/c1/drafts/notes.md",
        "cohorts/c1/.hidden.md",  # a hidden file
        "cohorts/c1/.drafts/li-si.md",  # a dot-folder
        "cohorts/.archive/cohort.yml",
        "cohorts/c1/li-si.markdown",
        "cohorts/c1/li-si.MD",
        "cohorts/c1/li-si.Md",
        "cohorts/c1/li-si.md.txt",
        "cohorts/c1/index.md",  # not a cadre
        "cohorts/c1/README.md",
        "cohorts/c1/notes.docx",
        "cohorts/c1/lectures.yaml",
        "cohorts/README.md",  # a file beside the cohort folders
        "cohorts/.DS_Store",
    ],
)
def test_a_file_that_is_no_data_is_an_error_naming_it(check, path):
    text = md(FRONT.replace("张三", "李四"))
    _, report = check({path: text})
    errors = report.errors
    assert errors, f"{path} was ignored in silence"
    top = path.split("/")
    named = [i for i in errors if i.code == "F006" and (i.path == path or path.startswith(i.path + "/"))]
    assert named, [i.text() for i in errors]
    assert all(i.severity is Severity.ERROR for i in named)
    assert len(top) >= 2


def test_underscore_profile_is_read_and_its_name_refused(check):
    dataset, report = check({"cohorts/c1/_li-si.md": md(FRONT.replace("张三", "李四"))})
    issue = only(report)
    assert (issue.code, issue.path) == ("F004", "cohorts/c1/_li-si.md")
    assert "_li-si" in {c.id for c in dataset.cadres}


def test_photos_beside_profiles_and_data_files_are_accepted(check):
    files = {
        "cohorts/c1/zhang-san.jpg": b"\xff\xd8\xff",
        "cohorts/c1/IMG_0001.JPG": b"\xff\xd8\xff",
        "cohorts/c1/lectures.yml": "- date: 2012-07-15\n  title: 讲座\n  speaker: zhang-san\n  status: held\n",
    }
    _, report = check(files)
    assert report.sorted() == []


def test_index_md_is_never_a_cadre(check):
    dataset, report = check({"cohorts/c1/index.md": md(FRONT.replace("张三", "李四"))})
    assert [c.id for c in dataset.cadres] == ["zhang-san"]
    assert only(report).code == "F006"


# -- special files are refused unread ---------------------------------------------------------


def _symlink(root, link: str, target: str) -> None:
    path = root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


@pytest.mark.parametrize(
    "link, target",
    [
        ("cohorts/c1/li-si.md", "/dev/zero"),  # read whole, it would exhaust memory
        ("cohorts/c1/li-si.md", "/dev/urandom"),
        ("cohorts/c1/li-si.md", "zhang-san.md"),  # even a link to a good profile
        ("cohorts/c1/li-si.jpg", "/etc/passwd"),  # a "photo" that publishes a server file
        ("cohorts/c1/lectures.yml", "/dev/zero"),
        ("cohorts/c2", "c1"),  # a folder
        ("cohorts/c1/cohort.yml", "/dev/zero"),
    ],
)
def test_symlinks_are_refused_without_being_read(make_tree, validate, link, target):
    files = minimal_files()
    if link in files:
        del files[link]
    root = make_tree(files)
    _symlink(root, link, target)
    dataset, report = validate(root)
    issue = only(report, "F008")
    assert issue.path == link
    assert "符号链接" in issue.message
    assert all(c.source.path != link for c in dataset.cadres)


def test_fifo_profile_is_refused_without_blocking(make_tree, validate):
    root = make_tree(minimal_files())
    os.mkfifo(root / "cohorts/c1/li-si.md")
    timer = threading.Timer(10, lambda: os.kill(os.getpid(), signal.SIGALRM))  # a blocked read fails the test, not the suite
    timer.start()
    try:
        _, report = validate(root)
    finally:
        timer.cancel()
    issue = only(report, "F008")
    assert (issue.path, issue.severity) == ("cohorts/c1/li-si.md", Severity.ERROR)
    assert "FIFO" in issue.message


def test_photo_that_is_a_symlink_is_not_published(make_tree, validate):
    root = make_tree(minimal_files(**{PROFILE_PATH: md(FRONT + "photo: zhang-san.jpg\n")}))
    _symlink(root, "cohorts/c1/zhang-san.jpg", "/etc/hostname")
    dataset, report = validate(root)
    assert sorted(i.code for i in report.errors) == ["F008", "R403"]
    assert dataset.cadres[0].photo == ""


# -- front matter ends only at an unindented --- or ... -----------------------------------------

DRAFT_BEHIND_INDENTED_MARKER = [
    "summary: |\n  第一段。\n  ---\n  第二段。\ndraft: true\n",
    "summary: |\n  第一段。\n  ...\ndraft: true\n",
    "tags:\n  - 科技\n  ---\ndraft: true\n",
    "summary: >\n    ---\ndraft: true\n",
    "summary: \"引号里的值\n  ---\n  继续\"\ndraft: true\n",
    "\t---\ndraft: true\n",
]


@pytest.mark.parametrize("front", DRAFT_BEHIND_INDENTED_MARKER)
def test_an_indented_marker_never_ends_the_front_matter(check, front):
    profile = md(FRONT + front.replace("summary", "expertise").replace("tags", "portfolio"))
    dataset, report = check({PROFILE_PATH: profile})
    [cadre] = dataset.cadres
    assert cadre.draft or report.errors, "draft: true was cut off into the body: the draft would be published"
    assert "draft" not in cadre.body


@pytest.mark.parametrize("marker", ["---", "...", "---   ", "...\t"])
def test_an_unindented_marker_ends_the_front_matter(check, marker):
    dataset, report = check({PROFILE_PATH: "---\n" + FRONT + marker + "\n正文。\n"})
    assert report.sorted() == []
    assert dataset.cadres[0].body == "正文。\n"


def test_front_matter_without_an_unindented_end_is_an_error(check):
    _, report = check({PROFILE_PATH: "---\n" + FRONT + "  ---\n正文。\n"})
    issue = only(report)
    assert (issue.code, issue.line) == ("F005", 1)


# -- control characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, code_point",
    [
        ('"张\\x01三"', "U+0001"),
        ('"张\\e三"', "U+001B"),  # an ANSI escape in a terminal
        ('"张\\x7f三"', "U+007F"),
        ('"张\\x9b三"', "U+009B"),  # C1 CSI
        ('"张\\N三"', "U+0085"),  # NEL, which YAML accepts raw as well
        ('"张\\r三"', "U+000D"),
        ('"张\\b三"', "U+0008"),
    ],
)
def test_control_characters_in_values_are_errors(check, value, code_point):
    _, report = check({PROFILE_PATH: md(FRONT.replace("post: 苍溪县副县长", f"post: {value}"))})
    issue = only(report)
    assert (issue.code, issue.line) == ("D108", 4)
    assert code_point in issue.message


def test_control_characters_in_nested_values_and_lectures(check):
    front = FRONT + 'achievements:\n  - title: "成果\\x00"\n    summary: ok\n'
    lectures = '- date: 2012-07-15\n  title: 讲座\n  venue: "礼堂\\x1b[31m"\n  status: held\n'
    _, report = check({PROFILE_PATH: md(front), "cohorts/c1/lectures.yml": lectures})
    assert sorted((i.path, i.line, i.code) for i in report.errors) == [
        ("cohorts/c1/lectures.yml", 3, "D108"),
        (PROFILE_PATH, 7, "D108"),
    ]


def test_control_characters_in_the_body_are_errors(check):
    _, report = check({PROFILE_PATH: md(body="第一行。\n第二行\x0c。\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("D108", 8)


def test_tabs_and_newlines_in_values_are_fine(check):
    front = FRONT + 'expertise: "农业\\t经济"\nportfolio: |\n  科技\n  工业\n'
    _, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []


# -- text fields must be text ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value, read_as",
    [
        ("name", "2012-03-01", "日期"),
        ("name", "12345", "数字"),
        ("post", "3.5", "数字"),
        ("origin", "true", "true/false"),
        ("origin", "!!binary aGVsbG8=", "二进制数据"),
        ("name", "!!timestamp 2012-03-01", "日期"),
    ],
)
def test_text_fields_refuse_other_yaml_types(check, key, value, read_as):
    front = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in FRONT.splitlines()) + "\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert issue.code == "D104"
    assert read_as in issue.message
    assert getattr(dataset.cadres[0], key) == ""  # never the repr of a date or of bytes


def test_list_items_must_be_text(check):
    _, report = check({PROFILE_PATH: md(FRONT + "tags:\n  - 科技\n  - 2012\n")})
    issue = only(report)
    assert (issue.code, issue.line) == ("D104", 8)


def test_lecture_texts_must_be_text(check):
    lectures = "- date: 2012-07-15\n  title: 2012\n  status: held\n"
    _, report = check({"cohorts/c1/lectures.yml": lectures})
    issue = only(report)
    assert (issue.code, issue.line) == ("D104", 2)


# -- lectures: draft speakers and ids ---------------------------------------------------------


def test_a_draft_cadre_is_not_a_valid_speaker(check):
    files = {
        "cohorts/c1/li-si.md": md(FRONT.replace("张三", "李四") + "draft: true\n"),
        "cohorts/c1/lectures.yml": "- date: 2012-07-15\n  title: 讲座\n  status: held\n  speaker: li-si\n",
    }
    dataset, report = check(files)
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("R405", "cohorts/c1/lectures.yml", 4)
    assert issue.severity is Severity.ERROR
    assert dataset.lectures[0].speaker_id == ""


@pytest.mark.parametrize(
    "first, second",
    [
        (("aa", "bb-talk"), ("aa-bb", "talk")),
        (("x", "2012-07-15-a"), ("x-2012", "07-15-a")),
    ],
)
def test_lecture_ids_are_unique_after_prefixing(make_tree, validate, first, second):
    files = {}
    for cohort, lecture_id in (first, second):
        files[f"cohorts/{cohort}/cohort.yml"] = COHORT_YML
        files[f"cohorts/{cohort}/lectures.yml"] = f"- id: {lecture_id}\n  date: 2012-07-15\n  title: 讲座\n  status: held\n"
    _, report = validate(make_tree(files))
    issue = only(report)
    assert (issue.code, issue.path, issue.line) == ("L506", f"cohorts/{second[0]}/lectures.yml", 1)
    assert f"cohorts/{first[0]}/lectures.yml:1" in issue.message


def test_generated_lecture_ids_do_not_collide_with_written_ones(check):
    lectures = (
        "- date: 2012-07-15\n  title: 上午\n  speaker: zhang-san\n  time: '09:00'\n  status: held\n"
        "- date: 2012-07-15\n  title: 下午\n  speaker: zhang-san\n  time: '15:00'\n  status: held\n"
        "- id: 2012-07-15-zhang-san-3\n  date: 2012-07-16\n  title: 次日\n  status: held\n"
    )
    dataset, report = check({"cohorts/c1/lectures.yml": lectures})
    assert report.sorted() == []
    assert len({lecture.id for lecture in dataset.lectures}) == 3


# -- site configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "places",
    [
        {"甲县": {"renamed_to": "乙县"}, "乙县": {"renamed_to": "甲县"}},
        {"甲县": {"renamed_to": "甲县"}},
        {"甲县": {"renamed_to": "乙县"}, "乙县": {"renamed_to": "丙县"}, "丙县": {"renamed_to": "甲县"}},
    ],
)
def test_a_loop_of_former_names_is_a_config_error(tmp_path, places):
    settings, problems = build_settings(tmp_path, {"places": places})
    assert any("循环" in p for p in problems), problems
    for name in places:
        settings.gazetteer.resolve(name)  # no RecursionError


# -- amounts as written ------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["010", "007", "0x1F", "1_000", "0o17", "1:30"])
def test_numbers_yaml_would_reinterpret_are_errors_not_other_numbers(check, written):
    front = FRONT + f"achievements:\n  - title: 成果\n    metrics:\n      trainings_held: {written}\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    issue = only(report)
    assert (issue.code, issue.line) == ("M202", 9)
    assert written in issue.message
    assert dataset.cadres[0].achievements[0].metrics == {}


def test_plain_numbers_keep_their_value(check):
    front = FRONT + "achievements:\n  - title: 成果\n    metrics:\n      trainings_held: 120\n      funds_secured: 12.5\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []
    metrics = dataset.cadres[0].achievements[0].metrics
    assert (str(metrics["trainings_held"].value), str(metrics["funds_secured"].value)) == ("120", "12.5")


# -- media from another host, and raw HTML, in bodies and cohort summaries -----------------------------


@pytest.mark.parametrize(
    "body, line",
    [
        ("第一段。\n\n![图](https://evil.example/x.png)\n", 9),
        ("![图](//evil.example/x.png)\n", 7),
        ("![图][r]\n\n[r]: https://evil.example/x.png\n", 9),
        ('<img src="https://evil.example/x.png">\n', 7),
        ('一\n二\n<video poster="//evil.example/p.jpg"></video>\n', 9),
    ],
)
def test_foreign_media_in_a_body_is_an_error_at_its_line(check, body, line):
    _, report = check({PROFILE_PATH: md(body=body)})
    issue = only(report, "S607")
    assert (issue.line, issue.severity) == (line, Severity.ERROR)
    assert "evil.example" in issue.message


def test_foreign_media_and_unsafe_html_in_a_cohort_summary(check):
    cohort = COHORT_YML + "summary: |\n  简介。\n\n  ![图](https://evil.example/x.png)\n  <p id=\"__config\">x</p>\n"
    _, report = check({"cohorts/c1/cohort.yml": cohort})
    assert sorted((i.code, i.line) for i in report.sorted()) == [("S601", 6), ("S607", 5)]


def test_local_images_and_links_elsewhere_are_fine(check):
    body = "![照片](zhang-san-1.jpg)\n\n[报道](https://news.example/a.html)\n"
    _, report = check({PROFILE_PATH: md(body=body)})
    assert report.sorted() == []


def test_one_line_fields_fold_line_breaks_and_prose_keeps_them(check):
    front = 'name: "张\\n三"\ncounty: 苍溪县\npost: "副县长\\u2028（挂职）"\norigin: |\n  某大学\n  教授\n'
    front += "achievements:\n  - title: 成果\n    summary: |\n      第一段。\n\n      第二段。\n"
    dataset, report = check({PROFILE_PATH: md(front)})
    assert report.sorted() == []
    cadre = dataset.cadres[0]
    assert (cadre.name, cadre.post, cadre.origin) == ("张 三", "副县长 （挂职）", "某大学 教授")
    assert cadre.achievements[0].summary == "第一段。\n\n第二段。"


# -- no input makes validate slow ----------------------------------------------------------------

#: Each ~8 KB: what made a regular expression or Python-Markdown go quadratic somewhere in the pipeline.
SLOW_PIECES = {
    "full-width spaces in an amount": ("amount", "1" + "\u3000" * 8000 + "万元"),
    "magnitudes in an amount": ("amount", "1" + "万" * 8000),
    "unclosed tags": ("body", "<a " * 2700),
    "brackets": ("body", "[" * 8000),
    "image openers": ("body", "![" * 4000),
    "reference definitions": ("body", "[x]: " * 1600),
    "setext lines": ("body", "a\n=\n" * 2000),
    "digit groups": ("body", "1 " * 4000),
    "at signs": ("body", "a@" * 4000),
    "address keywords": ("body", "住址" * 4000),
    "entities": ("body", "&#49;" * 1600),
    "colons in a value": ("value", "a:" * 4000),
    "full-width colons": ("value", "：" * 8000),
    "spaces before a key": ("key", " " * 8000),
}


@pytest.mark.parametrize("where, piece", SLOW_PIECES.values(), ids=SLOW_PIECES)
def test_a_small_hostile_profile_validates_at_once(check, where, piece):
    """Hang guards, not performance targets: each took seconds to minutes before it was made linear."""
    import time

    front, body = FRONT, "正文。\n"
    if where == "amount":
        front += f"achievements:\n  - title: 成果\n    metrics:\n      funds_secured: {json.dumps(piece, ensure_ascii=False)}\n"
    elif where == "value":
        front += f"expertise: {json.dumps(piece, ensure_ascii=False)}\n"
    elif where == "key":
        front += piece + "x: 1\n"
    else:
        body = piece
    started = time.perf_counter()
    check({PROFILE_PATH: md(front, body)})
    assert time.perf_counter() - started < 2.0


def test_device_file_is_refused_without_being_read(make_tree, validate):
    import stat

    root = make_tree(minimal_files())
    try:
        os.mknod(root / "cohorts/c1/li-si.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    _, report = validate(root)
    issue = only(report, "F008")
    assert issue.path == "cohorts/c1/li-si.md"
    assert "设备文件" in issue.message
