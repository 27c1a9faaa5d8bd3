"""Relative dates in Chinese news, resolved against the publication date (guidelines §7)."""
import datetime as dt

import pytest

from quotecheck.ingest.dates import last_date, parse_iso

PUBLISHED = dt.date(2024, 1, 12)  # a Friday


@pytest.mark.parametrize("text,expected", [
    ("12日", "2024-01-12"),
    ("在12日的例行记者会上", "2024-01-12"),
    ("本月1日", "2024-01-01"),
    ("去年11月", "2023-11"),
    ("去年", "2023"),
    ("当地时间10日晚", "2024-01-10"),
    ("28日", "2023-12-28"),          # a day after the publication day: the month before
    ("2022年8月", "2022-08"),
    ("1998年初", "1998"),
    ("12月30日", "2023-12-30"),      # a later month than January: last year's
    ("昨天", "2024-01-11"),
    ("周四", "2024-01-11"),
    ("上周一", "2024-01-01"),
    ("今年1月", "2024-01"),
    ("去年底", "2023-12"),
    ("十日", "2024-01-10"),
])
def test_resolves_against_publication_date(text, expected):
    assert last_date(text, PUBLISHED) == expected


@pytest.mark.parametrize("text", ["近日", "日前", "本周", "此前", "多年来", "2020年代"])
def test_vague_expressions_stay_unknown(text):
    assert last_date(text, PUBLISHED) is None


def test_relative_dates_need_a_publication_date():
    assert last_date("12日", None) is None
    assert last_date("2024年1月10日", None) == "2024-01-10"


def test_anaphoric_day_takes_the_context():
    assert last_date("当天", PUBLISHED, "2024-01-11") == "2024-01-11"
    assert last_date("当天", PUBLISHED, None) is None


def test_invalid_dates_are_dropped():
    assert last_date("2月30日", PUBLISHED) is None
    assert parse_iso("not a date") is None


@pytest.mark.parametrize("text", ["明日", "明年", "2025年", "下月3日"])
def test_dates_after_publication_are_not_when_something_was_said(text):
    assert last_date(text, PUBLISHED) is None
