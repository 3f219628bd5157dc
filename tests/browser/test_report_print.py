"""The printable 汇编 printed to PDF by Chromium, as a department would hand it in: A4, a cover of its
own, at most three numbered pages after it for the seven cadres of 肇庆, and nothing of the site's chrome.

The PDF's text is read back with pypdf. Chromium's PDFs map some glyphs that Noto CJK shares between an
ideograph and a radical to the radical (⼴ for 广, ⻜ for 飞): the text is normalised before comparing.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

ZHAOQING = "zhaoqing-keji-6"
#: A4 in PostScript points; Chromium rounds the page to whole CSS pixels.
A4 = (595.28, 841.89)
#: The CJK Radicals Supplement characters NFKC leaves alone, as the ideographs they draw.
RADICALS = str.maketrans("⺠⻅⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻨⻩⻬⻮⻰", "民见贝车长门韦页风飞马鱼鸟麦黄齐齿龙")


def plain(text: str) -> str:
    """Text to compare: radicals as ideographs, full-width forms as ASCII, no whitespace (PDF lines break anywhere)."""
    return "".join(unicodedata.normalize("NFKC", text).translate(RADICALS).split())


@pytest.fixture(scope="module")
def printed(browser, site) -> list[str]:
    """The text of each page of the 肇庆 汇编 printed to A4 PDF."""
    page = browser.new_page()
    try:
        response = page.goto(site.page_url(f"cohorts/{ZHAOQING}/report/"))
        assert response is not None and response.status == 200
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.close()
    for sheet in pdf.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert width == pytest.approx(A4[0], abs=2) and height == pytest.approx(A4[1], abs=2)
    return [sheet.extract_text() for sheet in pdf.pages]


def test_the_report_prints_on_the_cover_and_at_most_three_pages(printed):
    assert 2 <= len(printed) <= 4, f"{len(printed)} pages"


def test_the_cover_stands_alone_and_the_pages_after_it_are_numbered(printed):
    cover = plain(printed[0])
    assert "概况" not in cover and "挂职干部工作汇编" in cover
    assert not re.search(r"(^|\n)\s*1\s*(\n|$)", printed[0]), "the cover has no page number"
    for number, text in enumerate(printed[1:], start=2):
        assert re.search(rf"(^|\n)\s*{number}\s*(\n|$)", text), f"page {number} has no page number"


def test_the_report_names_the_cohort_every_cadre_and_the_data_date(printed, site):
    data = json.loads((site.root / "data" / "showcase.json").read_text(encoding="utf-8"))
    cohort = next(c for c in data["cohorts"] if c["id"] == ZHAOQING)
    names = [c["name"] for c in data["cadres"] if c["cohort"] == ZHAOQING]
    assert len(names) == 7
    report = site.html(f"cohorts/{ZHAOQING}/report/")
    as_of = re.search(r"数据截至 (\d{4}年\d{1,2}月\d{1,2}日)", report).group(1)
    site_name = re.search(r'<p class="sc-report-cover__site">([^<]+)</p>', report).group(1)
    cover, everything = plain(printed[0]), plain("".join(printed))
    assert plain(cohort["name"]) in cover and plain("数据截至" + as_of) in cover and plain(site_name) in cover
    for name in names:
        assert plain(name) in everything, name
    assert plain("中共广东省委组织部、广东省科技厅") in cover  # the organiser


def test_the_sites_chrome_is_not_printed(printed, site):
    everything = plain("".join(printed))
    for chrome in ("京ICP备", "如何提交资料", "讲座安排", "搜索", "汇编（可打印）", "本页是可打印的汇编"):
        assert plain(chrome) not in everything, chrome
