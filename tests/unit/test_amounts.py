"""Amounts as reports write them (DESIGN §3.3): normalised to the metric's unit, bound kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

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
