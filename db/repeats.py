"""Repeated claims: claims that assert the same thing, across statements, speakers and articles.

Each claim is normalised (Simplified characters, no punctuation or quote marks) and cut into
character 3-gram shingles. Identical normalised texts are grouped by hashing; the distinct
texts get MinHash signatures (datasketch's affine32 permutations, applied to all texts at once
with numpy) and LSH banding proposes candidate pairs from shared bands, so no step compares all
pairs. Every candidate is then verified with an exact score on the shingle sets, and the links
that pass are grouped with union-find into repeat groups.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np
import sqlite_utils
from datasketch import MinHash

from ingest.model import stable_id
from ingest.textutil import to_simplified

SHINGLE = 3  # characters: Chinese has no spaces, and 3-grams are rarer than 2-grams in formulas
NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: a pair shares a band with probability 1 - (1 - J^3)^42
SEED = 1
THRESHOLD = 0.7  # verifier: containment of the shorter unit's shingles in the longer one's
PREFILTER = 0.5  # estimated containment a candidate needs before the exact check (margin 0.2)
MIN_SHARED = 10  # ... and at least this many shingles in common: a 12-character stretch
CLAUSES = 2  # a long claim is also matched by its windows of 2 consecutive clauses
METHOD = (f"minhash-lsh char{SHINGLE} n={NUM_PERM} b={BANDS} r={ROWS} on claims and "
          f"{CLAUSES}-clause windows + containment>={THRESHOLD} shared>={MIN_SHARED}")
EXACT_METHOD = f"exact normalised text (char{SHINGLE}, >={MIN_SHARED} shingles)"
WINDOW = 8  # bucket neighbours each row is paired with (see candidate_pairs)
BATCH = 1 << 18  # shingles per numpy batch: 2**18 x 128 uint32 = 128 MB at most

_NOT_WORD = re.compile(r"[\W_]+")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")


@dataclass(frozen=True)
class Link:
    claim_id: str
    linked_claim_id: str
    score: float
    method: str


def normalise(text: str) -> str:
    """Simplified characters, lower case, no punctuation, quote marks or spaces."""
    return _NOT_WORD.sub("", to_simplified(text or "")).lower()


def units(text: str) -> list[str]:
    """What a claim is matched by: its normalised text and, when it has more than CLAUSES
    clauses, each window of CLAUSES consecutive clauses, so one proposition repeated inside a
    longer sentence (`美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持…`) is still found."""
    whole = normalise(text)
    clauses = [c for c in (normalise(part) for part in _CLAUSE_END.split(text or "")) if c]
    found = [whole]
    if len(clauses) > CLAUSES:
        for i in range(len(clauses) - CLAUSES + 1):
            window = "".join(clauses[i:i + CLAUSES])
            if len(window) - SHINGLE + 1 >= MIN_SHARED and window not in found:
                found.append(window)
    return found


def shingles(normalised: str) -> set[str]:
    return {normalised[i:i + SHINGLE] for i in range(len(normalised) - SHINGLE + 1)}


# Candidate pairs come sorted by their first unit: a small cache saves rebuilding its set.
cached_shingles = lru_cache(maxsize=1 << 14)(shingles)


def shingle_hash(shingle: str) -> int:
    """A stable 32-bit hash (Python's own hash() changes between runs)."""
    return zlib.crc32(shingle.encode("utf-8"))


def containment(a: set, b: set) -> float:
    """The share of the smaller set found in the larger: 1.0 when one claim repeats inside
    another, whatever the other adds around it."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser, as datasketch's affine32 scheme mixes input hashes.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures of normalised texts' shingle sets, one row per text: the values
    datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=shingle_hash)
    .update_batch(shingles(text))` gives, computed for many texts per numpy call instead of
    one Python object per text (which would not fit a million claims in memory)."""
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
    a, b = a.astype(np.uint32), b.astype(np.uint32)
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    start = 0
    while start < len(texts):
        hashes, counts, end = [], [], start
        while end < len(texts) and (end == start or len(hashes) < BATCH):
            found = shingles(texts[end]) or {texts[end]}  # a text under 3 characters: itself
            hashes.extend(map(shingle_hash, found))
            counts.append(len(found))
            end += 1
        hv = _fmix32(np.array(hashes, dtype=np.uint32))
        with np.errstate(over="ignore"):
            permuted = a[:, None] * hv + b[:, None]  # wraps mod 2**32, as in datasketch
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
        out[start:end] = np.minimum.reduceat(permuted, offsets, axis=1).T
        start = end
    return out


def candidate_pairs(sigs: np.ndarray) -> np.ndarray:
    """(i, j) row pairs, i < j, that agree on all ROWS values of at least one of BANDS bands.
    Rows are sorted by band key, so each band costs one sort, never a pairwise comparison.
    In a bucket of more than WINDOW rows each row is paired with its WINDOW next ones only
    (a chain that union-find still joins), so a formula shared by thousands stays linear."""
    n = len(sigs)
    rng = np.random.RandomState(SEED)
    weights = (rng.randint(1, 1 << 62, ROWS, dtype=np.int64) * 2 + 1).astype(np.uint64)
    found = [np.empty(0, dtype=np.int64)]
    for band in range(BANDS if n > 1 else 0):
        block = sigs[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = (block * weights).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same_as_next = sorted_keys[1:] == sorted_keys[:-1]
        if not same_as_next.any():
            continue
        # Bucket number of each sorted row; rows alone in their bucket drop out.
        bucket = np.r_[0, np.cumsum(~same_as_next)]
        shared = np.r_[same_as_next, False] | np.r_[False, same_as_next]
        rows, bucket = order[shared], bucket[shared]
        for offset in range(1, WINDOW + 1):
            same = bucket[offset:] == bucket[:-offset]
            if not same.any():
                break
            a, b = rows[:-offset][same], rows[offset:][same]
            # One int64 per pair (smaller row first), de-duplicated band by band so the
            # same pair met in many bands is held once.
            found.append(np.minimum(a, b) * np.int64(n) + np.maximum(a, b))
        found = [np.unique(np.concatenate(found))]
    codes = found[0]
    return np.stack([codes // n, codes % n], axis=1)


def likely_pairs(sigs: np.ndarray, texts: list[str], pairs: np.ndarray) -> np.ndarray:
    """The candidates whose containment, estimated from the signatures, is at least PREFILTER:
    a cheap numpy pass, so the exact check in Python runs on few pairs that will fail."""
    sizes = np.fromiter((max(len(t) - SHINGLE + 1, 1) for t in texts), dtype=np.float64,
                        count=len(texts))
    kept = []
    for start in range(0, len(pairs), 1 << 17):
        chunk = pairs[start:start + (1 << 17)]
        jaccard = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1)
        a, b = sizes[chunk[:, 0]], sizes[chunk[:, 1]]
        shared = jaccard * (a + b) / (1 + jaccard)
        kept.append(chunk[shared / np.minimum(a, b) >= PREFILTER])
    return np.concatenate(kept) if kept else pairs


def verify(a: set[str], b: set[str]) -> float | None:
    """The containment score when the pair is a repeat, else None."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return None
    score = shared / min(len(a), len(b))
    return score if score >= THRESHOLD else None


def find_repeats(claims: Iterable[tuple[str, str]], stats: dict | None = None) -> list[Link]:
    """Verified links between (claim id, text) pairs that assert the same thing.

    Claims with the same normalised text are linked to the first of them (score 1.0); the
    distinct texts are matched by MinHash LSH and verified; a matched pair of texts gives one
    link, between the smallest claim ids carrying them. Links come sorted, with claim_id <
    linked_claim_id. `stats`, when given, receives the counts of each step."""
    by_text: dict[str, tuple[str, list[str]]] = {}
    for claim_id, text in claims:
        if not isinstance(claim_id, str) or not isinstance(text, str):
            raise TypeError(f"claims must be (id, text) string pairs, got {(claim_id, text)!r}")
        by_text.setdefault(normalise(text), (text, []))[1].append(claim_id)
    links: dict[tuple[str, str], Link] = {}

    def add(a: str, b: str, score: float, method: str) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and (key not in links or links[key].score < score):
            links[key] = Link(key[0], key[1], round(score, 4), method)

    texts, unit_owner, unit_texts = [], [], []
    for normalised, (text, ids) in by_text.items():
        ids.sort()
        if len(normalised) - SHINGLE + 1 < MIN_SHARED:
            continue  # too short to say anything another claim could repeat
        for other in ids[1:]:
            add(ids[0], other, 1.0, EXACT_METHOD)
        owner = len(texts)
        texts.append(ids[0])
        for unit in units(text):
            unit_owner.append(owner)
            unit_texts.append(unit)
    if unit_texts:
        sigs = signatures(unit_texts)
        pairs = candidate_pairs(sigs)
        owners = np.asarray(unit_owner, dtype=np.int64)
        pairs = pairs[owners[pairs[:, 0]] != owners[pairs[:, 1]]]
        if stats is not None:
            stats["lsh_candidates"] = int(len(pairs))
        pairs = likely_pairs(sigs, unit_texts, pairs)
        for i, j in pairs.tolist():
            score = verify(cached_shingles(unit_texts[i]), cached_shingles(unit_texts[j]))
            if score is not None:
                add(texts[unit_owner[i]], texts[unit_owner[j]], score, METHOD)
    if stats is not None:
        stats.update(claims=sum(len(ids) for _, ids in by_text.values()), texts=len(texts),
                     units=len(unit_texts), candidates=int(len(pairs)) if unit_texts else 0,
                     lsh_candidates=stats.get("lsh_candidates", 0), links=len(links))
    return sorted(links.values(), key=lambda link: (link.claim_id, link.linked_claim_id))


def repeat_groups(links: Iterable[Link]) -> dict[str, str]:
    """Union-find over the links: each linked claim id -> its group, the group's smallest id."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    for link in links:
        a, b = root(link.claim_id), root(link.linked_claim_id)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the smaller id stays the root
    return {x: root(x) for x in parent}


def link_rows(links: list[Link], groups: dict[str, str]) -> list[dict]:
    return [{"id": stable_id("link", link.claim_id, link.linked_claim_id),
             "claim_id": link.claim_id, "linked_claim_id": link.linked_claim_id,
             "repeat_group": groups[link.claim_id], "method": link.method, "score": link.score}
            for link in links]


def save_repeats(db: sqlite_utils.Database) -> dict:
    """Link the repeated claims of the claims table: claim_links rows, and each claim's
    repeat_group, repeats and match_status. Writes only what changed, in one transaction."""
    from .schema import ensure_tables

    ensure_tables(db)
    claims = [(row["id"], row["text"] or "") for row in db.query("select id, text from claims")]
    links = find_repeats(claims)
    groups = repeat_groups(links)
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    wanted = {row["id"]: row for row in link_rows(links, groups)}
    stored = {row["id"]: row for row in db.query(
        "select id, claim_id, linked_claim_id, repeat_group, method, score from claim_links")}
    stale = [link_id for link_id in stored if link_id not in wanted]
    changed = [row for link_id, row in wanted.items() if stored.get(link_id) != row]
    claim_updates = []
    for row in db.query("select id, repeat_group, repeats, match_status from claims"):
        group = groups.get(row["id"])
        want = {"repeat_group": group, "repeats": sizes[group] - 1 if group else 0,
                "match_status": "repeated" if group else "unique"}
        if any(row[key] != value for key, value in want.items()):
            claim_updates.append({"id": row["id"], **want})
    with db.atomic():
        if stale:
            db.conn.executemany("delete from claim_links where id = ?", [(i,) for i in stale])
        if changed:
            db["claim_links"].upsert_all(changed, pk="id")
        if claim_updates:
            db.conn.executemany(
                "update claims set repeat_group = :repeat_group, repeats = :repeats, "
                "match_status = :match_status where id = :id", claim_updates)
    return {"claims": len(claims), "links": len(links), "groups": len(sizes),
            "repeated": len(groups), "links_written": len(changed),
            "links_removed": len(stale), "claims_updated": len(claim_updates)}
