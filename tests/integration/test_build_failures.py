"""Bad data fails the build with located Chinese messages; nothing is silently dropped."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import run_build

GOOD = """---
name: 张测试
county: 苍溪县
post: 苍溪县副县长
origin: 某大学教授
---
正文。
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_invalid_profile_fails_the_build_with_file_and_line(site_copy: Path):
    write(site_copy / "cohorts/cangxi/zhang-ce-shi.md", GOOD.replace("苍溪县\n", "苍西县\n", 1))
    build = run_build(site_copy)
    assert build.returncode != 0
    assert "cohorts/cangxi/zhang-ce-shi.md:3: 错误 P301 “苍西县”不是已知的县级行政区划" in build.output
    assert "是不是想写 苍溪县" in build.output
    assert "Traceback" not in build.output
    assert not (build.site / "cadres" / "zhang-ce-shi").exists()


def test_all_problems_are_reported_in_one_build(site_copy: Path):
    write(site_copy / "cohorts/cangxi/zhang-ce-shi.md", GOOD.replace("post: 苍溪县副县长\n", "").replace("name：", "name: "))
    (site_copy / "cohorts/cangxi/li-ce-shi.md").write_bytes(GOOD.replace("张测试", "李测试").encode("gb18030"))
    build = run_build(site_copy)
    assert build.returncode != 0
    assert "cohorts/cangxi/zhang-ce-shi.md:2: 错误 D101" in build.output
    assert re.search(r"cohorts/cangxi/li-ce-shi\.md:\d+: 错误 F001 .*请另存为 UTF-8", build.output)


def test_warning_fails_strict_build_and_unsafe_html_is_removed(site_copy: Path):
    write(site_copy / "cohorts/cangxi/zhang-ce-shi.md", GOOD + '\n<img src="x" onerror="alert(1)"><script>alert(2)</script>\n')
    strict = run_build(site_copy)
    assert strict.returncode != 0
    assert "cohorts/cangxi/zhang-ce-shi.md:9: 警告 S601" in strict.output
    relaxed = run_build(site_copy, strict=False)
    assert relaxed.returncode == 0, relaxed.output
    article = relaxed.page("cadres/zhang-ce-shi").split("<article", 1)[1].split("</article>", 1)[0]
    assert "onerror" not in article and "<script" not in article and "alert" not in article
    assert '<img src="x"' in article


def test_drafts_are_validated_but_not_published(site_copy: Path):
    write(site_copy / "cohorts/cangxi/zhang-ce-shi.md", GOOD.replace("---\n正文", "draft: true\n---\n正文"))
    build = run_build(site_copy)
    assert build.returncode == 0, build.output
    assert not (build.site / "cadres" / "zhang-ce-shi").exists()
    assert "zhang-ce-shi" not in (build.site / "data" / "showcase.json").read_text(encoding="utf-8")
    write(site_copy / "cohorts/cangxi/zhang-ce-shi.md", GOOD.replace("---\n正文", "draft: true\nmobile: 13912345678\n---\n正文"))
    broken = run_build(site_copy)
    assert broken.returncode != 0 and "D103" in broken.output and "S603" in broken.output


def test_footer_is_hidden_without_filing_numbers(site_copy: Path):
    config = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^\s+(icp|police): .*\n", "", config, flags=re.M)
    (site_copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    build = run_build(site_copy)
    assert build.returncode == 0, build.output
    assert "sc-filing" not in build.page("") and "ICP" not in build.page("")


def test_site_can_override_a_page_template(site_copy: Path):
    write(site_copy / "my-templates/cadre.html.j2", "<h1 data-sc-toc>{{ cadre.name }}</h1>\n<p>本站定制模板：{{ cadre.post }}</p>\n")
    config = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    (site_copy / "mkdocs.yml").write_text(config.replace("      data_dir: cohorts", "      data_dir: cohorts\n      templates: my-templates"), encoding="utf-8")
    build = run_build(site_copy)
    assert build.returncode == 0, build.output
    page = build.page("cadres/miao-miao")
    assert "<p>本站定制模板：苍溪县委办副主任、县交通运输局副局长</p>" in page
    assert '<h1 id="苗苗">苗苗<a class="headerlink" href="#苗苗" title="本节链接">' in page


def test_a_markdown_page_template_left_from_before_fails_instead_of_being_ignored(site_copy: Path):
    write(site_copy / "my-templates/cadre.md.j2", "# {{ cadre.name }}\n")
    config = (site_copy / "mkdocs.yml").read_text(encoding="utf-8")
    (site_copy / "mkdocs.yml").write_text(config.replace("      data_dir: cohorts", "      data_dir: cohorts\n      templates: my-templates"), encoding="utf-8")
    build = run_build(site_copy)
    assert build.returncode != 0
    assert "cadre.md.j2" in build.output and "cadre.html.j2" in build.output and "Traceback" not in build.output


def test_hand_written_page_clashing_with_a_generated_one_fails(site_copy: Path):
    write(site_copy / "docs/cohorts/index.md", "# 手写\n")
    build = run_build(site_copy)
    assert build.returncode != 0
    assert "cohorts/index.md 与自动生成的页面重名" in build.output
