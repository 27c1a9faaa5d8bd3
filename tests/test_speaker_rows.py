"""Speaker rows of a build of the shared corpus are sources, not pieces of sentences."""
from __future__ import annotations

import re

import pytest
import sqlite_utils

from quotecheck.ingest.speakers import is_source_name
from tests.conftest import SHARED, invoke

# What a sentence fragment read as a speaker looks like, checked apart from is_source_name:
# a reporting cue inside, a clause opener or particle at an edge, a space between words,
# unbalanced quote marks or brackets, or a list of three or more sources.
CUE_INSIDE = re.compile(r"表示|指出|强调|透露|宣布|认为|声称|刊文|发文|撰文|说|称|表示")
OPENERS = tuple("继就对在从把被让给于由据如若因和与及或而但并也还又才都的")
ENDINGS = tuple("的了着是在对向与和及等之")


def fragment_reasons(name: str, kind: str | None = None) -> list[str]:
    reasons = []
    if CUE_INSIDE.search(name):
        reasons.append("cue inside")
    if name.startswith(OPENERS) and not name.startswith(("当地", "以色列", "和平")):
        reasons.append("opens like a clause")
    # 黄家和, 程鼎一: a person's three-character name may end with a character that is also a
    # particle; anything longer that ends so is cut from a sentence.
    if name.endswith(ENDINGS) and not (kind == "person" and len(name) == 3):
        reasons.append("ends with a particle")
    if re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", name):
        reasons.append("space between words")
    if any(name.count(a) != name.count(b) for a, b in ("“”", "「」", "（）", "《》")):
        reasons.append("unbalanced marks")
    if name.count("、") >= 3:
        reasons.append("a list of sources")
    return reasons


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, runner):
    if not (SHARED / "corpus").exists():
        pytest.skip("../shared is not here")
    pages = sorted((SHARED / "corpus" / "mfa-press-zh" / "raw").iterdir())[::40]
    news = sorted((SHARED / "corpus" / "xinwenlianbo-zh" / "news").glob("*.json"))[::12]
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    invoke(runner, "ingest", *pages, *news, SHARED / "corpus" / "rthk-zh-hant" / "items.jsonl",
           "--db", path, "--quiet", ok=False)
    return sqlite_utils.Database(path)


def test_no_speaker_row_is_a_piece_of_a_sentence(corpus_db):
    rows = list(corpus_db.query("select name, kind from speakers where id in "
                                "(select speaker_id from statements)"))
    assert len(rows) > 150
    bad = [(r["name"], fragment_reasons(r["name"], r["kind"])) for r in rows
           if fragment_reasons(r["name"], r["kind"]) and r["kind"] != "anonymous"]
    assert bad == []
    learned = list(corpus_db.query("select name, kind from speakers where in_registry = 0 and id in "
                                   "(select speaker_id from statements)"))
    assert [r["name"] for r in learned if not is_source_name(r["name"], r["kind"])] == []


def test_traditional_speakers_are_named_as_written_with_the_other_script_as_alias(corpus_db):
    row = next(corpus_db.query("select name, aliases from speakers where name in ('毛寧', '毛宁')"))
    assert row["name"] == "毛宁"  # the registry's row: one speaker across scripts
    learned = list(corpus_db.query("select name, aliases from speakers where in_registry = 0 "
                                   "and aliases like '%\"%' and name glob '*[國說發會們]*'"))
    assert learned and all(r["aliases"] for r in learned)
