"""Claims: the checkable propositions inside statements and in the reporter's own voice.

A claim is a sentence or a clause that stands alone, with offsets into the article body
(`article.body[start:end] == claim.text`), and a check-worthiness score from a transparent
rule-based scorer: facts that can be checked (dates, numbers, named events and documents,
quantities, comparisons, causes) raise it; wishes, demands, value judgements and diplomatic
formulas lower it. The reasons are kept so a reader sees why a claim ranks where it does.

Everything is matched against the same-length Simplified copy of the body, so Traditional
text gets the same claims at the same offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Article, Statement
from .names import COLLECTIVES, COUNTRIES, GOV_NAMES, REGIONS
from .spans import CLOSE_QUOTES, OPEN_QUOTES, split_paragraphs
from .textutil import to_simplified

# --- the scorer ------------------------------------------------------------------------

BASE_SCORE = 30
HIGH, MEDIUM = 60, 35  # band thresholds: high >= 60, medium >= 35, else low

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Calendar dates and periods: 1998年初, 2024年1月, 12日, 去年11月, 同年7月, 本月8日至9日.
DATE_RE = re.compile(
    rf"(?:(?:1[6-9]|20)\d\d|[{CN_DIGITS}]{{4}})年(?:\d{{1,2}}月(?:\d{{1,2}}日)?|初|底|末|中|上半年|下半年)?"
    r"|(?:[今去明前后同当次上本下]年|上月|本月|下月|当月)(?:\d{1,2}月)?(?:\d{1,2}日)?(?:初|底|末)?"
    r"|\d{1,2}月(?:\d{1,2}日)?(?:初|底|中旬|上旬|下旬)?"
    r"|\d{1,2}日(?:至\d{1,2}日)?"
    r"|[上下]?(?:周|星期)[一二三四五六日天]"
)
# A quantity: digits (outside dates), a percentage, or a Chinese numeral with a counter.
UNITS = r"(?:%|％|倍|亿|万|千|百)*(?:美元|欧元|日元|人民币|元|吨|公里|千米|平方公里|公顷|桶|架次|人次|周年|岁|年)?"
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*" + UNITS + r"|百分之[" + CN_DIGITS + r"]+")
# `一个`, `两国`, `一次` are words, not counts: a lone 一 or 两 does not count.
COUNTED_RE = re.compile(
    rf"(?![一两][^{CN_DIGITS}])[{CN_DIGITS}]+(?:个|次|项|名|位|人|家|国|架|艘|枚|辆|吨|元|美元|亿|万|倍|轮|届|批|起|座|条|份|周年)"
)
ORDINAL_RE = re.compile(rf"第[\d{CN_DIGITS}]+(?![方者])(?:次|届|轮|个|批|阶段|号)?|\d+周年|[{CN_DIGITS}]+周年")
NAMED_RE = re.compile(r"《[^》]{2,40}》")
# Verbs of things that happened or will happen on record: meetings, signatures, decisions.
EVENT_WORDS = (
    "签署", "签订", "举行", "召开", "宣布", "发布", "公布", "通过", "批准", "启动", "吊销", "取消",
    "恢复", "访问", "会见", "会晤", "会谈", "出席", "达成", "实施", "部署", "发射", "成立", "建立",
    "通话", "选举", "投票", "制裁", "出口", "进口", "逮捕", "起诉", "判决", "停火", "演习", "撤销",
    "暂停", "生效", "建交", "上任", "辞职", "当选", "任命", "死亡", "遇难", "受伤", "袭击", "爆炸",
    "坠毁", "登陆", "升级", "关闭", "开通", "投产", "竣工", "上线", "禁止", "限制", "调查", "罚款",
    "许可证", "协议", "协定", "条约", "法案", "报告", "峰会", "年会",
)
COMPARISON_WORDS = (
    "超过", "高于", "低于", "多于", "少于", "不足", "最大", "最高", "最低", "最多", "最少", "首次",
    "首个", "唯一", "增长", "下降", "上涨", "下跌", "增加", "减少", "翻番", "达到", "突破", "同比",
    "环比", "创下", "纪录", "以来", "比去年", "较去年", "排名",
)
CAUSAL_WORDS = ("由于", "因为", "导致", "造成", "致使", "引发", "使得", "因此", "所以", "归因于", "源于")
DONE_WORDS = ("已经", "已", "曾")
# Wishes, demands and exhortations: what someone wants, not what is the case.
WISH_WORDS = ("希望", "期待", "期望", "期盼", "愿意", "愿同", "愿与", "愿为", "盼", "祝愿", "相信")
DEMAND_WORDS = (
    "应该", "应当", "要求", "呼吁", "敦促", "促请", "必须", "不得", "不要", "不能", "务必", "恪守",
    "停止", "切实", "让我们", "请求", "坚决反对", "强烈谴责", "谴责", "敬请",
)
# `应` alone is a modal only where it is not part of 应对, 供应, 响应 and the like.
MODAL_YING_RE = re.compile(r"(?<![响相供适反效回答报])应(?![对约用急邀运届变声有得该当])")
OPINION_WORDS = ("认为", "我想", "看来", "显然", "可能", "或将", "也许", "恐怕", "预计", "有望", "或许")
JUDGEMENT_WORDS = (
    "重要", "宝贵", "伟大", "积极", "正确", "错误", "一贯", "明确", "严正", "坚定", "至关重要",
    "底线", "红线", "十分", "非常", "极大", "高度", "深刻", "有力", "有效", "成功", "失败", "威胁",
    "顺利", "良好", "鼓舞人心", "令人振奋", "不利于", "有利于", "符合", "违背", "霸权", "不归路",
    "普遍共识", "严重", "坚实", "强大",
)
# Diplomatic formulas: fixed phrases that assert a stance, not a checkable fact.
FORMULA_WORDS = (
    "互利共赢", "合作共赢", "相互尊重", "和平共处", "求同存异", "同舟共济", "命运共同体", "相向而行",
    "落到实处", "核心利益", "重大关切", "严正立场", "严正关切", "内部事务", "内政", "正能量",
    "建设性", "负责任", "双赢", "共同发展", "互惠互利", "平等互利", "平等和尊重", "平等尊重",
    "和平统一", "健康、稳定", "稳定、健康", "可持续", "政治基础", "历史潮流", "大势所趋", "人心所向",
    "不可阻挡", "注定失败", "真正的多边主义", "开放包容", "公平正义", "和平稳定", "团结合作",
    "携手", "共同努力", "一道努力", "重要共识", "友好交往", "沟通协调", "战略沟通", "对话协商",
)
ACTOR_NAMES = tuple(sorted({*COUNTRIES, *REGIONS, *GOV_NAMES,
                            *(k for k, v in COLLECTIVES.items() if v)}, key=len, reverse=True))
ACTOR_ENDINGS_RE = re.compile(r"(?:政府|国会|议会|公司|集团|(?<![外内全局底干])部(?![分署门队位])|委员会|法院|军方|总统|总理|首相)")


def _first(words: tuple[str, ...], text: str) -> str | None:
    for word in words:
        if word in text:
            return word
    return None


def _earliest(words: tuple[str, ...], text: str) -> str | None:
    """The word that occurs first in the text (the longest where two start together)."""
    found = [(text.find(w), -len(w), w) for w in words if w in text]
    return min(found)[2] if found else None


def score_claim(text: str) -> tuple[int, str, list[str]]:
    """(check-worthiness 0-100, band, reasons) of a claim's text, Simplified or Traditional."""
    norm = to_simplified(text)
    score, reasons = BASE_SCORE, []

    def add(points: int, label: str, evidence: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{'+' if points > 0 else '-'}{label} {evidence}")

    dates = [m for m in DATE_RE.finditer(norm) if m.group()]
    if dates:
        add(15, "date", dates[0].group())
    in_dates = {i for m in dates for i in range(m.start(), m.end())}
    ordinals = list(ORDINAL_RE.finditer(norm))
    # An ordinal's or anniversary's number (第17次, 45周年) counts once, as the ordinal.
    in_ordinals = {i for m in ordinals for i in range(m.start(), m.end())}
    numbers = [m for m in NUMBER_RE.finditer(norm)
               if m.start() not in in_dates and m.start() not in in_ordinals]
    counted = next((m for m in COUNTED_RE.finditer(norm) if m.start() not in in_ordinals), None)
    if numbers:
        add(15, "number", numbers[0].group())
    elif counted:
        add(10, "quantity", counted.group())
    if ordinals:
        add(10, "ordinal", ordinals[0].group())
    if named := NAMED_RE.search(norm):
        add(10, "named", named.group())
    if event := _first(EVENT_WORDS, norm):
        add(15, "event", event)
    if comparison := _first(COMPARISON_WORDS, norm):
        add(10, "comparison", comparison)
    if cause := _first(CAUSAL_WORDS, norm):
        add(10, "causal", cause)
    if done := _first(DONE_WORDS, norm):
        add(5, "done", done)
    actor = _earliest(ACTOR_NAMES, norm)
    if not actor and (m := ACTOR_ENDINGS_RE.search(norm)):
        name = re.search(r"[\u4e00-\u9fff]{0,4}$", norm[:m.start()]).group()
        actor = name + m.group()  # the ending and the name just before it
    if actor:
        add(10, "actor", actor)

    wish = _first(WISH_WORDS, norm)
    if wish:
        add(-30, "wish", wish)
    demand = _first(DEMAND_WORDS, norm) or (m.group() if (m := MODAL_YING_RE.search(norm)) else None)
    if demand:
        add(-30, "demand", demand)
    if opinion := _first(OPINION_WORDS, norm):
        add(-10, "opinion", opinion)
    judgements = [w for w in JUDGEMENT_WORDS if w in norm]
    for word in judgements[:2]:
        add(-10, "judgement", word)
    formulas = [w for w in FORMULA_WORDS if w in norm]
    for word in formulas[:2]:
        add(-15, "formula", word)
    if norm.rstrip().endswith(("吗", "呢", "？", "?")):
        add(-30, "question", norm.rstrip()[-1])

    score = max(0, min(100, score))
    band = "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"
    return score, band, reasons


# --- splitting ---------------------------------------------------------------------------

SENTENCE_BREAKS = "。！？!?；;"
QUESTION_ENDS = ("？", "?")
CLAUSE_COMMAS = "，,：:"
EDGE_PUNCT = " \t\r\xa0\u2002\u2003\u3000\n，,、；;。！？!?：:…—·-"
BRACKETS = {"《": "》", "（": "）", "(": ")", "【": "】", **dict(zip(OPEN_QUOTES, CLOSE_QUOTES))}
CLOSERS = set(BRACKETS.values())
MIN_CLAIM = 5  # characters: shorter pieces are fragments, not propositions
LONG_SENTENCE = 40  # only sentences longer than this are split at clause level
MIN_PART = 10  # a clause-level split leaves at least this many characters on each side

# A clause that is nothing but a time: 同年7月, 本月8日至9日, 当地时间12日上午.
TIME_CLAUSE_RE = re.compile(
    r"(?:当地时间|北京时间)?(?:" + DATE_RE.pattern + r"|随后|此后|此前|目前|近日|日前|当天|当日|同日|"
    r"今天|昨天|明天|本周|上周|下周|今年|去年|明年)+(?:[上下中]午|晚|早|晚间|凌晨|时|以来)?"
)
# Clause openers after which a long sentence holds a new proposition standing alone.
NEW_PROPOSITION_RE = re.compile(r"(?:但是|但|不过|然而|只要|如果|与此同时|此外|另外|目前)")
# A part opening with these is subordinate (a purpose, a condition, a concession): it does not
# stand alone, so the sentence is not split after it.
SUBORDINATE_RE = re.compile(r"(?:为了|为|随着|由于|因为|虽然|尽管|如果|只要|即使|鉴于|在)")
# Lead-ins of the reporter's voice that frame a proposition without being part of it.
LEAD_IN_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,6}的是|据悉|据了解|另据|此外|另外|同时|"
    r"与此同时|不过|但是|然而|事实上|实际上|对此|[\u4e00-\u9fff]{1,8}?注意到|"
    r"(?:新华社|中新社|央视网|人民网|本台)[^，。\s]{0,16}?电(?:（[^）]*）)?|央视网消息(?:（[^）]*）)?)[，,：:\s]*"
)
# Source and setting phrases that only frame what follows: 据…报道, 在…记者会上.
ADVERBIAL_RE = re.compile(
    r"^(?:据|根据|按照|依据|引述|援引).{0,30}(?:报道|消息|介绍|透露|称|显示|统计|照片|数据|资料|信息|文件|声明|公告|说法)$"
    r"|^(?:在|于|就|针对|对于|关于|围绕).{0,30}(?:上|中|时|后|前|期间|之际|下|方面|问题)$"
    r"|^.{0,10}(?:会上|会议上|会谈中|讲话中|声明中|期间|之际)$"
)
HEADING_RE = re.compile(r"^(?:#|\*\*.*\*\*$|!\[|\[!\[)")
BYLINE_RE = re.compile(r"^[^\s，。]{1,6}\s*[丨|｜：:]")
HEADING_MAX = 40
CUE_END_RE = re.compile(r"(?:表示|称|说|指出|强调|认为|提到|透露|介绍|回应|答|问|道)[：:，,]?$")


@dataclass
class Claim:
    text: str
    start: int
    end: int
    statement_index: int | None
    voice: str  # 'statement' | 'reporter'
    checkworthiness: int = 0
    band: str = "low"
    reasons: list[str] = field(default_factory=list)


def trim_claim(norm: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past edge punctuation, and past quote marks and brackets the piece does not
    pair, so the offsets point at the proposition itself."""
    while True:
        before = (start, end)
        while start < end and norm[start] in EDGE_PUNCT:
            start += 1
        while end > start and norm[end - 1] in EDGE_PUNCT:
            end -= 1
        if start < end and norm[start] in BRACKETS:
            close = _matching(norm, start, end)
            if close is None:
                start += 1
            elif close == end - 1:
                start, end = start + 1, end - 1
        if start < end and norm[end - 1] in CLOSERS and not _opened(norm, start, end - 1):
            end -= 1
        if (start, end) == before:
            return start, end


def _matching(norm: str, open_pos: int, end: int) -> int | None:
    opener, closer, depth = norm[open_pos], BRACKETS[norm[open_pos]], 0
    for i in range(open_pos, end):
        if norm[i] == opener and opener != closer:
            depth += 1
        elif norm[i] == closer:
            depth -= 1
            if depth == 0:
                return i
    return None


def _opened(norm: str, start: int, close_pos: int) -> bool:
    closer = norm[close_pos]
    openers = [o for o, c in BRACKETS.items() if c == closer]
    depth = 0
    for i in range(close_pos - 1, start - 1, -1):
        if norm[i] == closer:
            depth += 1
        elif norm[i] in openers:
            if depth == 0:
                return True
            depth -= 1
    return False


def _breaks(norm: str, start: int, end: int, marks: str) -> list[int]:
    """Positions of `marks` in [start, end) outside quotes and brackets."""
    found, depth = [], 0
    for i in range(start, end):
        ch = norm[i]
        if ch in BRACKETS and ch not in CLOSERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in marks:
            found.append(i)
    return found


def sentences(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in [start, end): split at 。！？； (inside quotes too: a quoted speech
    holds several propositions), each ending after its mark and any closing quote."""
    spans, pos = [], start
    i = start
    while i < end:
        if norm[i] in SENTENCE_BREAKS:
            stop = i + 1
            while stop < end and norm[stop] in SENTENCE_BREAKS + "".join(CLOSERS):
                stop += 1
            spans.append((pos, stop))
            pos = i = stop
            continue
        if norm[i] == "\n":
            spans.append((pos, i))
            pos = i + 1
        i += 1
    if pos < end:
        spans.append((pos, end))
    return spans


def clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans at commas and colons outside quotes and brackets."""
    cuts = _breaks(norm, start, end, CLAUSE_COMMAS)
    bounds = [start, *[c + 1 for c in cuts]]
    ends = [*cuts, end]
    return [(s, e) for s, e in zip(bounds, ends)]


def split_long(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long sentence split where a clause opens a proposition of its own: a time of its own
    (`，同年7月，…`) or a connective such as 但/不过/只要. Short sentences stay whole."""
    if end - start <= LONG_SENTENCE:
        return [(start, end)]
    parts, part_start = [], start
    spans = clauses(norm, start, end)
    for (s, e) in spans[1:]:
        clause = norm[s:e].strip()
        opens = (TIME_CLAUSE_RE.fullmatch(clause) is not None and e < end) \
            or NEW_PROPOSITION_RE.match(clause) is not None
        if opens and s - part_start >= MIN_PART and end - s >= MIN_PART \
                and not SUBORDINATE_RE.match(norm, part_start):
            parts.append((part_start, s))
            part_start = s
    parts.append((part_start, end))
    return parts


def _is_question(norm: str, start: int, end: int) -> bool:
    tail = norm[start:end].rstrip(" \u3000\n”」』\"'")
    return tail.endswith(QUESTION_ENDS)


def _claim(body: str, norm: str, start: int, end: int, index: int | None, voice: str) -> Claim | None:
    start, end = trim_claim(norm, start, end)
    if end - start < MIN_CLAIM or not re.search(r"[\u4e00-\u9fffA-Za-z]", norm[start:end]):
        return None
    score, band, reasons = score_claim(body[start:end])
    return Claim(body[start:end], start, end, index, voice, score, band, reasons)


def statement_claims(article: Article, norm: str, statements: list[Statement]) -> list[Claim]:
    """Claims of each statement; a piece inside a nested statement's span is that statement's."""
    out = []
    children: dict[int, list[tuple[int, int]]] = {}  # computed once: linear in the statements
    for n in statements:
        if n.nested_in is not None:
            children.setdefault(n.nested_in, []).append((n.start, n.end))
    for index, s in enumerate(statements):
        if s.kind == "question":
            continue
        nested = children.get(index, [])
        for ss, se in sentences(norm, s.start, s.end):
            if _is_question(norm, ss, se):
                continue
            for ps, pe in split_long(norm, *trim_claim(norm, ss, se)):
                ps, pe = trim_claim(norm, ps, pe)
                if any(ns <= ps and pe <= ne for ns, ne in nested):
                    continue
                if claim := _claim(article.body, norm, ps, pe, index, "statement"):
                    out.append(claim)
    return out


def frames(norm: str, statements: list[Statement]) -> list[tuple[int, int]]:
    """The attribution around each statement: `发言人毛宁表示，` before it, `他说` after it,
    a transcript label; these are never the reporter's claims."""
    spans = []
    for s in statements:
        if s.mention_start is not None and s.mention_start < s.start:
            begin = _clause_start(norm, s.mention_start)
            spans.append((begin, s.start))
        elif s.mention_start is not None and s.mention_start >= s.end:
            spans.append((s.end, _clause_end(norm, s.mention_start)))
        else:
            begin = _clause_start(norm, max(s.start - 1, 0))
            if begin < s.start:
                piece = norm[begin:s.start].strip()
                if (s.cue and s.cue in piece) or (s.mention and s.mention in piece) \
                        or piece.endswith(("：", ":")):
                    spans.append((begin, s.start))
            after_end = _clause_end(norm, s.end)
            piece = norm[s.end:after_end]
            if (s.mention and s.mention in piece) or (s.cue and CUE_END_RE.search(piece.strip("，,。 "))):
                spans.append((s.end, after_end))
    return spans


def _clause_start(norm: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and norm[i] not in CLAUSE_COMMAS + SENTENCE_BREAKS + "\n":
        i -= 1
    return i + 1


def _clause_end(norm: str, pos: int) -> int:
    i = pos
    while i < len(norm) and norm[i] not in CLAUSE_COMMAS + SENTENCE_BREAKS + "\n":
        i += 1
    return i


def _is_framing(clause: str) -> bool:
    """A clause that only frames: a time alone, a source or setting phrase, a lead-in."""
    clause = clause.strip(EDGE_PUNCT)
    return (not clause or TIME_CLAUSE_RE.fullmatch(clause) is not None
            or ADVERBIAL_RE.match(clause) is not None
            or LEAD_IN_RE.fullmatch(clause) is not None
            or CUE_END_RE.search(clause) is not None and len(clause) <= 12)


def reporter_claims(article: Article, norm: str, statements: list[Statement]) -> list[Claim]:
    """Sentences of the body in the reporter's own voice: outside every statement and its frame,
    not headings, bylines, image lines or questions."""
    covered = bytearray(len(norm))
    for s, e in [*((s.start, s.end) for s in statements), *frames(norm, statements)]:
        covered[s:e] = b"\x01" * (e - s)
    out = []
    for p_start, p_end in split_paragraphs(norm):
        line = norm[p_start:p_end]
        if HEADING_RE.match(line) or BYLINE_RE.match(line) or line == (article.title or "") \
                or _is_heading(line):
            continue
        for ss, se in sentences(norm, p_start, p_end):
            if _is_question(norm, ss, se):
                continue
            for ps, pe in _uncovered(covered, ss, se):
                for piece in _reporter_pieces(norm, ps, pe):
                    for cs, ce in split_long(norm, *piece):
                        if claim := _claim(article.body, norm, cs, ce, None, "reporter"):
                            out.append(claim)
    return out


def _is_heading(line: str) -> bool:
    """A short line with no sentence mark: a subheading left by a page without its markup."""
    return len(line) <= HEADING_MAX and not any(mark in line for mark in SENTENCE_BREAKS)


def _uncovered(covered: bytearray, start: int, end: int) -> list[tuple[int, int]]:
    runs, run_start = [], None
    for i in range(start, end):
        if not covered[i] and run_start is None:
            run_start = i
        elif covered[i] and run_start is not None:
            runs.append((run_start, i))
            run_start = None
    if run_start is not None:
        runs.append((run_start, end))
    return runs


def _reporter_pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The proposition in an uncovered run: lead-ins and framing clauses at its edges dropped."""
    start, end = trim_claim(norm, start, end)
    while start < end and (m := LEAD_IN_RE.match(norm, start, end)) and m.end() > start:
        start = m.end()
    spans = [c for c in clauses(norm, start, end) if norm[c[0]:c[1]].strip(EDGE_PUNCT)]
    while spans and _is_framing(norm[spans[-1][0]:spans[-1][1]]):
        spans.pop()
    while spans and _is_framing(norm[spans[0][0]:spans[0][1]]) and not \
            TIME_CLAUSE_RE.fullmatch(norm[spans[0][0]:spans[0][1]].strip(EDGE_PUNCT)):
        spans.pop(0)
    if not spans or all(_is_framing(norm[s:e]) for s, e in spans):
        return []
    return [(spans[0][0], spans[-1][1])]


def split_claims(article: Article, statements: list[Statement]) -> list[Claim]:
    """Every claim of an article, in body order: statement claims and reporter-voice claims.
    Two claims never share a span (the first found keeps it)."""
    norm = to_simplified(article.body)
    found = statement_claims(article, norm, statements) + reporter_claims(article, norm, statements)
    seen, out = set(), []
    for claim in sorted(found, key=lambda c: (c.start, c.end, c.voice != "statement")):
        if (claim.start, claim.end) not in seen:
            seen.add((claim.start, claim.end))
            out.append(claim)
    return out
