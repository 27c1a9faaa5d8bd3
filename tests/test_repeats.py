"""Repeated claims: linked across statements and articles, verified, grouped, saved idempotently."""
from __future__ import annotations

import numpy as np
import opencc
import pytest
import sqlite_utils
from datasketch import MinHash

from quotecheck.db.changes import changes_since, take_in
from quotecheck.db.derive import REPEATS
from quotecheck.db.repeat_index import (BUCKETS, TEXTS, UNITS, _buckets, _window_pairs,
                                        save_repeats, update_repeats)
from quotecheck.db.repeats import (EXACT_METHOD, NUM_PERM, SEED, WINDOW, candidate_pairs, figures,
                                   find_repeats, match_claims, normalise, repeat_groups,
                                   shared_counts, shingle_arrays, shingle_hash, shingles,
                                   signatures, units, verify, verify_pairs)
from quotecheck.ingest.model import stable_id

SEED_ARTICLE = "坚持一个中国政策"  # both Taiwan-policy claims of the seed article say this


@pytest.fixture
def claims_db(quotecheck, db_path) -> sqlite_utils.Database:
    """A real `quotecheck build`: its claims, already linked by the build's save_repeats."""
    quotecheck("build", "--db", db_path, "--quiet")
    db = sqlite_utils.Database(db_path)
    assert db["claims"].count > 0
    yield db
    db.close()


def taiwan_claims(db) -> list[dict]:
    return list(db.query(
        "select claims.* from claims join articles on articles.id = claims.article_id "
        "where articles.source like '%000_38f35daf7d300dd1%' and claims.text like ?",
        [f"%{SEED_ARTICLE}%"]))


def test_the_two_taiwan_policy_claims_link(claims_db):
    save_repeats(claims_db)
    found = taiwan_claims(claims_db)
    official = [c for c in found if c["text"].startswith("美方坚持一个中国政策")]
    mao_ning = [c for c in found if "美国领导人多次表示坚持一个中国政策" in c["text"]]
    assert official and mao_ning, [c["text"] for c in found]
    a, b = official[0], mao_ning[0]
    assert a["repeat_group"] == b["repeat_group"] is not None
    assert a["match_status"] == b["match_status"] == "repeated"
    assert a["repeats"] >= 1
    group = list(claims_db.query("select * from claim_links where repeat_group = ?",
                                 [a["repeat_group"]]))
    assert group and all(0.7 <= link["score"] <= 1.0 for link in group)
    assert all("minhash-lsh char3" in link["method"] or "exact" in link["method"]
               for link in group)
    # The group id is its leader's, a claim of the group.
    members = [r["id"] for r in claims_db.query("select id from claims where repeat_group = ?",
                                                [a["repeat_group"]])]
    assert a["repeat_group"] in members
    # Demands about the one-China principle share the topic, not the proposition.
    demand = list(claims_db.query("select * from claims where text like '%要求美方恪守一个中国原则%'"))
    assert all(d["repeat_group"] != a["repeat_group"] for d in demand)


def test_link_rows_are_ordered_and_have_stable_ids(claims_db):
    save_repeats(claims_db)
    links = list(claims_db.query("select * from claim_links"))
    assert links
    for link in links:
        assert link["claim_id"] < link["linked_claim_id"]
        assert link["id"] == stable_id("link", link["claim_id"], link["linked_claim_id"])


def test_unrelated_claims_do_not_link(claims_db):
    # Distinct sentences of the seed article: each pair is about something else.
    texts = ["今年是中美建立外交关系45周年",
             "荷兰政府已吊销其部分设备运往中国的出口许可证",
             "第17次中美国防部工作会晤在美国华盛顿举行",
             "美方坚持一个中国政策，不支持“台独”，支持两岸对话"]
    assert find_repeats([(str(i), t) for i, t in enumerate(texts)]) == []
    # A claim only shares a stretch shorter than the verifier asks for: no link.
    assert find_repeats([("a", "中方要求美方恪守一个中国原则，停止武装台湾"),
                         ("b", "美方坚持一个中国政策，不支持“台独”，支持两岸对话")]) == []


def test_traditional_and_simplified_forms_link():
    simplified = "美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持“两个中国”“一中一台”"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    links = find_repeats([("b", traditional), ("a", simplified)])
    assert [(link.claim_id, link.linked_claim_id, link.score) for link in links] == \
        [("a", "b", 1.0)]
    assert normalise(traditional) == normalise(simplified)


def test_a_short_claim_repeated_inside_a_longer_one_links():
    short = "台湾问题是中国核心利益中的核心"
    longer = "我要再次强调，台湾问题纯属中国内政，是中国核心利益中的核心，是中美关系政治基础"
    links = find_repeats([("x", short), ("y", longer)])
    assert len(links) == 1 and links[0].score >= 0.7


@pytest.mark.parametrize("a, b, linked", [
    # the same report with another death toll or other dates: a verdict on one is not on the other
    ("当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责",
     "当地时间3日发生的恐怖袭击事件已造成4名中国公民遇难，中方对此予以强烈谴责", False),
    ("王毅将于2月14日至22日应邀出席慕尼黑安全会议并访问西班牙和法国",
     "王毅将于2月14日至23日应邀出席慕尼黑安全会议并访问西班牙和法国", False),
    ("当地时间3日发生的恐怖袭击事件已造成三名中国公民遇难，中方对此予以强烈谴责",
     "当地时间3日发生的恐怖袭击事件已造成四名中国公民遇难，中方对此予以强烈谴责", False),
    # 3+ clauses: the clause windows that match hold no figure, another clause does
    ("当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责，要求当地政府全力缉拿凶手",
     "当地时间3日发生的恐怖袭击事件已造成4名中国公民遇难，中方对此予以强烈谴责，要求当地政府全力缉拿凶手",
     False),
    ("王毅将于2月14日至22日应邀出席慕尼黑安全会议，并访问西班牙和法国，同各方深入交换意见",
     "王毅将于2月14日至23日应邀出席慕尼黑安全会议，并访问西班牙和法国，同各方深入交换意见",
     False),
    # a decimal point is part of the figure: 5.2% is not 52%
    ("国家统计局公布的数据显示去年中国国内生产总值增长5.2%",
     "国家统计局公布的数据显示去年中国国内生产总值增长52%", False),
    # the same figures, or figures on one side only: still the same proposition
    ("当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责，要求当地政府全力缉拿凶手",
     "据悉，当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责，要求当地政府全力缉拿凶手",
     True),
    ("当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责",
     "据悉，当地时间3日发生的恐怖袭击事件已造成3名中国公民遇难，中方对此予以强烈谴责", True),
    ("美国领导人多次表示坚持一个中国政策，不支持“台独”",
     "美方坚持一个中国政策，不支持“台独”，支持两岸对话", True),
])
def test_claims_stating_other_figures_do_not_link(a, b, linked):
    assert bool(find_repeats([("a", a), ("b", b)])) is linked


def test_decimal_points_are_kept_in_the_wording():
    assert normalise("增长5.2%") != normalise("增长52%")
    assert normalise("增长5.2%") == normalise("增长5．2％")
    assert normalise("增长5.2%。") == normalise("增长5.2%")  # a full stop still goes
    assert figures(normalise("增长5.2%，高于3.8%")) == ("5点2", "3点8")
    assert units("增长5.2%")[0] == normalise("增长5.2%")
    assert find_repeats([("a", "去年中国GDP增长5.2%"), ("b", "去年中国GDP增长52%")]) == []


def test_short_identical_claims_link_by_wording():
    stats = {}
    links = find_repeats([("b", "中国GDP增长5.2%"), ("a", "中国GDP增长5.2%。"),
                          ("c", "中国GDP增长5.3%")], stats)
    assert [(link.claim_id, link.linked_claim_id, link.score, link.method)
            for link in links] == [("a", "b", 1.0, EXACT_METHOD)]
    assert stats["units"] == 0  # too short for MinHash: only the exact link
    assert "candidates" not in stats and stats["lsh_candidates"] == 0
    # a claim with no words at all repeats nothing
    assert find_repeats([("a", "“”"), ("b", "……")]) == []


def test_signatures_are_datasketch_minhashes():
    texts = [normalise(t) for t in ["美方坚持一个中国政策", "荷兰政府已吊销其部分设备运往中国的出口许可证"]]
    for text, row in zip(texts, signatures(texts)):
        expected = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=shingle_hash)
        expected.update_batch(shingles(text))
        assert np.array_equal(expected.hashvalues, row)


def test_second_run_changes_nothing(claims_db):
    save_repeats(claims_db)  # the build has run it already; this one must find it all in place
    before = (list(claims_db.query("select * from claim_links order by id")),
              list(claims_db.query("select * from claims order by id")))
    assert before[0]
    again = save_repeats(claims_db)
    assert again["links"] == len(before[0])
    assert again["links_written"] == again["links_removed"] == again["claims_updated"] == 0
    after = (list(claims_db.query("select * from claim_links order by id")),
             list(claims_db.query("select * from claims order by id")))
    assert after == before


def test_cleared_links_come_back_the_same(claims_db):
    before = list(claims_db.query("select * from claim_links order by id"))
    claims_db.execute("delete from claim_links")
    claims_db.execute("update claims set repeat_group = null, repeats = 0, match_status = 'unique'")
    claims_db.conn.commit()
    result = save_repeats(claims_db)
    assert result["links_written"] == len(before) > 0
    assert list(claims_db.query("select * from claim_links order by id")) == before


def test_links_go_when_a_claim_goes(claims_db):
    save_repeats(claims_db)
    official = [c for c in taiwan_claims(claims_db) if c["text"].startswith("美方坚持一个中国政策")][0]
    linked = list(claims_db.query(
        "select * from claim_links where claim_id = :id or linked_claim_id = :id", official))
    assert linked
    claims_db.execute("delete from claims where id = ?", [official["id"]])
    claims_db.conn.commit()
    result = save_repeats(claims_db)
    assert result["links_removed"] >= len(linked)
    assert not list(claims_db.query(
        "select * from claim_links where claim_id = :id or linked_claim_id = :id", official))
    # A claim left with no partner is unique again.
    for link in linked:
        other = link["linked_claim_id"] if link["claim_id"] == official["id"] else link["claim_id"]
        row = claims_db["claims"].get(other)
        still = claims_db.execute("select count(*) from claim_links where claim_id = ? or "
                                  "linked_claim_id = ?", [other, other]).fetchone()[0]
        assert (row["match_status"] == "unique") == (still == 0)


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="claim"):
        find_repeats([("a", None)])


# A~B and B~C, but A!~C: real MFA wording. B holds A's clause and C's two clauses.
CHAIN = {
    "a": "台湾问题是中国核心利益中的核心",
    "b": "台湾问题是中国核心利益中的核心，是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线",
    "c": "是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线，美方应当恪守承诺",
}


def test_groups_do_not_chain():
    links = find_repeats(CHAIN.items())
    assert {(link.claim_id, link.linked_claim_id) for link in links} == {("a", "b"), ("b", "c")}
    groups = repeat_groups(links)
    # b repeats both, so b leads; a and c are each linked to b itself.
    assert groups == {"a": "b", "b": "b", "c": "b"}
    # Add a wording of c's that only c links to: it cannot join b's group through c.
    d = "是中美关系第一条不可逾越的红线，美方应当恪守承诺，停止售台武器，停止美台军事联系"
    links = find_repeats([*CHAIN.items(), ("d", d)])
    pairs = {(link.claim_id, link.linked_claim_id) for link in links}
    assert ("c", "d") in pairs and ("b", "d") not in pairs
    groups = repeat_groups(links)
    assert groups.get("d") != groups["b"]


def test_group_members_are_linked_to_their_leader(claims_db):
    save_repeats(claims_db)
    links = list(claims_db.query("select * from claim_links"))
    wording = {link["linked_claim_id"]: link["claim_id"] for link in links
               if link["method"] == EXACT_METHOD}
    linked = {(link["claim_id"], link["linked_claim_id"]) for link in links}
    text = {row["id"]: row["text"] for row in claims_db.query("select id, text from claims")}
    grouped = list(claims_db.query("select id, repeat_group from claims "
                                   "where repeat_group is not null"))
    assert grouped
    for row in grouped:
        member, leader = row["id"], row["repeat_group"]
        if member == leader or normalise(text[member]) == normalise(text[leader]):
            continue
        ends = wording.get(member, member), leader
        assert (min(ends), max(ends)) in linked, (text[member], text[leader])
    # A linked claim is 'repeated' even when every partner of it leads or joined another group.
    for row in claims_db.query("select id, match_status from claims"):
        has_link = any(row["id"] in pair for pair in linked)
        assert (row["match_status"] == "repeated") == has_link


def test_vectorised_verifier_scores_as_the_sets_do(claims_db):
    texts = [r["text"] for r in claims_db.query("select text from claims order by id")]
    unit_texts = sorted({u for t in texts for u in units(t) if len(u) >= 3})[:300]
    hashes, offsets = shingle_arrays(unit_texts)
    sets = [shingles(u) for u in unit_texts]
    assert [offsets[i + 1] - offsets[i] for i in range(len(sets))] == [len(x) for x in sets]
    n = len(unit_texts)
    pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n)], dtype=np.int64)
    expected_shared = [len(sets[i] & sets[j]) for i, j in pairs.tolist()]
    assert shared_counts(hashes, offsets, pairs).tolist() == expected_shared
    assert max(expected_shared) >= 10  # real sentences that overlap are among them
    found, scores = verify_pairs(hashes, offsets, pairs)
    expected = {k: verify(sets[i], sets[j]) for k, (i, j) in enumerate(pairs.tolist())}
    assert found.tolist() == [k for k, score in expected.items() if score is not None]
    assert found.size and scores.tolist() == [expected[k] for k in found.tolist()]


# ---------------------------------------------------------------- by what changed

# One formula, many wordings: their LSH buckets hold more texts than WINDOW + 1, so which
# pairs a bucket makes depends on where each text falls in it.
FORMULA = "外交部发言人毛宁主持例行记者会并回答了记者关于{}的提问，中方对此高度重视"
SUBJECTS = [a + b for a in ("中美", "中欧", "中日", "中俄", "中非", "中印", "中法", "中德", "中英", "中韩")
            for b in ("关系", "合作", "贸易")]


def repeat_rows(db) -> dict[str, list]:
    """What repeats write, and the index they match by (units by their text and place, not
    their number)."""
    return {
        "claim_links": db.execute("select * from claim_links order by id").fetchall(),
        "claims": db.execute("select id, repeat_group, repeats, match_status from claims "
                             "order by id").fetchall(),
        "repeat_texts": db.execute(f"select * from {TEXTS} order by claim_id").fetchall(),
        "repeat_units": db.execute(f"select text_key, rep, position, bands from {UNITS} "
                                   "order by text_key, position").fetchall(),
        "repeat_bands": db.execute(f"select b.band_key, u.text_key, u.position from {BUCKETS} b "
                                   f"join {UNITS} u using (unit) order by 1, 2, 3").fetchall(),
    }


def update_by_changes(db) -> dict:
    """The repeats step as refresh_derived runs it once it has its place in the change log."""
    with db.atomic():
        changes = changes_since(db, REPEATS, ("claims",))
        assert changes is not None  # by what changed, never a full pass
        stats = update_repeats(db, changes)
        take_in(db, REPEATS)
    return stats


def assert_as_a_full_pass(db, tmp_path) -> None:
    """The rows equal those a full pass writes from nothing, on a copy."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = sqlite_utils.Database(tmp_path / "full.db")
    db.conn.backup(copy.conn)
    copy.execute("delete from claim_links")
    copy.execute("update claims set repeat_group = null, repeats = 0, match_status = null")
    for table in (TEXTS, UNITS, BUCKETS):
        copy.execute(f"drop table {table}")
    copy.conn.commit()
    save_repeats(copy)
    expected = repeat_rows(copy)
    copy.close()
    found = repeat_rows(db)
    for table in expected:
        assert found[table] == expected[table], table


@pytest.fixture
def formula_db(claims_db):
    """The build's claims and wordings of one formula, matched by a full pass, with the
    repeats step's place in the change log."""
    article = claims_db.execute("select id from articles limit 1").fetchone()[0]
    with claims_db.conn:
        for i, subject in enumerate(SUBJECTS):
            claims_db.execute("insert into claims (id, article_id, text) values (?, ?, ?)",
                              [f"f{2 * i:03d}", article, FORMULA.format(subject)])
    with claims_db.atomic():
        save_repeats(claims_db)
        take_in(claims_db, REPEATS)
    return claims_db


def insert(db, claim_id: str, text: str) -> None:
    article = db.execute("select id from articles limit 1").fetchone()[0]
    db.execute("insert into claims (id, article_id, text) values (?, ?, ?)",
               [claim_id, article, text])


def representative(db) -> dict:
    """The claim of the official Taiwan-policy wording with the smallest id: the wording's
    near links are its."""
    return next(db.query("select * from claims where text like '美方坚持一个中国政策%' "
                         "order by id limit 1"))


def near_links_of(db, claim_id: str) -> int:
    return db.execute("select count(*) from claim_links where method != ? and "
                      "(claim_id = ? or linked_claim_id = ?)",
                      [EXACT_METHOD, claim_id, claim_id]).fetchone()[0]


def linked(db, a: str, b: str) -> bool:
    return bool(db.execute("select count(*) from claim_links where claim_id = ? and "
                           "linked_claim_id = ?", [min(a, b), max(a, b)]).fetchone()[0])


def test_the_index_pairs_texts_as_a_full_pass_does(formula_db):
    claims = [(r[0], r[1]) for r in formula_db.execute("select id, text from claims order by id")]
    _, index = match_claims(claims)
    owners = np.unique(np.asarray(index.text_keys), return_inverse=True)[1]
    expected = {tuple(sorted((index.text_keys[i], index.text_keys[j])))
                for i, j in candidate_pairs(index.keys, owners).tolist()}
    stored = {int(r[0]) for r in formula_db.execute(f"select distinct band_key from {BUCKETS}")}
    buckets = _buckets(formula_db, stored)
    assert max(map(len, buckets.values())) > WINDOW + 1  # the window decides, in some buckets
    assert set(_window_pairs(buckets).values()) == expected


def test_added_claims_update_as_a_full_pass(formula_db, tmp_path):
    db = formula_db
    official = representative(db)
    assert near_links_of(db, official["id"])
    # The official's wording again under a smaller id: it now represents the wording, so its
    # exact and near links move to it.
    smaller = "0" + official["id"]
    insert(db, smaller, official["text"] + "。")
    # A near repeat of it, a wording of the formula between the others, an unrelated claim.
    insert(db, "new-near", "据悉，" + official["text"])
    insert(db, "f025", FORMULA.format("中巴关系"))
    insert(db, "new-alone", "今年是中美建立外交关系45周年")
    db.conn.commit()
    stats = update_by_changes(db)
    assert near_links_of(db, smaller) and not near_links_of(db, official["id"])
    assert db.execute("select count(*) from claim_links where claim_id = ? and "
                      "linked_claim_id = ?", [smaller, official["id"]]).fetchone()[0] == 1
    assert db["claims"].get("f025")["repeat_group"] is not None
    assert_as_a_full_pass(db, tmp_path)
    # Only the new claims' texts (and those they may repeat) were read and shingled.
    claims, texts = db["claims"].count, db[TEXTS].count
    assert 4 <= stats["claims_read"] < claims / 4
    assert 1 <= stats["texts_shingled"] < texts / 4


def test_removed_claims_update_as_a_full_pass(formula_db, tmp_path):
    db = formula_db
    official = representative(db)
    # Two more of its wording under larger ids: removing it leaves the smaller of them to
    # represent the wording (the exact link and the near links move to it).
    insert(db, official["id"] + "1", official["text"])
    insert(db, official["id"] + "2", official["text"] + "！")
    db.conn.commit()
    update_by_changes(db)
    assert_as_a_full_pass(db, tmp_path / "added")
    db.execute("delete from claims where id = ?", [official["id"]])
    db.execute("delete from claims where id in ('f006', 'f024')")  # formula wordings inside
    db.conn.commit()
    update_by_changes(db)
    assert near_links_of(db, official["id"] + "1") and not near_links_of(db, official["id"])
    assert_as_a_full_pass(db, tmp_path)


def test_changed_claims_update_as_a_full_pass(formula_db, tmp_path):
    db = formula_db
    official = representative(db)
    grouped = db.execute("select id, repeat_group from claims where repeat_group is not null "
                         "and id != repeat_group limit 1").fetchone()
    # A linked claim says something else now; a formula wording takes another subject;
    # another tool overwrote a claim's group.
    db.execute("update claims set text = ? where id = ?", ["荷兰政府已吊销其部分设备运往中国的"
                                                          "出口许可证", official["id"]])
    db.execute("update claims set text = ? where id = 'f010'", [FORMULA.format("中巴合作")])
    db.execute("update claims set repeat_group = 'someone', repeats = 9 where id = ?",
               [grouped[0]])
    db.conn.commit()
    update_by_changes(db)
    assert not near_links_of(db, official["id"])
    assert db["claims"].get(grouped[0])["repeat_group"] == grouped[1]
    assert_as_a_full_pass(db, tmp_path)
    # The same wording without its clause marks: a window of its clauses matched the short
    # claim, the whole text cannot.
    longer = CHAIN["b"] + "，美方应当恪守承诺，停止售台武器，停止美台军事联系，停止干涉中国内政"
    insert(db, "chain-a", CHAIN["a"])
    insert(db, "chain-b", longer)
    db.conn.commit()
    update_by_changes(db)
    assert linked(db, "chain-a", "chain-b")
    db.execute("update claims set text = ? where id = 'chain-b'", [longer.replace("，", "")])
    db.conn.commit()
    update_by_changes(db)
    assert not linked(db, "chain-a", "chain-b")
    assert_as_a_full_pass(db, tmp_path / "unpunctuated")


def test_many_changes_update_as_a_full_pass(formula_db, tmp_path):
    """Rounds of claims added, removed and changed at random (seeded), among them smaller
    ids carrying a stored wording: each round equals a full pass."""
    import random

    db, rng = formula_db, random.Random(7)
    texts = [r[0] for r in db.execute("select text from claims order by id")]

    def new_text() -> str:
        kind = rng.random()
        if kind < 0.3:
            return FORMULA.format(rng.choice(SUBJECTS) + rng.choice(["", "的最新进展", "等问题"]))
        text = rng.choice(texts)
        if kind < 0.5:
            return text
        if kind < 0.75:
            cut = rng.randrange(len(text) + 1)
            return text[:cut] + rng.choice(["", "，", "据悉", "。"]) + text[cut:]
        return text + "，" + rng.choice(texts)

    for round_ in range(6):
        ids = [r[0] for r in db.execute("select id from claims")]
        for _ in range(rng.randrange(2, 8)):
            kind = rng.random()
            if kind < 0.35:
                insert(db, f"{rng.getrandbits(40):010x}", new_text())
            elif kind < 0.55:
                db.execute("delete from claims where id = ?", [ids.pop(rng.randrange(len(ids)))])
            elif kind < 0.8:
                db.execute("update claims set text = ? where id = ?", [new_text(), rng.choice(ids)])
            else:
                insert(db, f"0{rng.getrandbits(36):09x}", rng.choice(texts))
        db.conn.commit()
        update_by_changes(db)
        assert_as_a_full_pass(db, tmp_path / str(round_))


def test_an_index_from_an_earlier_version_is_made_by_a_full_pass(formula_db):
    db = formula_db
    db.execute(f"drop table {UNITS}")
    db.execute("update claims set text = text || '。' where id = 'f000'")
    db.conn.commit()
    stats = update_by_changes(db)
    assert "claims" in stats and stats["claims"] == db["claims"].count  # every claim
    assert db[UNITS].count > 0
