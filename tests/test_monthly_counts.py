"""Stored monthly counts (db/monthly_counts.py) and the chart queries of metadata.yml that read them.

On a copy of a real `quotecheck build` with topics on some statements: the stored counts equal
live GROUP BYs, are recounted after a write, and the chart queries served by Datasette return
the rows their former SQL (counting every statement live, kept below) returns.
"""
from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from quotecheck.db.monthly_counts import (COUNTS, MONTH, SPEAKER_MONTHS, SPEAKER_TOPIC_MONTHS,
                                          monthly_counts_are_current, save_monthly_counts)
from quotecheck.db.schema import ensure_db_shape
from tests.site_client import copy_db, get, make_ds, query

# The chart queries as they were before monthly_counts: the reference the stored counts must match
# (with topics by name, Chinese · English, as the charts show them).
LIVE_MONTHLY = f"""with monthly as (select {MONTH} as month, coalesce(country, '(unknown)') as country,
  speaker_id, topics from statements)"""
# The former SQL left the order of equal counts to SQLite; the stored-count queries break ties
# by key, so the reference does too (otherwise the "top 12" can differ at a tie).
TOP = "select {col} from {src} group by {col} order by count(*) desc, {col} limit 12"
OLD_CHART_SQL = {
    "statements_per_month_by_country": LIVE_MONTHLY + """,
      top as (""" + TOP.format(col="country", src="monthly") + """)
      select month, case when country in (select country from top) then country
        else '(others)' end as country, count(*) as statements
      from monthly where month is not null group by 1, 2 order by 1, 2""",
    "statements_per_month_by_speaker": LIVE_MONTHLY + """,
      top as (""" + TOP.format(col="speaker_id", src="monthly") + """)
      select monthly.month, case when monthly.speaker_id in (select speaker_id from top)
        then coalesce(speakers.name, monthly.speaker_id) else '(others)' end as speaker,
        count(*) as statements
      from monthly left join speakers on speakers.id = monthly.speaker_id
      where monthly.month is not null group by 1, 2 order by 1, 2""",
    "topics_per_month": f"""with tagged as (select {MONTH} as month, json_each.value as topic
        from statements, json_each(case when json_valid(topics) then topics else '[]' end)),
      top as (""" + TOP.format(col="topic", src="tagged") + """)
      select month, case when topic in (select topic from top) then coalesce((select
          coalesce(name_zh || ' · ' || name_en, name_en, name_zh) from topics
          where topics.id = tagged.topic), topic) else '(others)' end
        as topic, count(*) as statements
      from tagged where month is not null group by 1, 2 order by 1, 2""",
    "speaker_statements_per_month": f"""select {MONTH} as month, count(*) as statements
      from statements where speaker_id = :speaker_id and month is not null group by 1 order by 1""",
    "speaker_topics_per_month": f"""with tagged as (select {MONTH} as month, json_each.value as topic
        from statements, json_each(case when json_valid(topics) then topics else '[]' end)
        where speaker_id = :speaker_id),
      top as (""" + TOP.format(col="topic", src="tagged") + """)
      select month, case when topic in (select topic from top) then coalesce((select
          coalesce(name_zh || ' · ' || name_en, name_en, name_zh) from topics
          where topics.id = tagged.topic), topic) else '(others)' end
        as topic, count(*) as statements
      from tagged where month is not null group by 1, 2 order by 1, 2""",
}

# Each stored dimension counted live, in the stored table's columns.
LIVE_COUNTS = {
    "country": f"select {MONTH}, coalesce(country, '(unknown)'), null, count(*) from statements group by 1, 2",
    "speaker": f"select {MONTH}, speaker_id, speaker_id, count(*) from statements group by 1, 2",
    "month": f"select {MONTH}, null, null, count(*) from statements group by 1",
    "speaker_total": "select null, speaker_id, speaker_id, count(*) from statements group by 2",
    "topic": f"select {MONTH}, t.value, null, count(*) from statements, json_each(topics) t "
             "where json_valid(topics) and t.value is not null group by 1, 2",
    "speaker_topic": f"select {MONTH}, t.value, speaker_id, count(*) from statements, "
                     "json_each(topics) t where json_valid(topics) and t.value is not null "
                     "group by 1, 2, 3",
}
# Each dimension as stored, in the columns above: the per-speaker dimensions in tables of
# their own, with an undated month as ''.
STORED_COUNTS = {
    dimension: f"select month, key, speaker_id, count from {COUNTS} where dimension = '{dimension}'"
    for dimension in LIVE_COUNTS
}
STORED_COUNTS["speaker"] = f"select nullif(month, ''), speaker_id, speaker_id, count from {SPEAKER_MONTHS}"
STORED_COUNTS["speaker_topic"] = (f"select nullif(month, ''), topic, speaker_id, count "
                                  f"from {SPEAKER_TOPIC_MONTHS}")


@pytest.fixture
def tagged_db(built_db, tmp_path):
    """A copy of the build with topics on the statements that mention 台 or 美, recounted."""
    path = copy_db(built_db, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("""update statements set topics = (select json_group_array(value) from json_each(
                      json_array(case when text like '%台%' then 'taiwan' end,
                                 case when text like '%美%' then 'us' end))
                    where value is not null)""")
    conn.commit()
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    return path


def stored_and_live(path):
    stored, live = {}, {}
    for dimension, sql in LIVE_COUNTS.items():
        stored[dimension] = sorted(map(tuple, query(path, STORED_COUNTS[dimension])), key=repr)
        live[dimension] = sorted(map(tuple, query(path, sql)), key=repr)
    return stored, live


def test_stored_monthly_counts_equal_live_counts(tagged_db):
    stored, live = stored_and_live(tagged_db)
    assert stored == live
    assert live["topic"] and live["country"] and live["speaker"]  # something was counted
    assert sum(row[3] for row in stored["month"]) == query(tagged_db, "select count(*) from statements")[0][0]


def test_monthly_counts_are_recounted_after_a_write_and_only_then(tagged_db):
    db = sqlite_utils.Database(tagged_db)
    assert monthly_counts_are_current(db)
    assert save_monthly_counts(db) is False  # nothing changed: nothing counted
    # move one speaker's statements to another month and drop another statement
    speaker = query(tagged_db, "select speaker_id from statements order by speaker_id limit 1")[0][0]
    db.execute("update statements set said_on = '1999-12-31' where speaker_id = ?", [speaker])
    db.execute("delete from statements where rowid = (select max(rowid) from statements)")
    db.conn.commit()
    assert not monthly_counts_are_current(db)
    ensure_db_shape(db)
    assert monthly_counts_are_current(db)
    stored, live = stored_and_live(tagged_db)
    assert stored == live
    assert ("1999-12", speaker, speaker) in {row[:3] for row in stored["speaker"]}


def test_counts_of_an_earlier_version_are_moved_to_the_speaker_tables(tagged_db):
    """An earlier version kept the per-speaker rows in monthly_counts, with a stamp that says
    they are current: ensure_db_shape counts them again into their own tables."""
    conn = sqlite3.connect(tagged_db)
    conn.execute(f"drop table {SPEAKER_MONTHS}")
    conn.execute(f"drop table {SPEAKER_TOPIC_MONTHS}")
    for dimension in ("speaker", "speaker_topic"):
        conn.execute(f"insert into {COUNTS} (dimension, month, key, speaker_id, count) "
                     f"select '{dimension}', * from ({LIVE_COUNTS[dimension]})")
    conn.commit()
    conn.close()
    db = sqlite_utils.Database(tagged_db)
    assert not monthly_counts_are_current(db)
    ensure_db_shape(db)
    assert monthly_counts_are_current(db)
    assert query(tagged_db, f"select count(*) from {COUNTS} "
                            "where dimension in ('speaker', 'speaker_topic')")[0][0] == 0
    stored, live = stored_and_live(tagged_db)
    assert stored == live
    assert stored["speaker"] and stored["speaker_topic"]
    # the speaker tables are keyed by their primary key alone
    for table in (SPEAKER_MONTHS, SPEAKER_TOPIC_MONTHS):
        assert "without rowid" in query(
            tagged_db, "select lower(sql) from sqlite_master where name = ?", (table,))[0][0]


def test_chart_queries_return_the_rows_of_their_former_live_sql(tagged_db):
    ds = make_ds(tagged_db)
    speakers = [row[0] for row in query(
        tagged_db, "select speaker_id from statements group by 1 order by count(*) desc limit 3")]
    conn = sqlite3.connect(f"file:{tagged_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    compared = 0
    for name, sql in OLD_CHART_SQL.items():
        for params in ([{"speaker_id": s} for s in speakers] if ":speaker_id" in sql else [{}]):
            data = get(ds, f"/quotecheck/{name}.json", _shape="objects", **params).json()
            assert data["truncated"] is False
            expected = [dict(row) for row in conn.execute(sql, params)]
            assert data["rows"] == expected, (name, params)
            compared += bool(expected)
    conn.close()
    assert compared >= len(OLD_CHART_SQL)  # rows were compared, not only empty results
