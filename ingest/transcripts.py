"""Labelled turns: press-conference transcripts (`毛宁：……`, `法新社记者：……？`) and their host,
and the interview pages of news (a line that is only a speaker's name and title and a colon,
then that speaker's paragraphs)."""
from __future__ import annotations

import re

from . import names as N
from .spans import strip_place
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


def label_line(line: str) -> str | None:
    """The label of a paragraph that holds nothing but a label and its colon."""
    m = LABEL_LINE_RE.fullmatch(line.strip())
    if not m or m.group("label").startswith(("亲爱的", "尊敬的")):
        return None  # 亲爱的妈妈：: a letter's salutation names whom it is written to
    return m.group("label").strip()


def labelled_blocks(text: str, paragraphs, names_person) -> list[tuple[str, int, int, int]]:
    """(label, label start, text start, end) of each turn of an interview page: a label line
    naming a person, then the paragraphs up to the next label line, a heading or the end.
    A page is one only with two such labels or more (one label line is as often a caption)."""
    labels = [(k, label) for k, (s, e) in enumerate(paragraphs)
              if (label := label_line(text[s:e])) and names_person(label)]
    if len(labels) < 2:
        return []
    blocks = []
    starts = {k for k, _ in labels}
    for k, label in labels:
        end_k = k
        for j in range(k + 1, len(paragraphs)):
            s, e = paragraphs[j]
            if j in starts or label_line(text[s:e]) or HEADING_RE.fullmatch(text[s:e]):
                break
            end_k = j
        if end_k > k:
            blocks.append((label, paragraphs[k][0], paragraphs[k + 1][0], paragraphs[end_k][1]))
    return blocks
