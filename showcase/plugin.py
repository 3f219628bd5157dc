"""MkDocs wiring: each event hands over to the pipeline (load → aggregate → plan → render)."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from markdown.extensions import toc as markdown_toc
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from showcase import indexer, photos, search
from showcase.config import ShowcaseConfig
from showcase.pipeline import Scope, ScopeError, load_site
from showcase.render import anchor_headings
from showcase.sanitize import sanitize_page
from showcase.settings import build_settings
from showcase.views import UrlCollision

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).parent
CSS_URI = "assets/showcase/showcase.css"
JS_URI = "assets/showcase/showcase.js"
EMBLEM_URI = "assets/showcase/emblem.svg"
POLICE_BADGE_URI = "assets/showcase/police-badge.svg"
#: Material's own favicon: a site that has not chosen one gets our emblem instead of Material's book.
MATERIAL_FAVICON = "assets/images/favicon.png"
#: The environment variable that sets a preview scope without editing mkdocs.yml.
PREVIEW_VARIABLE = "SHOWCASE_PREVIEW"


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    command = "build"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError(search.LUNR_LEFT)
        root = Path(config.config_file_path).parent
        options = {k: self.config[k] for k in ("data_dir", "metrics", "places", "today", "data_date", "uid_domain")}
        self.site_description = config.site_description or ""
        self.active_section = self.indexer = None
        self.settings, problems = build_settings(root, options, {"site_url": config.site_url, "site_name": config.site_name})
        if problems:
            raise PluginError("showcase 插件配置有误：\n" + "\n".join(problems))
        scope = self._scope()
        self.site = site = load_site(self.settings, scope)
        for issue in site.report.warnings:
            log.warning(issue.text())
        for issue in site.report.errors:
            log.error(issue.text())
        if site.report.errors and self.command != "serve":
            raise PluginError(f"{site.report.summary()}数据有错误，站点没有生成；运行 showcase validate 查看详情。")
        self.showcase, self.urls = site.showcase, site.urls
        templates = Path(self.config.templates) if self.config.templates else None
        stale = sorted(path.name for path in templates.glob("*.md.j2")) if templates else []
        if stale:
            raise PluginError(
                f"showcase 插件的 templates 文件夹中有 Markdown 页面模板 {'、'.join(stale)}，不会再被使用：页面模板现在是 HTML，"
                f"文件名为 {stale[0].replace('.md.j2', '.html.j2')} 这样的 *.html.j2。请参照 showcase/templates/ 中的同名模板改写后改名。"
            )
        self.renderer = site.renderer(templates)
        self.banner = ""
        if site.showcase is None:  # mkdocs serve: the problems are shown in the browser instead
            self.banner = self.renderer.render_string("problems.html.j2", report=site.report)
            self.search_facts = search.SiteFacts({}, unindexed="")
            log.warning("数据有错误：预览中的每个页面都列出了这些问题；改正后保存，页面会自动刷新。")
        else:
            if scope is not None:
                self.banner = self.renderer.render_string("preview.html.j2", text=scope.describe(site.showcase, site.dataset))
                config.validation.links.not_found = logging.INFO  # links to the pages left out of the preview
                log.warning("这是预览构建（preview / SHOWCASE_PREVIEW），只含部分页面，不能发布。")
            self.search_facts = search.page_facts(self.showcase, self.urls, whole=self.config.search_dictionary)
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE / "theme"))
        config.theme["logo"] = config.theme.get("logo") or EMBLEM_URI
        if config.theme.get("favicon") in (None, MATERIAL_FAVICON):
            config.theme["favicon"] = EMBLEM_URI
        config.extra_css.append(CSS_URI)
        config.extra_javascript.append(JS_URI)
        config.watch.append(str(self.settings.data_path))
        if templates:
            config.watch.append(str(templates))
        return config

    @event_priority(50)  # early: other plugins (nav, sitemap) should see the generated pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for uri in (CSS_URI, JS_URI, EMBLEM_URI, POLICE_BADGE_URI, *search.ASSETS):
            self._add(files, File.generated(config, uri, abs_src_path=str(PACKAGE / "assets" / posixpath.basename(uri))))
        self.sections, self.generated = {}, {}
        if self.showcase is None:
            for uri, title in self.site.urls.tabs().items():
                self._add(files, File.generated(config, uri, content=f"# {title}\n", inclusion=InclusionLevel.INCLUDED))
            return files
        try:
            views = self.site.views()
        except UrlCollision as exc:
            raise PluginError(str(exc)) from exc
        self.sections = {view.src_uri: view.section for view in views if view.section}
        self.generated = {view.src_uri: "" for view in views}
        for view in views:
            inclusion = InclusionLevel.INCLUDED if view.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, view.src_uri, content=self.renderer.render(view), inclusion=inclusion))
        for cadre in self.showcase.cadres:
            if cadre.photo:
                photo = self.settings.data_path / cadre.cohort_id / cadre.photo
                self._add(files, File.generated(config, self.urls.photo(cadre), content=photos.publish(photo)))
        for uri, content in self.site.data_files(config.use_directory_urls).items():
            self._add(files, File.generated(config, uri, content=content))
        return files

    def _scope(self) -> Scope | None:
        name = self.config.preview or os.environ.get(PREVIEW_VARIABLE, "")
        if not name.strip():
            return None
        try:
            return Scope.find(self.settings, name)
        except ScopeError as exc:
            raise PluginError(str(exc)) from exc

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None and existing.generated_by is None:
            raise PluginError(f"docs 目录中的 {file.src_uri} 与自动生成的页面重名；请改名或删除该文件。")
        files.append(file)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.tabs = {page.file.src_uri: page for page in nav.pages}
        return nav

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """A generated page is in no nav, so MkDocs marks no tab: mark its section's, for this page only."""
        self.active_section = self.tabs.get(self.sections.get(page.file.src_uri, ""))
        if self.active_section is not None:
            self.active_section.active = True
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page is HTML already: it is kept aside, and Markdown converts nothing."""
        if page.file.src_uri in self.generated:
            self.generated[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's final content, handed to the indexer at once: all pages' content is ready before
        the theme renders the first, so Pagefind indexes while the theme renders."""
        content = self._content(html, page, config)
        if self.indexer is not None:
            facts = self._search(page)
            if facts.indexed:
                self.indexer.add_body(page.file.dest_uri, facts.body(content, page.title or self.settings.site_name))
        return content

    def _content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        uri = page.file.src_uri
        if uri in self.generated:
            html, self.generated[uri] = self.generated[uri], ""
        elif uri == self.config.home and self.showcase is not None:
            html = self.site.home_page(html, self.renderer, uri)
        else:
            return self.banner + html
        toc = config.mdx_configs.get("toc", {})  # headings as the site's toc extension would make them
        permalink = toc.get("permalink", False)
        html, tokens = anchor_headings(
            html,
            toc.get("slugify", markdown_toc.slugify),
            "&para;" if permalink is True else (permalink or ""),
            toc.get("permalink_title", "Permanent link"),
        )
        page.toc = get_toc(tokens)
        # A second layer: contributed fragments are sanitised alone already; pages that show data are again.
        return self.banner + sanitize_page(html)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.indexer = None
        if self.showcase is not None:
            try:
                self.indexer = indexer.PageIndexer(Path(config.site_dir))
            except indexer.SearchIndexError as exc:
                raise PluginError(str(exc)) from exc

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.active_section is not None:
            self.active_section.active = False
            self.active_section = None
        return output

    @event_priority(-100)  # late: pages other plugins write are on disk for the indexer's last look
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.indexer is None:
            log.warning("数据有错误，没有建立搜索索引。")
            return
        try:
            indexed = self.indexer.finish()
        except indexer.SearchIndexError as exc:
            raise PluginError(str(exc)) from exc
        log.info(indexed.summary())

    def on_build_error(self, *, error: Exception) -> None:
        if self.indexer is not None:
            self.indexer.abandon()
            self.indexer = None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["showcase_footer"] = {
            "icp": self.config.icp,
            "icp_url": self.config.icp_url,
            "police": self.config.police,
            "police_url": self.config.police_url,
            "police_badge": self.config.police_badge or POLICE_BADGE_URI,
            "links": [(label, self._footer_url(uri, files)) for label, uri in self.config.footer_links.items()],
        }
        env.globals["showcase_share"] = self._share
        env.globals["showcase_search"] = self._search
        return env

    def _footer_url(self, src_uri: str, files: Files) -> str:
        file = files.get_file_from_path(src_uri)
        if file is None:
            raise PluginError(f"showcase 插件的 footer_links 指向 {src_uri}，但 docs 目录中没有这个页面。")
        return file.url

    def _search(self, page: Page) -> search.PageFacts:
        """Material's ``search: {exclude: true}`` front matter keeps a page out of our index too."""
        if (page.meta.get("search") or {}).get("exclude"):
            return search.PageFacts(page.title or "", indexed=False)
        return self.search_facts.of(page.file.src_uri, page.title or self.settings.site_name)

    def _share(self, page: Page | None) -> dict[str, str]:
        config = self.config
        site_url = self.settings.site_url.rstrip("/") + "/" if self.settings.site_url else ""
        title = page.title if page and page.title else self.settings.site_name
        image = ""
        if config.share_image:
            image = (site_url + config.share_image) if site_url else posixpath.join("/", config.share_image)
        return {
            "title": f"{title} · {self.settings.site_name}" if page and not page.is_homepage else self.settings.site_name,
            "description": (page.meta.get("description") if page else "") or self.site_description,
            "url": site_url + page.url if site_url and page else "",
            "image": image,
        }
