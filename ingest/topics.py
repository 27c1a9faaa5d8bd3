"""Topics: which subjects a text touches, by a keyword taxonomy (registries/topics.yml).

A topic is tagged when one of its keywords or patterns occurs in the text and no exclusion
of that topic covers the occurrence. Text and keywords are compared in Simplified
characters (NFKC first, so full-width letters match too), so Traditional text is tagged like
Simplified. All keywords go into one trie-shaped regular expression, tried at every position
of the text; a text is read in a fixed number of passes whatever the number of topics.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .textutil import to_simplified

TOPIC_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
LIST_FIELDS = ("keywords", "patterns", "exclude", "exclude_patterns")
KNOWN_FIELDS = {"id", "name_zh", "name_en", "description", *LIST_FIELDS}
ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9&.\-]*\Z")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file and the entry."""


def normalise(text: str) -> str:
    """What keywords are matched against: NFKC (full-width forms) in Simplified characters."""
    return to_simplified(unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Topic:
    id: str
    name_zh: str
    name_en: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()


# ---------------------------------------------------------------- one regex for many phrases

def _trie_regex(words: list[str]) -> str:
    """One regex matching any of `words`, longest first, shaped as a trie so that each
    position of the text is rejected after a character or two rather than per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:  # a shorter word ends here: the longer branch is optional (greedy)
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


class PhraseMatcher:
    """Where phrases (each for one or more topics) occur in normalised text, overlaps included.

    Chinese phrases match anywhere; ASCII ones as whole words with an optional plural
    (-s, -es), any case unless written in capitals (acronyms keep their case). Patterns are
    regular expressions tried at every position.
    """

    def __init__(self, phrases: dict[str, set[str]], patterns: list[tuple[str, str]]):
        # At one position the regex takes the longest phrase: that hit also stands for every
        # shorter phrase starting there (出口管制 is also 出口), so it carries their topics.
        self.topics: dict[str, frozenset[str]] = {}
        for phrase in phrases:
            covered = set()
            for other, topics in phrases.items():
                if phrase.startswith(other) and (phrase.isascii() is other.isascii()) and (
                        not phrase.isascii() or len(phrase) == len(other)
                        or not phrase[len(other)].isalnum()):
                    covered |= topics
            self.topics[phrase] = frozenset(covered)
        zh = [p for p in phrases if not p.isascii()]
        acronyms = [p for p in phrases if p.isascii() and ACRONYM.match(p)]
        words = [p for p in phrases if p.isascii() and not ACRONYM.match(p)]
        alternatives = []
        if zh:
            alternatives.append(f"(?P<zh>{_trie_regex(zh)})")
        if words:
            alternatives.append(
                rf"(?<![A-Za-z0-9])(?P<en>(?i:{_trie_regex(words)}))(?:e?s)?(?![A-Za-z0-9])")
        if acronyms:
            alternatives.append(
                rf"(?<![A-Za-z0-9])(?P<acr>{_trie_regex(acronyms)})s?(?![A-Za-z0-9])")
        # Lookaheads match no characters, so finditer tries every position: overlapping
        # hits (核污染水 inside 日本核污染水排海) are all found. The leading class of first
        # characters lets the regex engine skip most positions at once (three times faster).
        self.phrase_regex = None
        if alternatives:
            first = {c for p in phrases for c in {p[0], p[0].lower(), p[0].upper()}}
            first_class = "[" + "".join(re.escape(c) for c in sorted(first)) + "]"
            self.phrase_regex = re.compile(f"(?={first_class})(?=" + "|".join(alternatives) + ")")
        self.pattern_topics = [topic for topic, _ in patterns]
        self.pattern_regex = None
        if patterns:
            self.pattern_regex = re.compile("(?=" + "|".join(
                f"(?P<p{i}>(?i:{pattern}))" for i, (_, pattern) in enumerate(patterns)) + ")")

    def hits(self, text: str) -> list[tuple[int, int, frozenset[str]]]:
        """(start, end, topics) for each occurrence in `text` (already normalised)."""
        found = []
        if self.phrase_regex is not None:
            for m in self.phrase_regex.finditer(text):
                group = m.lastgroup
                phrase = m.group(group)
                key = phrase.lower() if group == "en" else phrase
                found.append((m.start(), m.start() + len(phrase), self.topics[key]))
        if self.pattern_regex is not None:
            for m in self.pattern_regex.finditer(text):
                group = m.lastgroup
                start, end = m.span(group)
                found.append((start, end, frozenset([self.pattern_topics[int(group[1:])]])))
        return found


# ---------------------------------------------------------------- the taxonomy

class Taxonomy:
    """Topics in order, and the matchers built from their keywords and exclusions."""

    def __init__(self, topics: list[Topic], source: str = "<taxonomy>"):
        self.topics = list(topics)
        self.source = source
        self._order = {topic.id: i for i, topic in enumerate(self.topics)}
        keywords: dict[str, set[str]] = {}
        exclusions: dict[str, set[str]] = {}
        for topic in self.topics:
            for phrase in topic.keywords:
                keywords.setdefault(_phrase_key(phrase), set()).add(topic.id)
            for phrase in topic.exclude:
                exclusions.setdefault(_phrase_key(phrase), set()).add(topic.id)
        self._matcher = PhraseMatcher(
            keywords, [(t.id, p) for t in self.topics for p in t.patterns])
        self._exclusions = PhraseMatcher(
            exclusions, [(t.id, p) for t in self.topics for p in t.exclude_patterns])

    @classmethod
    def load(cls, path: str | Path) -> "Taxonomy":
        """The taxonomy in a YAML file (the site's registries/topics.yml); TaxonomyError
        naming the file and the entry when it is unreadable or incomplete."""
        path = Path(path)
        try:
            with open(path, encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except OSError as e:
            raise TaxonomyError(f"{path}: cannot read: {e.strerror or e}") from e
        except UnicodeDecodeError as e:
            raise TaxonomyError(f"{path}: not UTF-8 text") from e
        except yaml.YAMLError as e:
            raise TaxonomyError(f"{path}: invalid YAML: {e}") from e
        return cls.from_data(data, str(path))

    @classmethod
    def from_data(cls, data, source: str = "<taxonomy>") -> "Taxonomy":
        entries = data.get("topics") if isinstance(data, dict) else data
        if not isinstance(entries, list) or not entries:
            raise TaxonomyError(f"{source}: expected a non-empty list under `topics:`")
        topics, seen = [], set()
        for n, entry in enumerate(entries, 1):
            topic = _topic(entry, f"{source}: topic {n}")
            if topic.id in seen:
                raise TaxonomyError(f"{source}: topic {n}: duplicate id {topic.id!r}")
            seen.add(topic.id)
            topics.append(topic)
        return cls(topics, source)

    @property
    def ids(self) -> list[str]:
        return [topic.id for topic in self.topics]

    def tag(self, text: str | None) -> list[str]:
        """The ids of the topics `text` touches, in taxonomy order."""
        if not text:
            return []
        text = normalise(text)
        hits = self._matcher.hits(text)
        if not hits:
            return []
        excluded = self._exclusions.hits(text)
        found = set()
        for start, end, topics in hits:
            for topic in topics - found:
                if not any(topic in xtopics and xs <= start and end <= xe
                           for xs, xe, xtopics in excluded):
                    found.add(topic)
        return sorted(found, key=self._order.__getitem__)


def _phrase_key(phrase: str) -> str:
    phrase = normalise(phrase)
    return phrase if not phrase.isascii() or ACRONYM.match(phrase) else phrase.lower()


def _strings(entry: dict, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where}: `{name}` must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _check_pattern(pattern: str, where: str) -> None:
    try:  # as the matcher will use it: inside a case-insensitive group
        compiled = re.compile(f"(?i:{pattern})")
    except re.error as e:
        raise TaxonomyError(f"{where}: bad regular expression {pattern!r}: {e}") from e
    if compiled.groups:
        raise TaxonomyError(f"{where}: pattern {pattern!r} has a capturing group; "
                            "write (?:...) instead")
    if compiled.match(""):
        raise TaxonomyError(f"{where}: pattern {pattern!r} matches the empty string")


def _topic(entry, where: str) -> Topic:
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where}: expected a mapping with id, name_zh, name_en, keywords")
    topic_id = entry.get("id")
    if isinstance(topic_id, str):
        where = f"{where} ({topic_id})"
    unknown = set(entry) - KNOWN_FIELDS
    if unknown:
        raise TaxonomyError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    for name in ("id", "name_zh", "name_en"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise TaxonomyError(f"{where}: missing `{name}`")
    if not TOPIC_ID.match(topic_id):
        raise TaxonomyError(f"{where}: id {topic_id!r} must be lowercase letters, digits and _")
    lists = {name: _strings(entry, name, where) for name in LIST_FIELDS}
    if not lists["keywords"] and not lists["patterns"]:
        raise TaxonomyError(f"{where}: needs `keywords` or `patterns`")
    for pattern in lists["patterns"] + lists["exclude_patterns"]:
        _check_pattern(pattern, where)
    description = entry.get("description") or ""
    if not isinstance(description, str):
        raise TaxonomyError(f"{where}: `description` must be text")
    return Topic(id=topic_id, name_zh=entry["name_zh"].strip(), name_en=entry["name_en"].strip(),
                 description=description.strip(), **lists)
