"""Whether a span read before a reporting cue stands as its clause's subject, judged on the
words jieba makes of the clause: a mention starts and ends on word edges (jieba's habit of
gluing a name to its title, a preposition, an adverb or a time word excepted), only adverbials
stand between it and the cue, no preposition or verb governs it; and what a span the learned
speaker reader tagged names when the rules do not know it."""
from __future__ import annotations

import re

from . import names as N
from .patterns import CUE_RE, DOC_SUFFIX_RE, TRAILING_RE
from .speakers import (AGENT_SUFFIXES, PERSON_NOUN_ENDINGS, Mention, country_of, is_chinese_name,
                       looks_transliterated, org_kind, tagged, word_edges)

# Adverbs jieba may glue to the end of a name before its cue (安诺生还呼吁: 生还).
ADVERB_CHARS = ("还", "曾", "也", "则", "又", "亦", "均", "都", "就", "便", "将", "已", "正", "再", "更", "仍", "先", "续")
# Prepositions and verbs of publishing jieba may glue to the end of a name (李家超在: 超在,
# 黄向他透露: 黄向, 班农会上称: 农会, 总统府发布: 府发).
NAME_JOINERS_RE = re.compile(r"(?:[在向对于与跟和同从给把]|会上|发表|发布|发出|发文|发推|发声)")
# Time words jieba may glue to the end of a name (库兹明日前: 明日).
TIME_AFTER_NAME_RE = re.compile(r"(?:日前|今日|今天|昨日|昨天|近日|当日|当天|早前|此前|周[一二三四五六日末]|星期|月|日|[0-9０-９])")


def learned_mention(text: str) -> Mention | None:
    """What a span the model tagged names when neither the registry nor the rules' noun-phrase
    reader knows it: a name at its end (a person, with what precedes it as the title), some
    people described (一名自称是……的警员: anonymous; 驻华使节: a group), or a body by its ending."""
    if text.startswith("有") and len(text) > 3:
        text = text[1:]  # 有日本媒体: some of them
    if re.fullmatch(r"[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)+", text):
        return Mention(text, "person")  # Calla Wiemer
    words = tagged(text)
    if not words:
        return None
    last = words[-1].word
    head = text[:-len(last)]
    if len(last) >= 2 and (words[-1].flag.startswith("nr") and (is_chinese_name(last) or looks_transliterated(last))
                           or words[-1].flag == "eng" and last[:1].isupper()):
        return Mention(last, "person", title=head or None, country=country_of(head))
    # A role, then a name jieba cut into words (副主任种及灵, 多数党领袖舒默).
    for i in range(len(words) - 1, 0, -1):
        role = "".join(w.word for w in words[:i])
        name = text[len(role):]
        if len(name) > 4:
            break
        if role.endswith(N.TITLES + AGENT_SUFFIXES + ("领袖", "主任")) and (
                len(name) in (2, 3) and name[0] in N.SURNAMES and re.fullmatch(r"[\u3400-\u9fff]+", name)
                or looks_transliterated(name)):
            return Mention(name, "person", title=role, country=country_of(role))
    described = text.rsplit("的", 1)[-1]  # what a relative clause describes has no verb in it
    if text.endswith(PERSON_NOUN_ENDINGS + AGENT_SUFFIXES) and words[-1].flag[:1] == "n" and not any(
            w.flag[:1] in ("v", "d", "p") for w in tagged(described)):
        anonymous = re.search(r"[一两几数多某](?:名|位|个)|某", text)
        return Mention(text, "anonymous" if anonymous else "collective",
                       country=country_of(text) or country_of(described))
    kind = org_kind(text)
    if kind:
        return Mention(text, kind, country=country_of(text))
    return None


def on_word_edges(text: str, start: int, end: int) -> bool:
    """Whether a span starts and ends where jieba's words do (刘海|年, 小泽秀|树: a name cut)."""
    edges = word_edges(text)
    return start in edges and end in edges


def governed(before: str) -> bool:
    """Whether a span is the object of the word before it (通过|《基本法》确认, 点名|岑敖晖说):
    a preposition or a verb governs it, so it is not the clause's subject; but some (有网民,
    正如习近平同志所说) and a relay's source (该报引述另一份军事报告称) are speakers."""
    words = tagged(before.strip())
    return bool(words) and (words[-1].flag[:1] == "p" or words[-1].flag == "v") \
        and words[-1].word not in ("有", "也有", "还有", "正如", "如", "诚如", "引述", "引用", "援引", "转引")


def cut_from_its_words(clause: str, start: int, end: int) -> bool:
    """Whether a mention begins or ends inside one of jieba's words of its clause (万得数|据,
    张庆|信发表, 人|类命运, 工作人|员付婷): a piece of the text, not a name. Jieba also glues a
    name to what is next to it, so these are not cuts: a name's end joined to its cue, an
    adverb, a preposition or a time word (张建|明说, 安诺|生还呼吁, 媒体|报道, 李家|超在,
    库兹|明日前), or the adverbial that ends the clause (陈志|全会|后), its start joined to the
    title before it (部|长雷蒙多)."""
    if not 0 <= start < end <= len(clause):
        return False
    edges = word_edges(clause)
    end_joined = end in edges or CUE_RE.match(clause, end) or clause[end:end + 2] in ("报道", "报称") \
        or clause[end:end + 1] in ADVERB_CHARS or TIME_AFTER_NAME_RE.match(clause, end) \
        or NAME_JOINERS_RE.match(clause, end) or TRAILING_RE.fullmatch(clause, end)  # (陈志|全会|后: 会后)
    start_joined = start in edges or clause[:start].endswith(N.TITLES + AGENT_SUFFIXES + ("党", "长", "官"))
    return not (end_joined and start_joined)


def adverbials_only(between: str) -> bool:
    """Whether what stands between a speaker and its cue is only adverbs, time words and a
    prepositional phrase (则, 今天特别透过脸书, 对记者), or a time clause (被问到……时): not a
    noun that is the subject's real head (美国|多个民调指), a verb of another act not joined by 并
    (未有正面回应|建议, 亦守|承诺) or the rest of a name (刘海|年指出)."""
    between = between.strip()
    if not between or re.search(r"(?:时|之际|期间|以前|之前|以后|之后|后)$", between):
        return True
    document = DOC_SUFFIX_RE.match("X" + between)
    if document and document.group("src") == "X" or between == "统计" or re.search(r"并且?$", between):
        return True  # 国际电信联盟统计(显示): its document; 古巴政府谴责这些报道并(重申): its other act
    for word in tagged(between):
        if word.word == "被":
            return False  # 李国宝被控方指: the one spoken of, not the speaker
        if word.flag[:1] == "p" or word.word in ("透过", "通过", "经由", "借助", "藉"):
            return True  # a prepositional phrase: its object is no subject
        if word.flag[:1] in ("n", "v", "m", "q") and word.flag != "vd":
            return False  # (a numeral or measure word next to a name is a name cut: 刘海|年)
    return True
