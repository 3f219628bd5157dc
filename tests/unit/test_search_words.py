"""Whole words for the search index (segmenter) and the split of a large site into index parts (search)."""

from __future__ import annotations

from showcase.search import part_globs
from showcase.segmenter import place_forms, whole_words


def test_a_place_is_searched_with_and_without_its_suffix():
    assert place_forms("苍溪县") == ["苍溪县", "苍溪"]
    assert place_forms("玉龙纳西族自治县") == ["玉龙纳西族自治县", "玉龙纳西族"]
    assert place_forms("沙市") == ["沙市"]  # 沙 alone names nothing
    assert place_forms("肇庆高新区") == ["肇庆高新区", "肇庆高新"]


def test_whole_words_keep_chinese_suffixes_of_two_characters_or_more():
    assert whole_words(["欧阳晓东", "苍溪县 苍溪"]).split() == ["欧阳晓东", "阳晓东", "晓东", "苍溪县", "溪县", "苍溪"]
    assert whole_words(["挂职干部（省、市选派）"]).split() == ["挂职干部", "职干部", "干部", "省", "市选派", "选派"]
    assert whole_words(["ICP", "苗苗", "苗苗"]).split() == ["ICP", "苗苗"]


def test_a_small_site_is_one_part():
    assert part_globs(["index.html", "cadres/a/index.html"], 100) == [None]


def test_a_large_site_is_split_by_leading_characters_into_even_parts():
    pages = [f"cadres/{name}/index.html" for name in ("an", "bo", "bu", "ca", "ce", "cu")] + ["index.html", "404.html"]
    globs = part_globs(pages, 3)
    assert len(globs) == 3
    assert globs[0] == "{4*.html,4*/**/*.html,cadres/a*.html,cadres/a*/**/*.html,cadres/bo*.html,cadres/bo*/**/*.html}"
    assert globs[2] == "{cadres/cu*.html,cadres/cu*/**/*.html,i*.html,i*/**/*.html}"


def test_glob_characters_in_paths_are_escaped():
    assert part_globs(["a{b}/index.html", "a{c}/index.html"], 1)[0] == r"{a\{b*.html,a\{b*/**/*.html}"
