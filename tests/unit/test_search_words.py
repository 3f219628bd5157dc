"""Whole words for the search index (segmenter)."""

from __future__ import annotations

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
