"""The metric registry and the amounts reports write (1200余万元, 3亿多元, 近4万人次)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
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
_APPROX = ("近", "约", "大约", "将近", "接近")
_AT_LEAST_PREFIX = ("超过", "超", "逾")
_AMOUNT = re.compile(
    r"^(?P<prefix>大约|将近|接近|超过|近|约|超|逾|达|共)?\s*"
    r"(?P<number>\d[\d,，]*(?:\.\d+)?)?\s*"
    r"(?P<more1>多|余)?\s*(?P<magnitude>[十百千万亿]*)\s*(?P<more2>多|余)?\s*"
    r"(?P<unit>[^\d\s]*?)\s*(?P<suffix>以上|多)?$"
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
    """Normalise ``value`` to ``unit``; raises AmountError(M202/M203) with a Chinese message."""
    raw = str(value)
    if isinstance(value, bool) or value is None:
        raise AmountError("M202", f"数量 {raw!s} 不是数字。", f"写成数字，或带单位的文字，如 “100多{unit}”。")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0:
            raise AmountError("M202", f"数量 {raw} 不是有效的非负数。", f"写成数字，如 “100”或“100多{unit}”。")
        return _checked(Amount(Decimal(str(value)), Bound.EXACT, raw))
    text = str(value).strip().replace(" ", "")
    match = _AMOUNT.match(text)
    if not match:
        raise AmountError(
            "M202", f"无法识别数量 “{raw}”。",
            f"写成阿拉伯数字加单位，如 “1200万元”“3亿多元”“近4万人次”“100多场”；本指标单位是{unit}。",
        )
    if not match["number"] and not match["magnitude"]:
        raise AmountError("M202", f"“{raw}”里没有数字。", f"写成阿拉伯数字加单位，如 “100多{unit}”。")
    try:
        number = Decimal((match["number"] or "1").replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise AmountError("M202", f"无法识别数量 “{raw}”。") from exc
    if len(match["magnitude"]) > 2:
        raise AmountError("M202", f"无法识别数量 “{raw}”。", "数量单位最多写两级，如“千万元”“万亿元”。")
    magnitude = 1
    for char in match["magnitude"]:  # 千万 = 千 × 万
        magnitude *= _MAGNITUDES[char]
    written_unit = match["unit"] or unit
    if written_unit not in UNITS:
        raise AmountError("M203", f"“{raw}”里的单位“{written_unit}”无法识别。", f"本指标的单位是{unit}。")
    target_dim, target_factor = UNITS[unit]
    dim, factor = UNITS[written_unit]
    if dim != target_dim:
        raise AmountError("M203", f"“{raw}”的单位“{written_unit}”与本指标的单位“{unit}”不符。", f"请按{unit}填写。")
    normalised = number * magnitude * factor / target_factor
    if match["prefix"] in _APPROX:
        bound = Bound.APPROX
    elif match["more1"] or match["more2"] or match["suffix"] or match["prefix"] in _AT_LEAST_PREFIX:
        bound = Bound.AT_LEAST
    else:
        bound = Bound.EXACT
    if normalised == normalised.to_integral_value():
        normalised = normalised.to_integral_value()
    return _checked(Amount(normalised, bound, raw))


def _checked(amount: Amount) -> Amount:
    if amount.value >= MAX_AMOUNT:
        raise AmountError("M202", f"数量 “{amount.raw}”大得不合情理。", "检查单位（万元、亿元）是否写错。")
    return amount


def format_number(value: Decimal) -> str:
    """Group thousands; drop a trailing .0 so 30000 万元 reads as 30,000."""
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_amount(amount: Amount, unit: str) -> str:
    """How the site shows an amount: ≥ for lower bounds, 约 for approximations, 亿元 when large."""
    value, shown_unit = amount.value, unit
    if unit == "万元" and value >= 10_000:
        value, shown_unit = value / 10_000, "亿元"
    elif unit in ("人次", "人") and value >= 100_000:
        value, shown_unit = value / 10_000, "万" + unit
    number = format_number(value.quantize(Decimal("0.01")) if value != value.to_integral() else value)
    sign = amount.bound.sign
    return f"{sign}{' ' if sign else ''}{number} {shown_unit}"
