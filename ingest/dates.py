"""Dates in Chinese news text, resolved against the article's publication date.

`12日` in an article of 2024-01-12 is 2024-01-12; `本月1日` is 2024-01-01; `去年11月` is the
month 2023-11; `去年` is the year 2023. Results are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or None
when the text does not fix a date (never the publication date by default).
"""
from __future__ import annotations

import datetime as dt
import re

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "十": 10}
NUM = r"(?:\d{1,4}|[〇零一二两三四五六七八九十]{1,3})"
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# One pattern, tried left to right; each alternative is a named group handled below.
DATE_RE = re.compile(
    rf"(?P<ymd>(?P<y1>\d{{4}})年(?P<m1>{NUM})月(?:(?P<d1>{NUM})[日号])?)"
    rf"|(?P<rel_year_month>(?P<ry>去|今|明|前)年(?:(?P<rm>{NUM})月(?:(?P<rd>{NUM})[日号])?|(?P<edge>初|底|末|年初|年底|年末))?)"
    rf"|(?P<this_month>(?P<mword>本|上|下)月(?P<md>{NUM})[日号])"
    rf"|(?P<md_only>(?P<m2>{NUM})月(?P<d2>{NUM})[日号])"
    rf"|(?P<year_only>(?P<y3>(?:19|20)\d{{2}})年(?!代|度|来|前|后|内|间|以))"
    r"|(?P<tw_day>[今昨前明][（(](?P<d4>\d{1,2})[）)]日)"  # Taiwan's 今（7）日: the day given
    rf"|(?P<day_only>(?<![\d月年])(?P<d3>{NUM})[日号](?![本元子常程期记志报前后内均间]))"
    r"|(?P<relday>昨天|昨日|今天|今日|前天|前日|明天|明日)"
    r"|(?P<week>(?P<wrel>上|本|这)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天]))"
    r"|(?P<anaphor>当天|当日|同日|同天|稍晚|稍早|随后|当晚)"
)


def cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(CN_DIGITS[c]) for c in text))


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _valid(y: int, m: int, d: int | None = None) -> str | None:
    try:
        if d is None:
            dt.date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def resolve_match(m: re.Match, published: dt.date | None, context: str | None = None) -> str | None:
    """The date one DATE_RE match stands for, or None when it cannot be fixed."""
    g = m.groupdict()
    if g["ymd"]:
        y, mo = int(g["y1"]), cn_number(g["m1"])
        return _valid(y, mo, cn_number(g["d1"]) if g["d1"] else None)
    if g["year_only"]:
        return g["y3"]
    if g["anaphor"]:
        return context
    if published is None:
        return None
    if g["rel_year_month"]:
        y = published.year + {"去": -1, "今": 0, "明": 1, "前": -2}[g["ry"]]
        if g["rm"]:
            return _valid(y, cn_number(g["rm"]), cn_number(g["rd"]) if g["rd"] else None)
        if g["edge"] in ("底", "末", "年底", "年末"):
            return f"{y:04d}-12"
        return f"{y:04d}"
    if g["this_month"]:
        first = published.replace(day=1)
        if g["mword"] == "上":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        elif g["mword"] == "下":
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return _valid(first.year, first.month, cn_number(g["md"]))
    if g["md_only"]:
        mo, d = cn_number(g["m2"]), cn_number(g["d2"])
        y = published.year
        # A month later than the publication month is last year's (a January article on 12月30日).
        if mo > published.month + 1:
            y -= 1
        return _valid(y, mo, d)
    if g["day_only"] or g["tw_day"]:
        d = cn_number(g["d3"] or g["d4"])
        if d > 31:
            return None
        y, mo = published.year, published.month
        if d > published.day:  # a day after publication day: the previous month
            first = published.replace(day=1) - dt.timedelta(days=1)
            y, mo = first.year, first.month
        return _valid(y, mo, d)
    if g["relday"]:
        offset = {"昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "前天": -2, "前日": -2,
                  "明天": 1, "明日": 1}[g["relday"]]
        return (published + dt.timedelta(days=offset)).isoformat()
    if g["week"]:
        target = WEEKDAYS[g["wd"]]
        back = (published.weekday() - target) % 7
        if g["wrel"] == "上":
            back += 7
        return (published - dt.timedelta(days=back)).isoformat()
    return None


def find_dates(text: str, published: dt.date | None, context: str | None = None):
    """Every date expression in `text`: (start, end, resolved value or None)."""
    for m in DATE_RE.finditer(text):
        yield m.start(), m.end(), resolve_match(m, published, context)


def last_date(text: str, published: dt.date | None, context: str | None = None) -> str | None:
    """The last date in `text` that resolves and is not after publication (what was said
    cannot postdate the report: 明日将举行的选举 dates the election, not the statement)."""
    found = None
    for _, _, value in find_dates(text, published, context):
        if value and not after(value, published):
            found = value
    return found


def after(value: str, published: dt.date | None) -> bool:
    """Whether a date, at its precision (YYYY, YYYY-MM, YYYY-MM-DD), lies after publication."""
    return published is not None and value > published.isoformat()[:len(value)]
