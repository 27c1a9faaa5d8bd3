"""Repeated claims in the database: the full pass and the update by what changed. The
matching itself is db/repeats.py's (pure functions, no database); this module stores it.

save_repeats matches every claim (repeats.match_claims), writes the links and groups, and
stores what it matched by:

  repeat_texts  each claim's normalised text, as a 64-bit key (claims of one key are one
                wording; its smallest claim id is the text's representative)
  repeat_units  each unit of a text long enough to match (its whole text, its clause
                windows): the text's key and representative and the unit's place among the
                text's units, which order the members of every LSH bucket; its band keys
  repeat_bands  (band << 32 | band key, unit): the LSH buckets, by key

update_repeats re-keys the changed claims. A text whose representative, or whose
representative's text, changed gets its units made again (only those texts are shingled). A
bucket pairs each member with its WINDOW next of another text (candidate_pairs), so only the
buckets those units left or joined pair differently: the text pairs that gained or lost a
candidate unit pair there are matched again, each over every bucket its two texts share, from
shingles of those texts alone. Exact links are made again for the changed texts. Then the
connected components of the link graph that hold a changed claim or link are grouped again;
repeat_groups decides within a component, so the rows are those of a full pass.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlite_utils

from .changes import Changes, temp_values
from .repeats import (BANDS, EXACT_METHOD, METHOD, MIN_SHARED, SHINGLE, WINDOW, Link,
                      UnitIndex, band_keys, figures, link_rows, match_claims, normalise,
                      repeat_groups, same_figures, shingle_arrays, text_key, units, verify_pairs)

TEXTS, UNITS, BUCKETS = "repeat_texts", "repeat_units", "repeat_bands"
TABLES = (TEXTS, UNITS, BUCKETS)
CREATE = [
    f"create table if not exists {TEXTS} (claim_id text primary key, "
    "text_key integer not null) without rowid",
    f"create index if not exists {TEXTS}_text_key on {TEXTS} (text_key)",
    f"create table if not exists {UNITS} (unit integer primary key, text_key integer not null, "
    "rep text not null, position integer not null, bands blob not null)",
    f"create index if not exists {UNITS}_text_key on {UNITS} (text_key)",
    f"create table if not exists {BUCKETS} (band_key integer not null, unit integer not null, "
    "primary key (band_key, unit)) without rowid",
]
LINK_COLUMNS = "id, claim_id, linked_claim_id, repeat_group, method, score"
ROWS_PER_INSERT = 1 << 16


def ensure_index_tables(db: sqlite_utils.Database) -> None:
    for sql in CREATE:
        db.execute(sql)
    # Components are walked along links from both ends (ensure_db_shape makes these too).
    for column in ("claim_id", "linked_claim_id"):
        db["claim_links"].create_index([column], if_not_exists=True)


def has_index(db: sqlite_utils.Database) -> bool:
    return set(TABLES) <= set(db.table_names())


def _bucket_rows(keys: np.ndarray, unit_ids: np.ndarray) -> np.ndarray:
    """(band << 32 | key, unit) of every band of every unit, sorted (the table's order)."""
    band = np.arange(BANDS, dtype=np.int64)[:, None]
    band_key = (band << 32) | keys.astype(np.int64)
    rows = np.stack([band_key.ravel(), np.broadcast_to(unit_ids, keys.shape).ravel()], axis=1)
    return rows[np.argsort(rows[:, 0], kind="stable")]  # units ascend within a band already


def _insert_units(db: sqlite_utils.Database, first_id: int, text_keys, reps, positions,
                  keys: np.ndarray) -> None:
    unit_ids = np.arange(first_id, first_id + keys.shape[1], dtype=np.int64)
    columns = np.ascontiguousarray(keys.T)
    db.conn.executemany(f"insert into {UNITS} values (?, ?, ?, ?, ?)",
                        zip(unit_ids.tolist(), text_keys, reps, positions,
                            (row.tobytes() for row in columns)))
    rows = _bucket_rows(keys, unit_ids)
    for start in range(0, len(rows), ROWS_PER_INSERT):
        db.conn.executemany(f"insert into {BUCKETS} values (?, ?)",
                            rows[start:start + ROWS_PER_INSERT].tolist())


def save_index(db: sqlite_utils.Database, index: UnitIndex) -> None:
    """Store the units a full pass matched by, in place of any stored before."""
    for table in TABLES:  # dropped, not emptied: a delete journals every page it frees
        db.execute(f"drop table if exists {table}")
    ensure_index_tables(db)
    db.conn.executemany(f"insert into {TEXTS} values (?, ?)",
                        sorted(index.claim_text_keys.items()))
    _insert_units(db, 1, index.text_keys, index.reps, index.positions, index.keys)


def _claims_of(db: sqlite_utils.Database, keys: set[int]) -> dict[int, list[str]]:
    """Each text key -> its claims' ids, smallest first."""
    table = temp_values(db, "repeat_keys", keys)
    found: dict[int, list[str]] = {}
    for claim_id, key in db.execute(f"select claim_id, text_key from {TEXTS} "
                                    f"where text_key in (select value from {table})"):
        found.setdefault(key, []).append(claim_id)
    return {key: sorted(ids) for key, ids in found.items()}


def _buckets(db: sqlite_utils.Database, band_keys_: set[int]) -> dict[int, list[tuple]]:
    """Each bucket -> its members (representative, position, unit, text key), in the order
    candidate_pairs sorts them: by unit number in a full pass, which is this order."""
    table = temp_values(db, "repeat_bucket_keys", band_keys_)
    found: dict[int, list[tuple]] = {key: [] for key in band_keys_}
    for band_key, rep, position, unit, key in db.execute(
            f"select b.band_key, u.rep, u.position, b.unit, u.text_key from {BUCKETS} b "
            f"join {UNITS} u on u.unit = b.unit "
            f"where b.band_key in (select value from {table})"):
        found[band_key].append((rep, position, unit, key))
    for members in found.values():
        members.sort()
    return found


def _window_pairs(buckets: dict[int, list[tuple]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The candidate unit pairs these buckets make (each member with its WINDOW next, of
    another text): (smaller unit, larger unit) -> (smaller text key, larger text key)."""
    found = {}
    for members in buckets.values():
        for i, (_, _, unit, key) in enumerate(members):
            for _, _, other, other_key in members[i + 1:i + 1 + WINDOW]:
                if key != other_key:
                    found[(min(unit, other), max(unit, other))] = (min(key, other_key),
                                                                   max(key, other_key))
    return found


def _band_keys_of(bands: bytes) -> list[int]:
    return [(band << 32) | int(key)
            for band, key in enumerate(np.frombuffer(bands, dtype=np.uint32))]


def update_repeats(db: sqlite_utils.Database, changes: Changes) -> dict:
    """Claim links, repeat groups, repeats and match status after the claims of `changes`
    came, went or changed (and of claims whose repeat columns another tool changed): the
    rows save_repeats gives, from the changed claims' texts and what they may match."""
    if not has_index(db):
        return save_repeats(db)  # stored by an earlier version: match everything once
    with db.atomic():
        return _update(db, changes)


@dataclass
class Wordings:
    """The texts of the changed claims: each text key's claims (smallest first) as stored
    before and as they are now, and the texts whose units must be made again."""
    old: dict[int, list[str]]
    new: dict[int, list[str]]
    retexted: set[int]

    def old_rep(self, key: int) -> str | None:
        return self.old[key][0] if key in self.old else None

    def new_rep(self, key: int) -> str | None:
        return self.new[key][0] if key in self.new else None


def _update(db: sqlite_utils.Database, changes: Changes) -> dict:
    stats = {"claims_read": 0, "texts_shingled": 0, "units_shingled": 0}
    seeds, retexted_claims = _changed_claims(db, changes)
    wordings = _rekey(db, retexted_claims, stats)
    rematched, buckets = _replace_units(db, wordings, stats)
    removed, added = _relink(db, wordings, rematched, buckets, stats)
    ends = {end for row in removed.values() for end in row[1:3]}
    ends |= {end for link in added for end in (link.claim_id, link.linked_claim_id)}
    stats.update(_regroup(db, seeds | ends))
    return stats


def _changed_claims(db: sqlite_utils.Database, changes: Changes) -> tuple[set, set]:
    """The ids of every changed claim (before and now), and of those whose text may have."""
    slots = changes.of("claims")
    rows = temp_values(db, "repeat_slots", slots)
    now_id = dict(db.execute(f"select rowid, id from claims where rowid in "
                             f"(select value from {rows})"))
    seeds, retexted = set(), set()
    for rowid, slot in slots.items():
        ids = {slot.before.get("id") if slot.before else None, now_id.get(rowid)} - {None}
        seeds |= ids
        if slot.content:
            retexted |= ids
    return seeds, retexted


def _rekey(db: sqlite_utils.Database, claim_ids: set[str], stats: dict) -> Wordings:
    """Store the claims' text keys as they are now; their texts before and after."""
    ids = temp_values(db, "repeat_claim_ids", claim_ids)
    keys = {key for key, in db.execute(f"select text_key from {TEXTS} "
                                       f"where claim_id in (select value from {ids})")}
    new_key = {}
    for claim_id, text in db.execute(f"select id, text from claims "
                                     f"where id in (select value from {ids})"):
        stats["claims_read"] += 1
        normalised = normalise(text or "")
        if normalised:  # no words at all: nothing to repeat
            new_key[claim_id] = text_key(normalised)
    keys |= set(new_key.values())
    old = _claims_of(db, keys)
    db.conn.executemany(f"delete from {TEXTS} where claim_id = ?", [(i,) for i in claim_ids])
    db.conn.executemany(f"insert into {TEXTS} values (?, ?)", sorted(new_key.items()))
    wordings = Wordings(old, _claims_of(db, keys), set())
    # A text's units are its representative's: they change when it or its text does.
    wordings.retexted = {key for key in keys if wordings.old_rep(key) != wordings.new_rep(key)
                         or wordings.old_rep(key) in claim_ids}
    return wordings


def _replace_units(db: sqlite_utils.Database, wordings: Wordings,
                   stats: dict) -> tuple[set[tuple[int, int]], dict[int, list[tuple]]]:
    """Replace the retexted texts' units by units of their texts now. Returns the text pairs
    whose candidate unit pairs changed, and the buckets the units left or joined (as now)."""
    table = temp_values(db, "repeat_retexted", wordings.retexted)
    old_units = db.execute(f"select unit, bands from {UNITS} "
                           f"where text_key in (select value from {table})").fetchall()
    reps = {key: wordings.new_rep(key) for key in sorted(wordings.retexted) if key in wordings.new}
    rep_text = _texts_of(db, reps.values(), stats)
    unit_texts, unit_keys, unit_reps, unit_positions = [], [], [], []
    for key, rep in reps.items():
        if len(normalise(rep_text[rep])) - SHINGLE + 1 < MIN_SHARED:
            continue
        stats["texts_shingled"] += 1
        for position, unit in enumerate(units(rep_text[rep])):
            unit_texts.append(unit), unit_keys.append(key)
            unit_reps.append(rep), unit_positions.append(position)
    stats["units_shingled"] += len(unit_texts)
    new_keys = band_keys(*shingle_arrays(unit_texts)) if unit_texts else \
        np.empty((BANDS, 0), dtype=np.uint32)
    touched = {band_key for _, bands in old_units for band_key in _band_keys_of(bands)}
    touched |= set(_bucket_rows(new_keys, np.zeros(new_keys.shape[1], np.int64))[:, 0].tolist())

    # Only the buckets they left or joined pair differently.
    before = _window_pairs(_buckets(db, touched))
    first_id = db.execute(f"select coalesce(max(unit), 0) + 1 from {UNITS}").fetchone()[0]
    db.conn.executemany(f"delete from {BUCKETS} where band_key = ? and unit = ?",
                        [(band_key, unit) for unit, bands in old_units
                         for band_key in _band_keys_of(bands)])
    db.conn.executemany(f"delete from {UNITS} where unit = ?", [(u,) for u, _ in old_units])
    # Numbers above every old unit's: an old unit's pair is never taken for a new unit's.
    _insert_units(db, first_id, unit_keys, unit_reps, unit_positions, new_keys)
    buckets = _buckets(db, touched)
    after = _window_pairs(buckets)
    rematched = {before.get(pair) or after[pair] for pair in before.keys() ^ after.keys()}
    stats["buckets"], stats["text_pairs_matched"] = len(touched), len(rematched)
    return rematched, buckets


def _relink(db: sqlite_utils.Database, wordings: Wordings, rematched: set[tuple[int, int]],
            buckets: dict[int, list[tuple]], stats: dict) -> tuple[dict[str, tuple], list[Link]]:
    """Write the near links of the rematched text pairs and the exact links of the changed
    texts in place of theirs. Returns the stored links that went, and the links found."""
    near = _match_pairs(db, rematched, buckets, stats)
    gone = temp_values(db, "repeat_gone", set().union(*wordings.old.values()))
    old_reps = temp_values(db, "repeat_old_reps", {wordings.old_rep(key) for key in
                                                   wordings.retexted if key in wordings.old})
    # An exact link's claim_id is its text's representative; a near link joins two.
    removed = {row[0]: row for row in db.execute(
        f"select {LINK_COLUMNS} from claim_links where claim_id in (select value from {gone}) "
        f"and method = :exact union select {LINK_COLUMNS} from claim_links "
        f"where claim_id in (select value from {old_reps}) and method != :exact "
        f"union select {LINK_COLUMNS} from claim_links "
        f"where linked_claim_id in (select value from {old_reps}) and method != :exact",
        {"exact": EXACT_METHOD})}
    # The rematched pairs of unchanged texts: their representatives are those stored.
    rep_of = _reps_of(db, {key for pair in rematched for key in pair} - set(wordings.old)
                      - set(wordings.new))
    rep_of |= {key: claims[0] for key, claims in wordings.old.items()}
    for row in _links_between(db, [(rep_of[a], rep_of[b]) for a, b in rematched
                                   if a in rep_of and b in rep_of]):
        if row[4] != EXACT_METHOD:
            removed[row[0]] = row
    added = [Link(claims[0], other, 1.0, EXACT_METHOD)
             for claims in wordings.new.values() for other in claims[1:]] + near
    # A link found again stays (its repeat group is _regroup's to change); the rest go.
    written = [row for row in link_rows(added, {}) if not (
        row["id"] in removed and _same_link(removed.pop(row["id"]), row))]
    db.conn.executemany("delete from claim_links where id = ?", [(i,) for i in removed])
    db["claim_links"].upsert_all(written, pk="id")
    stats.update(links_removed=len(removed), links_written=len(written))
    return removed, added


def _same_link(stored: tuple, row: dict) -> bool:
    return (stored[1], stored[2], stored[4], stored[5]) == (
        row["claim_id"], row["linked_claim_id"], row["method"], row["score"])


def _texts_of(db: sqlite_utils.Database, claim_ids, stats: dict) -> dict[str, str]:
    table = temp_values(db, "repeat_text_ids", claim_ids)
    found = {claim_id: text or "" for claim_id, text in db.execute(
        f"select id, text from claims where id in (select value from {table})")}
    stats["claims_read"] += len(found)
    return found


def _reps_of(db: sqlite_utils.Database, keys: set[int]) -> dict[int, str]:
    table = temp_values(db, "repeat_rep_keys", keys)
    return dict(db.execute(f"select text_key, min(rep) from {UNITS} "
                           f"where text_key in (select value from {table}) group by text_key"))


def _links_between(db: sqlite_utils.Database, pairs) -> list[tuple]:
    from .text import stable_id

    table = temp_values(db, "repeat_link_ids",
                        [stable_id("link", min(a, b), max(a, b)) for a, b in pairs])
    return db.execute(f"select {LINK_COLUMNS} from claim_links "
                      f"where id in (select value from {table})").fetchall()


def _match_pairs(db: sqlite_utils.Database, text_pairs: set[tuple[int, int]],
                 buckets: dict[int, list[tuple]], stats: dict) -> list[Link]:
    """The near link of each text pair, as a full pass finds it: the best verified score over
    every candidate unit pair, that is every pair of their units within WINDOW of each other
    in a bucket they share (`buckets` holds some of them already, the rest are read)."""
    keys = {key for pair in text_pairs for key in pair}
    table = temp_values(db, "repeat_pair_keys", keys)
    units_of: dict[int, list[tuple]] = {}
    for unit, key, rep, position, bands in db.execute(
            f"select unit, text_key, rep, position, bands from {UNITS} "
            f"where text_key in (select value from {table}) order by unit"):
        units_of.setdefault(key, []).append((unit, rep, position,
                                             np.frombuffer(bands, dtype=np.uint32)))
    shared = []  # (unit, unit, bucket) of units of two texts that share a bucket
    for a, b in text_pairs:
        for unit, _, _, bands in units_of.get(a, []):
            for other, _, _, other_bands in units_of.get(b, []):
                for band in np.flatnonzero(bands == other_bands).tolist():
                    shared.append((unit, other, (band << 32) | int(bands[band])))
    missing = {bucket for _, _, bucket in shared if bucket not in buckets}
    buckets = {**buckets, **_buckets(db, missing)} if missing else buckets
    place = {}
    for bucket in {bucket for _, _, bucket in shared}:
        place[bucket] = {member[2]: i for i, member in enumerate(buckets[bucket])}
    candidates = sorted({(unit, other) for unit, other, bucket in shared
                         if abs(place[bucket][unit] - place[bucket][other]) <= WINDOW})
    if not candidates:
        return []
    # Shingles of only the units in a candidate pair, made again from their texts.
    unit_info = {unit: (key, rep, position) for key, found in units_of.items()
                 for unit, rep, position, _ in found}
    needed = sorted({unit for pair in candidates for unit in pair})
    rep_text = _texts_of(db, {unit_info[unit][1] for unit in needed}, stats)
    text_units = {rep: units(text) for rep, text in rep_text.items()}
    stats["texts_shingled"] += len(text_units)
    unit_text = [text_units[unit_info[unit][1]][unit_info[unit][2]] for unit in needed]
    stats["units_shingled"] += len(unit_text)
    row = {unit: i for i, unit in enumerate(needed)}
    hashes, offsets = shingle_arrays(unit_text)
    index_pairs = np.array([(row[a], row[b]) for a, b in candidates], dtype=np.int64)
    found, scores = verify_pairs(hashes, offsets, index_pairs)
    text_figures = {rep: figures(normalise(text)) for rep, text in rep_text.items()}
    best: dict[tuple[str, str], float] = {}
    for k, score in zip(found.tolist(), scores.tolist()):
        a, b = candidates[k]
        rep_a, rep_b = unit_info[a][1], unit_info[b][1]
        if (same_figures(figures(unit_text[row[a]]), figures(unit_text[row[b]]))
                and same_figures(text_figures[rep_a], text_figures[rep_b])):
            pair = (min(rep_a, rep_b), max(rep_a, rep_b))
            best[pair] = max(best.get(pair, 0.0), score)
    return [Link(a, b, round(score, 4), METHOD) for (a, b), score in sorted(best.items())]


def _regroup(db: sqlite_utils.Database, seeds: set[str]) -> dict:
    """Group again the connected components of the link graph that hold a seed claim, and
    write the repeat groups of their links and claims (and the seeds') that changed."""
    component = temp_values(db, "repeat_component", [])
    db.execute(f"insert into {component} with recursive reached(id) as ("
               f"select value from {temp_values(db, 'repeat_seeds', seeds)} union "
               "select case when l.claim_id = reached.id then l.linked_claim_id else l.claim_id "
               "end from reached join claim_links l "
               "on l.claim_id = reached.id or l.linked_claim_id = reached.id) "
               "select id from reached")
    seen = {claim_id for claim_id, in db.execute(f"select value from {component}")}
    # Every link of a component has its claim_id in it.
    rows = {row[0]: row for row in db.execute(
        f"select {LINK_COLUMNS} from claim_links where claim_id in "
        f"(select value from {component})")}
    # repeat_groups decides the same whatever order the links come in.
    groups = repeat_groups(Link(row[1], row[2], row[5], row[4]) for row in rows.values())
    changed_links = []
    for link_id, claim_id, linked_claim_id, stored, _, _ in rows.values():
        group = groups.get(claim_id)  # as link_rows sets it
        group = group if group == groups.get(linked_claim_id) else None
        if group != stored:
            changed_links.append((group, link_id))
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    linked = {end for row in rows.values() for end in row[1:3]}
    table = temp_values(db, "repeat_regrouped", seen)
    claim_updates = []
    for claim_id, *now in db.execute(f"select id, repeat_group, repeats, match_status from "
                                     f"claims where id in (select value from {table})"):
        group = groups.get(claim_id)
        want = (group, sizes[group] - 1 if group else 0,
                "repeated" if claim_id in linked else "unique")
        if tuple(now) != want:
            claim_updates.append((*want, claim_id))
    with db.atomic():
        db.conn.executemany("update claim_links set repeat_group = ? where id = ?",
                            changed_links)
        db.conn.executemany("update claims set repeat_group = ?, repeats = ?, "
                            "match_status = ? where id = ?", claim_updates)
    return {"claims_regrouped": len(seen), "links_regrouped": len(rows),
            "link_groups_written": len(changed_links), "claims_updated": len(claim_updates)}


def save_repeats(db: sqlite_utils.Database) -> dict:
    """Link the repeated claims of the claims table: claim_links rows (every verified link),
    and each claim's repeat_group (its leader), repeats (the other claims of its group) and
    match_status ('repeated' when it has a link), and the index db/repeat_index.py updates
    them by. Writes only what changed, in one transaction."""
    from .schema import ensure_tables

    ensure_tables(db)
    # In id order: the result must not depend on the order articles were stored in (which
    # texts a bucket of LSH candidates pairs depends on their order).
    claims = [(row["id"], row["text"] or "")
              for row in db.query("select id, text from claims order by id")]
    links, index = match_claims(claims)
    groups = repeat_groups(links)
    linked = {link.claim_id for link in links} | {link.linked_claim_id for link in links}
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
                "match_status": "repeated" if row["id"] in linked else "unique"}
        if any(row[key] != value for key, value in want.items()):
            claim_updates.append({"id": row["id"], **want})
    with db.atomic():
        save_index(db, index)  # what update_repeats matches changed claims against
        if stale:
            db.conn.executemany("delete from claim_links where id = ?", [(i,) for i in stale])
        if changed:
            db["claim_links"].upsert_all(changed, pk="id")
        if claim_updates:
            db.conn.executemany(
                "update claims set repeat_group = :repeat_group, repeats = :repeats, "
                "match_status = :match_status where id = :id", claim_updates)
    return {"claims": len(claims), "links": len(links), "groups": len(sizes),
            "repeated": len(linked), "grouped": len(groups), "links_written": len(changed),
            "links_removed": len(stale), "claims_updated": len(claim_updates)}
