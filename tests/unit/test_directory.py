"""The 干部名录: every published cadre under each facet, split into pages that stay small."""

from __future__ import annotations

from showcase.aggregate import aggregate
from showcase.dates import PartialDate
from showcase.metrics import DEFAULT_METRICS
from showcase.model import Cadre, Cohort, Dataset, Source
from showcase.places import Gazetteer
from showcase.render import Renderer
from showcase.views import DIRECTORY_PAGE_SIZE, Urls, directory_groups, directory_views

GAZETTEER = Gazetteer()
CANGXI = GAZETTEER.resolve("苍溪县").place
SIHUI = GAZETTEER.resolve("四会市").place


def dataset(count: int) -> Dataset:
    data = Dataset(metrics=DEFAULT_METRICS)
    data.cohorts.append(Cohort(id="big", name="大批次", program="科技副职", source=Source("cohorts/big/cohort.yml")))
    data.cohorts.append(Cohort(id="small", name="小批次", program="挂职锻炼", source=Source("cohorts/small/cohort.yml")))
    for index in range(count):
        data.cadres.append(
            Cadre(
                id=f"gan-bu-{index}", cohort_id="big", name=f"干部{index}", county=CANGXI if index % 2 else SIHUI,
                post="副县长（挂职）" * 3, origin="某大学教授", start=PartialDate(2012 + index % 3, 3), source=Source(f"cohorts/big/gan-bu-{index}.md"),
            )
        )
    data.cadres.append(Cadre(id="cao-gao", cohort_id="small", name="草稿", county=CANGXI, draft=True, source=Source("cohorts/small/cao-gao.md")))
    data.cadres.append(Cadre(id="wang-wu", cohort_id="small", name="王五", county=CANGXI, source=Source("cohorts/small/wang-wu.md")))
    return data


def test_every_published_cadre_is_under_each_facet_once():
    showcase = aggregate(dataset(7))
    groups = directory_groups(showcase)
    published = {c.id for c in showcase.cadres}
    for facet in ("cohort", "province"):
        listed = [c.id for g in groups if g.facet == facet for c in g.cadres]
        assert sorted(listed) == sorted(published), facet
    assert "cao-gao" not in {c.id for g in groups for c in g.cadres}  # drafts are never published
    assert [(g.label, len(g.cadres)) for g in groups if g.facet == "program"] == [("挂职锻炼", 1), ("科技副职", 7)]
    assert [g.label for g in groups if g.facet == "year"] == ["2014年", "2013年", "2012年"]  # newest first; 王五 has no term


def test_a_large_group_is_split_into_linked_pages_that_stay_small():
    count = DIRECTORY_PAGE_SIZE * 2 + 17
    showcase = aggregate(dataset(count))
    urls = Urls(GAZETTEER)
    pages = [v for v in directory_views(showcase, urls) if v.src_uri.startswith("directory/cohort/big/")]
    assert [v.src_uri for v in pages] == ["directory/cohort/big/index.md", "directory/cohort/big/2/index.md", "directory/cohort/big/3/index.md"]
    assert [len(v.context["cards"]) for v in pages] == [DIRECTORY_PAGE_SIZE, DIRECTORY_PAGE_SIZE, 17]
    renderer = Renderer.for_site(None, urls, None)
    rendered = [renderer.render(view) for view in pages]
    assert '<a href="2/">2</a>' in rendered[0] and '<a href="3/">3</a>' in rendered[0]
    assert '<a href="../">1</a>' in rendered[1] and '<a href="../3/">3</a>' in rendered[1]
    for page in rendered:
        html = page.split("---", 2)[2]
        assert len(html.encode("utf-8")) < 170_000, "a page of the directory must stay under ~200 KB with the theme around it"


def test_provinces_and_programmes_with_the_same_pinyin_get_distinct_urls():
    data = dataset(0)
    data.cohorts.append(Cohort(id="hx", name="同音", program="科技付职", source=Source("cohorts/hx/cohort.yml")))
    for cadre_id, county, cohort in (("a", "太原市小店区", "big"), ("b", "西安市雁塔区", "big"), ("c", "苍溪县", "hx")):
        data.cadres.append(Cadre(id=cadre_id, cohort_id=cohort, name=cadre_id, county=GAZETTEER.resolve(county).place, source=Source(f"{cadre_id}.md")))
    showcase = aggregate(data)
    keys = {(g.facet, g.label): g.key for g in directory_groups(showcase)}
    assert keys[("province", "山西省")] == "shan-xi-sheng" and keys[("province", "陕西省")] == "shaan-xi-sheng"
    assert {keys[("program", "科技副职")], keys[("program", "科技付职")]} == {"ke-ji-fu-zhi", "ke-ji-fu-zhi-2"}
    uris = [v.src_uri for v in directory_views(showcase, Urls(GAZETTEER))]
    assert len(uris) == len(set(uris))
