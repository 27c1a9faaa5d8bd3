"""Quotes checked against their primary source: compare_quote on its own, then save_quote_checks
on a real `quotecheck build` of the bundled articles, published through a real Datasette."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.db.quotes import compare_quote, save_quote_checks
from tests.site_client import copy_db, get, make_ds, rows

STANCE = "美方坚持一个中国政策，不支持“台独”，支持两岸对话。"
RESOLVE = "中方对此坚决反对，将采取坚决有力措施，坚定捍卫国家主权和安全利益。"


# ------------------------------------------------------------------ compare_quote

def test_same_words_with_other_punctuation_are_verbatim():
    check = compare_quote("美方坚持一个中国政策，不支持台独，支持两岸对话", STANCE)
    assert check.relation == "verbatim"
    assert check.similarity == 1.0 and check.coverage == 1.0
    assert not check.omitted and not check.altered


def test_a_part_left_out_is_abridged_and_shown():
    check = compare_quote("美方坚持一个中国政策，不支持“台独”。", STANCE)
    assert check.relation == "abridged"
    assert check.similarity == 1.0 and check.coverage < 1.0
    assert check.omitted == ["支持两岸对话。"]
    assert "[-，支持两岸对话。-]" in check.diff


def test_a_clause_skipped_inside_a_sentence_is_abridged():
    check = compare_quote("中方将采取坚决有力措施，坚定捍卫国家主权和安全利益。", RESOLVE)
    assert check.relation == "abridged"
    assert check.omitted == ["对此坚决反对"]
    assert check.diff.startswith("中方[-对此坚决反对，-]将采取")


def test_a_dropped_negation_is_altered():
    check = compare_quote("美方坚持一个中国政策，支持“台独”，支持两岸对话。", STANCE)
    assert check.relation == "altered"
    assert check.altered == [("不", "")]
    assert "[-不-]支持“台独”" in check.diff


def test_an_opposite_word_and_a_changed_figure_are_altered():
    opposite = compare_quote("美方坚持一个中国政策，不支持“台独”，反对两岸对话。", STANCE)
    assert opposite.relation == "altered" and opposite.altered == [("支持", "反对")]
    figure = compare_quote("王毅将于2月15日访问法国、意大利和匈牙利。",
                           "王毅将于2月14日访问法国、意大利和匈牙利。")
    assert figure.relation == "altered" and figure.altered == [("4", "5")]


def test_reworded_is_paraphrased():
    check = compare_quote("中方表示会采取坚决有力措施，以维护国家主权和安全利益", RESOLVE)
    assert check.relation == "paraphrased"
    assert 0.45 <= check.similarity < 0.9
    assert not check.altered
    assert "{+以维护+}" in check.diff


def test_unrelated_text_is_no_match():
    check = compare_quote("今天天气很好，我们去公园散步吧。", STANCE)
    assert check.relation == "no match"
    assert check.similarity < 0.45


def test_text_without_words_is_an_error():
    with pytest.raises(ValueError):
        compare_quote("。。。", STANCE)


# ------------------------------------------------------------------ on a real build

@pytest.fixture(scope="module")
def checked_db(built_db, tmp_path_factory) -> Path:
    """A copy of the real build with its quote checks saved (the build itself stays as it is)."""
    path = copy_db(built_db, tmp_path_factory.mktemp("quotes"))
    db = sqlite_utils.Database(path)
    save_quote_checks(db)
    db.close()
    return path


CHECKS = """
select quote_checks.*, news.text as reported, turn.text as primary_text, turn.kind as primary_kind,
  turn.nested_in as primary_nested_in, articles.source as primary_source,
  articles.published as primary_published
from quote_checks
  join statements as news on news.id = quote_checks.statement_id
  join articles as seed on seed.id = news.article_id
  left join statements as turn on turn.id = quote_checks.primary_statement_id
  left join articles on articles.id = quote_checks.primary_article_id
where seed.source like '%000_38f35daf7d300dd1.md' and news.text like ?
"""


def seed_check(path: Path, start: str) -> dict:
    found = rows(path, CHECKS, [start + "%"])
    assert len(found) == 1, found
    return found[0]


def test_mao_ning_in_the_seed_is_abridged_from_her_answer(checked_db):
    check = seed_check(checked_db, "美国领导人多次表示")
    assert check["relation"] == "abridged"
    assert check["similarity"] == 1.0  # verbatim where quoted
    assert check["primary_source"].endswith("mfa/60.html")
    assert check["primary_published"] == "2024-01-12"
    omitted = json.loads(check["omitted"])
    assert len(omitted) == 1
    # the left-out opening paragraph of her answer, shown as it is in the transcript
    assert omitted[0].startswith("我们注意到美方有关表态")
    assert check["primary_text"].startswith(omitted[0])
    assert check["diff"].startswith(f"[-{omitted[0]}-]")
    assert check["reported"] in check["primary_text"]


def test_white_house_official_points_at_the_question_relaying_it(checked_db):
    check = seed_check(checked_db, "美方坚持一个中国政策")
    assert check["relation"] in ("verbatim", "abridged")
    assert check["primary_source"].endswith("mfa/60.html")
    if check["primary_kind"] == "question":
        question_id = check["primary_statement_id"]
    else:
        question_id = check["primary_nested_in"]
    question = rows(checked_db, "select kind, text from statements where id = ?", [question_id])
    assert question and question[0]["kind"] == "question"
    assert "白宫不具名官员表示" in question[0]["text"]


def test_saving_again_changes_nothing_and_drops_stale_rows(checked_db, tmp_path):
    path = copy_db(checked_db, tmp_path)
    before = rows(path, "select * from quote_checks order by id")
    assert before
    db = sqlite_utils.Database(path)
    other = next(db.query("select id from statements where id not in "
                          "(select statement_id from quote_checks) limit 1"))["id"]
    db["quote_checks"].insert({"id": "stale", "statement_id": other, "relation": "verbatim"})
    counts = save_quote_checks(db)
    db.close()
    after = rows(path, "select * from quote_checks order by id")
    assert after == before
    assert sum(counts.values()) == len(after)


def test_every_check_is_consistent(checked_db):
    for check in rows(checked_db, "select * from quote_checks"):
        if check["relation"] == "no primary source found":
            assert check["primary_statement_id"] is None
        else:
            assert 0.45 <= check["similarity"] <= 1.0
            assert check["primary_statement_id"] and check["primary_article_id"]
            assert check["statement_id"] != check["primary_statement_id"]


# ------------------------------------------------------------------ the published query

def test_quotes_that_differ_runs_through_datasette(checked_db):
    expected = rows(checked_db, "select count(*) as n from quote_checks where relation "
                                "in ('abridged', 'paraphrased', 'altered')")[0]["n"]
    data = get(make_ds(checked_db), "/quotecheck/quotes_that_differ.json?_shape=objects").json()
    assert expected and len(data["rows"]) == expected
    mao = [r for r in data["rows"] if r["reported"].startswith("美国领导人多次表示")]
    assert mao and mao[0]["relation"] == "abridged" and mao[0]["speaker"] == "毛宁"
    assert mao[0]["primary_text"].startswith("我们注意到美方有关表态")


def test_quotes_that_differ_as_csv(checked_db):
    text = get(make_ds(checked_db), "/quotecheck/quotes_that_differ.csv").text
    table = list(csv.DictReader(io.StringIO(text)))
    assert table and {"relation", "speaker", "reported", "primary_text", "similarity",
                      "omitted", "altered", "article", "primary_article"} <= set(table[0])
    assert any(row["speaker"] == "毛宁" and row["relation"] == "abridged" for row in table)


# ---------------------------------------------------------------- relays (issue 11, item 7)

def _candidate(pk, text, nested_in=None, speaker="mao-ning"):
    return {"id": pk, "article_id": "transcript", "speaker_id": speaker, "text": text,
            "nested_in": nested_in, "speaker_kind": "person", "country": "CN",
            "title": "发言人", "org": "中国外交部", "name": "毛宁"}


def test_own_words_are_preferred_to_a_relay_and_a_relay_is_named():
    from quotecheck.db.quotes import RELAY_METHOD, OWN_WORDS_METHOD, best_primary

    news = {**_candidate("news", "美方应当切实恪守一个中国原则，停止美台官方往来。"), "article_id": "news"}
    relay = _candidate("relay", "美方应当切实恪守一个中国原则，停止美台官方往来。", nested_in="question")
    own = _candidate("own", "我们注意到有关报道。美方应当切实恪守一个中国原则和中美三个联合公报规定，"
                            "停止美台官方往来。")
    check, primary, method = best_primary(news, [relay, own])
    assert primary["id"] == "own" and OWN_WORDS_METHOD in method and "relay" not in method
    check, primary, method = best_primary(news, [relay])
    assert primary["id"] == "relay" and RELAY_METHOD in method
    assert check.relation == "verbatim"


def test_verbatim_ignores_punctuation_and_says_so():
    from quotecheck.db.quotes import compare_quote

    check = compare_quote("支持两岸对话。只要以和平方式解决", "支持两岸对话，只要以和平方式解决")
    assert check.relation == "verbatim" and "[-，-]" in check.diff


def test_statement_pages_label_relays_and_state_the_punctuation_rule(built_db):
    from tests.site_client import get, make_ds, query, row_href

    checks = query(built_db, """
        select quote_checks.statement_id, quote_checks.method, primary_statement.nested_in
        from quote_checks join statements as primary_statement
          on primary_statement.id = quote_checks.primary_statement_id""")
    assert checks
    ds = make_ds(built_db)
    for check in checks:
        html = get(ds, row_href("statements", check["statement_id"])).text
        section = html[html.index('class="qc-quote-checks"'):]
        assert "punctuation and spacing" in check["method"]
        assert "Words are compared, not punctuation" in section
        if check["nested_in"]:
            assert "relay" in check["method"] and "own" not in check["method"].split("relay")[0]
            assert "compared with a relay" in section and "own words</a>" not in section
        else:
            assert "relay" not in check["method"]
            assert "compared with a relay" not in section and "own words</a>" in section


def test_gap_join_equals_counting_each_piece_again():
    """join counts the word characters of its pieces once; on random gaps it finds what
    counting every piece again finds (the rule as first written, below)."""
    import random

    from quotecheck.db.quotes import MIN_RUN, SENTENCE_END, join, words

    def join_recounted(r_gap, p_gap, at_end):
        for k in range(len(r_gap), MIN_RUN - 2, -1):
            piece = r_gap[len(r_gap) - k:] if at_end else r_gap[:k]
            if len(words(piece)) < 2:
                return None
            j = p_gap.rfind(piece) if at_end else p_gap.find(piece)
            between = p_gap[j + k:] if at_end else p_gap[:j]
            if j >= 0 and not SENTENCE_END.intersection(between):
                return (len(r_gap) - k if at_end else 0, j, k)
        return None

    rng = random.Random(7)
    alphabet = "中方将采取反对，。；并对此 坚决"
    found = 0
    for _ in range(4000):
        p_gap = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        r_gap = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.5 and p_gap:  # a piece of the primary, so that some join
            start = rng.randint(0, len(p_gap) - 1)
            r_gap = p_gap[start:start + rng.randint(1, 10)] + r_gap[:rng.randint(0, 3)]
        for at_end in (False, True):
            want = join_recounted(r_gap, p_gap, at_end)
            assert join(r_gap, p_gap, at_end) == want, (r_gap, p_gap, at_end)
            found += want is not None
    assert found > 500  # the gaps joined often enough to test the finding, not only None
