"""Chinese words the search index keeps whole, so names and places are found however a query is cut.

Pagefind's extended indexer cuts page text with jieba without its HMM, so a name it does not know
falls apart (王|甫, 杨|铸|旭) and a county it knows stays one word (苍溪县), while the browser
cuts a query with its own dictionary (Pagefind issue 1237). Metadata is only split at whitespace: a
name, a place and a programme written there are whole words of the index, and so is every suffix of
two or more characters, so a query cut inside a word (欧阳|晓东) still meets a word that starts
with each of its pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLACE_SUFFIX = re.compile(r"(自治县|自治州|自治旗|特区|林区|县|市|区|旗)$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NOT_WORD = re.compile(r"[\W_]+")


def place_forms(name: str) -> list[str]:
    """苍溪县 → 苍溪县, 苍溪: people search a county with and without 县/市/区 (a one-character stem is no name)."""
    stem = _PLACE_SUFFIX.sub("", name)
    return [name, stem] if stem != name and len(stem) >= 2 else [name]


def whole_words(words: Iterable[str]) -> str:
    """The words (split at punctuation), and the suffixes of two or more characters of
    Chinese ones, once each, space-separated."""
    seen: dict[str, None] = {}
    for text in words:
        for word in _NOT_WORD.split(text):
            if not word:
                continue
            seen.setdefault(word, None)
            if _HAN.search(word):
                for start in range(1, len(word) - 1):
                    seen.setdefault(word[start:], None)
    return " ".join(seen)
