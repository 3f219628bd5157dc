"""The metric registry and the amounts reports write (1200余万元, 3亿多元, 近4万人次)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str


DEFAULT_METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("funds_secured", "争取资金", "万元"),
        Metric("investment_attracted", "招商引资", "万元"),
        Metric("people_trained", "培训人次", "人次"),
        Metric("trainings_held", "培训/活动场次", "场"),
        Metric("patents_filed", "专利申请", "项"),
        Metric("patents_granted", "专利授权", "项"),
        Metric("projects", "项目", "个"),
        Metric("enterprises_supported", "扶持企业", "家"),
        Metric("varieties_introduced", "引进新品种", "个"),
    )
}

#: unit -> (dimension, factor to the dimension's base unit). Units of one dimension convert.
UNITS: dict[str, tuple[str, int]] = {
    "元": ("money", 1),
    "万元": ("money", 10_000),
    "亿元": ("money", 100_000_000),
    "人次": ("person-times", 1),
    "万人次": ("person-times", 10_000),
    "人": ("people", 1),
    "名": ("people", 1),
    "位": ("people", 1),
    "场": ("sessions", 1),
    "次": ("sessions", 1),
    "期": ("sessions", 1),
    "项": ("items", 1),
    "宗": ("cases", 1),
    "件": ("cases", 1),
    "个": ("count", 1),
    "家": ("firms", 1),
    "户": ("households", 1),
    "篇": ("articles", 1),
    "本": ("books", 1),
    "亩": ("area", 1),
    "吨": ("mass", 1),
    "公里": ("length", 1),
}

_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
#: Magnitudes written together read as one multiplier (千万 = 千 × 万): at most one of 十/百/千, then 万
#: or 亿, each larger than the one before. 亿万, 万万, 千千 (often a unit's 万/亿 written twice) are errors.
_COMPOUNDS = frozenset(["", *_MAGNITUDES, *(small + large for small in "十百千" for large in "万亿"), "万亿"])
_MORE = ("多", "余")
_APPROX = ("近", "约", "大约", "将近", "接近")
_AT_LEAST_PREFIX = ("超过", "超", "逾")
#: Longer than any real amount once whitespace is gone; refusing it keeps messages and work small.
MAX_AMOUNT_LENGTH = 40
#: Matched after whitespace is removed. Neighbouring parts share no character (a unit cannot start
#: with a digit, 多/余 or a magnitude) and the quantifiers are possessive, so nothing backtracks.
_AMOUNT = re.compile(
    r"(?P<prefix>大约|将近|接近|超过|近|约|超|逾|达|共)?"
    r"(?P<number>[0-9.,]++)?"
    r"(?P<scale>[多余十百千万亿]*+)"
    r"(?P<unit>[^0-9.,多余十百千万亿][^0-9.,多余]*+)?"
    r"(?P<suffix>多)?"
)

MAX_AMOUNT = Decimal(10) ** 15


class Bound(str, Enum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROX = "approx"

    @property
    def sign(self) -> str:
        return {"exact": "", "at_least": "≥", "approx": "约"}[self.value]


@dataclass(frozen=True)
class Amount:
    """A figure in its metric's unit, with what the report said about its precision."""

    value: Decimal
    bound: Bound = Bound.EXACT
    raw: str = ""

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.value + other.value, combine_bounds(self.bound, other.bound))


def combine_bounds(a: Bound, b: Bound) -> Bound:
    """An approximate part makes the sum approximate; a lower bound keeps it a lower bound."""
    if Bound.APPROX in (a, b):
        return Bound.APPROX
    if Bound.AT_LEAST in (a, b):
        return Bound.AT_LEAST
    return Bound.EXACT


class AmountError(ValueError):
    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def parse_amount(value: object, unit: str) -> Amount:
    """Normalise ``value`` to ``unit``; raises AmountError(M202/M203) with a Chinese message quoting it."""
    raw = str(value)
    shown = _quote(raw)
    if isinstance(value, bool) or value is None:
        raise AmountError("M202", f"数量{shown}不是数字。", f"写成数字，或带单位的文字，如 “100多{unit}”。")
    if isinstance(value, (int, float)):
        if (isinstance(value, float) and not math.isfinite(value)) or value < 0:
            raise AmountError("M202", f"数量{shown}不是有效的非负数。", f"写成数字，如 “100”或“100多{unit}”。")
        return _checked(Amount(Decimal(raw), Bound.EXACT, raw))
    # NFKC turns full-width digits and commas into ASCII; whitespace of any kind may sit anywhere.
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    if not text:
        raise AmountError("M202", f"数量{shown}是空的。", f"写成数字，如 “100”或“100多{unit}”。")
    if len(text) > MAX_AMOUNT_LENGTH:
        raise AmountError(
            "M202", f"数量{shown}太长（去掉空白后有 {len(text)} 个字符）。",
            "只写数字、数量级和单位，如 “1200余万元”；说明文字请写在 summary 里。",
        )
    at_least_suffix = text.endswith("以上")
    match = _AMOUNT.fullmatch(text.removesuffix("以上"))
    if not match:
        raise AmountError(
            "M202", f"无法识别数量{shown}。",
            f"写成阿拉伯数字加单位，如 “1200万元”“3亿多元”“近4万人次”“100多场”；本指标单位是{unit}。",
        )
    scale = match["scale"]
    magnitudes = "".join(char for char in scale if char in _MAGNITUDES)
    if len(scale) - len(magnitudes) + bool(match["suffix"]) > 1:
        raise AmountError("M202", f"数量{shown}里“多”“余”写了不止一处。", "只写一处，如 “3亿多元”“1200余万元”。")
    if magnitudes not in _COMPOUNDS:
        raise AmountError(
            "M202", f"数量{shown}里的数量级“{magnitudes}”叠在一起，无法确定大小。",
            "每个数量级只写一次、从小到大，如 “1200万元”“3亿多元”“1.2万亿元”。",
        )
    # Without a unit, a bare number is in the metric's unit, and a magnitude is the prefix of its base unit:
    # 1200 is 1200万元 for a 万元 metric, and so is 1200万 (万 × 元), not 1200万 × 万元.
    written = match["unit"] or (_base_unit(unit) if magnitudes else unit)
    own_prefix = magnitudes[-1:] if magnitudes[-1:] + written in UNITS else ""
    if not match["number"] and (magnitudes == own_prefix or scale.startswith(_MORE)):
        raise AmountError("M202", f"数量{shown}里没有数字。", f"在单位前写上数字，如 “1200万元”“近1亿元”“100多{unit}”。")
    number = _decimal(match["number"], shown) if match["number"] else Decimal(1)
    if written not in UNITS:
        raise AmountError("M203", f"数量{shown}里的单位“{written}”无法识别。", f"本指标的单位是{unit}。")
    target_dim, target_factor = UNITS[unit]
    dim, factor = UNITS[written]
    if dim != target_dim:
        raise AmountError("M203", f"数量{shown}的单位“{own_prefix}{written}”与本指标的单位“{unit}”不符。", f"请按{unit}填写。")
    normalised = number * math.prod(_MAGNITUDES[char] for char in magnitudes) * factor / target_factor
    if match["prefix"] in _APPROX:
        bound = Bound.APPROX
    elif scale != magnitudes or match["suffix"] or at_least_suffix or match["prefix"] in _AT_LEAST_PREFIX:
        bound = Bound.AT_LEAST
    else:
        bound = Bound.EXACT
    if normalised == normalised.to_integral_value():
        normalised = normalised.to_integral_value()
    return _checked(Amount(normalised, bound, raw))


def _base_unit(unit: str) -> str:
    """The unit a bare magnitude multiplies: 元 for 万元, 人次 for 万人次, the unit itself for 场."""
    dimension, factor = UNITS[unit]
    if factor == 1:
        return unit
    return next(name for name, (dim, size) in UNITS.items() if dim == dimension and size == 1)


def _decimal(number: str, shown: str) -> Decimal:
    """Digits with optional thousands separators and decimals; anything else would be a guess."""
    whole, point, fraction = number.partition(".")
    if not whole or (point and not fraction.isdigit()):
        raise AmountError("M202", f"数量{shown}里的数字“{number}”写法有误。", "写成 “1200”“1,200”或“1.5”这样的数字。")
    groups = whole.split(",")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])):
        raise AmountError("M202", f"数量{shown}里的千位分隔符位置不对。", "逗号每三位一个，如 “12,345”，也可以不写逗号。")
    digits = "".join(groups)
    if len(digits) > 1 and digits.startswith("0"):
        raise AmountError("M202", f"数量{shown}的数字以 0 开头。", "去掉前面的 0，如 “10”“0.5”。")
    return Decimal(digits + point + fraction)


def _quote(raw: str) -> str:
    """The text as written, in quotes; a very long one is cut so the message stays readable."""
    return f"“{raw}”" if len(raw) <= 50 else f"“{raw[:20]}…”"


def _checked(amount: Amount) -> Amount:
    if amount.value >= MAX_AMOUNT:
        raise AmountError("M202", f"数量 “{amount.raw}”大得不合情理。", "检查单位（万元、亿元）是否写错。")
    return amount


def format_number(value: Decimal) -> str:
    """Group thousands; drop a trailing .0 so 30000 万元 reads as 30,000."""
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


#: A larger unit a figure is shown in once it reaches the unit's size: (metric unit, larger unit, factor).
_LARGER_UNITS = {"万元": ("亿元", 10_000), "人次": ("万人次", 10_000), "人": ("万人", 10_000)}
_LARGER_FROM = {"万元": 10_000, "人次": 100_000, "人": 100_000}


def shown_unit(unit: str, amounts: Iterable[Amount | None]) -> str:
    """One unit for a whole column or row: the larger unit when its largest figure calls for it."""
    peak = max((a.value for a in amounts if a is not None), default=Decimal(0))
    return _LARGER_UNITS[unit][0] if unit in _LARGER_UNITS and peak >= _LARGER_FROM[unit] else unit


def format_in(amount: Amount, unit: str, shown: str) -> str:
    """The number of ``amount`` (in ``unit``) expressed in ``shown``, with ≥ or 约 and no unit."""
    value, places = (amount.value / _LARGER_UNITS[unit][1], Decimal("0.0001")) if shown != unit else (amount.value, Decimal("0.01"))
    number = format_number(value.quantize(places) if value != value.to_integral() else value)
    sign = amount.bound.sign
    return f"{sign}{' ' if sign else ''}{number}"


def format_amount(amount: Amount, unit: str) -> str:
    """How the site shows one amount in a sentence: ≥ for lower bounds, 约 for approximations, 亿元 when large."""
    shown = shown_unit(unit, [amount])
    return f"{format_in(amount, unit, shown)} {shown}"
