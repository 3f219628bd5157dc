"""docs/contribute.md, the guide a cadre follows: its commands work as written, its templates and tables are the engine's.

The walkthrough runs every command of the guide's ```powershell / ```bat / ```bash blocks in the order written, in a
copy of the example repository, the way a cadre would type them in one window per shell; the guide's filled-in
example is what the cadre saves between the commands. A command the walkthrough cannot run is skipped only by
NOT_RUN, which says why; anything else it does not recognise fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from showcase.dates import parse_date
from showcase.issues import CODES, Severity
from showcase.metrics import DEFAULT_METRICS, format_amount, parse_amount
from showcase.records import ACHIEVEMENT_FIELDS, LECTURE_FIELDS, PROFILE_FIELDS

from .conftest import REPO, copy_repo_site

GUIDE_PATH = REPO / "docs" / "contribute.md"
SHELLS = ("powershell", "bat", "bash")
#: Lines of the guide's shell blocks the walkthrough does not run, and why. Each must still be in the guide.
NOT_RUN = {
    "py -m venv .venv": "creates a virtual environment; the tests already run in one",
    ".venv\\Scripts\\Activate.ps1": "activates that environment in Windows PowerShell",
    "Set-ExecutionPolicy -Scope CurrentUser RemoteSigned": "a Windows PowerShell setting that lets the activation script run",
    ".venv\\Scripts\\activate.bat": "activates that environment in Windows cmd.exe",
    "python3 -m venv .venv": "creates a virtual environment on macOS/Linux; the tests already run in one",
    "source .venv/bin/activate": "activates that environment on macOS/Linux",
    "pip install -r requirements.txt": "installs from the network; the tests run with requirements.txt installed",
}
#: Messages a beginner meets first: each must be in the guide's table, and shown by the guide's example to be what validate says.
BEGINNER_CODES = {"Y006", "Y007", "Y008", "D109", "P301", "F001"}
LOCAL_URL = re.compile(r"<http://127\.0\.0\.1:8000/([^>]*)>")


# --- reading the guide ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    start: int  # offset of the opening fence in the guide
    end: int  # offset just after the closing fence


def guide() -> str:
    return GUIDE_PATH.read_text(encoding="utf-8")


def blocks(text: str) -> list[Block]:
    """The fenced code blocks, in order. The guide keeps them unindented: plain fenced_code does not nest them in lists."""
    return [Block(m[1], m[2], m.start(), m.end()) for m in re.finditer(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", text, re.M | re.S)]


def only_block(text: str, lang: str, starts: str) -> Block:
    found = [b for b in blocks(text) if b.lang == lang and b.text.startswith(starts)]
    assert len(found) == 1, f"the guide should have exactly one ```{lang} block starting {starts!r}, found {len(found)}"
    return found[0]


def section(text: str, anchor: str) -> str:
    """From the heading marked {#anchor} to the next heading of the same or a higher level."""
    prose = text
    for block in blocks(text):  # a `# comment` line in a code block is no heading
        prose = prose[: block.start] + re.sub(r"[^\n]", " ", prose[block.start : block.end]) + prose[block.end :]
    match = re.search(rf"^(#+) .*\{{#{anchor}\}}[ \t]*$", prose, re.M)
    assert match, f"the guide has no heading {{#{anchor}}}"
    level = len(match[1])
    after = re.search(rf"^#{{1,{level}}} ", prose[match.end() :], re.M)
    return text[match.end() : match.end() + after.start() if after else len(text)]


def table(text: str, header: str) -> list[list[str]]:
    """The rows of the first Markdown table whose header row starts with ``header``, as stripped cells."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    assert start is not None, f"no table with header {header!r}"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    assert rows, f"the table {header!r} is empty"
    return rows


def codes_in(cell: str) -> list[str]:
    return re.findall(r"`([^`]*)`", cell)


def code(cell: str) -> str:
    """The one inline code of a cell."""
    found = codes_in(cell)
    assert len(found) == 1, cell
    return found[0]


# --- running what the guide says -------------------------------------------------------------------------------


@dataclass
class Result:
    command: str
    returncode: int
    stdout: str
    stderr: str


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SHOWCASE_PREVIEW"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(root: Path, argv: list[str], env: dict[str, str], command: str) -> Result:
    done = subprocess.run(argv, cwd=root, capture_output=True, encoding="utf-8", errors="replace", env=env, timeout=600)
    assert "Traceback" not in done.stdout + done.stderr, f"{command}\n{done.stdout}{done.stderr}"
    return Result(command, done.returncode, done.stdout, done.stderr)


def showcase(root: Path, *args: str) -> Result:
    return run(root, [sys.executable, "-m", "showcase", *args], base_env(), "showcase " + " ".join(args))


def validate_json(root: Path, path: str) -> list[dict]:
    result = showcase(root, "validate", "--format", "json", path)
    return json.loads(result.stdout)["issues"]


def env_assignment(lang: str, part: str) -> tuple[str, str] | None:
    """``$env:NAME="value"`` (PowerShell) or ``set NAME=value`` (cmd): the variable set for the rest of the window."""
    pattern = {"powershell": r'\$env:(\w+)\s*=\s*"([^"]*)"', "bat": r"set (\w+)=(.*)"}.get(lang)
    match = re.fullmatch(pattern, part) if pattern else None
    return (match[1], match[2]) if match else None


def commands(lang: str, line: str) -> list[str]:
    """One typed line as the shell splits it into commands (PowerShell runs ``a; b`` one after the other)."""
    return [part.strip() for part in line.split(";")] if lang == "powershell" else [line]


class Walkthrough:
    """A cadre following the guide: one shell window per kind of shell, one repository copy."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.root, self.scratch = root, scratch
        self.windows: dict[str, dict[str, str]] = {lang: {} for lang in SHELLS}
        self.created: str | None = None  # the profile `showcase new` wrote, relative to the root
        self.ran: list[Result] = []
        self.skipped: set[str] = set()
        self.previews: list[tuple[str, Path]] = []  # (scope, built site) of each `mkdocs serve`

    def type_line(self, lang: str, line: str) -> None:
        if line in NOT_RUN:
            self.skipped.add(line)
            return
        for part in commands(lang, line):
            assignment = env_assignment(lang, part)
            if assignment:
                name, value = assignment
                if value:
                    self.windows[lang][name] = value
                else:  # PowerShell's $env:X="" and cmd's `set X=` remove the variable
                    self.windows[lang].pop(name, None)
                continue
            assert not re.search(r"[`$&|<>(){}@%^]", part), f"the walkthrough cannot tell how {lang} reads {part!r}; add it to NOT_RUN with a reason or simplify it"
            words = shlex.split(part)
            env = {**base_env(), **self.windows[lang]}
            while words and re.fullmatch(r"\w+=.*", words[0]) and lang == "bash":  # NAME=value command: for this command only
                name, _, value = words.pop(0).partition("=")
                env[name] = value
            assert words, part
            if words[0] == "showcase":
                result = run(self.root, [sys.executable, "-m", "showcase", *words[1:]], env, part)
                created = re.match(r"已创建 (\S+)：", result.stdout)
                if words[1:2] == ["new"] and created:
                    self.created = created[1]
            elif words[:2] == ["mkdocs", "serve"]:
                # `mkdocs serve` runs until Ctrl+C: build the same site, same environment, not strict (as serve is not).
                assert words == ["mkdocs", "serve"], f"unexpected serve options: {part}"
                site = self.scratch / f"serve-{len(self.previews)}"
                result = run(self.root, [sys.executable, "-m", "mkdocs", "build", "-d", str(site)], env, part + "  (run as mkdocs build)")
                assert result.returncode == 0, f"{lang}: {line}\n{result.stdout}{result.stderr}"
                self.previews.append((env.get("SHOWCASE_PREVIEW", ""), site))
            elif words[:2] == ["mkdocs", "build"]:
                result = run(self.root, [sys.executable, "-m", "mkdocs", *words[1:]], env, part)
            else:
                pytest.fail(f"the guide's ```{lang} block has a command the walkthrough does not know: {line!r} (run it, or add it to NOT_RUN with a reason)")
            self.ran.append(result)

    def save(self, text: str) -> None:
        """The cadre fills in the file `showcase new` made and saves it (Notepad: UTF-8)."""
        assert self.created, "the guide shows a filled-in profile before any `showcase new` created one"
        (self.root / self.created).write_text(text, encoding="utf-8")


def check_output(walk: Walkthrough, result: Result, expected: str, prose: str) -> None:
    """A ```text block right after a command is what the command prints; a failing run must be the template's placeholders."""
    assert result.stdout.strip() == expected.strip(), f"`{result.command}` printed\n{result.stdout}\nbut the guide shows\n{expected}"
    if result.returncode == 0:
        return
    issues = [line for line in result.stdout.split("\n") if re.match(r"\S+:\d+: ", line)]
    assert result.returncode == 1 and issues, result
    for line in issues:
        placeholder = r"(字段 \w+（[^）]+）还是模板里的“请填写|正文还是模板里的说明)"
        assert re.match(rf"{re.escape(walk.created or '')}:\d+: 错误 D102 {placeholder}", line), f"only the unfilled template may fail: {line}"
    said = re.findall(r"(\d+) 个错误", prose)
    assert said and int(said[-1]) == len(issues), f"the guide should say before the output that there are {len(issues)} errors"


def test_the_guide_commands_work_as_written(tmp_path):
    text = guide()
    root = copy_repo_site(tmp_path / "repo")
    walk = Walkthrough(root, tmp_path)
    found = blocks(text)
    for number, block in enumerate(found):
        if block.lang in SHELLS:
            typed = [line.strip() for line in block.text.split("\n") if line.strip()]
            before = len(walk.ran)
            for line in typed:
                walk.type_line(block.lang, line)
            after = found[number + 1] if number + 1 < len(found) else None
            if after is not None and after.lang == "text":
                assert len(walk.ran) == before + 1, f"a shown output must follow a single command: {typed}"
                check_output(walk, walk.ran[-1], after.text, text[block.end : after.start])
            else:
                for result in walk.ran[before:]:
                    assert result.returncode == 0, f"`{result.command}` failed:\n{result.stdout}{result.stderr}"
        elif block.lang == "yaml" and block.text.startswith("---\nname:"):
            walk.save(block.text)

    assert set(NOT_RUN) == walk.skipped, f"NOT_RUN lists lines the guide no longer has: {set(NOT_RUN) - walk.skipped}"
    assert (REPO / "requirements.txt").is_file()  # what the skipped pip line installs
    typed = [r.command for r in walk.ran]
    assert any(c.startswith("showcase new --cohort") for c in typed) and any(c.startswith("showcase validate") for c in typed), typed
    assert walk.created and (root / walk.created).is_file()

    # The previews: every kind of shell previewed the new cadre; its page is there with the draft banner.
    cadre = Path(walk.created).stem
    scoped = [site for scope, site in walk.previews if scope == cadre]
    assert len(scoped) == len(SHELLS), f"each shell's preview should be scoped to {cadre}: {walk.previews}"
    for site in scoped:
        page = (site / "cadres" / cadre / "index.html").read_text(encoding="utf-8")
        assert '<p class="admonition-title">草稿</p>' in page and "预览" in page
        assert {p.parent.name for p in (site / "cadres").glob("*/index.html")} == {cadre}
    assert any(scope == "" for scope, _ in walk.previews), "the guide should show how to preview the whole site again"
    # The addresses the guide tells the cadre to open exist in what the preview serves (a draft is in no full site).
    urls = LOCAL_URL.findall(text)
    assert f"cadres/{cadre}/" in urls, urls
    for url in urls:
        for site in scoped:
            assert (site / url / "index.html").is_file(), (url, site)


def test_the_shell_blocks_hold_only_what_one_types():
    """No prompts, comments or output inside a command block: each line is copied as is."""
    for block in blocks(guide()):
        if block.lang in SHELLS:
            for line in block.text.split("\n"):
                assert not re.match(r"\s*(#|>|PS |\(\.venv\)|\$ )", line), f"not a command: {line!r}"


# --- the templates ---------------------------------------------------------------------------------------------


def test_the_profile_template_is_what_showcase_new_writes(tmp_path):
    template = only_block(guide(), "yaml", "---\n# 个人资料模板").text
    name = re.search(r"^name: (\S+)", template, re.M)[1]
    cadre_id = re.search(r"^# photo: ([a-z0-9-]+)\.jpg", template, re.M)[1]
    assert name.startswith("请填写"), "the pasted template must be reported until the name is filled in"
    root = copy_repo_site(tmp_path / "repo")
    result = showcase(root, "new", "--cohort", "shijiazhuang-keji-xiangzhen", "--name", name, "--id", cadre_id)
    assert result.returncode == 0, result
    written = (root / "cohorts" / "shijiazhuang-keji-xiangzhen" / f"{cadre_id}.md").read_text(encoding="utf-8")
    assert template == written


def test_the_lecture_template_is_what_showcase_new_lecture_writes(tmp_path):
    template = only_block(guide(), "yaml", "# 新的一场讲座").text
    root = copy_repo_site(tmp_path / "repo")
    (root / "cohorts" / "cangxi" / "lectures.yml").unlink()
    result = showcase(root, "new", "--lecture", "--cohort", "cangxi")
    assert result.returncode == 0, result
    assert template == (root / "cohorts" / "cangxi" / "lectures.yml").read_text(encoding="utf-8")


# --- the tables ------------------------------------------------------------------------------------------------


def field_rows(anchor: str) -> list[list[str]]:
    return table(section(guide(), anchor), "| 字段 | 中文名 | 必填 | 例子 |")


@pytest.mark.parametrize(
    ("anchor", "fields"),
    [("profile-fields", PROFILE_FIELDS), ("achievement-fields", ACHIEVEMENT_FIELDS), ("lectures", LECTURE_FIELDS)],
)
def test_the_field_tables_list_every_field(anchor, fields):
    rows = field_rows(anchor)
    listed = [code(row[0]) for row in rows]
    assert sorted(listed) == sorted(fields), f"{anchor}: listed {listed}, records.py has {list(fields)}"
    for row in rows:
        key, spec = code(row[0]), fields[code(row[0])]
        assert row[1] == spec.label, (key, row[1], spec.label)
        assert row[2] == ("是" if spec.required else "否"), (key, row[2])
        examples = codes_in(row[3])
        if examples:
            assert examples[0].startswith(f"{key}: "), (key, examples)


def examples(anchor: str) -> dict[str, str]:
    """key -> the example line of a field table (rows whose example points elsewhere are left out)."""
    return {code(row[0]): codes_in(row[3])[0] for row in field_rows(anchor) if codes_in(row[3])}


def test_the_metric_table_lists_every_default_metric():
    rows = table(section(guide(), "metrics"), "| 指标名 | 中文名 | 单位 |")
    listed = [(code(row[0]), row[1], row[2]) for row in rows]
    assert listed == [(m.key, m.label, m.unit) for m in DEFAULT_METRICS.values()]


def test_the_date_forms_read_as_the_guide_says():
    rows = table(section(guide(), "dates"), "| 写法 | 网站上显示为 |")
    written = [code(row[0]) for row in rows]
    assert [re.sub(r"\d", "0", w) for w in written] == ["0000", "0000-00", "0000-00-00", "0000年00月", "0000年00月下旬", "0000.00"]
    for form, row in zip(written, rows):
        parsed = parse_date(form)  # as the loader reads it: as written, 2003.12 is not the number 2003.12
        assert parsed is not None and parsed.label() == row[1], (form, parsed, row[1])


def test_the_amount_forms_read_as_the_guide_says():
    rows = table(section(guide(), "amounts"), "| 写法 | 网站上显示为 |")
    written = set()
    for row in rows:
        key, value = next(iter(yaml.safe_load(code(row[0])).items()))
        unit = DEFAULT_METRICS[key].unit
        assert format_amount(parse_amount(value, unit), unit) == row[1], row
        written.add(str(value))
    assert {"1200万元", "3亿多元", "100多场", "近4万人次"} <= written and any(v.isdigit() for v in written), written


def test_every_example_of_the_tables_validates(tmp_path):
    """The examples of the field, date and amount tables, put together as a cadre would, pass `showcase validate`."""
    from PIL import Image

    text = guide()
    root = copy_repo_site(tmp_path / "repo")
    folder = root / "cohorts" / "shijiazhuang-keji-xiangzhen"
    profile = examples("profile-fields")
    assert set(profile) == set(PROFILE_FIELDS) - {"achievements"}
    achievement = examples("achievement-fields")
    assert set(achievement) == set(ACHIEVEMENT_FIELDS) - {"metrics"}
    photo = yaml.safe_load(profile["photo"])["photo"]
    Image.new("RGB", (300, 400), "white").save(folder / photo)
    lines = ["---", *profile.values(), "achievements:", f"  - {achievement.pop('title')}", *(f"    {line}" for line in achievement.values())]
    for number, row in enumerate(table(section(text, "dates"), "| 写法 | 网站上显示为 |")):
        lines += [f"  - title: 日期{number}", f"    date: {code(row[0])}"]
    for number, row in enumerate(table(section(text, "amounts"), "| 写法 | 网站上显示为 |")):
        lines += [f"  - title: 数量{number}", "    metrics:", f"      {code(row[0])}"]
    (folder / "zhang-ming.md").write_text("\n".join([*lines, "---", "正文。", ""]), encoding="utf-8")
    assert validate_json(root, "cohorts/shijiazhuang-keji-xiangzhen") == []

    lecture = examples("lectures")
    lecture_lines = [f"- {lecture.pop('title')}", *(f"  {line}" for line in lecture.values())]
    (root / "cohorts" / "cangxi" / "lectures.yml").write_text("\n".join(lecture_lines) + "\n", encoding="utf-8")
    assert validate_json(root, "cohorts/cangxi") == []


# --- the messages table ----------------------------------------------------------------------------------------


def message_rows() -> dict[str, list[str]]:
    """code -> row; a row may name several codes (M201 / M203) or a range (S602–S605)."""
    named = {}
    for row in table(section(guide(), "messages"), "| 代码 | 常见原因 | 怎么改 |"):
        found = re.findall(r"[A-Z]\d{3}", row[0])
        assert found, row
        if "–" in row[0]:
            (first, last) = found
            found = [f"{first[0]}{n}" for n in range(int(first[1:]), int(last[1:]) + 1)]
        named |= dict.fromkeys(found, row)
    return named


def test_the_messages_table_names_real_codes_with_their_severity():
    rows = message_rows()
    assert BEGINNER_CODES <= set(rows), BEGINNER_CODES - set(rows)
    for name, row in rows.items():
        assert name in CODES, name
        warning = "警告" in row[0]
        assert warning == (CODES[name].severity is Severity.WARNING), (name, row[0])


def test_the_messages_table_examples_are_what_validate_reports(tmp_path):
    """Each example of a mistake in the table, made in the guide's filled-in profile, gets the row's code at its line."""
    text = guide()
    filled = only_block(text, "yaml", "---\nname:").text
    template = only_block(text, "yaml", "---\n# 个人资料模板").text
    root = copy_repo_site(tmp_path / "repo")
    relative = "cohorts/shijiazhuang-keji-xiangzhen/zhang-ming.md"
    path = root / relative
    lines = filled.split("\n")

    def top_level(key: str) -> int:
        return next(i for i, line in enumerate(lines) if re.match(rf"{key}\s*[:：]", line))

    cases: dict[str, tuple[bytes, int]] = {}  # code -> (file, 1-based line of the problem)
    for name, row in message_rows().items():
        mistake = next(iter(codes_in(row[1])), "")
        key = re.match(r"([a-z_]+)\s*[:：]", mistake)
        if key and any(re.match(rf"{key[1]}\s*[:：]", line) for line in lines):
            index = top_level(key[1])
            cases[name] = ("\n".join([*lines[:index], mistake, *lines[index + 1 :]]).encode("utf-8"), index + 1)
    # Uncommenting a template line by deleting the # alone leaves its space: here, after origin.
    education = next(line for line in template.split("\n") if line.startswith("# education:"))
    index = top_level("origin") + 1
    cases["Y008"] = ("\n".join([*lines[:index], education[1:], *lines[index:]]).encode("utf-8"), index + 1)
    # Windows Notepad's ANSI on a Chinese system: GBK.
    cases["F001"] = (filled.encode("gbk"), 0)

    assert BEGINNER_CODES <= set(cases), f"the guide gives no example for {BEGINNER_CODES - set(cases)}"
    for name, (content, line) in cases.items():
        path.write_bytes(content)
        issues = validate_json(root, relative)
        assert name in {i["code"] for i in issues}, (name, issues)
        if line:
            assert any(i["code"] == name and i["line"] == line for i in issues), (name, line, issues)


# --- the page on the site --------------------------------------------------------------------------------------


def test_the_guide_keeps_its_front_matter():
    assert guide().startswith("---\nsearch:\n  exclude: true")


def test_the_built_site_has_the_guide_in_the_footer_not_the_tabs(example_build):
    page = example_build.page("contribute")
    assert "<h1" in page and "如何提交个人资料" in page
    assert "data-pagefind-body" not in page  # out of the public search
    home = example_build.page("")
    footer = home[home.index("<footer") :]
    assert '<a href="contribute/">如何提交资料</a>' in footer
    cadre = example_build.page("cadres/miao-miao")
    assert '<a href="../../contribute/">如何提交资料</a>' in cadre[cadre.index("<footer") :]
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link[^"]*">\s*([^<]+?)\s*<', home)
    assert tabs and not any("contribute" in href or "提交" in label for href, label in tabs), tabs
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert nav and not any("contribute" in href for href in nav), nav


def test_the_guide_links_resolve_on_the_site(example_build):
    """Its in-page links (#web, #fields, …) name headings that exist; its links to site pages lead somewhere."""
    page = example_build.page("contribute")
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    anchors = set(re.findall(r"\]\(#([\w-]+)\)", guide()))
    assert anchors and anchors <= ids, anchors - ids
    for href in re.findall(r'<a href="(\.\./[^"#]*)"', page):
        assert (example_build.site / "contribute" / href / "index.html").resolve().is_file(), href


def test_the_code_blocks_render_as_code(example_build):
    """Fenced blocks at the top level render as <pre>; one nested in a list would render as inline text."""
    page = example_build.page("contribute")
    fences = re.findall(r"^[ \t]*```", guide(), re.M)
    assert len(fences) == 2 * len(blocks(guide())), "every code fence starts a line, unindented"
    assert len(re.findall(r"<pre", page)) == len(blocks(guide()))
    assert "```" not in page
