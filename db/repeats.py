"""Repeated claims: claims that assert the same thing, across statements, speakers and articles.

Each claim is normalised (Simplified characters, no punctuation or quote marks) and cut into
character 3-gram shingles. Identical normalised texts are grouped by hashing; the distinct
texts (and their clause windows) become sorted arrays of 32-bit shingle hashes, held in one
flat numpy array. MinHash signatures (datasketch's affine32 permutations, applied to many
texts per numpy call) give LSH band keys that propose candidate pairs from shared bands, so
no step compares all pairs. Every candidate is verified exactly, in numpy batches, by the
shingles the two texts share.

Groups are stars, never chains: each group has a leader and every other member is linked to
the leader itself (or has its very wording), so a group cannot drift from one proposition to
another through a run of overlapping clauses.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
from datasketch import MinHash

from .text import stable_id, to_simplified

SHINGLE = 3  # characters: Chinese has no spaces, and 3-grams are rarer than 2-grams in formulas
NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: a pair shares a band with probability 1 - (1 - J^3)^42
SEED = 1
THRESHOLD = 0.7  # verifier: containment of the shorter unit's shingles in the longer one's
MIN_SHARED = 10  # ... and at least this many shingles in common: a 12-character stretch
CLAUSES = 2  # a long claim is also matched by its windows of 2 consecutive clauses
METHOD = (f"minhash-lsh char{SHINGLE} n={NUM_PERM} b={BANDS} r={ROWS} on claims and "
          f"{CLAUSES}-clause windows + containment>={THRESHOLD} shared>={MIN_SHARED} "
          f"+ same figures")
EXACT_METHOD = "exact normalised text"
WINDOW = 8  # bucket neighbours each row is paired with (see candidate_pairs)
BATCH = 1 << 18  # shingles per MinHash batch: 2**18 x 128 uint32 = 128 MB at most
UNITS_PER_CHUNK = 1 << 15  # texts cut into shingles per numpy pass
PAIRS_PER_BATCH = 1 << 16  # candidate pairs verified per numpy pass

_NOT_WORD = re.compile(r"[\W_]+")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")
# A decimal point between digits is part of the figure: 5.2% is not 52%.
_DECIMAL_POINT = re.compile(r"(?<=\d)[.．](?=\d)")
# Figures: digits, or Chinese numerals counting something (3名, 四艘, 十八日); a bare 一 is
# too common in words (一个中国, 统一) to count.
_FIGURE = re.compile(r"\d+(?:点\d+)?|[零〇一二两三四五六七八九十百千万亿]+(?=[名人位次年月日号周岁届架艘枚件项座倍])")
_U64 = np.uint64
_MASK32 = 0xFFFFFFFF
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class Link:
    claim_id: str
    linked_claim_id: str
    score: float
    method: str


def _simplified(text: str) -> str:
    """Simplified characters, a decimal point between digits written 点 (kept by normalise)."""
    return _DECIMAL_POINT.sub("点", to_simplified(text or ""))


def normalise(text: str) -> str:
    """Simplified characters, lower case, no punctuation, quote marks or spaces; a decimal
    point stays, as 点."""
    return _NOT_WORD.sub("", _simplified(text)).lower()


def figures(normalised: str) -> tuple[str, ...]:
    """The figures a normalised text states, in order (a decimal 5点2 is one figure)."""
    return tuple(_FIGURE.findall(normalised))


def same_figures(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two texts that both state figures must state the same ones: `3名中国公民遇难` and
    `4名中国公民遇难` share almost every shingle, yet a verdict on one says nothing of the other."""
    return not (a and b) or sorted(a) == sorted(b)


def units(text: str) -> list[str]:
    """What a claim is matched by: its normalised text and, when it has more than CLAUSES
    clauses, each window of CLAUSES consecutive clauses, so one proposition repeated inside a
    longer sentence (`美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持…`) is still found."""
    simplified = _simplified(text)  # once: converting each clause again is slow
    whole = _NOT_WORD.sub("", simplified).lower()
    clauses = [c for c in (_NOT_WORD.sub("", part).lower()
                           for part in _CLAUSE_END.split(simplified)) if c]
    found = [whole]
    if len(clauses) > CLAUSES:
        for i in range(len(clauses) - CLAUSES + 1):
            window = "".join(clauses[i:i + CLAUSES])
            if len(window) - SHINGLE + 1 >= MIN_SHARED and window not in found:
                found.append(window)
    return found


def shingles(normalised: str) -> set[str]:
    return {normalised[i:i + SHINGLE] for i in range(len(normalised) - SHINGLE + 1)}


def _fmix64(k):
    # MurmurHash3's 64-bit finaliser: numpy uint64 arrays (wrapping) or Python ints (masked).
    if isinstance(k, np.ndarray):
        k = k ^ (k >> _U64(33))
        k = k * _U64(0xFF51AFD7ED558CCD)
        k = k ^ (k >> _U64(33))
        k = k * _U64(0xC4CEB9FE1A85EC53)
        return k ^ (k >> _U64(33))
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _MASK64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _MASK64
    return k ^ (k >> 33)


def shingle_hash(shingle: str) -> int:
    """A stable 32-bit hash of a shingle: its code points (21 bits each) packed into one
    integer and mixed, which numpy computes for millions of shingles at once."""
    key = 0
    for ch in shingle:
        key = (key << 21) | ord(ch)
    return _fmix64(key & _MASK64) & _MASK32


def containment(a: set, b: set) -> float:
    """The share of the smaller set found in the larger: 1.0 when one claim repeats inside
    another, whatever the other adds around it."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _shingle_chunk(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct shingle hashes of each text, one after another; their counts)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    n = np.maximum(lengths - SHINGLE + 1, 0)
    owner = np.repeat(np.arange(len(texts), dtype=np.uint64), n)
    pos = _ranges(np.cumsum(lengths) - lengths, n)
    key = ((points[pos].astype(_U64) << _U64(42)) | (points[pos + 1].astype(_U64) << _U64(21))
           | points[pos + 2].astype(_U64))
    keys = (owner << _U64(32)) | (_fmix64(key) & _U64(_MASK32))
    short = np.flatnonzero(n == 0)  # a text under 3 characters: itself is its one shingle
    if short.size:
        extra = np.fromiter((shingle_hash(texts[i]) for i in short), dtype=_U64, count=short.size)
        keys = np.concatenate([keys, (short.astype(_U64) << _U64(32)) | extra])
    keys = sorted_unique(keys)  # sorted by text, then hash; each hash once per text
    counts = np.bincount((keys >> _U64(32)).astype(np.int64), minlength=len(texts))
    return (keys & _U64(_MASK32)).astype(np.uint32), counts


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: numpy 2.4's np.unique hashes integers first, 17 times slower
    than a sort on millions of uint64 shingle keys (116 s against 6.8 s for 5 million)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start+1, .. start+length-1 of every (start, length), concatenated."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(np.asarray(starts, np.int64) - before,
                                                         lengths)


def shingle_arrays(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every normalised text's distinct shingle hashes, sorted: one flat uint32 array, and the
    offsets (n + 1) where each text's hashes start and the last ends."""
    parts, counts, chunk = [], [], []
    for text in texts:
        chunk.append(text)
        if len(chunk) == UNITS_PER_CHUNK:
            hashes, count = _shingle_chunk(chunk)
            parts.append(hashes), counts.append(count)
            chunk = []
    if chunk or not parts:
        hashes, count = _shingle_chunk(chunk)
        parts.append(hashes), counts.append(count)
    counts = np.concatenate(counts)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return np.concatenate(parts), offsets


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser, as datasketch's affine32 scheme mixes input hashes.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _minhash_batches(hashes: np.ndarray, offsets: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(first text, signatures of a run of texts) for runs of about BATCH shingles."""
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
    a, b = a.astype(np.uint32)[:, None], b.astype(np.uint32)[:, None]
    n, start = len(offsets) - 1, 0
    while start < n:
        end = max(int(np.searchsorted(offsets, offsets[start] + BATCH, side="right")) - 1,
                  start + 1)
        end = min(end, n)
        hv = _fmix32(hashes[offsets[start]:offsets[end]])
        with np.errstate(over="ignore"):
            permuted = a * hv + b  # wraps mod 2**32, as in datasketch
        yield start, np.minimum.reduceat(permuted, offsets[start:end] - offsets[start], axis=1).T
        start = end


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures of normalised texts' shingle sets, one row per text: the values
    datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=shingle_hash)
    .update_batch(shingles(text))` gives, computed for many texts per numpy call instead of
    one Python object per text (which would not fit a million claims in memory)."""
    hashes, offsets = shingle_arrays(texts)
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    for start, sigs in _minhash_batches(hashes, offsets):
        out[start:start + len(sigs)] = sigs
    return out


def band_keys(hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(BANDS, n) uint32: each band's ROWS signature values folded into one key. Only the
    keys are kept, not the signatures (168 bytes a text instead of 512); two texts that
    collide on a key by chance are only a candidate, which the verifier then rejects."""
    rng = np.random.RandomState(SEED)
    weights = (rng.randint(1, 1 << 62, ROWS, dtype=np.int64) * 2 + 1).astype(_U64)
    out = np.empty((BANDS, len(offsets) - 1), dtype=np.uint32)
    for start, sigs in _minhash_batches(hashes, offsets):
        block = sigs[:, :BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(_U64)
        with np.errstate(over="ignore"):
            keys = (block * weights).sum(axis=2)
        out[:, start:start + len(sigs)] = ((keys >> _U64(32)) ^ keys).astype(np.uint32).T
    return out


def candidate_pairs(keys: np.ndarray, owners: np.ndarray | None = None) -> np.ndarray:
    """(i, j) text pairs, i < j, that share the key of at least one band (and, given
    `owners`, belong to different owners). Texts are sorted by band key, so each band costs
    one sort, never a pairwise comparison. In a bucket of more than WINDOW texts each is
    paired with its WINDOW next ones only, so a formula shared by thousands stays linear."""
    n = keys.shape[1]
    found = [np.empty(0, dtype=np.int64)]
    for band in range(len(keys) if n > 1 else 0):
        order = np.argsort(keys[band], kind="stable")
        sorted_keys = keys[band][order]
        same_as_next = sorted_keys[1:] == sorted_keys[:-1]
        if not same_as_next.any():
            continue
        # Bucket number of each sorted text; texts alone in their bucket drop out.
        bucket = np.r_[0, np.cumsum(~same_as_next)]
        shared = np.r_[same_as_next, False] | np.r_[False, same_as_next]
        rows, bucket = order[shared], bucket[shared]
        for offset in range(1, WINDOW + 1):
            same = bucket[offset:] == bucket[:-offset]
            if not same.any():
                break
            a, b = rows[:-offset][same], rows[offset:][same]
            if owners is not None:
                a, b = a[owners[a] != owners[b]], b[owners[a] != owners[b]]
            # One int64 per pair (smaller first), de-duplicated band by band.
            found.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
        found = [sorted_unique(np.concatenate(found))]
    codes = found[0]
    return np.stack([codes // n, codes % n], axis=1)


def shared_counts(hashes: np.ndarray, offsets: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """How many shingle hashes each (i, j) pair of texts has in common, in numpy batches: the
    shorter text's hashes, tagged with the pair's number, are looked up by binary search in
    the longer ones', tagged the same way (each text's hashes are sorted, so the tagged
    array is sorted too)."""
    sizes = np.diff(offsets)
    out = np.empty(len(pairs), dtype=np.int64)
    for start in range(0, len(pairs), PAIRS_PER_BATCH):
        chunk = pairs[start:start + PAIRS_PER_BATCH]
        first = sizes[chunk[:, 0]] <= sizes[chunk[:, 1]]
        short = np.where(first, chunk[:, 0], chunk[:, 1])
        long = np.where(first, chunk[:, 1], chunk[:, 0])
        tag = np.arange(len(chunk), dtype=_U64)
        short_tags = np.repeat(tag, sizes[short])
        needles = (short_tags << _U64(32)) | hashes[_ranges(offsets[short], sizes[short])]
        hay = (np.repeat(tag, sizes[long]) << _U64(32)) | hashes[_ranges(offsets[long],
                                                                        sizes[long])]
        pos = np.minimum(np.searchsorted(hay, needles), len(hay) - 1)
        hit = hay[pos] == needles
        out[start:start + len(chunk)] = np.bincount(short_tags[hit].astype(np.int64),
                                                    minlength=len(chunk))
    return out


def verify(a: set[str], b: set[str]) -> float | None:
    """The containment score when the pair is a repeat, else None (on shingle sets)."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return None
    score = shared / min(len(a), len(b))
    return score if score >= THRESHOLD else None


def verify_pairs(hashes: np.ndarray, offsets: np.ndarray,
                 pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`verify` for many pairs at once, on the hash arrays: (index of each pair that is a
    repeat, its containment score)."""
    shared = shared_counts(hashes, offsets, pairs)
    sizes = np.diff(offsets)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]) if len(pairs) else shared
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(smaller > 0, shared / np.maximum(smaller, 1), 0.0)
    ok = np.flatnonzero((shared >= MIN_SHARED) & (score >= THRESHOLD))
    return ok, score[ok]


@dataclass
class UnitIndex:
    """What LSH matched the texts by, for db/repeat_index.py to store: each unit's text (the
    normalised text's key), its text's smallest claim id and its place among the text's
    units, and its band keys (BANDS, n); and each claim's text key."""
    text_keys: list[int]
    reps: list[str]
    positions: list[int]
    keys: np.ndarray
    claim_text_keys: dict[str, int]


def text_key(normalised: str) -> int:
    """A stable signed 64-bit key of a normalised text (an SQLite integer). Two texts with
    one key would be taken for one wording by db/repeat_index.py: about one chance in 37
    million among a million texts."""
    return int.from_bytes(hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def find_repeats(claims: Iterable[tuple[str, str]], stats: dict | None = None) -> list[Link]:
    """Verified links between (claim id, text) pairs that assert the same thing.

    Claims with the same normalised text are linked to the first of them (score 1.0),
    whatever its length; the distinct texts long enough to share MIN_SHARED shingles are
    matched by MinHash LSH and verified; a matched pair of texts gives one link, between the
    smallest claim ids carrying them, when both the matched units and the whole texts state
    the same figures. Links come sorted, with claim_id < linked_claim_id. `stats`, when
    given, receives the counts of each step."""
    return match_claims(claims, stats)[0]


def match_claims(claims: Iterable[tuple[str, str]],
                 stats: dict | None = None) -> tuple[list[Link], UnitIndex]:
    """find_repeats, and the units it matched by (UnitIndex)."""
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

    texts, text_figures, unit_owner, unit_figures, unit_positions = [], [], [], [], []
    texts_keys, claim_text_keys = [], {}

    def unit_texts() -> Iterator[str]:
        for normalised, (text, ids) in by_text.items():
            ids.sort()
            if not normalised:
                continue  # no words at all: nothing to repeat
            key = text_key(normalised)
            claim_text_keys.update((claim_id, key) for claim_id in ids)
            for other in ids[1:]:
                add(ids[0], other, 1.0, EXACT_METHOD)
            if len(normalised) - SHINGLE + 1 < MIN_SHARED:
                continue  # too short for a near repeat to be told from a chance overlap
            owner = len(texts)
            texts.append(ids[0])
            texts_keys.append(key)
            # A window may match while another clause states another figure (3名 vs 4名).
            text_figures.append(figures(normalised))
            for position, unit in enumerate(units(text)):
                unit_owner.append(owner)
                unit_positions.append(position)
                unit_figures.append(figures(unit))
                yield unit

    hashes, offsets = shingle_arrays(unit_texts())
    pairs = np.empty((0, 2), dtype=np.int64)
    keys = np.empty((BANDS, 0), dtype=np.uint32)
    if unit_owner:
        owners = np.asarray(unit_owner, dtype=np.int64)
        keys = band_keys(hashes, offsets)
        pairs = candidate_pairs(keys, owners)
        found, scores = verify_pairs(hashes, offsets, pairs)
        for (i, j), score in zip(pairs[found].tolist(), scores.tolist()):
            if (same_figures(unit_figures[i], unit_figures[j])
                    and same_figures(text_figures[owners[i]], text_figures[owners[j]])):
                add(texts[owners[i]], texts[owners[j]], score, METHOD)
    if stats is not None:
        stats.update(claims=sum(len(ids) for _, ids in by_text.values()), texts=len(texts),
                     units=len(unit_owner), shingles=int(len(hashes)),
                     lsh_candidates=int(len(pairs)),
                     links=len(links))
    index = UnitIndex([texts_keys[owner] for owner in unit_owner],
                      [texts[owner] for owner in unit_owner], unit_positions, keys,
                      claim_text_keys)
    return sorted(links.values(), key=lambda link: (link.claim_id, link.linked_claim_id)), index


def repeat_groups(links: Iterable[Link]) -> dict[str, str]:
    """Star clustering of the links: each claim in a group of two or more -> its group, the
    id of the group's leader. Claims of one wording (exact links) stay together. Wordings are
    taken in a stable order, those that most claims repeat directly first (then by id); a
    wording joins the leader it is linked to most closely, else leads a group of its own. So
    every member repeats its leader directly, never only through another member: A~B and
    B~C with A!~C cannot put A and C in one group by way of B."""
    links = list(links)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        root(link.claim_id), root(link.linked_claim_id)
        if link.method == EXACT_METHOD:  # one wording: safe to join transitively
            a, b = root(link.claim_id), root(link.linked_claim_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for claim_id in list(parent):
        members.setdefault(root(claim_id), []).append(claim_id)
    near: dict[str, dict[str, float]] = {wording: {} for wording in members}
    for link in links:
        a, b = root(link.claim_id), root(link.linked_claim_id)
        if a != b:
            near[a][b] = max(near[a].get(b, 0.0), link.score)
            near[b][a] = max(near[b].get(a, 0.0), link.score)
    reach = {w: len(members[w]) - 1 + sum(len(members[o]) for o in near[w]) for w in members}
    leader_of: dict[str, str] = {}
    rank: dict[str, int] = {}
    for wording in sorted(members, key=lambda w: (-reach[w], w)):
        leaders = [o for o in near[wording] if leader_of.get(o) == o]
        if leaders:
            leader_of[wording] = max(leaders, key=lambda o: (near[wording][o], -rank[o]))
        else:
            leader_of[wording] = wording
            rank[wording] = len(rank)
    size: dict[str, int] = {}
    for wording, leader in leader_of.items():
        size[leader] = size.get(leader, 0) + len(members[wording])
    return {claim_id: leader for wording, leader in leader_of.items() if size[leader] > 1
            for claim_id in members[wording]}


def link_rows(links: list[Link], groups: dict[str, str]) -> list[dict]:
    """claim_links rows; a link's repeat_group is set when both its claims are in that group."""
    return [{"id": stable_id("link", link.claim_id, link.linked_claim_id),
             "claim_id": link.claim_id, "linked_claim_id": link.linked_claim_id,
             "repeat_group": groups.get(link.claim_id)
             if groups.get(link.claim_id) == groups.get(link.linked_claim_id) else None,
             "method": link.method, "score": link.score}
            for link in links]
