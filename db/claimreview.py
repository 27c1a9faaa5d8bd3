"""ClaimReview exchange: our reviews as schema.org ClaimReview JSON-LD, and other
fact-checkers' ClaimReview (JSON, or JSON-LD embedded in an HTML page) as review rows.

Ratings are mapped to the normalised scale by the `name` our own export gives (exactly a
verdict of VERDICTS), then by their label (RATING_LABELS: common English and Chinese labels,
compared without case, spaces or punctuation), then by where ratingValue lies between
worstRating and bestRating. The
original label is kept beside the verdict.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import sqlite_utils

from .text import stable_id

from .reviews import (DEFAULT_LABELS, DEFAULT_PUBLISHER, IMPORTED, VERDICTS, ReviewError,
                      apply_verdicts, best_claim, normalise_date, resolve_claim,
                      save_file_reviews)
from .schema import ensure_tables

CONTEXT = "https://schema.org"
WORST, BEST = 1, 5
# Our scale on a 1..5 rating; misleading and unverifiable are not points on that line, so
# they carry no ratingValue (Google accepts alternateName alone).
RATING_VALUES = {"true": 5, "mostly-true": 4, "mixed": 3, "mostly-false": 2, "false": 1}

# Labels used by fact-checkers (PolitiFact, Snopes, AFP, Full Fact, 台湾事实查核中心, MyGoPen,
# 中国互联网联合辟谣平台 …), to the normalised scale.
RATING_LABELS = {
    "true": ["true", "correct", "accurate", "fact", "correct attribution", "属实", "正确",
             "真实", "事实", "真", "正确资讯", "正確", "屬實", "真實"],
    "mostly-true": ["mostly true", "mostly correct", "mostly accurate", "largely accurate",
                    "基本属实", "大致正确", "大部分正确", "基本正确", "基本屬實", "大致正確"],
    "mixed": ["half true", "mixture", "mixed", "partly true", "partly false", "half-true",
              "部分正确", "部分属实", "部分错误", "半真半假", "部分正確", "部分屬實", "部分錯誤"],
    "mostly-false": ["mostly false", "mostly inaccurate", "largely false", "基本不实",
                     "大部分错误", "基本错误", "基本不實", "大部分錯誤"],
    "false": ["false", "pants on fire", "pants on fire!", "incorrect", "inaccurate",
              "fake", "wrong", "hoax", "fabricated", "错误", "不实", "虚假", "谣言", "假",
              "错误资讯", "錯誤", "不實", "虛假", "謠言", "假消息", "错误信息"],
    "misleading": ["misleading", "missing context", "lacks context", "distorts the facts",
                   "cherry picks", "out of context", "误导", "误导性", "易生误解", "断章取义",
                   "誤導", "易生誤解", "斷章取義"],
    "unverifiable": ["unverifiable", "unproven", "unsupported", "no evidence",
                     "unsubstantiated", "not verifiable", "research in progress",
                     "无法证实", "未经证实", "证据不足", "尚无证据", "無法證實", "未經證實",
                     "證據不足"],
}
_NOT_WORD = re.compile(r"[\W_]+")


def _key(label: str) -> str:
    return _NOT_WORD.sub("", str(label or "")).lower()


LABEL_TO_VERDICT = {_key(label): verdict for verdict, labels in RATING_LABELS.items()
                    for label in labels}
LABEL_TO_VERDICT.update({_key(verdict): verdict for verdict in VERDICTS})


def rating_verdict(rating: dict) -> str | None:
    """The normalised verdict of a schema.org Rating, or None when nothing maps."""
    if not isinstance(rating, dict):
        return None
    if rating.get("name") in VERDICTS:  # our export's slug: the label beside it is free text
        return rating["name"]
    for field in ("alternateName", "name"):
        found = LABEL_TO_VERDICT.get(_key(rating.get(field)))
        if found:
            return found
    try:
        value = float(rating["ratingValue"])
        worst = float(rating.get("worstRating", WORST))
        best = float(rating.get("bestRating", BEST))
    except (KeyError, TypeError, ValueError):
        return None
    if best == worst or not min(worst, best) <= value <= max(worst, best):
        return None
    share = (value - worst) / (best - worst)  # 0 = worst, 1 = best, whichever way they run
    scale = ["false", "mostly-false", "mixed", "mostly-true", "true"]
    return scale[min(int(round(share * 4)), 4)]


# ---------------------------------------------------------------- export

def _party(name: str | None, kind: str | None, name_en: str | None = None) -> dict | None:
    if not name:
        return None
    party = {"@type": "Person" if kind == "person" else "Organization", "name": name}
    if name_en and name_en != name:
        party["alternateName"] = name_en
    return party


def _appearance(row: dict) -> dict:
    work = {"@type": "CreativeWork", "headline": row["title"]}
    if row["url"]:
        work["url"] = row["url"]
    if row["published"]:
        work["datePublished"] = row["published"]
    if row["outlet"]:
        work["publisher"] = {"@type": "Organization", "name": row["outlet"]}
    return work


def claimreview_objects(db: sqlite_utils.Database, base_url: str = "",
                        publisher: str = DEFAULT_PUBLISHER) -> list[dict]:
    """One ClaimReview per resolved review of ours (imported reviews are others' work)."""
    ensure_tables(db)
    base_url = base_url.rstrip("/")
    rows = db.query(
        "select reviews.*, claims.text as claim, claims.said_on, "
        "claims.article_id as claim_article, speakers.name as claimant, "
        "speakers.name_en as claimant_en, speakers.kind as claimant_kind "
        "from reviews join claims on claims.id = reviews.claim_id "
        "left join speakers on speakers.id = claims.claimant_id "
        "where reviews.status = 'resolved' and (reviews.origin is null or reviews.origin not like ?) "
        "order by reviews.reviewed_on, reviews.id", [IMPORTED + "%"])
    objects = []
    for r in rows:
        # Where the claim appeared: its own article, and the articles of the claims this
        # review's verdict reached (those that inherited it: claims.review_id).
        appearances = list(db.query(
            "select distinct articles.title, articles.url, articles.published, articles.outlet, "
            "articles.id = :article as own from articles "
            "join claims on claims.article_id = articles.id "
            "where claims.id = :claim_id or claims.review_id = :review_id "
            "order by own desc, articles.published, articles.id",
            {"article": r["claim_article"], "claim_id": r["claim_id"], "review_id": r["id"]}))
        first = min(appearances, key=lambda a: (a["published"] is None, a["published"] or ""))
        item = {"@type": "Claim", "appearance": [_appearance(a) for a in appearances],
                "firstAppearance": _appearance(first)}
        author = _party(r["claimant"], r["claimant_kind"], r["claimant_en"])
        if author:
            item["author"] = author
        said = r["said_on"] or appearances[0]["published"]
        if said:
            item["datePublished"] = said
        rating = {"@type": "Rating", "alternateName": r["verdict_label"] or
                  DEFAULT_LABELS[r["verdict"]], "name": r["verdict"]}
        if r["verdict"] in RATING_VALUES:
            rating.update(ratingValue=RATING_VALUES[r["verdict"]], bestRating=BEST,
                          worstRating=WORST)
        review = {
            "@context": CONTEXT, "@type": "ClaimReview",
            "url": r["url"] or f"{base_url}/quotecheck/reviews/{r['id']}",
            "datePublished": r["reviewed_on"],
            "author": {"@type": "Organization", "name": r["publisher"] or publisher},
            "claimReviewed": r["claim"], "itemReviewed": item, "reviewRating": rating,
        }
        if base_url:
            review["author"]["url"] = base_url
        if r["summary"]:
            review["reviewBody"] = r["summary"]
        if r["reviewer"]:
            review["creator"] = {"@type": "Person", "name": r["reviewer"]}
        evidence = json.loads(r["evidence"]) if r["evidence"] else []
        if evidence:
            review["citation"] = [
                {"@type": "CreativeWork", "url": e["url"],
                 **({"name": e["title"]} if e.get("title") else {}),
                 **({"archivedAt": e["archived"]} if e.get("archived") else {})}
                for e in evidence]
        objects.append({k: v for k, v in review.items() if v is not None})
    return objects


# ---------------------------------------------------------------- import

def _flatten(node) -> list[dict]:
    """Every object of a JSON-LD document: a list, an object, or an @graph."""
    if isinstance(node, list):
        return [obj for item in node for obj in _flatten(item)]
    if isinstance(node, dict):
        return [node] + (_flatten(node["@graph"]) if "@graph" in node else [])
    return []


def _types(obj: dict) -> set[str]:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def read_claimreviews(path: str | Path) -> list[dict]:
    """The ClaimReview objects of a JSON(-LD) file or of an HTML page's
    <script type="application/ld+json"> blocks. ReviewError when there is none."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReviewError(f"{path}: cannot read: {err.strerror}") from None
    text = raw.decode("utf-8-sig", errors="replace")
    documents = []
    if text.lstrip().startswith("<"):
        try:
            page = lxml.html.fromstring(raw)
        except (lxml.etree.ParserError, ValueError) as err:
            raise ReviewError(f"{path}: not a readable HTML page: {err}") from None
        for script in page.xpath('//script[@type="application/ld+json"]'):
            try:
                documents.append(json.loads(script.text or ""))
            except json.JSONDecodeError as err:
                raise ReviewError(f"{path}: a JSON-LD block is not valid JSON: {err}") from None
    else:
        try:
            documents.append(json.loads(text))
        except json.JSONDecodeError as err:
            raise ReviewError(f"{path}: not valid JSON: {err}") from None
    found = [obj for doc in documents for obj in _flatten(doc) if "ClaimReview" in _types(obj)]
    if not found:
        raise ReviewError(f"{path}: no ClaimReview found")
    return found


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return value.get("name")
    return str(value) if value else None


def candidate_articles(db: sqlite_utils.Database, item: dict) -> list[dict]:
    """The articles a ClaimReview's claim appeared in, by URL, else headline; with neither
    given, every article."""
    works = [w for key in ("appearance", "firstAppearance") for w in _as_list(item.get(key))]
    urls = {w if isinstance(w, str) else w.get("url") for w in works} - {None}
    headlines = {w.get("headline") or w.get("name") for w in works if isinstance(w, dict)} - {None}
    found = {}
    for url in urls:
        for row in db.query("select id, title from articles where url = ? or key = ?", [url, url]):
            found[row["id"]] = row
    if not found:
        for headline in headlines:
            for row in db.query("select id, title from articles where title = ?", [headline]):
                found[row["id"]] = row
    if not found and not urls and not headlines:
        found = {row["id"]: row for row in db.query("select id, title from articles")}
    return list(found.values())


def matched_claims(db: sqlite_utils.Database, articles: list[dict],
                   claim_text: str) -> list[tuple[str, str]]:
    """(article id, claim id) of the claim each article holds that claim_text names."""
    matched = []
    for article in articles:
        claims = list(db.query('select id, text, start, "end" from claims where article_id = ?',
                               [article["id"]]))
        claim = best_claim(claims, claim_text)
        if claim:
            matched.append((article["id"], claim["id"]))
    return matched


def imported_review_id(origin: str, url: str | None, claim_text: str,
                       claim_id: str | None = None) -> str:
    """The id of an imported review's row: one per claim it resolves to, else one."""
    if claim_id is None:
        return stable_id("review", origin, url, claim_text)
    return stable_id("review", origin, url, claim_text, claim_id)


def import_claimreviews(db: sqlite_utils.Database, path: str | Path) -> dict:
    """Review rows from a ClaimReview file, attached to the claims they match (one row per
    claim matched, one 'unresolved' row when none is), then verdicts applied. The file is
    checked whole first: a ClaimReview without claimReviewed or a rating that maps to no
    verdict stops the import with nothing written. The rows an earlier import of the same
    ClaimReview left (an unresolved row, claims it no longer matches) are replaced."""
    ensure_tables(db)
    path = Path(path)
    origin = f"{IMPORTED}{path.name}"
    reviews = read_claimreviews(path)
    parsed = []
    for n, obj in enumerate(reviews, 1):
        claim_text = str(obj.get("claimReviewed") or "").strip()
        if not claim_text:
            raise ReviewError(f"{path}: ClaimReview {n} has no claimReviewed")
        rating = obj.get("reviewRating")
        rating = rating[0] if isinstance(rating, list) and rating else rating
        verdict = rating_verdict(rating)
        if verdict is None:
            raise ReviewError(f"{path}: ClaimReview {n}: rating {json.dumps(rating, ensure_ascii=False)}"
                              f" maps to no verdict (known labels: see RATING_LABELS)")
        try:
            reviewed_on = normalise_date(str(obj.get("datePublished") or "")[:10] or None,
                                         "datePublished")
        except ReviewError as err:
            raise ReviewError(f"{path}: ClaimReview {n}: {err}") from None
        parsed.append((obj, claim_text, verdict, rating, reviewed_on))
    rows, unresolved = [], 0
    for obj, claim_text, verdict, rating, reviewed_on in parsed:
        item = obj.get("itemReviewed") if isinstance(obj.get("itemReviewed"), dict) else {}
        evidence = [{"url": c["url"], **({"title": c["name"]} if c.get("name") else {}),
                     **({"archived": c["archivedAt"]} if c.get("archivedAt") else {})}
                    for c in _as_list(obj.get("citation")) if isinstance(c, dict) and c.get("url")]
        base = {
            "claim_text": claim_text, "verdict": verdict,
            "verdict_label": rating.get("alternateName") or rating.get("name") or verdict,
            "summary": obj.get("reviewBody") or obj.get("description"),
            "evidence": json.dumps(evidence, ensure_ascii=False) if evidence else None,
            "reviewer": _name(obj.get("creator")) or _name(obj.get("author")),
            "publisher": _name(obj.get("author")) or _name(obj.get("publisher")),
            "reviewed_on": reviewed_on, "url": obj.get("url"), "origin": origin, "history": None,
        }
        matched = matched_claims(db, candidate_articles(db, item), claim_text)
        if not matched:
            unresolved += 1
            rows.append({"id": imported_review_id(origin, obj.get("url"), claim_text),
                         "claim_id": None, "article_id": None, "status": "unresolved", **base})
        for article_id, claim_id in matched:
            rows.append({"id": imported_review_id(origin, obj.get("url"), claim_text, claim_id),
                         "claim_id": claim_id, "article_id": article_id, "status": "resolved",
                         **base})
    with db.atomic():
        for row in rows:
            db.execute("delete from reviews where origin = ? and url is ? and claim_text = ?",
                       [origin, row["url"], row["claim_text"]])
        db["reviews"].upsert_all(rows, pk="id")
    verdicts = apply_verdicts(db)
    return {"claimreviews": len(parsed), "rows": len(rows), "unresolved": unresolved,
            "claims_reviewed": verdicts["reviewed"], "claims_inherited": verdicts["inherited"]}


# ---------------------------------------------------------------- on every build

def recheck_imported(db: sqlite_utils.Database) -> list[str]:
    """Imported reviews whose claim went away (its article changed) are resolved again from
    their article and quoted text; those that matched no article when imported are matched
    against the articles there are now (a row per claim found, as an import would write);
    the rest are marked unresolved and reported."""
    warnings = []
    rows = list(db.query(
        "select * from reviews "
        "where origin like ? and (claim_id is null or claim_id not in (select id from claims))",
        [IMPORTED + "%"]))
    with db.atomic():
        for row in rows:
            if row["article_id"] is None:
                # No article held its claim at import: the stored row keeps no appearance,
                # so every article is a candidate, as for a ClaimReview that names none.
                matched = matched_claims(db, candidate_articles(db, {}), row["claim_text"])
                if matched:
                    db.execute("delete from reviews where id = ?", [row["id"]])
                    db["reviews"].upsert_all(
                        [{**row, "id": imported_review_id(row["origin"], row["url"],
                                                          row["claim_text"], claim_id),
                          "claim_id": claim_id, "article_id": article_id, "status": "resolved"}
                         for article_id, claim_id in matched], pk="id")
                    continue
                db["reviews"].update(row["id"], {"claim_id": None, "status": "unresolved"})
                warnings.append(f"review {row['origin']} ({row['id']}): unresolved: no claim of "
                                f"the database matches {row['claim_text']!r}")
                continue
            try:
                _, claim = resolve_claim(db, row["article_id"], row["claim_text"])
                update = {"claim_id": claim["id"], "status": "resolved"}
            except ReviewError as err:
                update = {"claim_id": None, "status": "unresolved"}
                warnings.append(f"review {row['origin']} ({row['id']}): unresolved: {err}")
            db["reviews"].update(row["id"], update)
    return warnings


def load_reviews(db: sqlite_utils.Database, reviews_dir: Path,
                 report_missing: bool = True) -> list[str]:
    """Review files in, imported reviews re-checked: the warnings of both."""
    return save_file_reviews(db, reviews_dir, report_missing) + recheck_imported(db)
