"""Labelled turns: press-conference transcripts (`毛宁：……`, `法新社记者：……？`) and their host,
and the interview pages of news (a line that is only a speaker's name and title and a colon,
then that speaker's paragraphs)."""
from __future__ import annotations

import re

from . import names as N
from .spans import CLOSE_QUOTES, OPEN_QUOTES, matching_quote, strip_place
from .textutil import to_simplified

TRANSCRIPT_LABEL_RE = re.compile(r"^(?P<label>[^：:\n，。？！“”]{1,24}?)[：:]")
HOST_RE = re.compile(r"发言人(?P<name>[\u3400-\u9fff]{2,4}?)主持(?:例行)?记者会")
WHOLE_BODY_TITLE_RE = re.compile(
    r"^(?P<speaker>.{2,20}?发言人[\u3400-\u9fff]{0,4}?)就.+?(?:发表谈话|发表声明|答记者问)$"
)


# A paragraph that is only a label: `美国库恩基金会主席罗伯特·劳伦斯·库恩：`.
LABEL_LINE_RE = re.compile(r"(?P<label>[^。，！？；：:“”「」『』《》\n]{2,40}?)\s*[：:]")
# A short line with no sentence end is a heading or a byline (`“将成为21世纪最伟大的故事之一”`,
# `版式设计：张芳曼`): it ends a turn.
HEADING_RE = re.compile(r"[^。！？!?]{1,40}")


def is_question_label(label: str) -> bool:
    return label == "问" or label.endswith("记者") or label.endswith(("问", "提问"))


def question_source(label: str) -> str:
    """`《环球时报》记者` → `环球时报`; `问` → `记者`."""
    if label == "问":
        return "记者"
    src = re.sub(r"记者$", "", label).strip()
    return strip_place(src) or "记者"


def label_of(line: str) -> str | None:
    m = TRANSCRIPT_LABEL_RE.match(line)
    if not m:
        return None
    label = m.group("label").strip()
    if label in ("问", "答") or label.endswith("记者"):
        return label
    if re.fullmatch(r"[\u3400-\u9fff]{2,4}", label) and label[0] in N.SURNAMES:
        return label
    if "发言人" in label and len(label) <= 12:
        return label
    return None


def is_transcript(text: str, paragraphs) -> bool:
    labels = [label_of(text[s:e]) for s, e in paragraphs]
    questions = sum(1 for label in labels if label and is_question_label(label))
    answers = sum(1 for label in labels if label and not is_question_label(label))
    return questions >= 1 and answers >= 1


def transcript_turns(text: str, paragraphs):
    """(label or None, label start, text start, end) per turn, until the next labelled line."""
    turns = []
    current = None
    for s, e in paragraphs:
        line = text[s:e]
        label = label_of(line)
        if label:
            if current:
                turns.append(current)
            colon = TRANSCRIPT_LABEL_RE.match(line).end()
            current = [label, s, s + colon, e]
        elif current is None:
            current = [None, s, s, e]
        else:
            current[3] = e
    if current:
        turns.append(current)
    return [tuple(t) for t in turns]


def host_of(title: str, text: str, paragraphs) -> str | None:
    m = HOST_RE.search(to_simplified(title))
    if m:
        return m.group("name")
    m = WHOLE_BODY_TITLE_RE.match(to_simplified(title))
    if m:
        return m.group("speaker")
    for s, e in paragraphs:
        label = label_of(text[s:e])
        if label and not is_question_label(label) and label != "答":
            return label
    return "外交部发言人" if "外交部" in title else None


def label_line(line: str) -> tuple[str, int] | None:
    """The label of a paragraph that holds nothing but a label and its colon, with its offset in
    the line; quoted epithets before it are not part of it (「佔中三子」、副教授戴耀廷：)."""
    line = line.rstrip()
    epithets = EPITHETS_RE.match(line)
    at = epithets.end() if epithets else 0
    at += len(line[at:]) - len(line[at:].lstrip())
    m = LABEL_LINE_RE.fullmatch(line, at)
    if not m or m.group("label").startswith(("亲爱的", "尊敬的")):
        return None  # 亲爱的妈妈：: a letter's salutation names whom it is written to
    return m.group("label").strip(), at


# Quoted epithets that open a label line: 「佔中三子」、
EPITHETS_RE = re.compile(r"\s*(?:[「“『][^」”』\n]{1,12}[」”』][、，,]?\s*)+")
# A question of the interviewer between answers, numbered or marked: 1. 你会以甚么态度面对？ / 问：……？
QUESTION_LINE_RE = re.compile(r"(?:\d{1,2}\s?[.．、]|[问問]\s?[：:]|Q\d{0,2}\s?[.．：:]?)[^\n]{2,150}[？?]")


def labelled_blocks(text: str, paragraphs, names_person,
                    names_other=lambda line, label: False) -> list[tuple[str, int, int, int]]:
    """(label, label start, text start, end) of each answer of an interview page: a label line
    naming a person, then the paragraphs up to the next label line, a heading or the end; an
    answer ends where the interviewer asks again or a new quotation opens. A page is one only
    with two such labels or more (one label line is as often a caption). Once a page has a
    label with its colon, a line that only names a person before a quoted answer is one too
    (「佔中三子」、香港中文大學社會學系副教授陳健民⏎「……」)."""
    labels = [(k, found) for k, (s, e) in enumerate(paragraphs)
              if (found := label_line(text[s:e])) and names_person(found[0])]
    if labels:
        for k, (s, e) in enumerate(paragraphs[:-1]):
            line = text[s:e].rstrip()
            epithets = EPITHETS_RE.match(line)
            at = epithets.end() if epithets else 0
            name = line[at:].strip()
            if (2 <= len(name) <= 40 and not re.search(r"[。，！？；：:“”「」『』]", name)
                    and text[paragraphs[k + 1][0]:paragraphs[k + 1][0] + 1] in OPEN_QUOTES and names_person(name)):
                labels.append((k, (name, at)))
        labels.sort()
    if len(labels) < 2:
        return []
    blocks = []
    starts = {k for k, _ in labels}
    for k, (label, at) in labels:
        label_start = paragraphs[k][0] + at
        first = last = None
        ended = False  # the answer's last paragraph closes its quotation
        each_opened = True  # every paragraph of the answer so far opens a quotation
        for j in range(k + 1, len(paragraphs)):
            s, e = paragraphs[j]
            line = text[s:e].strip()
            if j in starts or label_line(text[s:e]) or HEADING_RE.fullmatch(line):
                break
            if first is not None and not opens_quotation(line) and names_other(line, label):
                break  # 朱耀明牧师未有回复查询。: the reporter narrates again, of someone else
            asked = QUESTION_LINE_RE.fullmatch(line)
            # A quotation of many paragraphs opens each of them (「……⏎「……」): a paragraph that
            # opens one after a closed quotation, or after a paragraph that opened none, is a new answer.
            reopened = first is not None and opens_quotation(line) and (ended or not each_opened)
            if (asked or reopened) and first is not None:
                # the interviewer asks again, or a new quotation opens: the answer before it ends
                blocks.append((label, label_start, paragraphs[first][0], paragraphs[last][1]))
                first = last = None
            if asked:
                continue
            if first is None:
                first, each_opened = j, True
            last = j
            ended = line[-1:] in CLOSE_QUOTES
            each_opened = each_opened and line[:1] in OPEN_QUOTES
        if first is not None:
            blocks.append((label, label_start, paragraphs[first][0], paragraphs[last][1]))
    return blocks


def opens_quotation(line: str) -> bool:
    """The line is a quotation, or opens one that goes on past it (「……⏎「……」); not a quoted
    term (“一带一路”倡议是……) nor a citation the line goes on from (“路漫漫其修远兮……”这句话……)."""
    line = line.rstrip()
    if line[:1] not in OPEN_QUOTES:
        return False
    close = matching_quote(line, 0)
    return close is None or close == len(line) - 1
