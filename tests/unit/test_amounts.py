"""Amounts as reports write them (DESIGN §3.3): normalised to the metric's unit, bound kept."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from showcase import metrics
from showcase.metrics import DEFAULT_METRICS, Amount, AmountError, Bound, format_amount, parse_amount

EXACT, AT_LEAST, APPROX = Bound.EXACT, Bound.AT_LEAST, Bound.APPROX


@pytest.mark.parametrize(
    ("written", "unit", "value", "bound"),
    [
        ("1200万元", "万元", 1200, EXACT),
        ("1200余万元", "万元", 1200, AT_LEAST),
        ("3亿多元", "万元", 30000, AT_LEAST),
        ("近4万人次", "人次", 40000, APPROX),
        ("100多场", "场", 100, AT_LEAST),
        ("近千万元", "万元", 1000, APPROX),
        ("500多项", "项", 500, AT_LEAST),
        ("3亿元", "万元", 30000, EXACT),
        ("5000元", "万元", Decimal("0.5"), EXACT),
        ("1.5万元", "万元", Decimal("1.5"), EXACT),
        ("1,200万元", "万元", 1200, EXACT),
        ("约1200万元", "万元", 1200, APPROX),
        ("超过100场", "场", 100, AT_LEAST),
        ("100场以上", "场", 100, AT_LEAST),
        ("2万人次", "人次", 20000, EXACT),
        ("12", "场", 12, EXACT),
        ("600余人", "人", 600, AT_LEAST),
    ],
)
def test_parse_amount(written, unit, value, bound):
    amount = parse_amount(written, unit)
    assert amount.value == Decimal(value)
    assert amount.bound is bound
    assert amount.raw == written


@pytest.mark.parametrize(
    ("written", "unit", "value", "bound"),
    [
        # A bare number is in the metric's unit; a magnitude without a unit is the unit's own prefix.
        ("1200", "万元", 1200, EXACT),
        ("约1200万", "万元", 1200, APPROX),
        ("1200万", "万元", 1200, EXACT),
        ("3亿", "万元", 30000, EXACT),
        ("3亿多", "万元", 30000, AT_LEAST),
        ("4万", "人次", 40000, EXACT),
        ("近4万", "人次", 40000, APPROX),
        ("1200多", "万元", 1200, AT_LEAST),
        ("5千", "场", 5000, EXACT),
        # Compound magnitudes, increasing, the unit's own 万/亿 included.
        ("近千万元", "万元", 1000, APPROX),
        ("1千万元", "万元", 1000, EXACT),
        ("3百万元", "万元", 300, EXACT),
        ("1.2万亿元", "万元", 120_000_000, EXACT),
        ("5十万人次", "人次", 500_000, EXACT),
        ("3千多万元", "万元", 3000, AT_LEAST),
        ("1万多亿元", "万元", 100_000_000, AT_LEAST),
        ("千余人", "人", 1000, AT_LEAST),
        ("十场", "场", 10, EXACT),
        ("2万人次", "人次", 20000, EXACT),
        ("100场多", "场", 100, AT_LEAST),
        # Zeros.
        ("0", "万元", 0, EXACT),
        ("0.5", "万元", Decimal("0.5"), EXACT),
        ("0万元", "万元", 0, EXACT),
        # Thousands separators, half- and full-width.
        ("1,234", "场", 1234, EXACT),
        ("12,345,678.5", "万元", Decimal("12345678.5"), EXACT),
        ("1，234万元", "万元", 1234, EXACT),
        ("123,456元", "万元", Decimal("12.3456"), EXACT),
        # Full-width characters and whitespace of every kind.
        ("１２００万元", "万元", 1200, EXACT),
        ("１，２００．５万元", "万元", Decimal("1200.5"), EXACT),
        (" 1200 万元 ", "万元", 1200, EXACT),
        ("1200\u3000万元", "万元", 1200, EXACT),
        ("约\xa01200\t余万元\n", "万元", 1200, APPROX),
        ("1\u3000200万元", "万元", 1200, EXACT),
        ("3 亿 多 元", "万元", 30000, AT_LEAST),
        ("100 场 以上", "场", 100, AT_LEAST),
    ],
)
def test_amount_table(written, unit, value, bound):
    amount = parse_amount(written, unit)
    assert (amount.value, amount.bound) == (Decimal(value), bound)
    assert amount.raw == written


@pytest.mark.parametrize(
    ("written", "unit", "code"),
    [
        # A unit, magnitude or bound with no number.
        ("万元", "万元", "M202"),
        ("亿元", "万元", "M202"),
        ("多万元", "万元", "M202"),
        ("余人次", "人次", "M202"),
        ("万", "万元", "M202"),
        ("亿多元", "万元", "M202"),
        ("近万元", "万元", "M202"),
        ("多千万元", "万元", "M202"),
        ("以上", "场", "M202"),
        ("\u3000", "万元", "M202"),
        # Stacked magnitudes, often the unit's 万/亿 written twice.
        ("3亿多万元", "万元", "M202"),
        ("3亿万元", "万元", "M202"),
        ("2万万元", "万元", "M202"),
        ("5万万人次", "人次", "M202"),
        ("1千千元", "万元", "M202"),
        ("1百千元", "万元", "M202"),
        ("1千万亿元", "万元", "M202"),
        ("3亿多万", "万元", "M202"),
        ("3多亿多元", "万元", "M202"),
        ("100多场多", "场", "M202"),
        # Leading zeros.
        ("010", "万元", "M202"),
        ("007万元", "万元", "M202"),
        ("00.5", "万元", "M202"),
        ("0,123", "场", "M202"),
        # Digit groups other than thousands.
        ("1,2,3万", "万元", "M202"),
        ("12,34", "万元", "M202"),
        ("1,2345", "万元", "M202"),
        (",123", "万元", "M202"),
        ("1,,234", "万元", "M202"),
        ("1234,567", "万元", "M202"),
        ("1,234.5,6", "万元", "M202"),
        # Other malformed numbers.
        ("1.", "万元", "M202"),
        (".5万元", "万元", "M202"),
        ("1e5", "万元", "M202"),
        ("约近100万元", "万元", "M202"),
        # Too large, too long.
        ("1,000,000,000万亿元", "万元", "M202"),
        ("1" * 41, "场", "M202"),
        # Units.
        ("4万人", "人次", "M203"),
        ("12万斤", "万元", "M203"),
        ("3亿人次", "万元", "M203"),
    ],
)
def test_amount_error_table(written, unit, code):
    with pytest.raises(AmountError) as caught:
        parse_amount(written, unit)
    assert caught.value.code == code
    assert f"“{written}”" in caught.value.message  # the message quotes what was written


def test_long_amount_message_quotes_its_beginning():
    with pytest.raises(AmountError) as caught:
        parse_amount("1" + "多" * 5000, "万元")
    assert "“1多多" in caught.value.message
    assert len(caught.value.message) < 100


@pytest.mark.parametrize(
    ("written", "accepted"),
    [
        pytest.param("1" + "\u3000" * 200 + "200万元", True, id="200-ideographic-spaces"),
        pytest.param("1" + "\u3000" * 10_000 + "万元", True, id="10000-ideographic-spaces"),
        pytest.param("约" + "\u3000" * 200 + "1" + "\u3000" * 200 + "多" + "\u3000" * 200 + "万元" + "\u3000" * 200 + "多", False, id="spaces-around-every-part"),
        pytest.param("1" + "多" * 5000, False, id="5000-duo"),
        pytest.param("1" + "万" * 5000, False, id="5000-wan"),
        pytest.param("1" * 5000 + "x", False, id="5000-digits"),
        pytest.param("1," * 5000, False, id="5000-commas"),
        pytest.param("1" + "元" * 5000 + "1", False, id="5000-unit-characters"),
        pytest.param("\xa0" * 10_000, False, id="10000-nbsp"),
    ],
)
def test_hostile_amounts_take_linear_time(written, accepted):
    started = time.perf_counter()
    try:
        parse_amount(written, "万元")
        outcome = True
    except AmountError as exc:
        assert exc.code == "M202"
        outcome = False
    assert time.perf_counter() - started < 2
    assert outcome is accepted


@pytest.mark.parametrize(
    "text",
    ["1" * 100_000 + "x1", "1" + "多" * 100_000 + "1", "约" + "元" * 100_000 + "1", "万" * 100_000 + "."],
    ids=["digits", "duo", "unit-characters", "wan"],
)
def test_amount_pattern_does_not_backtrack_even_without_the_length_limit(text):
    started = time.perf_counter()
    assert metrics._AMOUNT.fullmatch(text) is None
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("number", "unit"), [(1200, "万元"), (0, "项"), (12.5, "万元")])
def test_plain_numbers_are_exact_in_the_metric_unit(number, unit):
    amount = parse_amount(number, unit)
    assert amount.value == Decimal(str(number))
    assert amount.bound is Bound.EXACT


def test_plain_int_amount():
    assert parse_amount(1200, "万元") == Amount(Decimal(1200), Bound.EXACT, "1200")


def test_unit_of_another_dimension_is_m203():
    with pytest.raises(AmountError) as caught:
        parse_amount("100人次", "万元")
    assert caught.value.code == "M203"
    assert "人次" in caught.value.message
    assert "万元" in caught.value.message


def test_unknown_unit_is_m203():
    with pytest.raises(AmountError) as caught:
        parse_amount("100斤", "万元")
    assert caught.value.code == "M203"


@pytest.mark.parametrize("written", ["很多", "", "-5万元", "一千万元以上左右", True, None, -1, "1.2.3万元"])
def test_bad_amount_is_m202(written):
    with pytest.raises(AmountError) as caught:
        parse_amount(written, "万元")
    assert caught.value.code == "M202"


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_m202(number):
    with pytest.raises(AmountError) as caught:
        parse_amount(number, "万元")
    assert caught.value.code == "M202"


def test_format_amount():
    assert format_amount(parse_amount("3亿多元", "万元"), "万元") == "≥ 3 亿元"
    assert format_amount(parse_amount("近4万人次", "人次"), "人次") == "约 40,000 人次"
    assert format_amount(parse_amount("1200余万元", "万元"), "万元") == "≥ 1,200 万元"
    assert format_amount(parse_amount(1200, "万元"), "万元") == "1,200 万元"
    assert format_amount(parse_amount("100多场", "场"), "场") == "≥ 100 场"


def test_sum_of_bounds():
    exact = parse_amount(100, "万元")
    at_least = parse_amount("200余万元", "万元")
    approx = parse_amount("近300万元", "万元")
    assert (exact + exact).bound is Bound.EXACT
    assert (exact + at_least) == Amount(Decimal(300), Bound.AT_LEAST)
    assert (at_least + approx).bound is Bound.APPROX
    assert (exact + at_least + approx).value == Decimal(600)


def test_default_registry_has_the_contract_metrics():
    expected = {
        "funds_secured": "万元",
        "investment_attracted": "万元",
        "people_trained": "人次",
        "trainings_held": "场",
        "patents_filed": "项",
        "patents_granted": "项",
        "projects": "个",
        "enterprises_supported": "家",
        "varieties_introduced": "个",
    }
    assert {key: DEFAULT_METRICS[key].unit for key in expected} == expected
