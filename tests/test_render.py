"""Rendering rules that keep contributed text from changing the page's structure."""

from __future__ import annotations

from markupsafe import Markup

from showcase.render import Renderer, md_escape


def test_plain_fields_cannot_make_links_html_or_table_cells():
    assert md_escape("[点我](javascript:alert(1))") == r"\[点我\](javascript:alert(1))"
    assert md_escape("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert md_escape("甲|乙\n丙") == r"甲\|乙 丙"
    assert md_escape(Markup("<b>模板</b>")) == "<b>模板</b>"


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
