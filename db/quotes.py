"""A quote checked against its primary source: what the news reports a speaker said, aligned
character by character with what the speaker said in a transcript.

`compare_quote(reported, primary)` says how the two relate: verbatim, abridged (parts of the
primary left out — which), paraphrased (reworded), altered (words changed in a way that changes
meaning — which) or no match. Words are compared, not punctuation or spacing: `verbatim` is the
same words in the same order, however they are punctuated (the diff still shows punctuation).
`save_quote_checks(db)` finds each news statement's primary source among transcript statements
of a few days around it and stores the best comparison in `quote_checks`.

A transcript statement nested in another (a reporter's question quoting a White House
official) is a relay of the speaker's words, not the speaker's own: it is compared only when
the speaker's own words are not there, and the check's `method` says `relay` (RELAY_METHOD).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

import sqlite_utils

from .text import stable_id

from .changes import slot_table
from .schema import ensure_tables

# Aligned runs shorter than this are chance: common characters and two-character words (中国,
# 国家, 地区) that any two texts on foreign affairs share.
MIN_RUN = 3
# Below this share of the reported text found in the primary, the two are not the same words.
# Measured on the MFA transcripts 2020-2024: statements of a spokesperson relayed in a question
# against that spokesperson's turns of ±3 days in other transcripts. The wrong turns share 0.06
# (90th percentile) to 0.21 (99th) of the statement; the right ones 0.49 and more, with no
# statement between 0.33 and 0.49.
NO_MATCH_BELOW = 0.45
# At or above this share a report renders the speaker's own words, so any word it changes or
# puts in is a change to what the speaker said (altered); below it the report rewords
# (paraphrased) and only a turned negation, figure or opposite makes it altered.
NEAR_VERBATIM = 0.9
# An omission this short, inside the quoted passage, is a word dropped and may flip the meaning
# (不支持 → 支持); longer ones are passages left out.
WORD_LENGTH = 4
# Days between a reported statement and its primary source.
WINDOW_DAYS = 3

NEGATIONS = set("不没未无非否别勿莫毋")
# Words that start with a negation character and do not negate.
NOT_NEGATING = ("不断", "不仅", "不但", "不少", "非常", "无论", "不论", "毫不", "不久")
# Figures: digits, or Chinese numerals beyond a lone 一 (which is in 一个, 统一, 一道 …).
NUMBER_RE = re.compile(r"[0-9０-９.．%％]+|[〇零一二三四五六七八九十百千万亿]*[二三四五六七八九十百千万亿]"
                       r"[〇零一二三四五六七八九十百千万亿]*")
# Pairs of words of opposite meaning: one reported in place of the other reverses a statement.
OPPOSITES = [("支持", "反对"), ("同意", "拒绝"), ("赞成", "反对"), ("接受", "拒绝"),
             ("承认", "否认"), ("增加", "减少"), ("提高", "降低"), ("上升", "下降"),
             ("扩大", "缩小"), ("加强", "削弱"), ("允许", "禁止"), ("欢迎", "反对"),
             ("肯定", "否定"), ("积极", "消极")]
# The speaker's own "we" becomes a name in reported speech (我们 → 中方): not a change.
FIRST_PERSON = {"我", "我们", "我方", "本人", "咱们", "我国"}

VERBATIM, ABRIDGED, PARAPHRASED, ALTERED = "verbatim", "abridged", "paraphrased", "altered"
# How `method` names the two kinds of transcript text a report is compared with.
OWN_WORDS_METHOD = "the speaker's own turn in a transcript"
RELAY_METHOD = "a relay in a transcript (another speaker quoting them), not their own words"
PUNCTUATION_NOTE = "words compared, punctuation and spacing not"
NO_MATCH, NO_PRIMARY = "no match", "no primary source found"


@dataclass
class QuoteCheck:
    relation: str
    similarity: float  # share of the reported text (punctuation aside) in the primary's words
    coverage: float  # share of the primary (punctuation aside) the report carries
    omitted: list[str] = field(default_factory=list)
    altered: list[tuple[str, str]] = field(default_factory=list)  # (primary, reported)
    diff: str = ""  # the primary with [-left out-] and {+put in+} by the report


def is_punct(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZ"


def words(text: str) -> str:
    """The text without punctuation and spaces: what counts when comparing."""
    return "".join(c for c in text if not is_punct(c))


def has_words(text: str) -> bool:
    """words(text) is not empty (stops at the first word character)."""
    return any(not is_punct(c) for c in text)


def trim(passage: str) -> str:
    """A passage left out, without the commas and stops that joined it to its neighbours."""
    start, end = 0, len(passage)
    while start < end and is_punct(passage[start]) and unicodedata.category(passage[start]) not in ("Ps", "Pi"):
        start += 1
    while end > start and passage[end - 1] in "，、；：,;: \n":
        end -= 1
    return passage[start:end]


def compact(text: str) -> str:
    return "".join(text.split())


def negates(text: str) -> bool:
    for word in NOT_NEGATING:
        text = text.replace(word, "")
    return any(c in NEGATIONS for c in text)


def numbers(text: str) -> list[str]:
    return NUMBER_RE.findall(text)


def changes_meaning(primary: str, reported: str) -> bool:
    """A negation added or dropped, a number changed, or a word replaced by its opposite."""
    if negates(primary) != negates(reported):
        return True
    if numbers(primary) != numbers(reported):
        return True
    return any((a in primary and b in reported) or (b in primary and a in reported)
               for a, b in OPPOSITES)


SENTENCE_END = set("。！？!?；;")


def join(r_gap: str, p_gap: str, at_end: bool) -> tuple[int, int, int] | None:
    """The longest piece of a gap the report carries next to an aligned run that the primary has
    in the same sentence as that run, a clause away: a reporter keeps the subject and skips to
    the verb (中方[-对此坚决反对，并-]将采取). As (reported, primary, length) within the gaps."""
    # Word characters in the piece of each length, counted once: counting each piece again
    # made long gaps cost their length squared (0.3 s of a press conference's checks).
    ends = r_gap[::-1] if at_end else r_gap
    in_piece = [0]
    for char in ends:
        in_piece.append(in_piece[-1] + (not is_punct(char)))
    for k in range(len(r_gap), MIN_RUN - 2, -1):
        if in_piece[k] < 2:
            return None
        if k > len(p_gap):  # no piece longer than the gap is in it
            continue
        piece = r_gap[len(r_gap) - k:] if at_end else r_gap[:k]
        j = p_gap.rfind(piece) if at_end else p_gap.find(piece)
        between = p_gap[j + k:] if at_end else p_gap[:j]
        if j >= 0 and not SENTENCE_END.intersection(between):
            return (len(r_gap) - k if at_end else 0, j, k)
    return None


def new_words(pair: tuple[str, str]) -> bool:
    """Words a report puts in the speaker's mouth: two characters or more, and not what is left
    of the primary's words when some are dropped (一个中国 → 一中). A single character swapped
    (做 → 作, 自身 → 自己) is a variant, not new words."""
    primary, reported = words(pair[0]), words(pair[1])
    rest = iter(primary)
    return len(reported) >= 2 and not all(char in rest for char in reported)


def alignment(reported: str, primary: str) -> list[tuple[int, int, int]]:
    """Matching runs (reported start, primary start, length), in order: runs of MIN_RUN or more,
    and shorter words joined to them within a sentence; chance matches dropped."""
    matcher = SequenceMatcher(None, reported, primary, autojunk=False)
    anchors = [(a, b, n) for a, b, n in matcher.get_matching_blocks() if n >= MIN_RUN]
    if not anchors:
        return []
    runs, ri, pi = [], 0, 0
    for index, (a, b, n) in enumerate(anchors + [(len(reported), len(primary), 0)]):
        r_gap, p_gap = reported[ri:a], primary[pi:b]
        head = join(r_gap, p_gap, at_end=False) if index > 0 else None
        if head:
            runs.append((ri + head[0], pi + head[1], head[2]))
            r_gap, p_gap = r_gap[head[2]:], p_gap[head[1] + head[2]:]
        tail = join(r_gap, p_gap, at_end=True) if n else None
        if tail:
            runs.append((a - len(r_gap) + tail[0], b - len(p_gap) + tail[1], tail[2]))
        if n:
            runs.append((a, b, n))
        ri, pi = a + n, b + n
    return runs


def compare_quote(reported: str, primary: str) -> QuoteCheck:
    """How a reported statement relates to the primary text it claims to render."""
    r, p = compact(reported), compact(primary)
    r_words, p_words = len(words(r)), len(words(p))
    if not r_words or not p_words:
        raise ValueError("compare_quote needs two texts with words in them")
    runs = alignment(r, p)
    matched = sum(len(words(r[a:a + n])) for a, _, n in runs)
    similarity, coverage = matched / r_words, min(matched / p_words, 1.0)
    omitted, altered, reworded, diff = [], [], [], []
    ri = pi = 0
    for index, (a, b, n) in enumerate(runs + [(len(r), len(p), 0)]):
        r_gap, p_gap = r[ri:a], p[pi:b]
        inside = 0 < index < len(runs)  # between two matching runs, not at either end
        if r_gap or p_gap:
            diff.append((f"[-{p_gap}-]" if p_gap else "") + (f"{{+{r_gap}+}}" if r_gap else ""))
        rw, pw = words(r_gap), words(p_gap)
        word = len(pw) <= WORD_LENGTH and len(rw) <= WORD_LENGTH
        if not (rw or pw) or (pw in FIRST_PERSON and len(rw) <= 6):
            pass  # punctuation, or the speaker's "we" named in reported speech
        elif inside and rw and pw:
            # Words replaced inside the quoted passage: a turned negation only counts for a
            # word (a passage may hold many), a changed figure always.
            turned = changes_meaning(pw, rw) if word else numbers(pw) != numbers(rw)
            (altered if turned else reworded).append((p_gap, r_gap))
        elif rw:  # words the report puts in
            (altered if word and changes_meaning("", rw) else reworded).append(("", r_gap))
        elif inside and word and changes_meaning(pw, ""):
            altered.append((p_gap, ""))  # a negation or figure dropped
        else:
            omitted.append(trim(p_gap))  # words or a passage left out
        if not inside and rw and pw:
            omitted.append(trim(p_gap))  # before or after the quoted passage
        if index == 0 and n and pw and negates(pw[-1] + p[b]) != negates(p[b]):
            altered.append((pw[-1], ""))  # the quote starts after the speaker's negation
        diff.append(p[b:b + n])
        ri, pi = a + n, b + n
    if similarity < NO_MATCH_BELOW:
        relation, omitted, altered = NO_MATCH, [], []
    elif altered or (similarity >= NEAR_VERBATIM and any(map(new_words, reworded))):
        relation, altered = ALTERED, altered + [pair for pair in reworded if new_words(pair)]
    elif reworded and similarity < NEAR_VERBATIM:
        relation = PARAPHRASED
    else:
        relation = ABRIDGED if omitted else VERBATIM
    return QuoteCheck(relation, round(similarity, 3), round(coverage, 3), omitted, altered,
                      "".join(diff))


# ------------------------------------------------------------------- the database

# Transcript articles: the extractor gives their labelled turns (`毛宁：`, `路透社记者：`) as
# top-level statements with no reporting cue, and questions as kind `question`. News has neither.
TRANSCRIPTS = """
select distinct article_id from statements
where nested_in is null and (kind = 'question' or cue is null or cue in ('', '：', ':'))
"""

STATEMENTS = """
select
  statements.id, statements.article_id, statements.speaker_id, statements.text,
  statements.kind, statements.nested_in, statements.cue, statements.said_on,
  articles.published, speakers.name, speakers.kind as speaker_kind, speakers.country,
  speakers.title, speakers.org
from statements
  join articles on articles.id = statements.article_id
  join speakers on speakers.id = statements.speaker_id
"""

# Speakers who stand for an unnamed source: the same source gets a different id in another
# article, so they are matched by kind, country and words instead.
UNNAMED_KINDS = {"anonymous", "collective"}


def day(row: dict) -> date | None:
    """When a statement was said, to the day: said_on, else the article's date when said_on is
    unknown; None when only a month or year is known."""
    value = row["said_on"] if row["said_on"] else row["published"]
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def is_role(speaker: dict) -> bool:
    """A speaker named by a role only (外交部发言人): any holder of the role may have said it."""
    return bool(speaker["title"] and speaker["org"] and speaker["name"].endswith(speaker["title"]))


def same_source(news: dict, primary: dict) -> str | None:
    """How a transcript statement may be the news statement's source, or None."""
    if news["speaker_id"] == primary["speaker_id"]:
        return "same speaker"
    if news["speaker_kind"] in UNNAMED_KINDS and primary["speaker_kind"] == news["speaker_kind"] \
            and primary["country"] == news["country"]:
        return f"same {news['speaker_kind']} source and country"
    if is_role(news) and primary["title"] == news["title"] and primary["org"] == news["org"]:
        return "same role"
    return None


def check_row(news: dict, check: QuoteCheck, primary: dict | None, method: str) -> dict:
    return {
        "id": stable_id("quote", news["id"]), "statement_id": news["id"],
        "primary_statement_id": primary["id"] if primary else None,
        "primary_article_id": primary["article_id"] if primary else None,
        "relation": check.relation,
        "similarity": check.similarity if primary else None,
        "coverage": check.coverage if primary else None,
        "omitted": json.dumps(check.omitted, ensure_ascii=False) if check.omitted else None,
        "altered": json.dumps(check.altered, ensure_ascii=False) if check.altered else None,
        "diff": check.diff or None, "method": method,
    }


def best_primary(news: dict, candidates: list[dict]) -> tuple[QuoteCheck, dict, str] | None:
    """The transcript statement the news statement renders most closely, if any does."""
    best = None
    for primary in candidates:
        how = same_source(news, primary)
        if how is None or primary["article_id"] == news["article_id"]:
            continue
        check = compare_quote(news["text"], primary["text"])
        if check.relation == NO_MATCH:
            continue
        # The speaker's own words first: a relay is compared only when they are not there.
        own = primary["nested_in"] is None
        # Equal matches go to the smallest id: the same answer whatever order rows are read in.
        key = (own, check.similarity, check.coverage)
        if best is None or key > best[0] or (key == best[0] and primary["id"] < best[2]["id"]):
            where = OWN_WORDS_METHOD if own else RELAY_METHOD
            best = (key, check, primary,
                    f"{how}, {where}, ±{WINDOW_DAYS} days; {PUNCTUATION_NOTE}; difflib")
    return best[1:] if best else None


def is_primary(row: dict, transcripts) -> bool:
    return row["article_id"] in transcripts


def turn_speaker(primary: dict) -> bool:
    """A transcript statement that makes its speaker one who has turns of their own (answers,
    not questions): the spokespeople."""
    return primary["nested_in"] is None and primary["kind"] != "question" \
        and primary["speaker_kind"] != "media"


def checked_row(statement: dict, by_day: dict[date, list[dict]],
                turn_speakers, transcript_days) -> dict | None:
    """The quote_checks row of one news statement, given the transcript statements by day."""
    around = [statement["day"].fromordinal(statement["day"].toordinal() + offset)
              for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1)]
    candidates = [p for d in around for p in by_day.get(d, [])]
    found = best_primary(statement, candidates)
    if found:
        return check_row(statement, *found)
    if statement["speaker_id"] in turn_speakers and transcript_days.intersection(around):
        return check_row(statement, QuoteCheck(NO_PRIMARY, 0.0, 0.0), None,
                         f"no statement of this speaker within ±{WINDOW_DAYS} days "
                         "matches; difflib")
    return None


@dataclass
class Transcripts:
    """Every statement with a day and words, read once: the news statements, the transcript
    statements by day, the speakers with turns of their own and the days with a turn."""
    news: list[dict]
    by_day: dict[date, list[dict]]
    turn_speakers: set[str]
    transcript_days: set[date]


def read_statements(db: sqlite_utils.Database) -> Transcripts:
    transcripts = {row["article_id"] for row in db.query(TRANSCRIPTS)}
    news, primaries = [], []
    for row in db.query(STATEMENTS):
        row["day"] = day(row)
        if row["day"] is not None and has_words(row["text"]):
            (primaries if is_primary(row, transcripts) else news).append(row)
    by_day: dict[date, list[dict]] = {}
    for p in primaries:
        by_day.setdefault(p["day"], []).append(p)
    return Transcripts(news, by_day, {p["speaker_id"] for p in primaries if turn_speaker(p)},
                       {p["day"] for p in primaries if p["nested_in"] is None})


def quote_check_rows(db: sqlite_utils.Database) -> tuple[list[dict], set[str]]:
    """One row per news statement with a primary source, and one `no primary source found` row
    per news statement by a speaker who speaks in transcripts when a transcript of those days
    is there to be checked (without one, nothing can be said); and the speakers who speak in
    transcripts."""
    found = read_statements(db)
    rows = [row for row in (checked_row(statement, found.by_day, found.turn_speakers,
                                        found.transcript_days)
                            for statement in found.news) if row]
    return rows, found.turn_speakers


# The speakers with turns of their own in transcripts, kept between runs: whether a speaker
# gained or lost them says which `no primary source found` rows an update must look at again.
TURN_SPEAKERS = "quote_turn_speakers"
CREATE_TURN_SPEAKERS = f"create table if not exists {TURN_SPEAKERS} (speaker_id text primary key)"


def save_quote_checks(db: sqlite_utils.Database) -> dict:
    """Check every news statement against its primary source and store the result: rows of
    statements that no longer have one are removed. Returns the count per relation."""
    ensure_tables(db)
    rows, turn_speakers = quote_check_rows(db)
    with db.atomic():
        db.execute("delete from quote_checks")
        if rows:
            db["quote_checks"].insert_all(rows, pk="id")
        db.execute(CREATE_TURN_SPEAKERS)
        db.execute(f"delete from {TURN_SPEAKERS}")
        db.conn.executemany(f"insert into {TURN_SPEAKERS} values (?)",
                            [(s,) for s in sorted(turn_speakers)])
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["relation"]] = counts.get(row["relation"], 0) + 1
    return counts


# ------------------------------------------------------------------- after a change

TRANSCRIPT_ARTICLE = """
select 1 from statements where article_id = ?
and nested_in is null and (kind = 'question' or cue is null or cue in ('', '：', ':')) limit 1
"""


class _Reader:
    """Statements as `quote_check_rows` reads them, fetched by id, day or speaker, with each
    article's transcript status asked once."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.transcript: dict[str, bool] = {}
        self.days: dict[date, list[dict]] = {}  # the transcript statements of a day

    def is_transcript(self, article_id: str) -> bool:
        if article_id not in self.transcript:
            self.transcript[article_id] = self.db.execute(
                TRANSCRIPT_ARTICLE, [article_id]).fetchone() is not None
        return self.transcript[article_id]

    def rows(self, where: str, params) -> list[dict]:
        """Statements with a day and words, with `day` and `primary` (from a transcript)."""
        found = []
        for row in self.db.query(STATEMENTS + " where " + where, params):
            row["day"] = day(row)
            if row["day"] is not None and has_words(row["text"]):
                row["primary"] = self.is_transcript(row["article_id"])
                found.append(row)
        return found

    def on_days(self, days) -> list[dict]:
        """The statements of these days (said_on, else the article's date)."""
        days = sorted(days)
        if not days:
            return []
        texts = [d.isoformat() for d in days]
        marks = ", ".join("?" for _ in texts)
        wanted = set(days)
        return [row for row in self.rows(
            f"statements.said_on in ({marks}) or (coalesce(statements.said_on, '') = '' "
            f"and statements.published in ({marks}))", texts + texts) if row["day"] in wanted]

    def primaries_by_day(self, days) -> dict[date, list[dict]]:
        missing = set(days) - set(self.days)
        for d in missing:
            self.days[d] = []
        for row in self.on_days(missing):
            if row["primary"]:
                self.days[row["day"]].append(row)
        return self.days

    def has_turns(self, speaker_id: str) -> bool:
        kind = self.db.execute("select kind from speakers where id = ?", [speaker_id]).fetchone()
        if kind is None or kind[0] == "media":  # a reporter's turns are questions
            return False
        # The cheap tests first: a busy speaker's statements are many and long, their
        # articles few. Only the statements of transcripts are read as rows (reading each of a
        # news speaker's 10,000 statements was 0.3 s of a press conference's checks).
        own = "statements.speaker_id = ? and statements.nested_in is null and " \
              "statements.kind is not 'question'"
        for article_id, in self.db.execute(
                f"select distinct article_id from statements where {own}", [speaker_id]):
            if not self.is_transcript(article_id):
                continue
            for row in self.db.query(STATEMENTS + f" where {own} and statements.article_id = ?",
                                     [speaker_id, article_id]):
                if day(row) is not None and has_words(row["text"]) and turn_speaker(row):
                    return True
        return False


def _window(days) -> set[date]:
    return {d.fromordinal(d.toordinal() + offset) for d in days
            for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1)}


def _day_of(values: dict) -> date | None:
    return day({"said_on": values.get("said_on"), "published": values.get("published")})


def update_quote_checks(db: sqlite_utils.Database, changes) -> dict:
    """What `save_quote_checks` does, for the news statements a change can reach: changed
    statements themselves, every news statement within ±WINDOW_DAYS of a changed statement's
    day (before and after the change: its primary source may have come or gone), the
    statements of a changed speaker or of an article a change touched (which may have become
    or stopped being a transcript), and the news statements of a speaker who gained or lost
    turns of their own. Same result as `save_quote_checks`."""
    ensure_tables(db)
    db.execute(CREATE_TURN_SPEAKERS)
    reader = _Reader(db)
    days: set[date] = set()
    ids: set[str] = set()  # statement ids whose row is looked at again
    speakers: set[str] = set()
    articles: set[str] = set()
    rowids = []
    for rowid, slot in changes.of("statements").items():
        if not slot.content:
            continue
        rowids.append(rowid)
        if slot.before is not None:
            ids.add(slot.before["id"])
            speakers.add(slot.before["speaker_id"])
            articles.add(slot.before["article_id"])
            days.add(_day_of(slot.before))
    # A speaker's name, kind, country, title or org decides which transcript statements are
    # theirs (same_source): every statement of a changed speaker is looked at again.
    changed_speakers = {slot.before["id"] for slot in changes.of("speakers").values()
                        if slot.before is not None}
    if changes.of("speakers"):
        slots = slot_table(db, "quote_speaker_slots", changes.of("speakers"))
        changed_speakers |= {r[0] for r in db.execute(
            f"select id from speakers where rowid in (select slot from {slots})")}
    rows: list[dict] = []
    if rowids:
        slots = slot_table(db, "quote_statement_slots", rowids)
        rows += reader.rows(f"statements.rowid in (select slot from {slots})", [])
        for row in db.execute(f"select id, speaker_id, article_id from statements "
                              f"where rowid in (select slot from {slots})"):
            ids.add(row[0]), speakers.add(row[1]), articles.add(row[2])
    for article_id in sorted(articles):
        rows += reader.rows("statements.article_id = ?", [article_id])
    for speaker_id in sorted(changed_speakers):
        rows += reader.rows("statements.speaker_id = ?", [speaker_id])
        speakers.add(speaker_id)
    for row in rows:
        ids.add(row["id"])
        days.add(row["day"])
        speakers.add(row["speaker_id"])
    # Speakers who gained or lost turns: their news statements' `no primary source` rows.
    stored = {r[0] for r in db.execute(f"select speaker_id from {TURN_SPEAKERS}")}
    gained, lost = set(), set()
    others = []  # unchanged statements a change may reach
    for speaker_id in sorted(speakers - {None}):
        now = reader.has_turns(speaker_id)
        if now != (speaker_id in stored):
            (gained if now else lost).add(speaker_id)
            others += reader.rows("statements.speaker_id = ?", [speaker_id])
    turn_speakers = (stored | gained) - lost
    days.discard(None)
    others += reader.on_days(_window(days))
    # Changed news statements are checked against every candidate; unchanged ones only
    # against the changed transcript statements, unless the primary they had changed.
    news = {row["id"]: row for row in rows if not row["primary"]}
    changed_primaries = list({row["id"]: row for row in rows if row["primary"]}.values())
    reached = {row["id"]: row for row in others if not row["primary"] and row["id"] not in news}
    had = _stored_checks(db, reached)
    for statement_id in list(reached):
        if had.get(statement_id, {}).get("primary_statement_id") in ids:
            news[statement_id] = reached.pop(statement_id)
    by_day = reader.primaries_by_day(_window({row["day"] for row in [*news.values(),
                                                                      *reached.values()]}))
    transcript_days = {d for d, found in by_day.items()
                       if any(p["nested_in"] is None for p in found)}
    checked = [row for row in (checked_row(news[i], by_day, turn_speakers, transcript_days)
                               for i in sorted(news)) if row]
    for statement_id in sorted(reached):
        row, kept = _checked_again(reached[statement_id], had.get(statement_id),
                                   changed_primaries, turn_speakers, transcript_days)
        if not kept:
            ids.add(statement_id)
            checked += [row] if row else []
    ids |= set(news)
    with db.atomic():
        db.conn.executemany("delete from quote_checks where statement_id = ?",
                            [(i,) for i in sorted(ids)])
        if checked:
            db["quote_checks"].insert_all(checked, pk="id", replace=True)
        db.conn.executemany(f"delete from {TURN_SPEAKERS} where speaker_id = ?",
                            [(s,) for s in sorted(lost)])
        db.conn.executemany(f"insert or ignore into {TURN_SPEAKERS} values (?)",
                            [(s,) for s in sorted(gained)])
    return {"checked": len(news), "checked_against_changes": len(reached),
            "rows_written": len(checked)}


def _stored_checks(db: sqlite_utils.Database, statements: dict) -> dict[str, dict]:
    """The stored quote_checks rows of these statements, by statement id."""
    found = {}
    ids = sorted(statements)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"select * from quote_checks where statement_id in ({marks})", chunk):
            found[row["statement_id"]] = row
    return found


def _checked_again(news: dict, had: dict | None, changed: list[dict], turn_speakers,
                   transcript_days) -> tuple[dict | None, bool]:
    """The check of an unchanged news statement whose stored primary did not change: the
    better of that primary and the best changed transcript statement of its days, which is
    what checking every candidate gives (the stored one was the best of the others). Returns
    (row, whether the stored row stands)."""
    around = _window({news["day"]})
    found = best_primary(news, [p for p in changed if p["day"] in around])
    if had is not None and had["primary_statement_id"] is not None:
        own = had["method"] is not None and OWN_WORDS_METHOD in had["method"]
        stored_key = (own, had["similarity"], had["coverage"])
        if found is None:
            return had, True
        check, primary, _ = found
        key = (primary["nested_in"] is None, check.similarity, check.coverage)
        if key < stored_key or (key == stored_key and primary["id"] > had["primary_statement_id"]):
            return had, True
        return check_row(news, *found), False
    if found:
        return check_row(news, *found), False
    # No primary before nor among the changes: whether `no primary source found` applies.
    row = checked_row(news, {}, turn_speakers, transcript_days)
    return row, row == had
