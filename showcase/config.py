"""Typed options of the ``showcase`` MkDocs plugin (``plugins: - showcase: …`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ShowcaseConfig(Config):
    data_dir = c.Type(str, default="cohorts")
    """Folder of cohorts, relative to mkdocs.yml; kept outside docs_dir."""

    metrics = c.Type(dict, default={})
    """Extra or overriding metrics: ``key: {label: 中文名称, unit: 单位}``."""

    places = c.Type(dict, default={})
    """Non-division units ``{city, province, note}`` and former names ``{renamed_to}``."""

    templates = c.Optional(c.Dir(exists=True))
    """Folder whose ``*.html.j2`` files replace the built-in page templates of the same name."""

    home = c.Type(str, default="index.md")
    """Hand-written page that receives the headline numbers, cohorts and upcoming lectures."""

    today = c.Optional(c.Type((str, dt.date)))
    """Fixes "today" (YYYY-MM-DD) for lecture status; for tests and reproducible builds."""

    uid_domain = c.Optional(c.Type(str))
    """Right-hand side of calendar event UIDs (e.g. the department's domain); set once, never change it."""

    data_date = c.Optional(c.Type((str, dt.date)))
    """数据截至 shown beside the figures (YYYY-MM-DD); the build date when not set."""

    icp = c.Optional(c.Type(str))
    """ICP 备案号 shown in the footer, e.g. 京ICP备12345678号."""

    icp_url = c.Type(str, default="https://beian.miit.gov.cn/")

    police = c.Optional(c.Type(str))
    """公安备案号 shown in the footer, e.g. 京公网安备 11010502000000号."""

    police_url = c.Optional(c.Type(str))

    police_badge = c.Optional(c.Type(str))
    """The 公安备案 badge image (path inside docs/); a neutral shield of ours when not set."""

    footer_links = c.Type(dict, default={})
    """Links in the footer, ``文字: 页面`` (a page inside docs/): pages for contributors, kept out of the tabs."""

    share_image = c.Optional(c.Type(str))
    """Image (path inside docs/) used as the share picture on WeChat and other apps."""

    preview = c.Optional(c.Type(str))
    """Build only one cohort's or one cadre's pages (drafts shown) for a fast preview; also SHOWCASE_PREVIEW."""

    search_dictionary = c.Type(bool, default=True)
    """Give the search index every name, place and programme as whole words, however a browser cuts the query."""
