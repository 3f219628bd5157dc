"""Rendering rules that keep contributed text from changing the page's structure."""

from __future__ import annotations

from markupsafe import Markup

from showcase.render import Renderer, anchor_headings
from showcase.views import link


def test_plain_fields_are_text_in_the_html_page():
    """Pages are HTML, never Markdown: a field prints as text, whatever Markdown or HTML it holds."""
    page = Renderer().env.from_string("<p>{{ value }}</p>")
    assert page.render(value="[点我](javascript:alert(1)) *x* | # y") == "<p>[点我](javascript:alert(1)) *x* | # y</p>"
    assert page.render(value='<script>x</script>"') == "<p>&lt;script&gt;x&lt;/script&gt;&#34;</p>"
    assert page.render(value=Markup("<b>模板</b>")) == "<p><b>模板</b></p>"
    assert page.render(value=None) == "<p></p>"


def test_links_between_pages_follow_the_sites_addressing():
    assert link("cadres/a.md", "cohorts/c/index.md") == "../../cohorts/c/"
    assert link("index.md", "cohorts/c/index.md") == "cohorts/c/"
    assert link("cadres/a.md", "index.md") == "../../"
    assert link("lectures/index.md", "lectures/index.md#x") == "./#x"
    assert link("cadres/a.md", "cadres/photos/c/a.jpg") == "../photos/c/a.jpg"
    assert link("cadres/a.md", "index.md", use_directory_urls=False) == "../index.html"
    assert link("cadres/a.md", "cohorts/c/index.md", use_directory_urls=False) == "../cohorts/c/index.html"
    assert link("cohorts/c/index.md", "cohorts/c/report/index.md") == "report/"


def test_marked_headings_get_unique_ids_permalinks_and_a_table_of_contents():
    from pymdownx.slugs import slugify

    page = (
        '<h1 data-sc-toc>张三</h1><h2 id="工作成果">工作成果<a class="headerlink" href="#工作成果">¶</a></h2>'
        "<h2 data-sc-toc>工作成果</h2><h3 data-sc-toc>&lt;b&gt; &amp; 招商</h3>"
        '<div class="sc-prose"><h3>正文里的标题</h3></div>'
    )
    out, toc = anchor_headings(page, slugify(case="lower"), "¶", "本节链接")
    assert '<h1 id="张三">张三<a class="headerlink" href="#张三" title="本节链接">¶</a></h1>' in out
    assert '<h2 id="工作成果_1">工作成果<a class="headerlink" href="#工作成果_1"' in out
    assert "<h3>正文里的标题</h3>" in out and "data-sc-toc" not in out
    assert [(t["level"], t["id"], t["name"]) for t in toc] == [(1, "张三", "张三")]
    assert [(t["id"], t["name"]) for t in toc[0]["children"]] == [("工作成果", "工作成果"), ("工作成果_1", "工作成果")]
    assert toc[0]["children"][1]["children"][0]["name"] == "&lt;b&gt; &amp; 招商"


def test_body_headings_are_demoted_outside_code_fences():
    markdown = Renderer().env.filters["markdown"]
    body = "# 标题\n\n正文 # 不是标题\n\n```\n# 代码\n```\n\n###### 六级\n\n<h1>原始 HTML 标题</h1>"
    assert markdown(body, demote=2) == (
        '<div class="sc-prose">\n<h3>标题</h3>\n<p>正文 # 不是标题</p>\n<pre><code># 代码\n</code></pre>\n'
        "<h6>六级</h6>\n<h3>原始 HTML 标题</h3>\n</div>"
    )


def test_contributed_markdown_is_one_closed_html_block():
    """An element the body leaves open is closed inside the block: the page's Markdown after it stays Markdown."""
    markdown = Renderer().env.filters["markdown"]
    for opener in ("<div>", "<textarea>", "<template>", "<style>", "<!--", "<xmp>", "<title>"):
        block = markdown("正文\n\n" + opener + "\n残余")
        assert block.startswith('<div class="sc-prose">') and block.endswith("</div>")
        assert block.count("<div") == block.count("</div>"), (opener, block)
        assert opener == "<div>" or opener not in block


def test_county_slugs_are_unique_and_fixed_by_the_gazetteer():
    from showcase.places import Gazetteer, Place, assign_slugs, divisions

    shipped = [place.slug for place in divisions()]
    assert len(set(shipped)) == len(shipped)
    assert assign_slugs(list(divisions())) == shipped, "divisions.csv slugs follow the engine's rule"
    gazetteer = Gazetteer()
    by_name = {p.name: p for p in divisions() if p.name in ("易县", "黟县", "苍溪县")}
    assert [gazetteer.slug(by_name[n]) for n in ("易县", "黟县", "苍溪县")] == ["bao-ding-yi-xian", "huang-shan-yi-xian", "cang-xi-xian"]
    assert gazetteer.slug(Place("肇庆高新区", "肇庆市", "广东省")) == "zhao-qing-gao-xin-qu"
    assert gazetteer.slug(Place("苍溪县", "", "四川省")) == "si-chuan-sheng-cang-xi-xian"
