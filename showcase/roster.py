"""``showcase import``: the organization department's roster (花名册, an Excel sheet) → profile stubs.

Each named row becomes a profile written by ``showcase new``'s own function and template, with the
roster's post, origin, term, education and expertise filled in; no file is ever overwritten. Only
the columns a profile has are read: personal data (性别, 出生年月, 身份证号, 手机 …) never reaches
a file. What a row gives that cannot be used is reported by sheet, row and column, as Excel shows them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from showcase.dates import PartialDate, parse_date
from showcase.errors import UsageError
from showcase.issues import CODES, Severity
from showcase.places import Gazetteer
from showcase.privacy import find_personal_data
from showcase.records import CONTROL_CHARACTERS, SLUG
from showcase.scaffold import fill_fields, write_profile, yaml_scalar
from showcase.settings import Settings

#: The header row is looked for in the first rows: above it a roster may have a title (and 附件1).
HEADER_ROWS = 5
#: Profile field → the headings rosters give it, preferred first; compared without spaces and ``*``, brackets folded to ASCII.
COLUMNS = {
    "name": ("姓名",),
    "county": ("挂职地", "挂职县", "挂职县(市、区)", "挂职县(市区)", "挂职县(区)", "挂职地点", "挂职单位"),
    "post": ("挂任职务", "挂职职务", "拟挂任职务", "挂职岗位"),
    "origin": ("派出单位及职务", "原单位及职务", "工作单位及职务", "原工作单位及职务", "单位及职务", "派出单位"),
    "term": ("任期", "挂职时间", "挂职期限", "挂职起止时间"),
    "portfolio": ("分管工作", "分管领域"),
    "education": ("学历", "学历学位", "最高学历"),
    "expertise": ("专业领域", "专业", "所学专业"),
}
#: Parts of the headings of personal data: such a column is named in the summary as left out on purpose.
PERSONAL = ("性别", "民族", "出生", "年龄", "身份证", "证件", "手机", "电话", "联系方式", "籍贯", "政治面貌", "住址", "地址", "邮箱")
#: Fields written into the template as they stand in the roster.
TEXT_FIELDS = ("post", "origin", "portfolio", "education", "expertise")

_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
#: A cell in the name column that is a footnote or a total, not a person: 注：…, 合计 7 人, 填表人：…
_NOT_A_NAME = re.compile(r"[\d:;,!?()\[\]<>@#%&*+=/\\|：；，。！？（）【】《》]|^(?:合计|小计|总计|共计|备注|说明|注|填表|审核|制表)")
_TERM_SEPARATOR = re.compile(r"\s*(?:—+|–|－|-|~|～|至|到)\s*")
_OPEN_END = ("", "今", "至今")
_ROSTER_WORDS = re.compile(r"(?:挂职)?(?:人员|干部)?(?:基本)?(?:情况|信息)?(?:花名册|名册|名单|一览表|统计表|登记表|汇总表)$")
_MERGE_CELL = f"{{{SHEET_MAIN_NS}}}mergeCell"


def cell_text(value: object) -> str:
    """A cell as one line of text: controls dropped, spaces folded, none left between Chinese characters (王　芳 → 王芳)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # an Excel date cell
        value = value.date()
    text = " ".join(CONTROL_CHARACTERS.sub("", str(value)).split())
    return _CJK_GAP.sub("", text)


def heading(value: object) -> str:
    """A column heading as compared with COLUMNS: 挂职县（市、区） and “挂 职 地 *” match their plain forms."""
    return re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", cell_text(value)))


def parse_term(text: str) -> tuple[PartialDate, PartialDate | None] | None:
    """2012.3-2014.3, 2012年3月—2014年3月, 2012-03至今 or a single start date; None when it is none of these."""
    single = parse_date(text)
    if single:
        return single, None
    for separator in _TERM_SEPARATOR.finditer(text):
        start, rest = parse_date(text[: separator.start()]), text[separator.end() :]
        end = parse_date(rest)
        if start and (end or rest in _OPEN_END):
            return start, end
    return None


def date_text(date: PartialDate) -> str:
    """As a profile writes it: 2012-03, or 2012年3月下旬 when the roster gives a part of a month."""
    return date.label() if date.part else date.iso()


@dataclass(frozen=True)
class Cell:
    text: str
    column: str
    """The column's letter, as Excel shows it."""


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]

    def text(self, field_name: str) -> str:
        cell = self.cells.get(field_name)
        return cell.text if cell else ""


@dataclass
class Sheet:
    name: str
    header_row: int
    title: str
    rows: list[Row]
    personal: list[str]
    """Headings of personal data, never read."""
    unused: list[str]
    """Other headings that no profile field takes."""


def read_roster(path: Path) -> list[Sheet]:
    """Every worksheet with a 姓名 column in its first rows; raises UsageError when there is none or the file is no workbook."""
    if not path.is_file():
        raise UsageError(f"找不到花名册文件 {path}。")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UsageError(f"{path.name} 不是能读取的 Excel 工作簿（.xlsx）。如果是 .xls、.et 或 .csv 文件，请用 Excel 或 WPS 打开，“另存为” Excel 工作簿（*.xlsx）。") from None
    try:
        sheets = [sheet for sheet in map(_read_sheet, workbook.worksheets) if sheet]
    finally:
        workbook.close()
    if not sheets:
        raise UsageError(f"{path.name} 的各工作表前 {HEADER_ROWS} 行里都没有“姓名”一列，找不到表头；请确认表头有“姓名”“挂职地”“挂任职务”等列。")
    return sheets


def _read_sheet(worksheet) -> Sheet | None:
    worksheet.reset_dimensions()  # some programs write a wrong size into the file: read every cell there is
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    header = next((n for n, row in enumerate(rows[:HEADER_ROWS]) if "姓名" in map(heading, row)), None)
    if header is None:
        return None
    _fill_merged(worksheet, rows, header)
    headings = [heading(value) for value in rows[header]]
    options: dict[str, list[tuple[int, int]]] = {}
    for index, name in enumerate(headings):
        for field_name, names in COLUMNS.items():
            if name in names:
                options.setdefault(field_name, []).append((names.index(name), index))
    columns = {field_name: min(found)[1] for field_name, found in options.items()}
    left = [name for index, name in enumerate(headings) if name and index not in columns.values()]
    personal = [name for name in left if any(part in name for part in PERSONAL)]
    found = []
    for number, values in enumerate(rows[header + 1 :], start=header + 2):
        cells = {f: Cell(cell_text(values[i]) if i < len(values) else "", get_column_letter(i + 1)) for f, i in columns.items()}
        if any(cell.text for cell in cells.values()):
            found.append(Row(number, cells))
    return Sheet(worksheet.title, header + 1, _title(rows[:header]), found, personal, [name for name in left if name not in personal])


def _fill_merged(worksheet, rows: list[list[object]], header: int) -> None:
    """Give every cell of a merged range below the header its value (a county merged over its cadres' rows).

    A read-only sheet does not expose its merged ranges: they are read from the sheet's XML, where
    they follow the rows.
    """
    with worksheet._get_source() as source:  # openpyxl's own reader for the sheet's XML part
        ranges = []
        for _, element in iterparse(source):
            if element.tag == _MERGE_CELL:
                ranges.append(range_boundaries(element.get("ref")))
            element.clear()
    for first_column, first_row, last_column, last_row in ranges:
        if first_row <= header + 1 or first_row > len(rows):
            continue
        anchor = rows[first_row - 1]
        value = anchor[first_column - 1] if first_column <= len(anchor) else None
        for row in rows[first_row - 1 : last_row]:
            row.extend([None] * (last_column - len(row)))
            row[first_column - 1 : last_column] = [value] * (last_column - first_column + 1)


def _title(rows: Sequence[Sequence[object]]) -> str:
    """The roster's title above the header: a row with one text, not 附件1 nor 填报单位：…"""
    for row in rows:
        texts = {cell_text(value) for value in row} - {""}
        if len(texts) == 1:
            text = texts.pop()
            if not text.startswith("附件") and not re.search("[:：]", text):
                return text
    return ""


@dataclass(frozen=True)
class Finding:
    """Something in a cell that could not be used; located as Excel shows it."""

    sheet: str
    row: int
    column: str
    code: str
    message: str
    hint: str = ""

    def text(self, file: str) -> str:
        hint = f" 修改建议：{self.hint}" if self.hint else ""
        return f"{file}:{self.sheet}!第{self.row}行 {self.column}列: {CODES[self.code].severity.label} {self.code} {self.message}{hint}"


@dataclass
class Imported:
    file: str
    cohort_id: str
    sheets: list[Sheet]
    created: list[Path] = field(default_factory=list)
    skipped: int = 0
    findings: list[Finding] = field(default_factory=list)
    cohort_values: dict[str, str] = field(default_factory=dict)
    """What the roster says about the cohort (name from its title, a term all rows share, its size)."""
    folder_created: bool = False
    cohort_written: bool = False

    def lines(self) -> list[str]:
        """The report: where the data was found, what was left out and why, what was written, what to do next."""
        out = [f"读取 {self.file}：" + "；".join(f"工作表“{s.name}”（表头在第 {s.header_row} 行，{len(s.rows)} 行数据）" for s in self.sheets) + "。"]
        personal = list(dict.fromkeys(name for sheet in self.sheets for name in sheet.personal))
        unused = list(dict.fromkeys(name for sheet in self.sheets for name in sheet.unused))
        if personal:
            out.append(f"有意没有读取的个人信息列：{'、'.join(personal)}（性别、出生年月、身份证号、手机号等不写进个人资料，也不会发布）。")
        if unused:
            out.append(f"没有对应字段、没有使用的列：{'、'.join(unused)}。")
        out += [finding.text(self.file) for finding in self.findings]
        cohort_file = f"cohorts/{self.cohort_id}/cohort.yml"
        given = "；".join(f"{key}: {value}" for key, value in self.cohort_values.items())
        if self.folder_created:
            out.append(f"批次文件夹 cohorts/{self.cohort_id}/ 原来没有，已新建（如果批次编号写错了，删除这个文件夹后重新导入）。")
        if self.cohort_written:
            out.append(f"已新建 {cohort_file}（{given or '花名册没有给出批次信息'}），请打开核对并补全。")
        elif given:
            out.append(f"{cohort_file} 已存在，没有改动；花名册给出的批次信息：{given}，需要时请手工填入。")
        out.append(f"新建 {len(self.created)} 份，跳过 {self.skipped} 行。")
        if self.created:
            out.append(f"下一步：逐份打开 cohorts/{self.cohort_id}/ 里新建的个人资料，按注释补全（填好后删除 draft: true），然后运行 showcase validate 检查。")
        return out


def import_roster(settings: Settings, path: Path, cohort_id: str) -> Imported:
    """Stubs for the roster's people in cohorts/<cohort_id>/, and its cohort.yml when there is none; nothing is overwritten."""
    if not SLUG.match(cohort_id):
        raise UsageError(f"批次编号 “{cohort_id}” 只能用小写字母、数字和连字符，如 zhaoqing-keji-6。")
    if not settings.data_path.is_dir():
        raise UsageError(f"没有找到数据文件夹 {settings.data_dir}/：请在站点仓库（有 mkdocs.yml 的文件夹）里运行。")
    folder = settings.data_path / cohort_id
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"cohorts/{cohort_id} 不是文件夹。")
    result = Imported(path.name, cohort_id, read_roster(path))
    result.folder_created = not folder.exists()
    folder.mkdir(exist_ok=True)
    seen: dict[str, int] = {}
    terms = []
    for sheet in result.sheets:
        for row in sheet.rows:
            term = _import_row(settings, result, sheet.name, row, seen)
            if term is not None:
                terms.append(term)
    result.cohort_values = _cohort_values(result.sheets, terms, len(seen))
    cohort_file = folder / "cohort.yml"
    if not cohort_file.exists() and not cohort_file.is_symlink():
        with cohort_file.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(_cohort_text(result.cohort_values, result.file))
        result.cohort_written = True
    return result


def _import_row(settings: Settings, result: Imported, sheet: str, row: Row, seen: dict[str, int]) -> tuple[str, str] | None:
    """Write one row's stub; the term written into it ("" where none), or None when no stub was written."""
    name, name_cell = row.text("name"), row.cells["name"]

    def note(cell: Cell, code: str, message: str, hint: str = "") -> Finding:
        return Finding(sheet, row.number, cell.column, code, message, hint)

    if not name or _NOT_A_NAME.search(name):
        result.findings.append(note(name_cell, "T901", f"“{name}”不像姓名，这一行没有导入。" if name else "姓名是空的，这一行没有导入。", "每行写一位干部，姓名一格只写姓名。"))
        result.skipped += 1
        return None
    if name in seen:
        result.findings.append(note(
            name_cell, "T902", f"{name} 与第 {seen[name]} 行重名，这一行没有导入。",
            f"同一人请删去重复的一行；另一位同名干部请单独新建：showcase new --cohort {result.cohort_id} --name {name} --id 编号。",
        ))
        result.skipped += 1
        return None
    seen[name] = row.number
    notes: list[Finding] = []
    values: dict[str, str] = {}
    county = ""
    if row.text("county"):
        county, problem = _county(settings.gazetteer, row.text("county"))
        if problem:
            notes.append(note(row.cells["county"], "T904", *problem))
    for key in TEXT_FIELDS:
        text = row.text(key)
        personal = [f for f in find_personal_data(text) if CODES[f.code].severity is Severity.ERROR]
        if personal:
            notes.append(note(row.cells[key], "T906", f"{personal[0].message.removesuffix('。')}；这一格没有写入个人资料。", "在个人资料里手工填写这一项，不写个人信息。"))
        elif text:
            values[key] = text
    term = ("", "")
    if row.text("term"):
        parsed = parse_term(row.text("term"))
        if parsed is None:
            notes.append(note(row.cells["term"], "T905", f"任期“{row.text('term')}”无法识别，没有写入。", "写成 2012.3-2014.3 或 2012年3月—2014年3月；也可以在个人资料里填写 start 和 end。"))
        else:
            term = (date_text(parsed[0]), date_text(parsed[1]) if parsed[1] else "")
            values.update({"start": term[0], **({"end": term[1]} if term[1] else {})})
    try:
        target = write_profile(settings, result.cohort_id, name, county, None)
    except UsageError as exc:
        result.findings.append(note(name_cell, "T903", f"这一行没有导入：{exc}", "已导入过的不用处理；其他情况按提示用 showcase new 单独新建。"))
        result.skipped += 1
        return None
    if values:  # the file was just created by this import: filling it in overwrites nothing of anyone's
        target.write_text(fill_fields(target.read_text(encoding="utf-8"), values), encoding="utf-8", newline="\n")
    result.created.append(target)
    result.findings += notes
    return term


def _county(gazetteer: Gazetteer, written: str) -> tuple[str, tuple[str, str] | None]:
    """The county to write (as written, or the county a unit's name starts with: 苍溪县科技局 → 苍溪县), or why none."""
    resolution = gazetteer.resolve(written)
    if resolution.place:
        return written, None
    for end in range(len(written) - 1, 1, -1):
        if written[end - 1] in "县市区旗" and gazetteer.resolve(written[:end]).place:
            return written[:end], None
    if resolution.ambiguous:
        first = resolution.ambiguous[0]
        options = "、".join(f"{p.city or p.province}{p.name}" for p in resolution.ambiguous)
        return "", (f"挂职地“{written}”有重名的行政区划：{options}；个人资料里这一项留待填写。", f"在个人资料里写上所属城市，如 county: {first.city or first.province}{written}。")
    guesses = "、".join(resolution.candidates)
    hint = f"是不是 {guesses}？请在个人资料里填写 county。" if guesses else "在个人资料里填写县级行政区划全称（如 苍溪县）；开发区等请先在 mkdocs.yml 的 places 中声明。"
    return "", (f"挂职地“{written}”不是已知的县级行政区划；个人资料里这一项留待填写。", hint)


def _cohort_values(sheets: list[Sheet], terms: list[tuple[str, str]], size: int) -> dict[str, str]:
    """The cohort's name from the roster's title (花名册 and the like cut off), the term when every stub has the same, its size."""
    values = {}
    title = next((sheet.title for sheet in sheets if sheet.title), "")
    if title:
        values["name"] = _ROSTER_WORDS.sub("", title) or title
    if terms and terms[0][0] and all(term == terms[0] for term in terms):
        values["start"] = terms[0][0]
        if terms[0][1]:
            values["end"] = terms[0][1]
    if size:
        values["size"] = str(size)
    return values


def _cohort_text(values: dict[str, str], file: str) -> str:
    """A commented cohort.yml: the roster's facts, and the other fields as examples to fill in."""
    name = yaml_scalar(values["name"]) if "name" in values else "请填写批次名称"
    lines = [
        f"# 批次信息：由 showcase import 根据花名册 {file} 生成，请核对。# 后面是说明，可以删除；要填写以 # 开头的一行，删掉行首的“# ”。",
        f"name: {name}   # 批次名称（必填），如 广东省第六批科技副职（肇庆）",
        "# program: 科技副职   # 项目类别：科技副职、博士服务团、挂职副县长等",
        "# organizer: 请填写选派单位   # 选派单位",
        "# region: 肇庆市   # 挂职地区",
    ]
    if "start" in values:
        lines.append(f"start: {yaml_scalar(values['start'])}   # 任期开始（花名册中各人相同）")
    if "end" in values:
        lines.append(f"end: {yaml_scalar(values['end'])}   # 任期结束")
    if "size" in values:
        lines.append(f"size: {values['size']}   # 本批人数（花名册中的人数）")
    lines.append("# source: 请填写资料来源   # 资料来源：事实出自哪里")
    return "\n".join(lines) + "\n"
