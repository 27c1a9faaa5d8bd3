"""Repeated-claim matching at scale: a million claims made from real corpus sentences.

    .venv/bin/python benchmarks/claims.py               # 1,000,000 claims
    .venv/bin/python benchmarks/claims.py --quick       # 50,000 claims
    .venv/bin/python benchmarks/claims.py --claims 200000

The claims are sentences of the shared corpus (MFA transcripts, CCTV news; the bundled
articles when ../shared is absent), questions and speaker labels dropped, mixed as a news
archive is: distinct claims (corpus sentences, and beyond them new sentences made of two clauses
of different sentences with their characters shuffled within each clause, so they share no real
clause with anything and repeat nothing by accident), exact repeats, and repeats with edits (a clause dropped or added, a lead-in
such as `我要强调，`, a few characters changed, Traditional characters). It prints throughput,
wall time, peak memory, candidate pairs, links and repeat groups, and two baselines from the same run:
exact-duplicate hashing (fast, finds only verbatim repeats) and all-pairs exact verification
on a sample, extrapolated to the full size.
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402

from quotecheck.db.repeats import (EXACT_METHOD, find_repeats, normalise, repeat_groups, shingles,  # noqa: E402
                        units, verify)
from quotecheck.ingest.readers import ReadError, iter_input_files, read_articles  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
SPEAKER_LABEL = re.compile(r"^[^，。：\s]{1,12}：")
LEAD_INS = ["我要强调，", "我想强调的是，", "正如我们多次指出的，", "对此，", "中方认为，", "需要指出的是，"]


def corpus_sentences() -> tuple[list[str], str]:
    """Claim-like sentences of the real corpus: not questions, no speaker labels."""
    if SHARED.is_dir():
        paths = [str(SHARED / "mfa-press-zh" / "raw"), str(SHARED / "xinwenlianbo-zh" / "news")]
        where = str(SHARED)
    else:
        paths, where = [str(ROOT / "articles")], str(ROOT / "articles")
    seen, found = set(), []
    for path in iter_input_files(paths):
        try:
            articles = read_articles(path)
        except ReadError:
            continue
        for article in articles:
            for match in SENTENCE.finditer(article.body):
                text = SPEAKER_LABEL.sub("", match.group().strip())
                if len(text) < 10 or text.endswith(("？", "?")) or "记者" in text[:12]:
                    continue
                if text not in seen:
                    seen.add(text)
                    found.append(text)
    return found, where


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"(?<=[，；：])", text) if c]


def shuffled(clause: str, rng: random.Random) -> str:
    """The clause's characters in a new order: the length and characters of a real clause,
    but 3-grams no real sentence has."""
    chars = list(clause.rstrip("，；：。！"))
    rng.shuffle(chars)
    return "".join(chars)


def edited(text: str, rng: random.Random, t2s: opencc.OpenCC) -> str:
    """A repeat with an edit, as the same proposition reappears in another statement."""
    kind = rng.randrange(5)
    parts = clauses(text)
    if kind == 0 and len(parts) > 2:  # a clause dropped
        del parts[rng.randrange(1, len(parts))]
        return "".join(parts)
    if kind == 1:
        return rng.choice(LEAD_INS) + text
    if kind == 2:  # a few characters changed
        chars = list(text)
        for _ in range(max(1, len(chars) // 25)):
            chars[rng.randrange(len(chars))] = rng.choice("的了和在将对")
        return "".join(chars)
    if kind == 3:
        return t2s.convert(text)
    return text.rstrip("。") + "，" + rng.choice(["这是一贯的", "这一立场没有改变", "各方都很清楚"]) + "。"


def make_claims(sentences: list[str], n: int, seed: int = 2024) -> list[tuple[str, str]]:
    """n (id, text) claims: 55% distinct, 15% exact repeats, 30% repeats with edits."""
    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    out, distinct = [], []
    for i in range(n):
        roll = rng.random()
        if roll < 0.55 or not distinct:
            if len(distinct) < len(sentences):
                text = sentences[len(distinct)]
            else:  # beyond the corpus: a new sentence, no real clause in it
                text = "，".join(shuffled(rng.choice(clauses(t)), rng)
                                for t in rng.sample(sentences, 2)) + "。"
            distinct.append(text)
        elif roll < 0.70:
            text = rng.choice(distinct)
        else:
            text = edited(rng.choice(distinct), rng, s2t)
        out.append((f"c{i:07d}", text))
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def all_pairs(claims: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The baseline: every pair of claims verified exactly (claims and their clause windows)."""
    unit_sets = [(cid, [shingles(u) for u in units(text)]) for cid, text in claims]
    found = set()
    for i, (a, sets_a) in enumerate(unit_sets):
        for b, sets_b in unit_sets[i + 1:]:
            if any(verify(x, y) is not None for x in sets_a for y in sets_b):
                found.add((min(a, b), max(a, b)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="how many claims")
    parser.add_argument("--quick", action="store_true", help="50,000 claims, a smaller sample")
    parser.add_argument("--sample", type=int, default=1500, help="claims in the all-pairs baseline")
    args = parser.parse_args()
    n = 50_000 if args.quick else args.claims
    sample_size = min(args.sample if not args.quick else 500, n)

    t = time.perf_counter()
    sentences, where = corpus_sentences()
    print(f"corpus: {len(sentences):,} distinct claim sentences from {where} "
          f"({time.perf_counter() - t:.1f}s)")
    claims = make_claims(sentences, n)
    rss_before = peak_mb()
    print(f"claims: {len(claims):,} (peak RSS before matching {rss_before:,.0f} MB)")

    # Baseline 1: exact-duplicate hashing of normalised texts.
    t = time.perf_counter()
    by_text: dict[str, int] = {}
    for _, text in claims:
        key = normalise(text)
        by_text[key] = by_text.get(key, 0) + 1
    exact_links = sum(count - 1 for count in by_text.values())
    exact_time = time.perf_counter() - t
    print(f"baseline exact hashing: {exact_time:.1f}s, {exact_links:,} links "
          f"(verbatim repeats only), {len(by_text):,} distinct normalised texts")

    # The matching.
    stats: dict = {}
    t = time.perf_counter()
    links = find_repeats(claims, stats=stats)
    wall = time.perf_counter() - t
    lsh_links = sum(1 for link in links if link.method.startswith("minhash"))
    t = time.perf_counter()
    groups = repeat_groups(links)
    group_time = time.perf_counter() - t
    sizes: dict[str, int] = {}
    for leader in groups.values():
        sizes[leader] = sizes.get(leader, 0) + 1
    print(f"find_repeats: {wall:.1f}s wall, {len(claims) / wall:,.0f} claims/s, "
          f"peak RSS {peak_mb():,.0f} MB")
    print(f"  {stats['texts']:,} distinct texts -> {stats['units']:,} units (claims and clause "
          f"windows, {stats['shingles']:,} shingle hashes), {stats['lsh_candidates']:,} LSH "
          f"candidate pairs, all verified exactly in numpy: {len(links):,} links "
          f"({len(links) - lsh_links:,} exact, {lsh_links:,} near-repeats verified)")
    largest = max(sizes.values(), default=0)
    print(f"  repeat_groups (star clustering): {group_time:.1f}s, {len(sizes):,} groups of "
          f"{len(groups):,} claims, largest {largest:,}, {len(links) / len(claims):.2f} links "
          f"per claim; peak RSS {peak_mb():,.0f} MB")
    if links:
        print(f"  method: {links[-1].method if lsh_links else links[0].method}")

    # Baseline 2: all pairs verified exactly on a sample, extrapolated; and the recall of
    # LSH against it on the same sample.
    sample = random.Random(7).sample(claims, sample_size)
    t = time.perf_counter()
    truth = all_pairs(sample)
    pair_time = time.perf_counter() - t
    pairs_in_sample = sample_size * (sample_size - 1) / 2
    full_pairs = len(claims) * (len(claims) - 1) / 2
    print(f"baseline all pairs on {sample_size:,} claims: {pair_time:.1f}s for "
          f"{pairs_in_sample:,.0f} pairs -> {pair_time * full_pairs / pairs_in_sample / 3600:,.1f} "
          f"hours for all {full_pairs:,.0f} pairs of {len(claims):,} claims")
    # find_repeats links each wording once, between the smallest claim ids carrying it (its
    # other claims get an exact link to that one), so an all-pairs link is found when the two
    # claims have one wording or their wordings are linked.
    found = find_repeats(sample)
    wording = {link.linked_claim_id: link.claim_id for link in found if link.method == EXACT_METHOD}
    near = {(link.claim_id, link.linked_claim_id) for link in found}
    hits = 0
    for a, b in truth:
        ra, rb = wording.get(a, a), wording.get(b, b)
        hits += ra == rb or (min(ra, rb), max(ra, rb)) in near
    print(f"  on the sample: all pairs finds {len(truth)} linked pairs; LSH finds {hits} of "
          f"them: recall {hits / len(truth) if truth else 1:.3f}")


if __name__ == "__main__":
    main()
