"""The shipped example builds with --strict and its pages and data files say what the data says."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from icalendar import Calendar

from showcase.cli import load_settings
from showcase.issues import Report
from showcase.loader import load

from .conftest import REPO, Build


def published_profiles() -> list[str]:
    report = Report()
    dataset, data_report = load(load_settings(REPO, report))
    assert not data_report.errors
    return sorted(c.id for c in dataset.published_cadres)


def test_every_published_profile_has_a_page_a_csv_row_and_a_json_entry(example_build: Build):
    profiles = published_profiles()
    pages = sorted(p.parent.name for p in (example_build.site / "cadres").glob("*/index.html"))
    raw = (example_build.site / "data" / "cadres.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "cadres.csv must start with a UTF-8 BOM for Excel"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    assert len(profiles) == 17
    assert pages == profiles
    assert sorted(row["编号"] for row in rows) == profiles
    assert sorted(c["id"] for c in data["cadres"]) == profiles


def test_showcase_json_contract(example_build: Build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    assert {"cohorts", "counties", "cadres", "lectures"} <= set(data)
    for cadre in data["cadres"]:
        assert {"id", "name", "cohort", "county", "url"} <= set(cadre)
        assert (example_build.site / cadre["url"] / "index.html").is_file()
    for lecture in data["lectures"]:
        assert {"id", "date", "title", "speaker", "url"} <= set(lecture)
    miao = next(c for c in data["cadres"] if c["id"] == "miao-miao")
    assert miao["url"] == "cadres/miao-miao/"
    assert miao["county"] == "苍溪县" and miao["county_code"] == "510824"


def test_achievements_csv_has_bom_and_one_row_per_achievement(example_build: Build):
    raw = (example_build.site / "data" / "achievements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    liu = [r for r in rows if r["干部编号"] == "liu-guang-da"]
    columns = ("培训/活动场次（场）", "培训/活动场次 精度", "解决技术难题（宗）", "解决技术难题 精度", "原文")
    assert {tuple(r[c] for c in columns) for r in liu} == {
        ("180", "≥", "", "", "培训/活动场次：180多期"),
        ("", "", "128", "精确", "解决技术难题：128宗"),
    }


def test_cadre_pages_are_not_in_the_navigation(example_build: Build):
    home = example_build.page("")
    nav_links = re.findall(r'<a href="([^"]*)"[^>]*class="md-nav__link', home)
    assert {"cohorts/", "counties/", "lectures/", "achievements/"} <= set(nav_links)
    assert not [link for link in nav_links if "cadres/" in link]


def test_pages_link_cohort_county_and_cadre_both_ways(example_build: Build):
    cohort = example_build.page("cohorts/zhaoqing-keji-6")
    for cadre_id in ("xue-hong", "liu-guang-da", "tan-xiao-lian", "gu-fei-yan", "cai-zu-shun", "li-guo-zhang", "liu-yun-tong"):
        assert f'href="../../cadres/{cadre_id}/"' in cohort
    assert 'href="../../counties/zhao-qing-de-qing-xian/"' in cohort
    county = example_build.page("counties/zhao-qing-de-qing-xian")
    assert 'href="../../cadres/liu-guang-da/"' in county and 'href="../../cohorts/zhaoqing-keji-6/"' in county
    cadre = example_build.page("cadres/liu-guang-da")
    assert 'href="../../cohorts/zhaoqing-keji-6/"' in cadre and 'href="../../counties/zhao-qing-de-qing-xian/"' in cadre


def test_no_page_loads_anything_from_another_host(example_build: Build):
    for page in example_build.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', html):
            url = match.group(1)
            assert not re.match(r"^(https?:)?//", url), f"{page}: {match.group(0)}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_footer_share_metadata_and_print_styles(example_build: Build):
    cadre = example_build.page("cadres/miao-miao")
    assert "京ICP备00000000号-1" in cadre and 'href="https://beian.miit.gov.cn/"' in cadre
    assert '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502000000" rel="noreferrer" target="_blank">' in cadre
    assert "Permanent link" not in cadre and 'title="本节链接"' in cadre
    assert '<meta property="og:title" content="苗苗 · 苍溪县 · 挂职干部风采">' in cadre
    assert '<meta property="og:description" content="苗苗，苍溪县省市挂职干部，挂任苍溪县委办副主任、县交通运输局副局长">' in cadre
    assert '<html lang="zh"' in cadre
    css = (example_build.site / "assets" / "showcase" / "showcase.css").read_text(encoding="utf-8")
    assert "@media print" in css


def test_calendar_feeds_parse(example_build: Build):
    feed = Calendar.from_ical((example_build.site / "data" / "lectures.ics").read_bytes())
    assert feed.get("X-WR-TIMEZONE") == "Asia/Shanghai"
    # 苍溪's lectures are known without their year: no date, so no per-cohort feed and no button to an empty one.
    assert not (example_build.site / "data" / "lectures" / "cohort-cangxi.ics").exists()
    assert not (example_build.site / "data" / "lectures" / "county-cang-xi-xian.ics").exists()
    assert "订阅本批次讲座日历" not in example_build.page("cohorts/cangxi")


def test_lectures_appear_on_schedule_speaker_cohort_and_county_pages(example_build: Build):
    schedule = example_build.page("lectures")
    assert 'id="cangxi-chengshi-pinpai"' in schedule and "城市品牌建设与推广" in schedule
    assert schedule.index("即将举办") < schedule.index("已经举办") < schedule.index("城市品牌建设与推广")
    for url in ("cadres/miao-miao", "cohorts/cangxi", "counties/cang-xi-xian"):
        assert 'lectures/#cangxi-chengshi-pinpai"' in example_build.page(url), url


def test_profile_body_html_is_escaped_or_sanitised(example_build: Build):
    for page in (example_build.site / "cadres").glob("*/index.html"):
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        assert "<script" not in article and "javascript:" not in article


def test_example_cohort_files_are_not_published_as_pages(example_build: Build):
    assert not list(example_build.site.rglob("cohort.yml"))
    assert not (example_build.site / "cohorts" / "zhaoqing-keji-6" / "xue-hong").exists()


def test_serve_watches_the_data_folder():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    assert str(Path(REPO / "cohorts")) in [str(Path(p)) for p in config.watch]
