"""Topics: the taxonomy (ingest/topics.py), tagging a built database (db/topics.py) and the
topics facet of the published site."""
from __future__ import annotations

import json
import shutil

import opencc
import pytest
import sqlite_utils
import yaml

from quotecheck.db.topics import save_topics
from quotecheck.cli import cli
from quotecheck.ingest.topics import Taxonomy, TaxonomyError
from quotecheck.site_folder import TOPICS, Site
from tests.site_client import get, make_ds, rows

SEED_ARTICLE = "000_38f35daf7d300dd1"
# (speaker id, how the statement begins, the topic it must carry)
SEED_TOPICS = [
    ("mao-ning", "美国领导人多次表示坚持一个中国政策", "taiwan"),
    ("shu-jueting", "中国高度关注美国直接介入、干扰荷兰企业对华出口光刻机问题", "semiconductors"),
    ("zhang-xiaogang", "中方对发展中美两军关系的态度", "military_dialogue"),
    ("wang-xiaohong", "双方应秉持相互尊重", "drug_control"),
]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load(Site().file(TOPICS))


@pytest.fixture(scope="module")
def tagged_db(tmp_path_factory, runner, taxonomy):
    """A real `quotecheck build` of the bundled articles (which tags them), its tags wiped,
    then save_topics again; named quotecheck.db so that Datasette serves it as /quotecheck."""
    path = tmp_path_factory.mktemp("topics") / "quotecheck.db"
    result = runner.invoke(cli, ["build", "--db", str(path), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(path)
    tagged_by_build = db.execute("select count(*) from statements where topics is not null").fetchone()[0]
    assert tagged_by_build == db["statements"].count  # the build runs save_topics itself
    db.execute("update statements set topics = null")
    db.conn.commit()
    result = save_topics(db, taxonomy)
    db.close()
    return path, result


# ---------------------------------------------------------------- the seed article

@pytest.mark.parametrize("speaker, begins, topic", SEED_TOPICS)
def test_seed_statements_carry_their_topic(tagged_db, speaker, begins, topic):
    path, _ = tagged_db
    found = rows(path, """
        select statements.topics from statements join articles on articles.id = statements.article_id
        where articles.source like ? and statements.speaker_id = ? and statements.text like ?
    """, [f"%{SEED_ARTICLE}%", speaker, begins + "%"])
    assert found, (speaker, begins)
    for row in found:
        assert topic in json.loads(row["topics"]), (speaker, row["topics"])


def test_every_statement_is_tagged_and_the_topics_table_counts_them(tagged_db, taxonomy):
    path, result = tagged_db
    statements = rows(path, "select text, topics from statements")
    assert result["statements"] == len(statements)  # all were untagged before
    counts = {}
    for row in statements:
        topics = json.loads(row["topics"])  # a JSON array on every row, [] when no topic
        assert topics == taxonomy.tag(row["text"])
        for topic in topics:
            counts[topic] = counts.get(topic, 0) + 1
    table = {r["id"]: r for r in rows(path, "select * from topics")}
    assert set(table) == set(taxonomy.ids)
    for topic in taxonomy.topics:
        assert table[topic.id]["name_zh"] == topic.name_zh
        assert table[topic.id]["statement_count"] == counts.get(topic.id, 0)
    assert counts.get("taiwan", 0) > 0 and counts.get("semiconductors", 0) > 0


def test_save_topics_writes_only_what_changed(tagged_db, taxonomy, tmp_path):
    path, _ = tagged_db
    copy = tmp_path / "quotecheck.db"
    shutil.copy(path, copy)
    db = sqlite_utils.Database(copy)
    assert save_topics(db, taxonomy)["statements"] == 0
    db.close()


def test_an_edited_taxonomy_retags_without_extraction(tagged_db, tmp_path):
    """Dropping a topic and adding one: rows follow, the topics table follows, nothing else."""
    path, _ = tagged_db
    copy = tmp_path / "quotecheck.db"
    shutil.copy(path, copy)
    data = yaml.safe_load(Site().file(TOPICS).read_text(encoding="utf-8"))
    data["topics"] = [t for t in data["topics"] if t["id"] != "taiwan"]
    data["topics"].append({"id": "lithography", "name_zh": "光刻机", "name_en": "Lithography",
                           "keywords": ["光刻机"]})
    edited = tmp_path / "topics.yml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = rows(copy, "select id, text, topics, start, [end] from statements order by id")

    db = sqlite_utils.Database(copy)
    result = save_topics(db, Taxonomy.load(edited))
    db.close()

    after = rows(copy, "select id, text, topics, start, [end] from statements order by id")
    assert [(r["id"], r["text"], r["start"]) for r in after] == \
        [(r["id"], r["text"], r["start"]) for r in before]
    retagged = [a for a, b in zip(after, before) if a["topics"] != b["topics"]]
    assert result["statements"] == len(retagged) > 0
    assert not any("taiwan" in json.loads(r["topics"]) for r in after)
    assert any("lithography" in json.loads(r["topics"]) and "光刻机" in r["text"] for r in after)
    ids = {r["id"] for r in rows(copy, "select id from topics")}
    assert "taiwan" not in ids and "lithography" in ids and result["removed"] == 1


def test_claims_are_tagged_from_their_own_text(tagged_db, taxonomy, tmp_path):
    path, _ = tagged_db
    copy = tmp_path / "quotecheck.db"
    shutil.copy(path, copy)
    db = sqlite_utils.Database(copy)
    statement = next(db.query(
        "select id, article_id, text from statements where text like '%光刻机%' limit 1"))
    # A claim as the claims engineer's code stores one: a span of the statement's text.
    claim_text = statement["text"][statement["text"].index("对华出口光刻机"):]
    db["claims"].insert({"id": "c1", "article_id": statement["article_id"],
                         "statement_id": statement["id"], "text": claim_text})
    result = save_topics(db, taxonomy)
    db.close()
    claim = rows(copy, "select topics from claims where id = 'c1'")[0]
    assert json.loads(claim["topics"]) == taxonomy.tag(claim_text)
    assert "semiconductors" in json.loads(claim["topics"]) and result["claims"] == 1
    expected = sum("semiconductors" in json.loads(r["topics"])
                   for r in rows(copy, "select topics from claims"))
    counts = rows(copy, "select claim_count from topics where id = 'semiconductors'")
    assert counts == [{"claim_count": expected}] and expected >= 1


def test_a_database_without_topics_columns_gets_them(tmp_path, taxonomy):
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["claims"].create({"id": str, "article_id": str, "text": str}, pk="id")
    db["claims"].insert({"id": "c1", "article_id": "a1", "text": "中方坚决反对“台独”"})
    save_topics(db, taxonomy)
    assert json.loads(db["claims"].get("c1")["topics"]) == ["taiwan"]
    assert "statements" not in db.table_names()  # nothing made that was not there


# ---------------------------------------------------------------- the published facet

def test_topics_array_facet_on_the_site(tagged_db):
    path, _ = tagged_db
    ds = make_ds(path)
    expected = {r["value"]: r["n"] for r in rows(path, """
        select topic.value as value, count(*) as n from statements, json_each(statements.topics) topic
        group by topic.value""")}
    configured = get(ds, "/quotecheck/statements.json?_size=1").json()
    asked = get(ds, "/quotecheck/statements.json?_facet_array=topics&_size=1").json()
    filtered = get(
        ds, "/quotecheck/statements.json?topics__arraycontains=taiwan&_size=max&_shape=objects"
    ).json()
    html = get(ds, "/quotecheck/statements").text
    table = get(ds, "/quotecheck/topics.json?_shape=objects").json()
    claims = get(ds, "/quotecheck/claims.json?_size=1").json()
    for data in (configured, asked):
        facet = data["facet_results"]["topics"]
        shown = {r["value"]: r["count"] for r in facet["results"]}
        assert {"taiwan", "semiconductors"} <= set(shown)
        assert shown["taiwan"] == expected["taiwan"]
        assert shown["semiconductors"] == expected["semiconductors"]
    assert 'id="facet-topics"' in html
    assert len(filtered["rows"]) == expected["taiwan"]
    assert all("taiwan" in json.loads(r["topics"]) for r in filtered["rows"])
    assert {r["id"] for r in table["rows"]} >= {"taiwan", "semiconductors"}
    # claims have the same facet (their rows come from the claims code, maybe none)
    claim_counts = {r["value"]: r["n"] for r in rows(path, """
        select topic.value as value, count(*) as n from claims, json_each(claims.topics) topic
        group by topic.value""")}
    shown = {r["value"]: r["count"] for r in claims["facet_results"]["topics"]["results"]}
    assert all(shown[topic] == claim_counts[topic] for topic in shown)
    assert len(shown) == min(len(claim_counts), 30)  # Datasette shows 30 facet values


# ---------------------------------------------------------------- tagging text

def test_traditional_text_is_tagged_like_simplified(tagged_db, taxonomy):
    path, _ = tagged_db
    to_traditional = opencc.OpenCC("s2t")
    texts = [r["text"] for r in rows(path, "select text from statements where topics != '[]'")]
    assert texts
    for text in texts:
        traditional = to_traditional.convert(text)
        assert taxonomy.tag(traditional) == taxonomy.tag(text), traditional


@pytest.mark.parametrize("text, present, absent", [
    ("美國領導人多次表示堅持一個中國政策", {"taiwan"}, set()),
    ("台積電的晶片受到美國出口管制", {"semiconductors"}, set()),
    ("海峡两岸关系", {"taiwan"}, set()),
    ("长江两岸风光", set(), {"taiwan"}),
    ("台“驻美代表”会见众议长", {"taiwan"}, set()),
    ("有关部门出台“双减”政策", set(), {"taiwan"}),
    ("朝鲜半岛局势", {"korean_peninsula"}, set()),
    ("据半岛电视台报道", set(), {"korean_peninsula"}),
    ("佛山市南海区举行活动", set(), {"south_china_sea"}),
    ("仁爱礁补给", {"south_china_sea"}, set()),
    ("其中非常重要的是", set(), {"africa"}),
    ("中非合作论坛峰会", {"africa"}, set()),
    ("印度尼西亚总统佐科", set(), {"india"}),
    ("中美洲国家", set(), {"us_china"}),
    ("美中不足的是", set(), {"us_china"}),
    ("两军关系", {"military_dialogue"}, set()),
    ("打击芬太尼类物质", {"drug_control"}, set()),
    # the longer keyword also stands for the shorter ones it starts with
    ("出口管制", {"semiconductors", "trade"}, set()),
    ("日本福岛核污染水排海", {"japan", "fukushima"}, set()),
    ("The U.S.-China talks covered chips and export controls",
     {"us_china", "semiconductors", "trade"}, set()),
    ("Sanctions on Chinese firms", {"sanctions"}, set()),
    ("He ate a chipotle burrito on the Gazastrip", set(), {"semiconductors", "middle_east"}),
    ("Who said that?", set(), {"pandemic"}),
    ("WHO chief warns of a new pandemic", {"pandemic"}, set()),
    ("ＡＳＭＬ", {"semiconductors"}, set()),  # full-width letters
    ("", set(), {"taiwan"}),
])
def test_keyword_cases(taxonomy, text, present, absent):
    tags = taxonomy.tag(text)
    assert present <= set(tags), (text, tags)
    assert not (absent & set(tags)), (text, tags)


def test_tags_come_in_taxonomy_order(taxonomy):
    tags = taxonomy.tag("南海、台湾、芬太尼、半导体：中美关系")
    assert tags == sorted(tags, key=taxonomy.ids.index)
    assert {"taiwan", "south_china_sea", "drug_control", "semiconductors", "us_china"} <= set(tags)


def test_the_shipped_taxonomy_covers_the_required_topics(taxonomy):
    required = {"taiwan", "south_china_sea", "drug_control", "semiconductors",
                "military_dialogue", "trade"}
    assert required <= set(taxonomy.ids)
    for topic in taxonomy.topics:  # Chinese first: every topic has Chinese keywords
        assert any(not k.isascii() for k in topic.keywords), topic.id


# ---------------------------------------------------------------- bad taxonomy files

GOOD = {"id": "taiwan", "name_zh": "台湾", "name_en": "Taiwan", "keywords": ["台湾"]}


@pytest.mark.parametrize("content, reason", [
    ("topics: [\n  - id: x\n", "invalid YAML"),
    ("just text", "non-empty list"),
    ("topics: []", "non-empty list"),
    (yaml.safe_dump({"topics": [{**GOOD, "name_en": None}]}), "missing `name_en`"),
    (yaml.safe_dump({"topics": [{k: v for k, v in GOOD.items() if k != "id"}]}), "missing `id`"),
    (yaml.safe_dump({"topics": [{**GOOD, "id": "Taiwan Strait"}]}), "lowercase"),
    (yaml.safe_dump({"topics": [GOOD, GOOD]}), "duplicate id"),
    (yaml.safe_dump({"topics": [{**GOOD, "keywords": []}]}), "needs `keywords` or `patterns`"),
    (yaml.safe_dump({"topics": [{**GOOD, "keywords": "台湾", "patterns": ["台(湾"]}]},
                    allow_unicode=True), "bad regular expression"),
    (yaml.safe_dump({"topics": [{**GOOD, "patterns": ["(台湾)"]}]}), "capturing group"),
    (yaml.safe_dump({"topics": [{**GOOD, "patterns": ["(?i)taiwan"]}]}), "bad regular expression"),
    (yaml.safe_dump({"topics": [{**GOOD, "patterns": ["台?"]}]}), "empty string"),
    (yaml.safe_dump({"topics": [{**GOOD, "keyword": ["台"]}]}), "unknown field"),
    (yaml.safe_dump({"topics": [{**GOOD, "keywords": [1, 2]}]}), "list of non-empty strings"),
])
def test_a_bad_taxonomy_file_gives_a_clear_error(tmp_path, content, reason):
    path = tmp_path / "topics.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        Taxonomy.load(path)
    assert str(path) in str(info.value) and reason in str(info.value), str(info.value)


def test_a_missing_taxonomy_file_names_itself(tmp_path):
    with pytest.raises(TaxonomyError, match="nowhere.yml"):
        Taxonomy.load(tmp_path / "nowhere.yml")


# ---------------------------------------------------------------- the real corpus

def test_most_corpus_statements_get_a_topic(shared, tmp_path, quotecheck, taxonomy):
    """A sample of MFA press conferences: most of what is said there is about a topic."""
    raw = shared / "corpus" / "mfa-press-zh" / "raw"
    if not raw.is_dir():
        pytest.skip(f"{raw} is not there")
    sample = tmp_path / "sample"
    sample.mkdir()
    for page in sorted(raw.iterdir(), key=lambda p: p.name)[:12]:
        (sample / page.name).symlink_to(page)
    db_path = tmp_path / "corpus.db"
    quotecheck("ingest", sample, "--db", db_path, "--quiet", ok=False)
    db = sqlite_utils.Database(db_path)
    save_topics(db, taxonomy)
    tagged = [json.loads(r["topics"]) for r in db.query("select topics from statements")]
    db.close()
    assert len(tagged) > 100
    assert sum(1 for t in tagged if t) / len(tagged) > 0.5
