"""Sort what lies under ``cohorts/`` into data files, and refuse everything else by name.

Nothing is skipped in silence: a file that is not a cohort.yml, a lectures.yml, a profile or a
photo beside the profiles fails the build with its path. Symlinks, FIFOs and devices are refused
from ``lstat`` alone, never opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from showcase.issues import Report
from showcase.places import pinyin_slug
from showcase.privacy import scan_personal_data
from showcase.source import special_kind

COHORT_FILE, LECTURES_FILE = "cohort.yml", "lectures.yml"
PROFILE_SUFFIX = ".md"
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
#: Names a Markdown file may carry elsewhere (a site's home page, a repository's readme) but not here.
NOT_PROFILES = frozenset({"index", "readme"})


@dataclass
class CohortFolder:
    """One cohort's files, as found on disk."""

    path: Path
    rel: str
    cohort_file: Path | None = None
    lectures_file: Path | None = None
    profiles: list[Path] = field(default_factory=list)
    photos: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.path.name


class TreeScanner:
    def __init__(self, root: Path, report: Report) -> None:
        self.root, self.report = root, report

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def scan(self, data_path: Path, only: str | None = None) -> list[CohortFolder]:
        if not data_path.is_dir():
            rel = self.rel(data_path)
            self.report.add(rel, 1, "F007", f"数据目录 {rel} 不存在。", "在仓库根目录建立 cohorts/ 文件夹，每个批次一个子文件夹。")
            return []
        folders = []
        for entry, mode in self._entries(data_path):
            if only is not None and entry.name != only:
                continue
            if stat.S_ISDIR(mode):
                folders.append(self._cohort_folder(entry))
            elif stat.S_ISREG(mode):
                self._unexpected(entry, "cohorts/ 下只应有批次文件夹。", "把它移到某个批次文件夹里，或删除。")
        return folders

    def _entries(self, folder: Path) -> list[tuple[Path, int]]:
        """Entries with their lstat mode; special files and hidden names are reported here."""
        found = []
        for name in sorted(os.listdir(folder)):
            entry = folder / name
            rel = self.rel(entry)
            scan_personal_data(name, rel, self.report)  # names become URLs and CSV rows
            mode = os.lstat(entry).st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                self.report.add(rel, 1, "F008", f"这是{special_kind(mode)}，不会被读取。", "只提交普通的文件和文件夹，不要用链接。")
            elif name.startswith("."):
                what = "隐藏文件夹" if stat.S_ISDIR(mode) else "隐藏文件"
                self.report.add(rel, 1, "F006", f"这是{what}，不会被读取。", "删除它；系统自动生成的文件（如 .DS_Store）不要提交。")
            else:
                found.append((entry, mode))
        return found

    def _cohort_folder(self, path: Path) -> CohortFolder:
        folder = CohortFolder(path, self.rel(path))
        for entry, mode in self._entries(path):
            name = entry.name
            if stat.S_ISDIR(mode):
                self._unexpected(entry, "批次文件夹里不应有子文件夹，其中的文件不会被读取。", "个人资料、照片和 lectures.yml 都直接放在批次文件夹里。")
            elif name == COHORT_FILE:
                folder.cohort_file = entry
            elif name == LECTURES_FILE:
                folder.lectures_file = entry
            elif entry.suffix == PROFILE_SUFFIX and entry.stem.lower() in NOT_PROFILES:
                self._unexpected(entry, f"{name} 不是干部个人资料。", "个人资料的文件名是姓名拼音，如 miao-miao.md；说明文字请写进 cohort.yml 的 summary。")
            elif entry.suffix == PROFILE_SUFFIX:
                folder.profiles.append(entry)
            elif entry.suffix.lower() in PHOTO_SUFFIXES:
                folder.photos.add(name)
            else:
                self._unexpected(entry, "无法识别的文件。", _rename_hint(entry))
        return folder

    def _unexpected(self, entry: Path, message: str, hint: str) -> None:
        self.report.add(self.rel(entry), 1, "F006", f"{message}构建不会发布它。", hint)


def _rename_hint(entry: Path) -> str:
    name = entry.name
    lower = name.lower()
    if lower.endswith((".md", ".markdown", ".md.txt", ".mdown", ".txt")):
        stem = name.split(".", 1)[0]
        slug = stem if stem and stem.isascii() and stem == stem.lower() else (pinyin_slug(stem) or "xing-ming")
        return f"个人资料的扩展名必须是小写的 .md：改名为 {slug}.md。"
    if lower.endswith((".yaml", ".yml")):
        return f"改名为 {COHORT_FILE} 或 {LECTURES_FILE}。"
    return "个人资料用 .md 文件；照片用 .jpg/.png/.webp 并放在个人资料旁边。"
