"""Topics into the database: `statements.topics`, `claims.topics` and the `topics` table.

Run after ingest: it reads the stored text, so an edited registries/topics.yml retags a
database without extracting anything again. Only rows whose topics change are written, all
in one transaction.
"""
from __future__ import annotations

import json

import sqlite_utils

from .changes import delta_rows, slot_table

# Tables whose rows have a `text` to tag (either may be missing: nothing to tag then).
TAGGED_TABLES = ("statements", "claims")
TOPIC_COLUMNS = {
    "id": str, "name_zh": str, "name_en": str, "description": str, "keywords": str,
    "statement_count": int, "claim_count": int,
}


def topics_json(topics: list[str]) -> str:
    """The stored form: a JSON array (an empty one for "tagged, no topic"), so Datasette's
    array facet reads it."""
    return json.dumps(topics, ensure_ascii=False)


def changed_topics(db: sqlite_utils.Database, table: str, taxonomy) -> list[tuple[str, str]]:
    """(topics JSON, id) for each row of `table` whose stored topics differ from its text's."""
    columns = db[table].columns_dict
    if not {"id", "text"} <= set(columns):
        return []
    stored = "topics" if "topics" in columns else "null as topics"
    changes = []
    for row in db.query(f"select id, text, {stored} from [{table}]"):
        value = topics_json(taxonomy.tag(row["text"]))
        if row["topics"] != value:
            changes.append((value, row["id"]))
    return changes


def topic_counts(db: sqlite_utils.Database, table: str) -> dict[str, int]:
    """How many rows of `table` carry each topic."""
    if table not in db.table_names() or "topics" not in db[table].columns_dict:
        return {}
    sql = f"""
        select topic.value as topic, count(*) as n
        from [{table}], json_each(
            case when json_valid([{table}].topics) then [{table}].topics else '[]' end) as topic
        group by topic.value
    """
    return {row["topic"]: row["n"] for row in db.query(sql)}


def save_topics(db: sqlite_utils.Database, taxonomy) -> dict:
    """Tag every statement and claim with `taxonomy` and write the `topics` table.

    Returns {"statements": rows retagged, "claims": rows retagged, "topics": topics written,
    "removed": topics no longer in the taxonomy}.
    """
    tables = [t for t in TAGGED_TABLES if t in db.table_names()]
    # Tag everything before writing anything: an error leaves the database as it was.
    changes = {table: changed_topics(db, table, taxonomy) for table in tables}
    with db.atomic():
        for table in tables:
            # A table made before the column existed (or by other code) gets it here.
            if "topics" not in db[table].columns_dict:
                db[table].add_column("topics", str)
        for table, rows in changes.items():
            if rows:
                db.conn.executemany(f"update [{table}] set topics = ? where id = ?", rows)
        statement_counts = topic_counts(db, "statements")
        claim_counts = topic_counts(db, "claims")
        rows = [{
            "id": topic.id, "name_zh": topic.name_zh, "name_en": topic.name_en,
            "description": topic.description or None,
            "keywords": json.dumps(list(topic.keywords), ensure_ascii=False),
            "statement_count": statement_counts.get(topic.id, 0),
            "claim_count": claim_counts.get(topic.id, 0),
        } for topic in taxonomy.topics]
        if "topics" not in db.table_names():
            db["topics"].create(TOPIC_COLUMNS, pk="id", not_null={"name_zh", "name_en"})
        db["topics"].upsert_all(rows, pk="id", alter=True)
        placeholders = ", ".join("?" for _ in taxonomy.ids)
        removed = db.execute(f"delete from topics where id not in ({placeholders})",
                             taxonomy.ids).rowcount
    return {"statements": len(changes.get("statements", [])),
            "claims": len(changes.get("claims", [])),
            "topics": len(rows), "removed": removed}


def update_topics(db: sqlite_utils.Database, taxonomy, changes) -> dict:
    """What `save_topics` does, for the statements and claims the change log names
    (db/changes.py): those rows are tagged again, and the topics' counts change by what those
    rows carried before and carry now. Same result as `save_topics`, whose full pass is needed
    when the taxonomy changed."""
    tables = [t for t in TAGGED_TABLES if t in db.table_names()]
    retagged: dict[str, int] = {}
    with db.atomic():
        for table in tables:
            slots = changes.of(table)
            if not slots:
                continue
            ids = slot_table(db, f"{table}_topic_slots", slots)
            rows = [(value, rowid) for rowid, text, topics in db.execute(
                        f"select rowid, text, topics from [{table}] "
                        f"where rowid in (select slot from {ids})")
                    if topics != (value := topics_json(taxonomy.tag(text)))]
            db.conn.executemany(f"update [{table}] set topics = ? where rowid = ?", rows)
            retagged[table] = len(rows)
            delta = delta_rows(db, table, changes, f"{table}_topic_delta")
            column = "statement_count" if table == "statements" else "claim_count"
            db.conn.executemany(
                f"update topics set {column} = {column} + ? where id = ?",
                [(change, topic) for topic, change in db.execute(
                    f"select topic.value, sum(sign) from {delta}, json_each(case when "
                    f"json_valid(topics) then topics else '[]' end) as topic group by topic.value")
                 if change])
    return {"statements": retagged.get("statements", 0), "claims": retagged.get("claims", 0)}
