"""ingest/claims.py and the claims table: offsets, seed claims, the scorer, the store."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import opencc
import pytest
import sqlite_utils

from quotecheck.ingest.claims import score_claim, split_claims
from quotecheck.ingest.extract import extract
from quotecheck.ingest.model import Article
from quotecheck.ingest.readers import ReadError, read_articles
from quotecheck.ingest.textutil import to_simplified
from conftest import SEED

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = [SEED, *sorted((ROOT / "articles" / "mfa").glob("*.html"))]


def load(path) -> Article:
    (article,) = read_articles(str(path))
    return article


@pytest.fixture(scope="module")
def seed(registry):
    article = load(SEED)
    statements = extract(article, registry)
    return article, statements, split_claims(article, statements)


def claim_by_text(claims, text):
    found = [c for c in claims if c.text == text]
    assert found, (text, [c.text for c in claims])
    return found[0]


def assert_well_formed(article, statements, claims):
    spans = set()
    for claim in claims:
        assert article.body[claim.start:claim.end] == claim.text
        assert claim.text == claim.text.strip() and claim.text[-1] not in "。，；：？！"
        assert (claim.start, claim.end) not in spans
        spans.add((claim.start, claim.end))
        assert 0 <= claim.checkworthiness <= 100 and claim.band in {"high", "medium", "low"}
        if claim.voice == "statement":
            statement = statements[claim.statement_index]
            assert statement.kind != "question"
            assert statement.start <= claim.start and claim.end <= statement.end
        else:
            assert claim.voice == "reporter" and claim.statement_index is None
            for s in statements:  # outside every statement
                assert claim.end <= s.start or claim.start >= s.end, (claim.text, s.text)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_offsets_exact_for_every_bundled_article(path, registry):
    article = load(path)
    statements = extract(article, registry)
    claims = split_claims(article, statements)
    assert claims
    assert_well_formed(article, statements, claims)


def test_seed_claims_that_get_reviews_are_separate_and_high(seed):
    article, statements, claims = seed
    expected = {
        "今年是中美建立外交关系45周年": "张晓刚",
        "1998年初，中美签署《关于建立加强海上军事安全磋商机制的协定》": None,
        "荷兰政府已吊销其部分设备运往中国的出口许可证": "阿斯麦",
    }
    for text, speaker in expected.items():
        claim = claim_by_text(claims, text)
        assert claim.band == "high", (text, claim.reasons)
        if speaker:
            assert claim.voice == "statement"
            assert statements[claim.statement_index].speaker == speaker
        else:
            assert claim.voice == "reporter"


def test_seed_taiwan_policy_claims_are_tight(seed):
    article, statements, claims = seed
    mao = [c for c in claims if c.voice == "statement"
           and statements[c.statement_index].speaker == "毛宁"]
    assert mao[0].text.startswith("美国领导人多次表示坚持一个中国政策，不支持“台独”")
    assert mao[0].text.endswith("遏制中国")  # the sentence, not the whole statement
    white_house = [c for c in claims if c.text.startswith("美方坚持一个中国政策，不支持“台独”")]
    assert len(white_house) == 1
    assert statements[white_house[0].statement_index].speaker == "不具名白宫官员"
    wish = [c for c in claims if c.text.startswith("我们希望美方恪守承诺")]
    assert len(wish) == 1 and wish[0].band == "low"
    assert any(r.startswith("-wish") for r in wish[0].reasons)


def test_nested_span_belongs_to_the_nested_statement(seed):
    article, statements, claims = seed
    for index, s in enumerate(statements):
        if s.nested_in is None:
            continue
        parent = s.nested_in
        inside = [c for c in claims if s.start <= c.start and c.end <= s.end]
        assert inside and all(c.statement_index != parent for c in inside)
        assert any(c.statement_index == index for c in inside)


def test_reporter_claims_skip_frames_headings_and_bylines(seed):
    article, statements, claims = seed
    reporter = [c.text for c in claims if c.voice == "reporter"]
    assert reporter
    for text in reporter:
        assert "作者" not in text and "编辑丨" not in text
        assert not text.endswith(("表示", "称", "指出"))
    # a subheading line (no sentence mark) is not a claim
    headings = [line for line in article.body.split("\n")
                if line and len(line) < 40 and not any(m in line for m in "。！？")]
    assert headings and not set(headings) & set(reporter)
    # the frame `…发言人毛宁表示，` is not in any reporter claim
    assert not any("毛宁" in text for text in reporter)


def test_questions_are_not_claims_but_their_nested_statements_are(registry):
    article = load(ROOT / "articles" / "mfa" / "60.html")
    statements = extract(article, registry)
    claims = split_claims(article, statements)
    questions = [i for i, s in enumerate(statements) if s.kind == "question"]
    nested_in_questions = [i for i, s in enumerate(statements) if s.nested_in in questions]
    assert questions and nested_in_questions
    owners = {c.statement_index for c in claims}
    assert not owners & set(questions)
    assert owners & set(nested_in_questions)
    assert not any(c.text.endswith(("？", "?", "吗")) for c in claims)


def test_traditional_text_gives_the_same_claims(seed, registry, tmp_path):
    article, _, claims = seed
    to_traditional = opencc.OpenCC("s2t")
    traditional = tmp_path / "seed_t.md"
    traditional.write_text(to_traditional.convert(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    t_article = load(traditional)
    t_statements = extract(t_article, registry)
    t_claims = split_claims(t_article, t_statements)
    assert_well_formed(t_article, t_statements, t_claims)
    read_back = {to_simplified(c.text) for c in t_claims}
    same = [c for c in claims if c.text in read_back]
    assert len(same) >= 0.9 * len(claims)
    year = claim_by_text(t_claims, to_traditional.convert("今年是中美建立外交关系45周年"))
    assert year.band == "high"


HIGH = [
    "2023年全国粮食总产量达到6954亿斤，比上年增长1.3%",
    "去年10月，两国在日内瓦签署《自由贸易协定》",
    "由于暴雨导致山体滑坡，当地3条公路已经关闭",
    "该公司第二季度营收同比下降12%，创下五年来最低水平",
    "本月5日，第三轮谈判在维也纳举行",
]
LOW = [
    "我们希望各方保持克制，共同维护地区和平稳定",
    "双方应该本着相互尊重、互利共赢的精神加强合作",
    "我们呼吁国际社会继续为和平进程发挥建设性作用",
    "中方敦促有关国家停止干涉别国内政",
    "两国关系的未来在于合作共赢，这是历史潮流",
]


@pytest.mark.parametrize("text", HIGH)
def test_scorer_ranks_checkable_facts_high(text):
    score, band, reasons = score_claim(text)
    assert band == "high", (score, reasons)
    assert sum(r.startswith("+") for r in reasons) >= 2
    assert all(r.split(" ", 1)[1] in text for r in reasons)  # each reason quotes the text


@pytest.mark.parametrize("text", LOW)
def test_scorer_ranks_wishes_demands_and_formulas_low(text):
    score, band, reasons = score_claim(text)
    assert band == "low", (score, reasons)
    assert any(r.split(" ")[0] in {"-wish", "-demand", "-formula"} for r in reasons)


@pytest.mark.parametrize("text", ["今年是中美建立外交关系45周年", "今年是中美建立外交关系四十五周年",
                                  "第17次中美国防部工作会晤在美国华盛顿举行"])
def test_an_ordinal_number_counts_once(text):
    score, band, reasons = score_claim(text)
    kinds = [r.split(" ", 1)[0] for r in reasons]
    assert "+ordinal" in kinds
    assert "+number" not in kinds and "+quantity" not in kinds, reasons
    # A figure beside the ordinal still counts as a number.
    more = score_claim(text + "，已有300人报名")[2]
    assert "+number 300" in more and "+ordinal" in [r.split(" ", 1)[0] for r in more]


def test_scorer_reads_traditional_text():
    simplified = "去年10月，两国在日内瓦签署《自由贸易协定》"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    assert score_claim(traditional)[:2] == score_claim(simplified)[:2]


# --- the claims table ----------------------------------------------------------------------


def claims_table(path) -> list[dict]:
    db = sqlite_utils.Database(path)
    try:
        return list(db.query("select rowid, * from claims order by rowid"))
    finally:
        db.close()


def test_built_claims_rows(built_db):
    db = sqlite_utils.Database(built_db)
    rows = list(db.query("""
        select claims.*, articles.body, articles.outlet, speakers.name as claimant
        from claims join articles on articles.id = claims.article_id
        left join speakers on speakers.id = claims.claimant_id"""))
    assert rows
    for row in rows:
        assert row["body"][row["start"]:row["end"]] == row["text"]
        assert row["band"] in {"high", "medium", "low"}
        assert isinstance(json.loads(row["reasons"]), list)
    reporter = [r for r in rows if r["voice"] == "reporter"]
    assert reporter
    for row in reporter:
        assert row["statement_id"] is None and row["claimant_id"] is not None
        assert row["claimant"] == row["outlet"] or row["outlet"] in json.loads(
            db["speakers"].get(row["claimant_id"])["aliases"] or "[]")
    statement_rows = [r for r in rows if r["voice"] == "statement"]
    for row in statement_rows:
        statement = db["statements"].get(row["statement_id"])
        assert row["claimant_id"] == statement["speaker_id"]
        assert statement["start"] <= row["start"] and row["end"] <= statement["end"]
    assert not list(db.query("pragma foreign_key_check(claims)"))
    year = [r for r in rows if r["text"] == "今年是中美建立外交关系45周年"]
    assert year and year[0]["said_on"] == "2024-01-12" and year[0]["band"] == "high"


def test_saved_claims_start_unreviewed_and_unique(fresh_db, registry):
    from tests.test_store import store_article

    article = load(SEED)
    statements = extract(article, registry)
    store_article(fresh_db, article, statements, registry)
    rows = list(fresh_db.query("select * from claims"))
    assert len(rows) == len(split_claims(article, statements))
    for row in rows:  # what later steps (repeats, reviews, topics) start from
        assert (row["repeats"], row["match_status"], row["verdict_status"]) == (0, "unique", "unreviewed")
        assert row["topics"] is row["repeat_group"] is row["verdict"] is row["review_id"] is None


def test_reingesting_changes_no_claim_row(quotecheck, db_path):
    quotecheck("build", "--db", db_path, "--quiet")
    before = claims_table(db_path)
    quotecheck("build", "--db", db_path, "--quiet")
    assert before and claims_table(db_path) == before


def test_changed_article_replaces_its_own_claims_only(quotecheck, db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = folder / "seed.md"
    shutil.copy(SEED, seed)
    shutil.copy(ROOT / "articles" / "mfa" / "61.html", folder / "61.html")
    quotecheck("ingest", folder, "--db", db_path, "--quiet")
    db = sqlite_utils.Database(db_path)
    seed_id = load(seed).id
    others_before = list(db.query("select * from claims where article_id != ? order by id", [seed_id]))
    old = "今年是中美建立外交关系45周年"
    new = "今年是中美建立外交关系第45个年头，2024年1月1日是纪念日"
    seed.write_text(seed.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    quotecheck("ingest", folder, "--db", db_path, "--quiet")
    others_after = list(db.query("select * from claims where article_id != ? order by id", [seed_id]))
    texts = {r["text"] for r in db.query("select text from claims where article_id = ?", [seed_id])}
    db.close()
    assert others_before and others_after == others_before
    assert old not in texts
    assert any(t.startswith("今年是中美建立外交关系第45个年头") for t in texts)


def test_claims_on_the_shared_corpus(shared, registry):
    """A sample of MFA transcripts and CCTV news: every claim well formed, and both ends of the
    scale used (the word lists generalise beyond the seed)."""
    corpus = shared / "corpus"
    mfa = sorted((corpus / "mfa-press-zh" / "raw").glob("*"))
    news = sorted((corpus / "xinwenlianbo-zh" / "news").glob("*.json"))
    rng = random.Random(7)
    bands = {"high": 0, "medium": 0, "low": 0}
    for path in rng.sample(mfa, min(8, len(mfa))) + rng.sample(news, min(8, len(news))):
        try:
            articles = read_articles(str(path))
        except ReadError:
            continue  # list pages with no article
        for article in articles:
            statements = extract(article, registry)
            claims = split_claims(article, statements)
            assert_well_formed(article, statements, claims)
            for claim in claims:
                bands[claim.band] += 1
    assert bands["high"] and bands["low"]
