"""HTML sanitising (DESIGN §6): contributed fragments strictly, whole pages as a second layer.

Attacks reproduced on the old single page-level pass: an ``id="__config"`` clobbering Material's
settings script, images fetched from other hosts, and unclosed elements swallowing the page.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.sanitize import is_local_url, is_theme_safe_id, sanitize_fragment, sanitize_page

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Elements(HTMLParser):
    """Every start tag as (tag, attrs, depth), depth 0 for top-level elements."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], int]] = []
        self.texts: list[tuple[str, int]] = []
        self.stack: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}, len(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> in sanitiser output"
        self.stack.pop()

    def handle_data(self, data):
        self.texts.append((data, len(self.stack)))


# --- is_local_url ----------------------------------------------------------------------------------

LOCAL = [
    "x.png", "photos/a.jpg", "../photos/a.jpg", "./a.png", "/img/a.png", "/", "#frag", "?q=1", "a.png?x=1#y",
    "%2F%2Fhost/x.png", "/%5Chost/x.png", "a//b.png", "a/\\b.png", "\\x.png", "/a/../b.png", "s.png/x:y",
    "\u3000//host/x.png",  # an ideographic space is not stripped: a relative path
    "\u00a0https://host/x.png",  # nor is a no-break space
    "ｊavascript:alert(1)",  # a full-width letter cannot start a scheme
    "a b.png", "中文/照片.jpg", "1x.png", "/x:y.png", "./javascript:alert(1)", "  x.png", "\tphotos/a.jpg",
]
FOREIGN = [
    "https://evil.example/x.png", "http://evil.example/x.png", "HTTPS://evil/x", "http:x.png", "https:/evil/x",
    "//host/x.png", "/\\host/x.png", "\\\\host\\x.png", "\\/host/x", "///host/x", "  //host/x.png",
    "\t//host/x.png", "\n//host/x", "\x00//host/x", "\x1f https://host/x", "/\t/host/x", "/\n/host/x",
    "\\\r\\host/x", "data:image/png;base64,AAAA", "javascript:alert(1)", "JaVa\tScRiPt:alert(1)",
    "java\nscript:alert(1)", " vbscript:x", "blob:https://x/y", "ftp://host/x.png", "c:\\photos\\a.jpg",
    "mailto:a@b.c", "", "   ", "\t\n",
]


@pytest.mark.parametrize("url", LOCAL)
def test_local_urls(url):
    assert is_local_url(url)


@pytest.mark.parametrize("url", FOREIGN)
def test_urls_the_browser_would_fetch_elsewhere(url):
    assert not is_local_url(url)


@pytest.mark.parametrize(
    "value, safe",
    [
        ("sc-filter-series", True), ("miao-miao-2012-03", True), ("本人自述", True), ("fn:1", True),
        ("__config", False), ("__search", False), ("_x", True), ("_1", True), ("__", False), ("__md_scope", False), ("_", True),
        ("", False), ("a b", False), (" x", False), ("x\t", False), ("x\u3000y", False),
    ],
)
def test_theme_safe_ids(value, safe):
    assert is_theme_safe_id(value) is safe


# --- fragment policy -------------------------------------------------------------------------------

FRAGMENT_CASES = [
    ('<p id="__config">x</p>', "<p>x</p>"),
    ('<p id="ok" name="n" class="md-typeset" style="color:red" title="t" lang="zh">x</p>', "<p>x</p>"),
    ('<a name="x">x</a>', '<a rel="nofollow noopener">x</a>'),
    ('<a href="https://e.example/" title="t" class="md-button">x</a>', '<a href="https://e.example/" title="t" rel="nofollow noopener">x</a>'),
    ('<a href="../a/">x</a>', '<a href="../a/" rel="nofollow noopener">x</a>'),
    ('<a href="mailto:a@b.c">x</a>', '<a href="mailto:a@b.c" rel="nofollow noopener">x</a>'),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="nofollow noopener">x</a>'),
    ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', '<a rel="nofollow noopener">x</a>'),
    ('<a href="data:text/html,x">x</a>', '<a rel="nofollow noopener">x</a>'),
    ('<span data-md-component="search" aria-label="x" data-x="1">x</span>', "<span>x</span>"),
    ('<div data-md-toggle="drawer" role="dialog" hidden>x</div>', "<div>x</div>"),
    ('<img src="//host/x.png" alt="a">', ""),
    ('<img src="https://host/x.png">t', "t"),
    ('<img src="/\\host/x.png">', ""),
    ('<img src="\\\\host\\x.png">', ""),
    ('<img src=" \t//host/x.png">', ""),
    ('<img src="data:image/png;base64,AAAA">', ""),
    ("<img alt=\"no source\">", ""),
    ('<img src="">', ""),
    ('<img alt=" src=x">', ""),
    ('<img src="photos/a.jpg" alt="照片" title="t" width="10" height="20" class="c" loading="lazy">',
     '<img src="photos/a.jpg" alt="照片" title="t" width="10" height="20">'),
    ('<img src="/img/a.png" alt="a>b">', '<img src="/img/a.png" alt="a&gt;b">'),
    ("<img src=x.png onerror=alert(1)>", '<img src="x.png">'),
    ('<p onclick="x()" onmouseover="y">x</p>', "<p>x</p>"),
    ('<video src="v.mp4"><source src="//h/v.mp4">t</video>', "t"),
    ('<audio src="a.mp3"></audio><picture><source srcset="//h/a.png"><img src="a.png"></picture>', '<img src="a.png">'),
    ('<embed src="x.swf"><track src="t.vtt">x', "x"),
    ("<script>alert(1)</script>x", "x"),
    ("<iframe src=\"//h/\">inside</iframe>x", "x"),
    ("<svg><image href=\"//h/x.png\"/></svg>x", "x"),
    ("<math><mi>x</mi></math>y", "y"),
    ("<!-- comment --><p>x</p>", "<p>x</p>"),
    ("<form><input name=\"__search\"><button>b</button></form>", "b"),
    ("<select><option>o</option></select>x", "x"),
    ("<h1>a</h1><h6>b</h6><blockquote>q</blockquote>", "<h1>a</h1><h6>b</h6><blockquote>q</blockquote>"),
    ("<ol start=\"3\"><li>a</li></ol>", '<ol start="3"><li>a</li></ol>'),
    ('<abbr title="中央组织部">中组部</abbr>', '<abbr title="中央组织部">中组部</abbr>'),
    ("<pre><code class=\"language-py\">&lt;b&gt;</code></pre>", "<pre><code>&lt;b&gt;</code></pre>"),
    ('<table><tr><th style="text-align: center;">a</th><td style="TEXT-ALIGN:Right">b</td></tr></table>',
     '<table><tbody><tr><th style="text-align: center;">a</th><td style="text-align: right;">b</td></tr></tbody></table>'),
    ('<table><tr><td style="text-align: url(//h/x)">a</td><td style="color: red; text-align: left">b</td></tr></table>',
     "<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>"),
    ('<span style="text-align: center">x</span>', "<span>x</span>"),
    ('<p title="<h1>">x</p>', "<p>x</p>"),
]


@pytest.mark.parametrize("dirty, clean", FRAGMENT_CASES)
def test_fragment_policy(dirty, clean):
    assert sanitize_fragment(dirty) == clean


SWALLOWERS = ["template", "style", "script", "textarea", "title", "xmp", "div", "noscript", "plaintext", "select",
              "noembed", "noframes", "iframe", "object", "svg", "math", "table", "ul", "blockquote", "pre", "a"]


@pytest.mark.parametrize("tag", SWALLOWERS)
def test_an_unclosed_element_cannot_reach_the_trusted_markup_after_the_fragment(tag):
    page = sanitize_fragment("<p>a</p><" + tag + "><p>b") + "<p>after</p>"
    parsed = Elements(page)
    assert ("p", {}, 0) == parsed.found[-1]
    assert ("after", 0) in [(text, depth - 1) for text, depth in parsed.texts]
    assert parsed.stack == []


# --- page policy -----------------------------------------------------------------------------------

PAGE_CASES = [
    ('<p id="__config">x</p>', "<p>x</p>"),
    ('<div id="__x">x</div>', "<div>x</div>"), ('<h2 id="_1">x</h2>', '<h2 id="_1">x</h2>'),
    ('<h2 id="__drawer">x</h2>', "<h2>x</h2>"),
    ('<h2 id="本人自述">x</h2>', '<h2 id="本人自述">x</h2>'),
    ('<div id="a b">x</div>', "<div>x</div>"),
    ('<div id="">x</div>', "<div>x</div>"),
    ('<select id="sc-filter-series" data-sc-filter="series"></select>', '<select id="sc-filter-series" data-sc-filter="series"></select>'),
    ('<label for="sc-filter-series">x</label>', '<label for="sc-filter-series">x</label>'),
    ('<label for="__drawer">x</label>', "<label>x</label>"),
    ('<label for="__search">x</label>', "<label>x</label>"),
    ('<select name="series"></select>', '<select name="series"></select>'),
    ('<select name="__search"></select>', "<select></select>"),
    ('<img name="x" src="a.png">', '<img src="a.png">'),
    ('<a name="__config" href="#x">x</a>', '<a href="#x">x</a>'),
    ('<div class="sc-lecture" data-series="讲座" data-cohort="c1" data-county="苍溪县">x</div>',
     '<div class="sc-lecture" data-series="讲座" data-cohort="c1" data-county="苍溪县">x</div>'),
    ('<div data-md-toggle="search" data-md-component="x" data-sc-filters="">x</div>', '<div data-sc-filters="">x</div>'),
    ('<span aria-hidden="true" class="sc-avatar">张</span>', '<span aria-hidden="true" class="sc-avatar">张</span>'),
    ('<fieldset class="sc-filters" hidden><legend>l</legend></fieldset>', '<fieldset class="sc-filters" hidden=""><legend>l</legend></fieldset>'),
    ('<span style="width: 42%; color: red">x</span>', '<span style="width:42%">x</span>'),
    ('<img src="../photos/a.jpg" alt="a">', '<img src="../photos/a.jpg" alt="a">'),
    ('<img src="//host/a.jpg" alt="a">', ""),
    ('<img src="https://host/a.jpg">', ""),
    ('<a href="webcal://x/a.ics">x</a>', '<a href="webcal://x/a.ics">x</a>'),
    ('<a href="javascript:x">x</a>', "<a>x</a>"),
    ("<textarea><p>b", ""),
    ("<script>x</script><p>y</p>", "<p>y</p>"),
    # the charts' inline SVG (showcase/charts.py): its elements and attributes, and nothing else
    ('<svg class="sc-chart__svg" viewBox="0 0 4 2" width="4" height="2" font-size="14" role="img" aria-labelledby="sc-t sc-d">'
     '<title id="sc-t">t</title><desc id="sc-d">d</desc><rect class="b" x="1" y="0" width="2" height="1"></rect>'
     '<text class="l" x="1" y="1" text-anchor="end"><title>全名</title><tspan x="1" y="1">名</tspan></text></svg>',
     '<svg class="sc-chart__svg" viewBox="0 0 4 2" width="4" height="2" font-size="14" role="img" aria-labelledby="sc-t sc-d">'
     '<title id="sc-t">t</title><desc id="sc-d">d</desc><rect class="b" x="1" y="0" width="2" height="1"></rect>'
     '<text class="l" x="1" y="1" text-anchor="end"><title>全名</title><tspan x="1" y="1">名</tspan></text></svg>'),
    ('<svg onload="x()" style="fill:red"><rect onclick="x()" transform="scale(9)"></rect></svg>', "<svg><rect></rect></svg>"),
    ('<svg id="__config"><title id="__search">t</title></svg>', "<svg><title>t</title></svg>"),
    ('<svg><script>x()</script><style>*{}</style><foreignObject><p>x</p></foreignObject><use href="//e/x.svg#a"></use>'
     '<image href="//e/x.png"></image><animate attributeName="href" to="javascript:x()"></animate><g><rect></rect></g></svg>',
     "<svg><rect></rect></svg>"),
    ("<p>a<svg><p>b</p></svg>c</p>", "<p>a<svg></svg></p><p>b</p>c<p></p>"),
]


@pytest.mark.parametrize("dirty, clean", PAGE_CASES)
def test_page_policy(dirty, clean):
    assert sanitize_page(dirty) == clean


# --- properties ------------------------------------------------------------------------------------

TAGS = ["p", "div", "span", "a", "img", "label", "select", "option", "input", "form", "td", "th", "table", "h1",
        "template", "textarea", "svg", "image", "video", "source", "b", "object"]
ATTRIBUTES = ["id", "name", "for", "class", "style", "data-md-component", "data-md-toggle", "data-series",
              "data-sc-filter", "src", "srcset", "href", "title", "onerror", "aria-label", "ID", "Name"]
VALUES = st.one_of(
    st.sampled_from([
        "__config", "__search", "__drawer", "_x", "__md_scope", "__palette_0", " __config", "__config ", "x",
        "sc-filter", "//evil/x.png", "/\\evil/x.png", "https://e/x.png", "a.png", "javascript:alert(1)",
        "text-align: center", "color: red", "width: 10%", "",
    ]),
    st.text(max_size=12),
)
ATTRIBUTE = st.builds(
    lambda name, value, quote: f" {name}={quote}{html.escape(value) if quote else value.replace(' ', '')}{quote}",
    st.sampled_from(ATTRIBUTES), VALUES, st.sampled_from(['"', "'", ""]),
)
ELEMENT = st.builds(
    lambda tag, attributes, text, close: f"<{tag}{''.join(attributes)}>{text}" + (f"</{tag}>" if close else ""),
    st.sampled_from(TAGS), st.lists(ATTRIBUTE, max_size=4), st.text(max_size=8), st.booleans(),
)
DOCUMENTS = st.lists(
    st.one_of(ELEMENT, st.text(max_size=10), st.sampled_from(["<", ">", "</p>", "<!--", "-->", '"', "'", "</div>"])),
    max_size=14,
).map("".join)
TEXT_ALIGN = re.compile(r"text-align: (left|right|center|justify|start|end);")


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_the_page_never_keeps_a_theme_id_a_material_hook_or_a_foreign_image(document):
    for tag, attributes, _ in Elements(sanitize_page(document)).found:
        for name in ("id", "for", "name"):
            if name in attributes:
                assert is_theme_safe_id(attributes[name]), (tag, attributes)
        assert not any(name.startswith("data-md-") or name.startswith("on") for name in attributes)
        if tag == "img":
            assert is_local_url(attributes["src"])


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_a_fragment_keeps_no_id_class_style_or_foreign_image(document):
    for tag, attributes, _ in Elements(sanitize_fragment(document)).found:
        assert not {"id", "name", "for", "class"} & set(attributes), (tag, attributes)
        assert not any(name.startswith(("data-", "aria-", "on")) for name in attributes)
        if "style" in attributes:
            assert tag in ("td", "th") and TEXT_ALIGN.fullmatch(attributes["style"])
        if tag == "img":
            assert is_local_url(attributes["src"])
