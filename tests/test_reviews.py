"""Reviews: the shipped review files load and resolve; `quotecheck review` keeps a changed
verdict's history; an unresolvable review is reported and kept; verdicts are inherited by the
claims that repeat a reviewed claim directly (its wording, or a verified link)."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
import yaml

from quotecheck.db.reviews import VERDICTS, comparable, find_article
from tests.site_client import rows

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "reviews").glob("*.yml"))
SEED = "shenzhen-tv-zhixinwen-2024-01-12-blinken-liu-jianchao"


def test_reviews_are_shipped():
    assert len(SHIPPED) >= 4
    for path in SHIPPED:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert str(data["verdict"]) in VERDICTS, path
        assert data["evidence"], path
        assert all(e["url"].startswith(("http://", "https://")) for e in data["evidence"]), path
        assert data.get("summary") and data.get("reviewed_on"), path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_build_resolves_each_shipped_review(built_db, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = rows(built_db, "select reviews.*, claims.text as claim, claims.article_id as in_article, "
                 "claims.verdict as claim_verdict, claims.verdict_status, claims.review_id "
                 "from reviews left join claims on claims.id = reviews.claim_id "
                 "where reviews.origin = ?", [f"reviews/{path.name}"])
    assert len(found) == 1
    review = found[0]
    assert review["status"] == "resolved"
    article = find_article(sqlite_utils.Database(built_db), data["article"])
    assert review["in_article"] == article["id"]
    quoted, claim = comparable(data["claim"]), comparable(review["claim"])
    assert quoted in claim or claim in quoted
    assert review["verdict"] == data["verdict"] == review["claim_verdict"]
    assert review["verdict_status"] == "reviewed" and review["review_id"] == review["id"]


def test_build_without_reviews_leaves_claims_unreviewed(quotecheck, db_path, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    assert rows(db_path, "select count(*) as n from reviews")[0]["n"] == 0
    statuses = rows(db_path, "select distinct verdict_status from claims")
    assert [r["verdict_status"] for r in statuses] == ["unreviewed"]


def seed_claim(path, like: str) -> dict:
    found = rows(path, "select claims.* from claims join articles on articles.id = claims.article_id "
                 "where articles.key = ? and claims.text like ? order by length(claims.text)",
                 [f"id:{SEED}", f"%{like}%"])
    assert found, like
    return found[0]


def test_changed_verdict_keeps_history(quotecheck, db_path, tmp_path):
    reviews = tmp_path / "reviews"
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    claim = seed_claim(db_path, "1998年初")
    args = ["review", "--db", db_path, "--reviews", reviews, "--article", SEED,
            "--claim", "1998年初，中美签署", "--file", "mmca"]
    quotecheck(*args, "--verdict", "mixed", "--label", "待查", "--date", "2024-02-01",
               "--evidence", "https://example.org/a", "--archived", "https://web.archive.org/web/2024/https://example.org/a")
    quotecheck(*args, "--verdict", "true", "--date", "2024-03-05", "--summary", "signed 1998-01-19",
               "--evidence", "https://example.org/b")
    data = yaml.safe_load((reviews / "mmca.yml").read_text(encoding="utf-8"))
    assert data["verdict"] == "true" and data["reviewed_on"] == "2024-03-05"
    assert data["history"] == [{"verdict": "mixed", "label": "待查", "reviewed_on": "2024-02-01",
                                "superseded_on": "2024-03-05"}]
    assert [e["url"] for e in data["evidence"]] == ["https://example.org/a", "https://example.org/b"]
    assert data["evidence"][0]["archived"].startswith("https://web.archive.org/")
    # The database follows at once, and a rebuild reads the same from the file.
    for _ in range(2):
        review = rows(db_path, "select * from reviews where origin = ?", [f"{reviews.name}/mmca.yml"])[0]
        assert review["claim_id"] == claim["id"] and review["verdict"] == "true"
        history = rows(db_path, "select * from review_history where review_id = ?", [review["id"]])
        assert [(h["verdict"], h["verdict_label"], h["superseded_on"]) for h in history] == \
            [("mixed", "待查", "2024-03-05")]
        got = rows(db_path, "select verdict, verdict_status from claims where id = ?", [claim["id"]])
        assert got == [{"verdict": "true", "verdict_status": "reviewed"}]
        quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    # Same verdict again: an update, no new history entry; the file is found by its claim.
    result = quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
                        "--claim", "中美签署《关于建立加强海上军事安全磋商机制的协定》",
                        "--verdict", "true", "--date", "2024-03-06")
    assert "updated" in result.output
    assert len(yaml.safe_load((reviews / "mmca.yml").read_text(encoding="utf-8"))["history"]) == 1
    assert sorted(p.name for p in reviews.iterdir()) == ["mmca.yml"]


@pytest.mark.parametrize("args, message", [
    (["--article", SEED, "--claim", "1998年初", "--verdict", "truish"], "not one of"),
    (["--article", "no-such-article", "--claim", "1998年初", "--verdict", "true"], "not in the database"),
    (["--article", SEED, "--claim", "月球是奶酪做的", "--verdict", "true"], "not in the article"),
    (["--article", SEED, "--claim", "1998年初", "--verdict", "true", "--date", "1998-13-01"], "YYYY-MM-DD"),
])
def test_review_command_rejects_bad_input(quotecheck, built_db, tmp_path, args, message):
    reviews = tmp_path / "reviews"
    result = quotecheck("review", "--db", built_db, "--reviews", reviews, *args, ok=False)
    assert result.exit_code != 0
    assert message in result.output
    assert not reviews.exists() or not list(reviews.iterdir())  # nothing half-written


def test_unresolvable_review_is_reported_and_kept(quotecheck, db_path, tmp_path):
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    (reviews / "gone.yml").write_text(yaml.safe_dump(
        {"article": SEED, "claim": "布林肯宣布辞去国务卿职务", "verdict": "false",
         "reviewed_on": "2024-01-20"}, allow_unicode=True), encoding="utf-8")
    (reviews / "broken.yml").write_text("article: x\nverdict: maybe\nclaim: y\n", encoding="utf-8")
    result = quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet", ok=False)
    assert result.exit_code == 1  # a review file that is not loaded is work not done
    lines = result.output.splitlines()
    assert any(line.startswith("warning: reviews/gone.yml: ") and "unresolved" in line
               for line in lines), lines
    assert any(line.startswith("error: reviews/broken.yml: ") and "maybe" in line
               for line in lines), lines
    kept = rows(db_path, "select * from reviews")
    assert [(r["origin"], r["status"], r["claim_id"]) for r in kept] == \
        [("reviews/gone.yml", "unresolved", None)]
    assert kept[0]["article_id"] == rows(db_path, "select id from articles where key = ?",
                                         [f"id:{SEED}"])[0]["id"]
    assert rows(db_path, "select count(*) as n from claims where verdict is not null")[0]["n"] == 0


def test_removed_review_file_clears_its_verdict(quotecheck, db_path, tmp_path):
    reviews = tmp_path / "reviews"
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
               "--claim", "今年是中美建立外交关系45周年", "--verdict", "true", "--file", "45th")
    assert rows(db_path, "select count(*) as n from claims where verdict = 'true'")[0]["n"] >= 1
    (reviews / "45th.yml").unlink()
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    assert rows(db_path, "select count(*) as n from reviews")[0]["n"] == 0
    assert rows(db_path, "select count(*) as n from claims where verdict is not null "
                "or review_id is not null")[0]["n"] == 0


def linked_claims(path, claim_id: str) -> set[str]:
    """The claims that repeat `claim_id` directly: its wording's other claims, and the claims
    of every wording verified-linked to its wording (claim_links)."""
    from quotecheck.db.repeats import EXACT_METHOD

    links = rows(path, "select claim_id, linked_claim_id, method from claim_links")
    wording = {l["linked_claim_id"]: l["claim_id"] for l in links if l["method"] == EXACT_METHOD}
    name = lambda c: wording.get(c, c)  # noqa: E731
    reached = {name(claim_id)}
    reached |= {name(l["linked_claim_id"]) for l in links if name(l["claim_id"]) == name(claim_id)}
    reached |= {name(l["claim_id"]) for l in links if name(l["linked_claim_id"]) == name(claim_id)}
    return {c["id"] for c in rows(path, "select id from claims") if name(c["id"]) in reached} - \
        {claim_id}


def test_taiwan_claims_inherit_the_verdict(quotecheck, db_path, tmp_path):
    """A review of 毛宁's account of the US position reaches the White House official's
    statement of the same policy as an inherited verdict, traceable to the review; only the
    claims linked to the reviewed one inherit it."""
    reviews = tmp_path / "reviews"
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    reviewed = seed_claim(db_path, "美国领导人多次表示坚持一个中国政策")
    official = seed_claim(db_path, "美方坚持一个中国政策，不支持")
    others = linked_claims(db_path, reviewed["id"])
    assert official["id"] in others
    speakers = rows(db_path, "select distinct speakers.name from claims join speakers on "
                    f"speakers.id = claims.claimant_id where claims.id in "
                    f"({','.join('?' * len(others))})", sorted(others))
    assert {r["name"] for r in speakers} - {"毛宁"}  # another speaker says it too
    quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
               "--claim", "美国领导人多次表示坚持一个中国政策", "--verdict", "mostly-true",
               "--label", "基本属实", "--date", "2024-01-15", "--file", "taiwan")
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    review = rows(db_path, "select * from reviews")[0]
    assert review["claim_id"] == reviewed["id"]
    after = {c["id"]: c for c in rows(db_path, "select * from claims")}
    assert after[reviewed["id"]]["verdict_status"] == "reviewed"
    for other in others:
        got = after[other]
        assert (got["verdict"], got["verdict_label"], got["verdict_status"], got["review_id"]) == \
            ("mostly-true", "基本属实", "inherited", review["id"])
    with_verdict = {c for c, row in after.items() if row["verdict"] is not None}
    assert with_verdict == others | {reviewed["id"]}


# A~B and B~C with A!~C, in the words of MFA transcripts: B holds A's clause and C's two.
CHAIN = ["台湾问题是中国核心利益中的核心",
         "台湾问题是中国核心利益中的核心，是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线",
         "是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线，美方应当恪守承诺，停止售台武器"]


def build_with_chain(quotecheck, db_path, tmp_path):
    """The seed built with no reviews, plus the CHAIN claims (each one edit from the next):
    the database, the seed's article id and the chain's claim ids."""
    empty = tmp_path / "none"
    empty.mkdir()
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    db = sqlite_utils.Database(db_path)
    article = rows(db_path, "select id from articles where key = ?", [f"id:{SEED}"])[0]["id"]
    ids = [f"chain-{i}" for i in range(len(CHAIN))]
    db["claims"].insert_all([{"id": i, "article_id": article, "text": t, "repeats": 0,
                              "match_status": "unique", "verdict_status": "unreviewed"}
                             for i, t in zip(ids, CHAIN)])
    return db, article, ids


def test_verdicts_reach_only_directly_linked_claims(quotecheck, db_path, tmp_path):
    from quotecheck.db.repeat_index import save_repeats
    from quotecheck.db.reviews import apply_verdicts

    db, article, ids = build_with_chain(quotecheck, db_path, tmp_path)
    db["claims"].insert({"id": "chain-0-again", "article_id": article, "text": CHAIN[0] + "。",
                         "repeats": 0, "match_status": "unique", "verdict_status": "unreviewed"})
    save_repeats(db)
    a, b, c = ids
    assert b in linked_claims(db_path, a) and c in linked_claims(db_path, b)
    assert c not in linked_claims(db_path, a)

    def verdicts():
        return {r["id"]: (r["verdict"], r["verdict_status"], r["review_id"]) for r in
                rows(db_path, "select * from claims where id like 'chain-%'")}

    # A reviewed: B (linked) and A's other wording inherit; C, linked only through B, does not.
    db["reviews"].insert({"id": "review-a", "claim_id": a, "claim_text": CHAIN[0],
                          "verdict": "true", "verdict_label": "属实", "status": "resolved",
                          "origin": "reviews/a.yml", "reviewed_on": "2024-01-15"})
    apply_verdicts(db)
    assert verdicts() == {a: ("true", "reviewed", "review-a"),
                          "chain-0-again": ("true", "inherited", "review-a"),
                          b: ("true", "inherited", "review-a"),
                          c: (None, "unreviewed", None)}
    # C reviewed too, later and imported: B takes our file's verdict over the imported one,
    # C keeps its own, A and its wording keep A's.
    db["reviews"].insert({"id": "review-c", "claim_id": c, "claim_text": CHAIN[2],
                          "verdict": "false", "verdict_label": "不实", "status": "resolved",
                          "origin": "claimreview:example", "reviewed_on": "2024-03-01"})
    apply_verdicts(db)
    assert verdicts() == {a: ("true", "reviewed", "review-a"),
                          "chain-0-again": ("true", "inherited", "review-a"),
                          b: ("true", "inherited", "review-a"),
                          c: ("false", "reviewed", "review-c")}
    # Both our own files: the newest reaches B.
    db["reviews"].update("review-c", {"origin": "reviews/c.yml"})
    apply_verdicts(db)
    assert verdicts()[b] == ("false", "inherited", "review-c")
    assert verdicts()[a] == ("true", "reviewed", "review-a")
    db.close()


def test_ingest_of_other_articles_keeps_site_reviews_quietly(quotecheck, db_path, tmp_path):
    """A database of other articles: the site's reviews stay unresolved without a warning
    each; naming the folder with --reviews reports them."""
    article = tmp_path / "other.md"
    article.write_text("---\ntitle: 另一篇\npublished: 2024-02-01\n---\n外交部发言人汪文斌表示，"
                       "中方愿同各方加强合作。\n", encoding="utf-8")
    quiet = quotecheck("ingest", article, "--db", db_path, "--quiet")
    assert "warning" not in quiet.output
    kept = rows(db_path, "select status from reviews")
    assert len(kept) == len(SHIPPED) and {r["status"] for r in kept} == {"unresolved"}
    loud = quotecheck("ingest", article, "--db", db_path, "--quiet", "--reviews", ROOT / "reviews")
    assert sum("not in the database" in line for line in loud.output.splitlines()) == len(SHIPPED)


def test_best_claim_prefers_containment_then_overlap():
    from quotecheck.db.reviews import best_claim

    claims = [{"id": "a", "text": "今年是中美建立外交关系45周年", "start": 10},
              {"id": "b", "text": "我们希望美方树立正确对华认知，今年是中美建立外交关系45周年", "start": 0},
              {"id": "c", "text": "双方计划于2024年初举行海上军事安全磋商机制会议", "start": 40}]
    assert best_claim(claims, "中美建立外交关系45周年")["id"] == "a"  # the shortest holding it
    assert best_claim(claims, "“今年是中美建立外交关系45周年。”他说")["id"] == "a"  # inside the quote
    assert best_claim(claims, "双方计划于2024年初举行海上军事安全磋商机制的会议")["id"] == "c"  # overlap
    assert best_claim(claims, "芬太尼") is None
    assert best_claim(claims, "。，") is None


def test_own_wording_review_goes_before_a_near_repeats(fresh_db):
    """c1 and c2 say the very same; c3 repeats c1 near enough to link. c2 takes the review of
    its own wording (c1's) even when c3's review is newer; an undated review comes last."""
    from quotecheck.db.repeat_index import save_repeats
    from quotecheck.db.repeats import EXACT_METHOD
    from quotecheck.db.reviews import apply_verdicts
    from quotecheck.db.schema import ensure_tables

    db = fresh_db
    ensure_tables(db)
    db["articles"].insert({"id": "art", "key": "id:art", "body": "。"})
    texts = {"c1": CHAIN[1], "c2": CHAIN[1] + "。", "c3": "我要强调，" + CHAIN[1]}
    db["claims"].insert_all([{"id": i, "article_id": "art", "text": t, "repeats": 0,
                              "match_status": "unique", "verdict_status": "unreviewed"}
                             for i, t in texts.items()])
    save_repeats(db)
    methods = {(r["claim_id"], r["linked_claim_id"]): r["method"]
               for r in db.query("select * from claim_links")}
    assert methods[("c1", "c2")] == EXACT_METHOD and methods[("c1", "c3")] != EXACT_METHOD
    db["reviews"].insert_all([
        {"id": "r1", "claim_id": "c1", "claim_text": CHAIN[1], "verdict": "true",
         "verdict_label": "属实", "status": "resolved", "origin": "reviews/r1.yml",
         "reviewed_on": "2024-01-15"},
        {"id": "r3", "claim_id": "c3", "claim_text": texts["c3"], "verdict": "false",
         "verdict_label": "不实", "status": "resolved", "origin": "reviews/r3.yml",
         "reviewed_on": "2024-03-01"}])
    apply_verdicts(db)

    def verdicts():
        return {r["id"]: (r["verdict_status"], r["review_id"])
                for r in db.query("select * from claims")}

    assert verdicts() == {"c1": ("reviewed", "r1"), "c2": ("inherited", "r1"),
                          "c3": ("reviewed", "r3")}
    # Two reviews of c1: the dated one wins over one without a date.
    db["reviews"].insert({"id": "r0", "claim_id": "c1", "claim_text": CHAIN[1],
                          "verdict": "mixed", "verdict_label": "部分属实", "status": "resolved",
                          "origin": "reviews/r0.yml", "reviewed_on": None})
    apply_verdicts(db)
    assert verdicts()["c1"] == ("reviewed", "r1") and verdicts()["c2"] == ("inherited", "r1")


def test_review_file_of_another_claim_is_not_taken_over(quotecheck, db_path, tmp_path):
    reviews = tmp_path / "reviews"
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
               "--claim", "今年是中美建立外交关系45周年", "--verdict", "true",
               "--summary", "建交于1979年", "--file", "45th")
    before = (reviews / "45th.yml").read_text(encoding="utf-8")
    result = quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
                        "--claim", "1998年初，中美签署", "--verdict", "false", "--file", "45th",
                        ok=False)
    assert result.exit_code != 0
    assert "45th.yml" in result.output and "another claim" in result.output
    assert (reviews / "45th.yml").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in reviews.iterdir()) == ["45th.yml"]
    # The same claim under its own file name is still an update.
    again = quotecheck("review", "--db", db_path, "--reviews", reviews, "--article", SEED,
                       "--claim", "中美建立外交关系45周年", "--verdict", "true", "--file", "45th")
    assert "updated" in again.output


def test_verdicts_written_by_reading_only_some_claims_equal_every_claim_read(quotecheck,
                                                                              db_path, tmp_path):
    """apply_verdicts reads only the claims that hold or should hold a verdict: after a link
    goes, a review goes, and another tool writes a stray label, every claim's verdict is
    what a pass over every claim gives (the rule written out here, claim by claim)."""
    from quotecheck.db.repeat_index import save_repeats
    from quotecheck.db.reviews import apply_verdicts

    db, _, ids = build_with_chain(quotecheck, db_path, tmp_path)
    save_repeats(db)
    a, b, c = ids

    def every_claim():
        """The verdicts as the rule gives them, from every claim, link and review."""
        links = rows(db_path, "select * from claim_links")
        reviews = {r["claim_id"]: r for r in rows(db_path, "select * from reviews "
                                                  "where status = 'resolved'")}
        want = {}
        for claim in rows(db_path, "select id from claims"):
            own = reviews.get(claim["id"])
            near = [reviews[x] for link in links for x in (link["claim_id"],
                                                           link["linked_claim_id"])
                    if claim["id"] in (link["claim_id"], link["linked_claim_id"])
                    and x != claim["id"] and x in reviews]
            if own:
                want[claim["id"]] = (own["verdict"], own["verdict_label"], "reviewed", own["id"])
            elif near:
                want[claim["id"]] = (near[0]["verdict"], near[0]["verdict_label"],
                                     "inherited", near[0]["id"])
            else:
                want[claim["id"]] = (None, None, "unreviewed", None)
        return want

    def stored():
        return {r["id"]: (r["verdict"], r["verdict_label"], r["verdict_status"], r["review_id"])
                for r in rows(db_path, "select * from claims")}

    db["reviews"].insert({"id": "review-a", "claim_id": a, "claim_text": CHAIN[0],
                          "verdict": "true", "verdict_label": "属实", "status": "resolved",
                          "origin": "reviews/a.yml", "reviewed_on": "2024-01-15"})
    counts = apply_verdicts(db)
    assert stored()[b] == ("true", "属实", "inherited", "review-a")
    assert stored() == every_claim()
    statuses = [status for _, _, status, _ in every_claim().values()]
    assert counts == {status: statuses.count(status) for status in counts} | {
        "claims_updated": counts["claims_updated"]}
    assert statuses.count("inherited") >= 1
    # The link goes: B's inherited verdict goes with it.
    db.execute("delete from claim_links where ? in (claim_id, linked_claim_id) "
               "and ? in (claim_id, linked_claim_id)", [a, b])
    db.conn.commit()
    apply_verdicts(db)
    assert stored()[b] == (None, None, "unreviewed", None)
    assert stored() == every_claim()
    # A label written by another tool on an unreviewed claim, and the review gone.
    db.execute("update claims set verdict_label = '属实' where id = ?", [c])
    db.execute("delete from reviews where id = 'review-a'")
    db.conn.commit()
    apply_verdicts(db)
    assert stored()[a] == stored()[c] == (None, None, "unreviewed", None)
    assert stored() == every_claim()
    db.close()
