"""Reviews: fact-check verdicts on claims, kept as YAML files in reviews/ and loaded by the build.

One file per review. The claim is named the way a person would name it — the article (its id,
key, front-matter id or URL) and the claim's words as quoted — and resolved on every build to
the claim whose text contains those words, else the one they best overlap; a review whose claim
no longer resolves is kept with status 'unresolved' and reported, never dropped. Changing a
verdict keeps the earlier one in `history`, with the date it was superseded.

`apply_verdicts` then writes each claim's verdict: a reviewed claim's own, and for the claims
that repeat it directly (a verified link in claim_links, or the very same wording) the same
verdict marked 'inherited', pointing at the review.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
import yaml

from .text import stable_id, to_simplified

from .changes import temp_values
from .repeats import EXACT_METHOD
from .schema import ensure_tables

# The normalised scale, most to least supported.
VERDICTS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unverifiable")
# The reviewer's own label when a file gives none.
DEFAULT_LABELS = {"true": "属实", "mostly-true": "基本属实", "mixed": "部分属实",
                  "mostly-false": "基本不实", "false": "不实", "misleading": "误导",
                  "unverifiable": "无法证实"}
DEFAULT_PUBLISHER = "quotecheck"
IMPORTED = "claimreview:"  # origin prefix of reviews imported from other fact-checkers
OVERLAP = 0.6  # share of the quoted words' 3-grams a claim must hold to be its best overlap
FIELDS = ("article", "claim", "verdict", "label", "summary", "evidence", "reviewer",
          "publisher", "reviewed_on", "url", "history")

_NOT_WORD = re.compile(r"[\W_]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ReviewError(ValueError):
    """A review that cannot be read or resolved: the message says which and why."""


class ArticleMissing(ReviewError):
    """The article a review names is not in this database at all."""


def normalise_verdict(value) -> str:
    """A verdict on the scale; YAML's bare true/false (booleans) are read as the words."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    word = str(value or "").strip().lower().replace("_", "-").replace(" ", "-")
    if word not in VERDICTS:
        raise ReviewError(f"verdict {value!r} is not one of {', '.join(VERDICTS)}")
    return word


def normalise_date(value, field: str = "date") -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ReviewError(f"{field} {value!r} is not a YYYY-MM-DD date") from None
    if not _DATE.match(text):
        raise ReviewError(f"{field} {value!r} is not a YYYY-MM-DD date")
    return text


def latest_today() -> dt.date:
    """Today's date where it is latest on Earth (UTC+14): a review written today anywhere
    is never in the future."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


def review_date(value, field: str = "date") -> str | None:
    """normalise_date for the day a review was made: a day still to come is an error, as a
    future review would outrank every real one."""
    date = normalise_date(value, field)
    if date is not None and dt.date.fromisoformat(date) > latest_today():
        raise ReviewError(f"{field} {date} is in the future")
    return date


class NotLoaded(str):
    """A review file that was not loaded (unreadable or invalid): an error, not a warning."""


def comparable(text: str) -> str:
    """Simplified characters, lower case, no punctuation, quote marks or spaces."""
    return _NOT_WORD.sub("", to_simplified(text or "")).lower()


def trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(max(len(text) - 2, 1))} if text else set()


# ---------------------------------------------------------------- resolving a claim

def find_article(db: sqlite_utils.Database, ref: str) -> dict | None:
    """The article a reference names: its id, key, front-matter id, URL, or source path."""
    ref = str(ref or "").strip()
    if not ref or "articles" not in db.table_names():
        return None
    for sql, arg in (("id = ?", ref), ("key = ?", ref), ("key = ?", f"id:{ref}"),
                     ("url = ?", ref), ("source = ?", ref)):
        rows = list(db.query(f"select id, key, url, title, source from articles where {sql}",
                             [arg]))
        if rows:
            return rows[0]
    rows = list(db.query("select id, key, url, title, source from articles "
                         "where source like ? order by id", [f"%/{ref}"]))
    return rows[0] if len(rows) == 1 else None


def best_claim(claims: list[dict], quoted: str) -> dict | None:
    """The claim the quoted words name: the shortest claim containing them; else the longest
    claim inside them that makes up most of them; else the claim holding the largest share
    (at least OVERLAP) of their 3-grams."""
    want = comparable(quoted)
    if not want:
        return None
    keyed = [(comparable(c["text"]), c) for c in claims]
    containing = [(len(text), c["start"] or 0, c) for text, c in keyed if want in text]
    if containing:
        return min(containing, key=lambda t: t[:2])[2]
    inside = [(-len(text), c["start"] or 0, c) for text, c in keyed
              if text and text in want and len(text) * 2 >= len(want)]
    if inside:
        return min(inside, key=lambda t: t[:2])[2]
    grams = trigrams(want)
    scored = [(-len(grams & trigrams(text)) / len(grams), c["start"] or 0, c)
              for text, c in keyed if text]
    scored = [s for s in scored if -s[0] >= OVERLAP]
    return min(scored, key=lambda t: t[:2])[2] if scored else None


def resolve_claim(db: sqlite_utils.Database, article_ref: str, quoted: str,
                  find=find_article) -> tuple[dict, dict]:
    """(article row, claim row) the review names, or ReviewError saying why it does not resolve.
    `find(db, ref)` finds the article (find_article, or one that remembers its answers)."""
    if not str(quoted or "").strip():
        raise ReviewError("no claim text given")
    article = find(db, article_ref)
    if article is None:
        raise ArticleMissing(f"article {article_ref!r} is not in the database")
    claims = list(db.query('select id, article_id, text, start, "end", repeat_group from claims '
                           "where article_id = ?", [article["id"]]))
    claim = best_claim(claims, quoted)
    if claim is None:
        body = next(db.query("select body from articles where id = ?", [article["id"]]))["body"]
        where = "is in the article" if comparable(quoted) in comparable(body) else \
            "is not in the article (has it changed?)"
        raise ReviewError(f"no claim of article {article_ref!r} matches {quoted!r}: the text "
                          f"{where}; {len(claims)} claims checked")
    return article, claim


# ---------------------------------------------------------------- review files

@dataclass
class ReviewFile:
    path: Path
    data: dict

    @property
    def origin(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def id(self) -> str:
        return stable_id("review-file", self.path.name)


def evidence_list(value) -> list[dict]:
    """Evidence as a list of {url, archived, title}; a bare URL is accepted for an item."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ReviewError("evidence must be a list")
    items = []
    for item in value:
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not str(item.get("url") or "").startswith("http"):
            raise ReviewError(f"evidence item {item!r} has no http(s) url")
        items.append({key: str(item[key]) for key in ("url", "archived", "title")
                      if item.get(key)})
    return items


def history_list(value) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ReviewError("history must be a list")
    entries = []
    for item in value:
        if not isinstance(item, dict):
            raise ReviewError(f"history entry {item!r} is not a mapping")
        entries.append({
            "verdict": normalise_verdict(item.get("verdict")),
            "label": item.get("label"), "summary": item.get("summary"),
            "reviewer": item.get("reviewer"),
            "reviewed_on": review_date(item.get("reviewed_on"), "history reviewed_on"),
            "superseded_on": review_date(item.get("superseded_on"), "history superseded_on"),
        })
    return entries


def check_review(data) -> dict:
    """A review file's mapping, validated and normalised (verdict, dates, evidence, history)."""
    if not isinstance(data, dict):
        raise ReviewError("not a YAML mapping")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ReviewError(f"unknown fields {', '.join(map(str, unknown))}; allowed: "
                          f"{', '.join(FIELDS)}")
    for field in ("article", "claim", "verdict"):
        if data.get(field) in (None, ""):
            raise ReviewError(f"missing {field}")
    review = dict(data)
    review["article"] = str(data["article"])
    review["claim"] = str(data["claim"])
    review["verdict"] = normalise_verdict(data["verdict"])
    review["reviewed_on"] = review_date(data.get("reviewed_on"), "reviewed_on")
    review["evidence"] = evidence_list(data.get("evidence"))
    review["history"] = history_list(data.get("history"))
    return review


def read_review_file(path: Path) -> ReviewFile:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ReviewError(f"cannot read: {type(err).__name__}: {err}".splitlines()[0]) from None
    return ReviewFile(Path(path), check_review(data))


def review_files(reviews_dir: Path) -> list[Path]:
    reviews_dir = Path(reviews_dir)
    if not reviews_dir.is_dir():
        return []
    return sorted(p for p in reviews_dir.iterdir() if p.suffix in (".yml", ".yaml"))


def review_row(review_id: str, origin: str, data: dict, article: dict | None,
               claim: dict | None) -> dict:
    return {
        "id": review_id, "claim_id": claim["id"] if claim else None,
        "article_id": article["id"] if article else None, "claim_text": data["claim"],
        "verdict": data["verdict"],
        "verdict_label": data.get("label") or DEFAULT_LABELS[data["verdict"]],
        "summary": data.get("summary"),
        "evidence": json.dumps(data["evidence"], ensure_ascii=False) if data["evidence"] else None,
        "reviewer": data.get("reviewer"), "publisher": data.get("publisher") or DEFAULT_PUBLISHER,
        "reviewed_on": data["reviewed_on"], "url": data.get("url"), "origin": origin,
        "status": "resolved" if claim else "unresolved",
        "history": json.dumps(data["history"], ensure_ascii=False) if data["history"] else None,
    }


def history_rows(review_id: str, history: list[dict]) -> list[dict]:
    return [{"id": stable_id("review-history", review_id, i, h["superseded_on"], h["verdict"]),
             "review_id": review_id, "verdict": h["verdict"],
             "verdict_label": h["label"] or DEFAULT_LABELS[h["verdict"]], "summary": h["summary"],
             "reviewer": h["reviewer"], "reviewed_on": h["reviewed_on"],
             "superseded_on": h["superseded_on"]}
            for i, h in enumerate(history)]


def save_file_reviews(db: sqlite_utils.Database, reviews_dir: Path,
                      report_missing: bool = True) -> list[str]:
    """Load every review file of `reviews_dir` into reviews and review_history, replacing the
    rows of files that changed or went away; imported reviews are left alone. Returns one
    NotLoaded per file that could not be read (its stored rows stay as they were) and one
    warning per file whose claim does not resolve (with report_missing=False, not for
    reviews of articles this database does not hold)."""
    ensure_tables(db)
    warnings, rows, histories = [], [], []
    # A file that no longer loads keeps what it stored last: a typo does not drop a verdict.
    not_loaded = set()
    # Each article reference looked up once: a reference that is no id or key scans the
    # articles (10 ms at a million statements), and the review files name few articles.
    articles: dict[str, dict | None] = {}

    def find(db, ref):
        key = str(ref or "").strip()  # as find_article reads it
        if key not in articles:
            articles[key] = find_article(db, ref)
        return articles[key]

    for path in review_files(reviews_dir):
        shown = f"{Path(reviews_dir).name}/{path.name}"
        try:
            review = read_review_file(path)
        except ReviewError as err:
            warnings.append(NotLoaded(f"{shown}: {err}: not loaded"))
            not_loaded.add(stable_id("review-file", path.name))
            continue
        claim = None
        try:
            article, claim = resolve_claim(db, review.data["article"], review.data["claim"],
                                           find)
        except ReviewError as err:
            article = find(db, review.data["article"])
            if report_missing or not isinstance(err, ArticleMissing):
                warnings.append(f"{shown}: unresolved: {err}")
        rows.append(review_row(review.id, review.origin, review.data, article, claim))
        histories += history_rows(review.id, review.data["history"])
    keep = {row["id"] for row in rows}
    stale = [r["id"] for r in db.query("select id from reviews where origin is null "
                                       "or origin not like ?", [IMPORTED + "%"])
             if r["id"] not in keep and r["id"] not in not_loaded]
    with db.atomic():
        for review_id in stale + sorted(keep):
            db.execute("delete from review_history where review_id = ?", [review_id])
        for review_id in stale:
            db.execute("update claims set review_id = null where review_id = ?", [review_id])
            db.execute("delete from reviews where id = ?", [review_id])
        if rows:
            db["reviews"].upsert_all(rows, pk="id")
        if histories:
            db["review_history"].insert_all(histories, pk="id", replace=True)
    return warnings


# ---------------------------------------------------------------- verdicts on claims

def apply_verdicts(db: sqlite_utils.Database) -> dict:
    """claims.verdict, verdict_label, verdict_status and review_id from the resolved reviews:
    'reviewed' for a claim's own review (our files before imported ones, then the newest),
    'inherited' for the claims that repeat a reviewed claim directly, 'unreviewed' for the rest.
    Directly means the same wording or a verified link in claim_links between the two claims'
    wordings: never through a third claim, so a verdict cannot travel along a chain of
    overlapping clauses to a claim that asserts something else. A review of the claim's own
    wording goes before any of a near repeat's; an undated review after every dated one.
    Writes only the claims whose verdict changed."""
    ensure_tables(db)
    reviews = list(db.query(
        "select reviews.id, reviews.claim_id, reviews.verdict, reviews.verdict_label, "
        "reviews.reviewed_on, reviews.origin from reviews "
        "join claims on claims.id = reviews.claim_id where reviews.status = 'resolved'"))

    def rank(r):  # smaller is preferred: our files, then the newest, undated last
        return (r["origin"] is not None and r["origin"].startswith(IMPORTED),
                r["reviewed_on"] is None, _invert(r["reviewed_on"] or ""), r["id"])

    own: dict[str, dict] = {}
    for r in sorted(reviews, key=rank):
        own.setdefault(r["claim_id"], r)
    # Claims of one wording hang on its first claim by an exact link; near-repeats are linked
    # between those first claims. A wording is named by its first claim.
    wording: dict[str, str] = {}
    near: dict[str, set[str]] = {}
    # Tuples, not sqlite-utils' dicts: at a million statements building a dict per link and
    # per claim was most of this step's 0.5 s.
    links = db.execute("select claim_id, linked_claim_id, method from claim_links").fetchall()
    for claim_id, linked_claim_id, method in links:
        if method == EXACT_METHOD:
            wording[linked_claim_id] = claim_id
    for claim_id, linked_claim_id, method in links:
        if method != EXACT_METHOD:
            a = wording.get(claim_id, claim_id)
            b = wording.get(linked_claim_id, linked_claim_id)
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    # The preferred review reaching each wording: of that very wording, else of a near repeat.
    by_wording: dict[str, dict] = {}
    by_near: dict[str, dict] = {}
    for r in sorted(own.values(), key=rank):
        reviewed = wording.get(r["claim_id"], r["claim_id"])
        by_wording.setdefault(reviewed, r)
        for reached in sorted(near.get(reviewed, ())):
            by_near.setdefault(reached, r)
    # Only claims that should have a verdict or hold something other than 'unreviewed' can
    # change: the others (nearly all) are not read. SQLite filters them in one scan.
    reached = by_wording.keys() | by_near.keys()
    wanted = set(own) | reached | {claim for claim, named in wording.items() if named in reached}
    # One transaction: filling the temp table begins one, which must end here.
    with db.atomic():
        held = _held_verdicts(db, wanted)
        updates, counts = _verdict_updates(held, own, wording, by_wording, by_near)
        db.conn.executemany(
            "update claims set verdict = :verdict, verdict_label = :verdict_label, "
            "verdict_status = :verdict_status, review_id = :review_id where id = :id", updates)
        counts["unreviewed"] += db.execute("select count(*) from claims").fetchone()[0] \
            - len(held)
    return {**counts, "claims_updated": len(updates)}


def _held_verdicts(db: sqlite_utils.Database, wanted: set[str]) -> dict[str, tuple]:
    """(id, verdict, verdict_label, verdict_status, review_id) of the claims that hold more
    than 'unreviewed' and of the `wanted` ones, by id."""
    held = {row[0]: row for row in db.execute(
        "select id, verdict, verdict_label, verdict_status, review_id from claims "
        "where verdict is not null or verdict_label is not null or review_id is not null "
        "or verdict_status is not 'unreviewed'")}
    table = temp_values(db, "verdict_claims", wanted - held.keys())
    held.update((row[0], row) for row in db.execute(
        "select id, verdict, verdict_label, verdict_status, review_id from claims "
        f"where id in (select value from {table})"))
    return held


def _verdict_updates(held: dict, own: dict, wording: dict, by_wording: dict,
                     by_near: dict) -> tuple[list[dict], dict]:
    """The verdict each held claim should have, where it differs; and the counts by status."""
    updates, counts = [], {"reviewed": 0, "inherited": 0, "unreviewed": 0}
    for claim_id, *now in held.values():
        source, status = own.get(claim_id), "reviewed"
        if source is None:
            named = wording.get(claim_id, claim_id)
            source, status = by_wording.get(named) or by_near.get(named), "inherited"
        want = ({"verdict": source["verdict"], "verdict_label": source["verdict_label"],
                 "verdict_status": status, "review_id": source["id"]} if source else
                {"verdict": None, "verdict_label": None, "verdict_status": "unreviewed",
                 "review_id": None})
        counts[want["verdict_status"]] += 1
        if tuple(now) != tuple(want.values()):
            updates.append({"id": claim_id, **want})
    return updates, counts


def _invert(date: str) -> str:
    """A string that sorts the newest date first."""
    return "".join(chr(0x10000 - ord(ch)) for ch in date)


# ---------------------------------------------------------------- writing a review file

def write_yaml(path: Path, data: dict) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


def existing_review(db: sqlite_utils.Database, reviews_dir: Path, claim_id: str) -> Path | None:
    """The review file of `reviews_dir` whose claim resolves to `claim_id`, if any."""
    for path in review_files(reviews_dir):
        try:
            review = read_review_file(path)
            _, claim = resolve_claim(db, review.data["article"], review.data["claim"])
        except ReviewError:
            continue
        if claim["id"] == claim_id:
            return path
    return None


def record_review(db: sqlite_utils.Database, reviews_dir: Path, *, article: str, claim: str,
                  verdict: str, label: str | None = None, summary: str | None = None,
                  evidence: list[dict] | None = None, reviewer: str | None = None,
                  reviewed_on: str | None = None, name: str | None = None) -> tuple[Path, str]:
    """Create or update the review file of a claim: (path, 'created' | 'updated' | 'revised').
    A changed verdict moves the earlier one into history, superseded on `reviewed_on`.
    Raises ReviewError (nothing written) when the verdict, date or claim is wrong, or when
    `name` is the file of another claim's review."""
    verdict = normalise_verdict(verdict)
    reviewed_on = review_date(reviewed_on or dt.date.today().isoformat(), "date")
    evidence = evidence_list(evidence or [])
    _, found = resolve_claim(db, article, claim)
    reviews_dir = Path(reviews_dir)
    if name:
        if not re.fullmatch(r"[\w.-]+", name):
            raise ReviewError(f"file name {name!r}: use letters, digits, '-', '_' and '.' only")
        path = reviews_dir / (name if name.endswith((".yml", ".yaml")) else f"{name}.yml")
    else:
        path = existing_review(db, reviews_dir, found["id"]) or \
            reviews_dir / f"claim-{found['id']}.yml"
    if path.exists():
        try:
            old = read_review_file(path).data
        except ReviewError as err:
            raise ReviewError(f"{path}: {err}; fix or remove it first") from None
        try:
            _, reviewed = resolve_claim(db, old["article"], old["claim"])
        except ReviewError:
            reviewed = None  # its claim went away: this review may take it up again
        if reviewed is not None and reviewed["id"] != found["id"]:
            raise ReviewError(f"{path} is the review of another claim ({old['claim']!r}); "
                              "choose another --file name")
        outcome = "updated"
        data = {key: old[key] for key in FIELDS if old.get(key) not in (None, "", [])}
        if old["verdict"] != verdict:
            history = list(old["history"])
            history.insert(0, {key: value for key, value in (
                ("verdict", old["verdict"]), ("label", old.get("label")),
                ("summary", old.get("summary")), ("reviewer", old.get("reviewer")),
                ("reviewed_on", old.get("reviewed_on")), ("superseded_on", reviewed_on))
                if value})
            data["history"] = history
            data["label"] = label or DEFAULT_LABELS[verdict]
            outcome = "revised"
        elif label:
            data["label"] = label
        data.update({"article": article, "claim": claim, "verdict": verdict,
                     "reviewed_on": reviewed_on})
        if summary:
            data["summary"] = summary
        if reviewer:
            data["reviewer"] = reviewer
        known = {item["url"] for item in data.get("evidence", [])}
        data["evidence"] = data.get("evidence", []) + [e for e in evidence if e["url"] not in known]
    else:
        outcome = "created"
        data = {"article": article, "claim": claim, "verdict": verdict,
                "label": label or DEFAULT_LABELS[verdict], "summary": summary,
                "evidence": evidence, "reviewer": reviewer, "reviewed_on": reviewed_on}
    data = {key: data[key] for key in FIELDS if data.get(key) not in (None, "", [])}
    check_review(data)
    write_yaml(path, data)
    return path, outcome
