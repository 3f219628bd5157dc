"""One orchestration of load → aggregate → page views and data files.

The MkDocs plugin, the command line and the benchmarks all go through here, so a site, a
``showcase export`` and a measurement are made of the same steps. No MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from showcase.aggregate import Showcase, aggregate
from showcase.exports import site_data_files
from showcase.issues import Report
from showcase.loader import load
from showcase.model import Dataset
from showcase.render import Renderer
from showcase.settings import Settings
from showcase.views import PageView, Urls, home_context, plan

#: Where the home page wants its generated block.
HOME_MARKER = "<!-- showcase:home -->"


class ScopeError(ValueError):
    """A preview scope that names no cohort and no cadre; the message says so in Chinese."""


@dataclass(frozen=True)
class Scope:
    """A preview of one cohort, or of one cadre within it: only that cohort is read (drafts included),
    and only its pages and the index pages are built. Fast on any size of site; never published."""

    cohort_id: str
    cadre_id: str = ""

    @classmethod
    def find(cls, settings: Settings, name: str) -> Scope:
        name = name.strip().removesuffix(".md").strip("/")
        data = settings.data_path
        if name and (data / name).is_dir():
            return cls(name)
        profiles = sorted(data.glob(f"*/{name}.md")) if name and "/" not in name else []
        if profiles:
            return cls(profiles[0].parent.name, name)
        raise ScopeError(f"预览范围 “{name}” 既不是批次编号（cohorts/ 下的文件夹名），也不是干部编号（个人资料的文件名）。")

    def pages(self, urls: Urls, dataset: Dataset) -> set[str] | None:
        """Besides the tabs, the pages a cadre's preview builds (its own, cohort and county pages); None
        for a cohort's preview, which builds every page of the one cohort read."""
        if not self.cadre_id:
            return None
        wanted = {urls.cohort(self.cohort_id), urls.cadre_by_id(self.cadre_id)}
        cadre = dataset.cadre(self.cadre_id)
        if cadre is not None:
            wanted.add(urls.county(cadre.county))
        return wanted

    def describe(self, showcase: Showcase, dataset: Dataset) -> str:
        view = showcase.cohort_view(self.cohort_id)
        cadre = dataset.cadre(self.cadre_id) if self.cadre_id else None
        subject = f"{cadre.name}（{self.cadre_id}）的页面和所在批次" if cadre else f"批次“{view.cohort.name}”"
        return f"预览：只生成了{subject}，其他批次和干部不在其中；草稿也显示。发布请用 mkdocs build 生成完整站点。"


@dataclass
class Site:
    settings: Settings
    dataset: Dataset
    report: Report
    urls: Urls
    showcase: Showcase | None
    """None when the data has errors: nothing is built from data that would lose a profile."""
    scope: Scope | None = None

    def views(self) -> list[PageView]:
        views = plan(self.showcase, self.urls, self.settings.site_url, self.settings.site_name)
        wanted = self.scope.pages(self.urls, self.dataset) if self.scope else None
        if wanted is None:
            return views
        return [view for view in views if view.in_nav or view.src_uri in wanted]

    def renderer(self, templates: Path | None = None) -> Renderer:
        return Renderer.for_site(templates, self.urls, self.settings.as_of)

    def home_page(self, page: str, renderer: Renderer, page_uri: str) -> str:
        """The hand-written home page (HTML) with the headline numbers, cohorts and lectures at its marker (or at its end)."""
        block = renderer.render_string("home.html.j2", page_uri=page_uri, **home_context(self.showcase, self.settings.today))
        return page.replace(HOME_MARKER, block, 1) if HOME_MARKER in page else page.rstrip() + "\n" + block

    def data_files(self, use_directory_urls: bool = True) -> dict[str, str | bytes]:
        return site_data_files(self.showcase, self.urls, self.settings, use_directory_urls)


def load_site(settings: Settings, scope: Scope | None = None) -> Site:
    """Read and check the data (one cohort in a preview), then aggregate it when it has no errors."""
    dataset, report = load(settings, only=scope.cohort_id if scope else None)
    showcase = None if report.errors else aggregate(dataset, drafts=scope is not None)
    return Site(settings, dataset, report, Urls(settings.gazetteer), showcase, scope)
