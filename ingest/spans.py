"""Spans of Chinese text: paragraphs, sentences, clauses and quotations, by offset.

Every function takes the text and positions in it and returns positions, so that a statement
found in a Simplified copy of the text points at the same characters of the original.
"""
from __future__ import annotations

import re

CLAUSE_BREAK = "，,；;。！？!?：:\n"
SENTENCE_END = "。！？!?"
OPEN_QUOTES, CLOSE_QUOTES = "“「『", "”」』"
SCARE_QUOTE_MAX = 6  # quoted terms this short are names or scare quotes, not the speaker's words
# How far one look ahead or back may go. Real clauses, sentences and quotations are far
# shorter; the bounds keep every scan, and so extraction, linear on any input (one line of
# 40,000 characters with no punctuation, thousands of nested quotes).
MAX_SCAN = 1000
MAX_CLAUSE_BACK = 400
NAMED_QUOTE_MAX = 30
NAMED_BY_QUOTE_RE = re.compile(r"(?:研讨会|大会|论坛|会议|峰会|活动|仪式|典礼|节目|展览|计划|行动|项目|倡议)")
# What sets a long quoted name in a setting phrase: 在「……」研讨会上, 出席“……”论坛
SETTING_BEFORE_QUOTE_RE = re.compile(r"(?:在|于|的|出席|参加|举办|举行|召开|主持)$")
# Paragraphs: lines, and the double ideographic space that indents a paragraph in news
# copied from web pages without its line breaks (……贡献智慧和力量。　　习近平主席……).
PARAGRAPH_BREAK_RE = re.compile(r"\n|\u3000{2,}|(?<=[。！？”])\s{2,}")


def split_paragraphs(text: str):
    """(start, end) of each non-empty paragraph."""
    pos = 0
    for m in [*PARAGRAPH_BREAK_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        s, e = trim(text, pos, end)
        if e > s:
            yield s, e
        if m:
            pos = m.end()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past blanks, and past a dangling comma or an unpaired closing quote."""
    while start < end and text[start] in " \t\u3000\n":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\n，,；;、":
        end -= 1
    segment = text[start:end]
    if segment.endswith(tuple(CLOSE_QUOTES)) and not any(q in segment[:-1] for q in OPEN_QUOTES):
        end -= 1
    return start, end


def next_break(text: str, pos: int) -> int:
    depth = 0
    limit = min(len(text), pos + MAX_SCAN)
    for i in range(pos, limit):
        ch = text[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in CLAUSE_BREAK:
            return i
    return limit


def clause_start_before(text: str, pos: int) -> int:
    i = pos - 1
    floor = max(-1, pos - 1 - MAX_CLAUSE_BACK)
    while i > floor and text[i] not in CLAUSE_BREAK:
        if text[i] in CLOSE_QUOTES:
            opened = quoted_term_start(text, i)
            if opened is None and i == pos - 1:
                named = quoted_name_start(text, i)
                if named is not None:
                    return named  # 「皇仁书院关注组」表示: a name in quote marks is the subject
            if opened is None:
                break  # a quotation ends here: the clause starts after it
            i = opened  # 俄罗斯“世界无国界”旅游协会主席: a quoted name inside the phrase
        i -= 1
    return i + 1


def quoted_term_start(text: str, close: int) -> int | None:
    """Where the quote that closes at `close` opens, when it is a short term inside a phrase
    (a name or a scare quote after a word, not speech opening a sentence)."""
    k = close - 1
    # 在「国家安全教育与爱国主义教育」研讨会上: a longer quoted name, of what the phrase's noun
    # after it names (an event, a body, a plan), not a quotation
    named = NAMED_BY_QUOTE_RE.match(text, close + 1) or (  # 在「未来投资倡议大会」上
        re.match(r"[上中]", text[close + 1:close + 2]) and NAMED_BY_QUOTE_RE.search(text, max(0, close - 3), close))
    longest = NAMED_QUOTE_MAX if named else SCARE_QUOTE_MAX
    low = max(-1, close - longest - 2)
    while k > low and text[k] not in OPEN_QUOTES and text[k] not in CLOSE_QUOTES and text[k] not in CLAUSE_BREAK:
        k -= 1
    if k > 0 and k > low and text[k] in OPEN_QUOTES and re.match(r"[\u3400-\u9fffA-Za-z]", text[k - 1]) and (
            close - k - 1 <= SCARE_QUOTE_MAX or SETTING_BEFORE_QUOTE_RE.search(text, max(0, k - 2), k)):
        return k  # (批评政府「一直拖延不肯公布」计划……: words quoted, no setting's name)
    return None


def quoted_name_start(text: str, close: int) -> int | None:
    """Where a short quote that opens a clause and closes at `close` opens: a name in quote
    marks at the head of a clause (。「皇仁书院关注组」表示), not a quotation."""
    k = close - 1
    low = max(-1, close - 21)
    while k > low and text[k] not in OPEN_QUOTES and text[k] not in CLOSE_QUOTES \
            and text[k] not in CLAUSE_BREAK and text[k] not in SENTENCE_END:
        k -= 1
    if k > low and close - k > 2 and text[k] in OPEN_QUOTES and (
            k == 0 or text[k - 1] in CLAUSE_BREAK or text[k - 1] in SENTENCE_END or text[k - 1] == "\n"):
        return k
    return None


def sentence_end(text: str, pos: int) -> int:
    """Index just past the sentence that contains `pos` (quotes kept whole)."""
    depth = 0
    i = pos
    limit = min(len(text), pos + MAX_SCAN)
    while i < limit:
        ch = text[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
            if depth == 0 and i > pos and text[i - 1] in SENTENCE_END and text[i + 1:i + 2] not in "，,；;、的":
                return i + 1  # 「……？」根据……: a quote that ends its own sentence ends this one
        elif ch in SENTENCE_END and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in SENTENCE_END + "”」』":
                j += 1
            return j
        elif ch == "\n":
            return i
        i += 1
    return limit


def sentence_start(text: str, pos: int) -> int:
    i = pos - 1
    floor = max(-1, pos - 1 - MAX_CLAUSE_BACK)
    while i > floor and text[i] not in SENTENCE_END + "\n":
        i -= 1
    j = i + 1
    while j < pos and text[j] in CLOSE_QUOTES:
        j += 1  # ……。」她又指: the quote closes the sentence before
    return j


def matching_quote(text: str, open_pos: int) -> int | None:
    depth = 0
    for i in range(open_pos, min(len(text), open_pos + MAX_SCAN)):
        if text[i] in OPEN_QUOTES:
            depth += 1
        elif text[i] in CLOSE_QUOTES:
            depth -= 1
            if depth == 0:
                return i
    return None

# A clause that frames a quote without naming a speaker: 学习……精神，/ 谈及……，
FRAMING_RE = re.compile(r"(?:学习|对此|谈到|谈及|说起|提到|回忆|回顾|展望|面对|针对|对于|关于|围绕|结合|在)")


def quote_before(text: str, clause_start: int, name_skipped: bool = False) -> tuple[int, int] | None:
    """For `“……。”扎基说`: the quoted span that closes right before the cue's clause (or
    before one short framing clause: `“……。”学习……精神，检察长柴峥涛说`, or one short quoted
    name opening the speaker phrase: `“……。”“光明行”活动组委会主任王芳说`)."""
    j = clause_start - 1
    while j >= 0 and text[j] in "，,":
        j -= 1
    if j >= 0 and text[j] not in CLOSE_QUOTES:
        framing = text.rfind("”", max(0, j - 24), j + 1)
        if framing >= 0 and FRAMING_RE.match(text, framing + 1) and not re.search(
                r"[。！？“]", text[framing + 1:j + 1]):
            j = framing
    if j < 0 or text[j] not in CLOSE_QUOTES:
        return None
    depth = 0
    for i in range(j, max(-1, j - MAX_SCAN), -1):
        if text[i] in CLOSE_QUOTES:
            depth += 1
        elif text[i] in OPEN_QUOTES:
            depth -= 1
            if depth == 0:
                # The quote must open a sentence: what it holds is speech, not a term.
                if i == 0 or text[i - 1] in SENTENCE_END + "\n：:，,":
                    if j - i - 1 >= 6 or j - i - 1 >= 3 and text[j - 1] in "。！？!?，,":
                        return i + 1, j  # (a short quote that ends its sentence or clause is speech: “这是好事。”, “很好，”)
                if 0 < i and text[i - 1] in CLOSE_QUOTES and j - i - 1 < 6 and not name_skipped:
                    # “……。”“光明行”活动组委会主任王芳说: a quoted name opens the speaker phrase
                    return quote_before(text, i, name_skipped=True)
                return None
    return None


def in_parentheses(text: str, pos: int) -> bool:
    """Inside （……）: an aside (韩国称“独岛”), not the sentence's attribution."""
    opened = text.rfind("（", max(0, pos - MAX_CLAUSE_BACK), pos)
    return opened >= 0 and text.rfind("）", opened, pos) < 0 and text.find("）", pos, pos + MAX_CLAUSE_BACK) >= 0


def outside_quotes(text: str) -> str:
    """The text with quoted passages blanked out."""
    return re.sub(r"[“「][^”」]*[”」]", "", text)


def quote_open(text: str, content_start: int) -> int:
    """Where the quote whose content starts at `content_start` opens (its sentence's start)."""
    return sentence_start(text, max(0, content_start - 1))


def strip_place(src: str) -> str:
    """`香港《南华早报》` → `南华早报`: the outlet without its place and title marks."""
    m = re.search(r"《([^》]+)》", src)
    return m.group(1) if m else src


def has_own_words(text: str) -> bool:
    """Mixed speech: a quoted fragment long enough to be the speaker's words, not a term."""
    for m in re.finditer(r"[“「]([^”」]*)[”」]", text):
        inner = m.group(1)
        if len(inner) > SCARE_QUOTE_MAX or re.search(r"[，。？！、]", inner):
            return True
    return False
