"""The lecture schedule, lectures on their pages, and the calendar feeds, on a fixture with a fixed today."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from .conftest import Build, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lectures-site"
DATED = 6  # lectures with a date in the fixture (one of the seven has none)


@pytest.fixture(scope="module")
def lectures_build(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("lectures") / "site"
    shutil.copytree(FIXTURE, root)
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


def events(path: Path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_site_feed_has_one_event_per_dated_lecture(lectures_build: Build):
    found = events(lectures_build.site / "data" / "lectures.ics")
    assert len(found) == DATED
    assert len({str(e["UID"]) for e in found}) == DATED
    assert all(str(e["UID"]).endswith("@jiang-zuo-ce-shi-zhan.showcase.invalid") for e in found), [str(e["UID"]) for e in found]


def test_timed_events_are_in_shanghai_time_and_others_all_day(lectures_build: Build):
    by_title = {str(e["SUMMARY"]): e for e in events(lectures_build.site / "data" / "lectures.ics")}
    timed = by_title["城市品牌建设与推广"]
    assert timed["DTSTART"].dt.isoformat() == "2026-12-02T09:00:00+08:00"
    assert str(timed["DTSTART"].dt.tzinfo) == "Asia/Shanghai"
    assert str(timed["LOCATION"]) == "苍溪中学学术报告厅，苍溪县"
    assert "主讲人：张三" in str(timed["DESCRIPTION"])
    assert "https://example.gov.cn/guazhi/lectures/#c1-2026-12-02-zhang-san" in str(timed["DESCRIPTION"])
    whole_day = by_title["小城镇城市规划实践"]
    assert whole_day["DTSTART"].dt.isoformat() == "2027-02-10"
    month = by_title["植物转基因"]
    assert (month["DTSTART"].dt.isoformat(), month["DTEND"].dt.isoformat()) == ("2027-01-01", "2027-02-01")
    assert "2027年1月（具体日期待定）" in str(month["DESCRIPTION"])
    assert "主讲人：赵教授" in str(month["DESCRIPTION"])


def test_feeds_per_cohort_and_per_county(lectures_build: Build):
    feeds = lectures_build.site / "data" / "lectures"
    assert len(events(feeds / "cohort-c1.ics")) == 5
    assert len(events(feeds / "cohort-c2.ics")) == 1
    assert len(events(feeds / "county-cang-xi-xian.ics")) == 3
    assert len(events(feeds / "county-zhao-qing-de-qing-xian.ics")) == 1
    assert len(events(feeds / "county-wang-cang-xian.ics")) == 2


def test_schedule_lists_upcoming_first_then_held(lectures_build: Build):
    page = lectures_build.page("lectures").split("<article", 1)[1]
    order = [page.index(title) for title in ("城市品牌建设与推广", "砂糖桔种植技术", "植物转基因", "小城镇城市规划实践", "天然气开发利用过程中的环境保护")]
    held = [page.index(title) for title in ("乡村规划实践", "现代农业产业园建设")]
    assert order == sorted(order), "upcoming lectures in date order, undated last"
    assert max(order) < page.index(">已经举办<") < min(held)
    assert held == sorted(held), "held lectures most recent first"
    for anchor in ("c1-nongye-2025", "c1-2026-12-02-zhang-san", "c2-undated-talk"):
        assert f'id="{anchor}"' in page
    assert "2026年12月" in page and "2027年1月" in page and "日期待定" in page
    assert 'data-sc-filter="series"' in page and '<option value="专家讲座">' in page
    assert 'href="webcal://example.gov.cn/guazhi/data/lectures.ics"' in page  # the button subscribes, as the help says


def test_home_shows_the_next_three_lectures(lectures_build: Build):
    home = lectures_build.page("")
    upcoming = home.split("近期讲座", 1)[1]
    assert "城市品牌建设与推广" in upcoming and "砂糖桔种植技术" in upcoming and "植物转基因" in upcoming
    assert "小城镇城市规划实践" not in upcoming
    assert home.index("讲座测试站") < home.index("近期讲座") < home.index("以上由插件生成")


def test_lectures_on_speaker_cohort_and_county_pages(lectures_build: Build):
    assert "现代农业产业园建设" in lectures_build.page("cadres/zhang-san")
    assert "小城镇城市规划实践" not in lectures_build.page("cadres/zhang-san")
    assert "砂糖桔种植技术" in lectures_build.page("cohorts/c2")
    assert "乡村规划实践" in lectures_build.page("counties/wang-cang-xian")
    assert "../../data/lectures/county-wang-cang-xian.ics" in lectures_build.page("counties/wang-cang-xian")
