"""The shipped example is the seed reports' cohorts: every named person, every 肇庆 figure as given."""

from __future__ import annotations

import json

import pytest

from .conftest import Build

NAMED = {
    "zhaoqing-keji-6": {"薛洪": "端州区", "刘光大": "德庆县", "谭晓联": "怀集县", "古飞燕": "封开县", "蔡祖顺": "肇庆高新区", "李国章": "广宁县", "刘运通": "四会市"},
    "cangxi": {"苗苗": "苍溪县", "杨铸旭": "苍溪县", "王甫": "苍溪县"},
    "wulingshan-2012": {"青觉": None, "魏国雄": None, "雷崇民": None, "叶炜": None, "何建宁": None},
    "famous-postings": {"王志": "丽江市", "牛群": "蒙城县"},
}

# 肇庆 cohort totals as the report gives them, and how the cohort page must show them: (label, unit of the row, figure).
ZHAOQING_REPORTED = [
    ("科技活动", "场", "≥ 100"), ("参加活动专家", "人次", "约 800"), ("培训人次", "人次", "约 40,000"),
    ("专利申请", "项", "≥ 500"), ("专利授权", "项", "342"), ("申报科技项目", "项", "554"), ("实施科技项目", "项", "387"),
    ("制定完善科技管理政策", "项", "23"), ("新增高新技术企业", "家", "25"), ("新增民营科技企业", "家", "35"),
    ("新建科技研发中心", "个", "6"), ("新增专业镇", "个", "8"), ("新增技术创新示范镇", "个", "3"), ("引进新品种", "个", "28"),
    ("引进推广新技术", "项", "18"), ("农村科技信息直通车网点", "个", "30"), ("争取资金", "亿元", "≥ 3"),
    ("招商引资", "亿元", "≥ 0.9"),  # 9000多万元, in the row's unit: the profiles' 6.93 亿元 sets it
]
# Per-person figures of the report, on the cadre's own page.
ZHAOQING_PERSONAL = [
    ("liu-guang-da", "培训/活动场次", "≥ 180 场", "180多期"),
    ("liu-guang-da", "解决技术难题", "128 宗", None),
    ("tan-xiao-lian", "争取资金", "80 万元", None),
    ("li-guo-zhang", "为农民节约开支", "约 150 万元", "近150万元"),
    ("liu-yun-tong", "园区创税", "1.5 亿元", None),
    ("liu-yun-tong", "招商引资", "6.93 亿元", None),
    ("xue-hong", "建设服务平台", "2 个", None),
]


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_every_named_person_has_a_published_page(example_build: Build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    by_name = {c["name"]: c for c in data["cadres"]}
    for cohort, people in NAMED.items():
        for name, county in people.items():
            cadre = by_name[name]
            assert cadre["cohort"] == cohort, name
            if county:
                assert cadre["county"] == county, name
            page = article(example_build.page(cadre["url"]))
            assert f">{name}<" in page
            assert "资料来源：" in page, f"{name}'s page names its source report"


def test_shijiazhuang_programme_has_figures_and_no_invented_people(example_build: Build):
    data = json.loads((example_build.site / "data" / "showcase.json").read_text(encoding="utf-8"))
    programme = next(c for c in data["cohorts"] if c["id"] == "shijiazhuang-keji-xiangzhen")
    assert programme["cadres"] == []
    assert programme["reported"]


@pytest.mark.parametrize(("label", "unit", "shown"), ZHAOQING_REPORTED)
def test_zhaoqing_reported_totals_appear_as_given(example_build: Build, label: str, unit: str, shown: str):
    page = article(example_build.page("cohorts/zhaoqing-keji-6"))
    row = next(r for r in page.split("<tr>") if f"<td>{label}（{unit}）</td>" in r)
    assert f">{shown}<" in row


@pytest.mark.parametrize(("cadre", "label", "shown", "raw"), ZHAOQING_PERSONAL)
def test_zhaoqing_personal_figures_appear_as_given(example_build: Build, cadre: str, label: str, shown: str, raw: str | None):
    page = article(example_build.page(f"cadres/{cadre}"))
    assert f"<strong>{shown}</strong><span>{label}</span>" in page  # the key figure, as a tile
    assert page.count(f">{shown}<") == 1, "each figure is shown once"
    if raw:
        assert f"{label}：原文“{raw}”" in page


def test_month_precision_dates_are_kept(example_build: Build):
    page = article(example_build.page("cohorts/wulingshan-2012"))
    assert "2012年3月下旬" in page
    assert "2012年3月1日" not in page and "2012-03-01" not in page
