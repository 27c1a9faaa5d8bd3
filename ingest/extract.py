"""Attributed statements in Chinese news prose and press-conference transcripts.

The rules follow ATTRIBUTION-GUIDELINES.md: a statement is content that the text attributes
to a source through a reporting cue (`发言人毛宁表示，……`), or a transcript turn opened by the
speaker's label (`毛宁：……`). Offsets point into `article.body`: `body[start:end] == text`.

The pipeline for prose, per paragraph: find cue candidates (a cue followed by `，`/`：`, a quote,
or inline content), read the speaker mention in the clause before the cue, then decide how far
the content runs (the sentence, and following sentences while the voice stays the speaker's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import jieba

from . import names as N
from .dates import DATE_RE, find_dates, last_date, parse_iso
from .model import Article, Statement
from .speakers import (Mention, Registry, country_of, in_dictionary, is_chinese_name,
                       org_kind as org_kind_of, parse_mention)
from .textutil import to_simplified

# Reporting cues, matched as strings (segmenters tag several as nouns). Longest first.
CUES = sorted({
    "表示", "称", "说", "指出", "强调", "透露", "认为", "提到", "提及", "补充说", "补充道", "预测",
    "直指", "宣布", "回应", "回应称", "介绍", "证实", "否认", "呼吁", "警告", "重申", "坦言", "直言",
    "披露", "公布", "预告", "辩护称", "分析指出", "分析称", "声明称", "告知", "告诉", "写道", "说道",
    "谈到", "表态", "声称", "宣称", "坚称", "批评", "谴责", "敦促", "相信", "预计", "估计", "判断",
    "显示", "表明", "主张", "承认", "回答", "解释", "提醒", "建议", "问道", "感叹", "报道", "报道称",
    "发文称", "撰文称", "致辞称", "致辞表示", "发言表示", "讲话表示", "重申称", "指出称", "警告称",
    "评论称", "评论说", "分析说", "介绍说", "表示说", "提出", "说明", "申明", "阐述", "阐明",
    "告诫", "坦承", "断言", "感慨", "发文说", "撰文指出", "说过", "发布消息", "发布消息称",
    "发表社论指出", "发表社论称",
}, key=len, reverse=True)
CUE_RE = re.compile("|".join(map(re.escape, CUES)))
# Cues that can take their content with no punctuation: 阿斯麦表示荷兰政府已吊销……
INLINE_CUES = {"表示", "认为", "指出", "强调", "透露", "宣布", "预测", "相信", "承认", "证实", "称", "说",
               "呼吁", "敦促",
               "坦言", "直言", "声称", "宣称", "坚称", "重申", "警告", "预计", "估计", "披露"}
# Cues that need a following punctuation mark or quote to introduce content.
PUNCT_ONLY_CUES = {"提出", "说明", "阐述", "阐明", "申明", "主张", "建议", "解释", "介绍", "显示",
                   "表明", "判断", "回答", "批评", "谴责"}
# Cues followed by whom they address before the content: 告诉记者，…… / 告知其盟友，……
OBJECT_CUES = {"告诉", "告知", "提醒", "回答", "敦促"}
# Announcement cues: their content is a report of facts, which stops at a new subject.
REPORT_CUES = {"公布", "宣布", "报道", "报道称", "披露", "显示", "表明", "透露", "发文称", "撰文称",
               "发布消息", "发布消息称"}

# A cue string that is part of another word: 被认为, 名称, 说明书, 据说 ...
FALSE_BEFORE = {
    "认为": "被", "称": "名简号堪著俗昵尊职相对统自谓声", "说": "据虽听传小游劝演解学",
    "介绍": "据", "报道": "据", "表示": "", "指出": "", "估计": "据", "预计": "", "提出": "",
    "透露": "据",
}
FALSE_AFTER = {
    "称": "为作之赞霸号职得谓呼道心颂", "说": "明服法过话书辞起成到", "介绍": "了给", "表示": "了着过出",
    "显示": "了出器屏", "提出": "了", "公布": "了的于", "宣布": "了的", "报道": "了的中",
    "认为": "的", "强调": "了的", "指出": "了的", "回答": "了的", "提到": "了的", "说明": "了书会",
    "解释": "了", "否认": "了", "承认": "了", "批评": "了", "谴责": "了", "建议": "的了", "主张": "的了",
    "相信": "的了", "判断": "的了", "预计": "的", "估计": "的", "提醒": "了", "呼吁": "了",
}

CLAUSE_BREAK = "，,；;。！？!?：:\n"
SENTENCE_END = "。！？!?"
OPEN_QUOTES, CLOSE_QUOTES = "“「『", "”」』"
CJK_RE = re.compile(r"[\u3400-\u9fff]")

# The newsroom's own voice: it ends whatever was being reported.
NEWSROOM_RE = re.compile(
    r"^(?:值得(?:一提|注意|关注|警惕|玩味)的是|[^，。]{0,8}(?:注意到|了解到|获悉|查询发现)|据悉|据了解|"
    r"据介绍|数据显示|资料显示|公开资料显示|记者|另据|此外，据|与此同时|外界认为|分析认为|有分析|"
    r"按计划|根据计划|按照计划|据统计)"
)
STOP_INSIDE_RE = re.compile(r"，(?=美其名曰|直新闻注意到|记者注意到|值得一提的是|值得注意的是)|一事(?=，)")
# Narration about an event rather than speech: 会议由李在明主持 / 王毅参加上述活动.
NARRATION_RE = re.compile(r"由[^，。]{1,20}主持|参加(?:了)?(?:上述|以上)?活动|出席(?:了)?(?:上述|会议|活动)|陪同|会见时")
ABSOLUTE_DATE_LEAD_RE = re.compile(
    r"^(?:\d{4}年[^，。]{0,8}|(?:去|前)年[^，。]{0,6}|(?:当地时间)?\d{1,2}月?\d{0,2}日[^，。]{0,4}|"
    r"本月\d{1,2}日[^，。]{0,4}|当地时间[^，。]{1,10})，"
)
CONNECTIVES = ("如果", "但", "而", "同时", "因此", "所以", "只要", "无论", "虽然", "尽管", "相反",
               "事实上", "实际上", "特别是", "尤其", "这", "此", "其", "并", "且", "也", "还", "然而",
               "否则", "总之", "只有", "不仅", "更", "一方面", "另一方面", "不过", "对此", "为此", "它",
               "他们", "这些", "此外")
FIRST_PERSON = ("我们", "我", "咱们")

LEADING_RE = re.compile(
    r"^(?:正如|诚如|如同|不过|但是|但|而且|而|此外|另外|同时|对此|其中|随后|此前|与此同时|然而|因此|所以|并且|并|且|另据|又|"
    r"就此|对于此事|此次会议上|会上|会后|当天|当日|同日|日前|近日|近期|昨天|今天|目前|最近|此间|"
    r"(?:当地时间)?\d{1,2}日(?:上午|下午|晚|晚间|早些时候)?|本月\d{1,2}日|本周|上周|)"
)
TRAILING_RE = re.compile(
    r"(?:也|还|则|都|均|又|曾|亦|更|再次|多次|一再|反复|进一步|同时|随即|随后|此前|日前|近日|当天|当日|"
    r"同日|稍晚|稍早|普遍|公开|明确|专门|特别|仍然|仍|已经|已|正式|率先|首次|分别|纷纷|不断|积极|"
    r"就此|对此|为此|并|而|随之|早前|曾经|今日|昨日|今天|昨天|本周|上周|周[一二三四五六日]|当晚|"
    r"去年底|去年年底|年底|年末|月底|去年|今年|年初|月初|此后|最后|最终|在此之前|随后又|后来|同样|也都|着重|坦率地|直截了当地|"
    r"同一天|同一日|当天晚些时候|近期|最近|近来|目前|集体|共同|联合|（[^）]{1,12}）|通报|发文|"
    r"(?:谴责|批评|欢迎|赞赏|感谢|回应)并|"
    r"(?:当地时间)?\d{1,2}日(?:上午|下午|晚|晚间)?|本月\d{1,2}日|"
    r"在[^，。在]{1,30}?(?:上|中|时|里|期间|之际|前|后)|"
    r"在[^，。在]{1,20}?(?:举行|出席|参加|访问|会见|会谈|接受|发表|召开|会晤)[^，。]*|"
    r"(?:对|向|跟|同|给|接受)(?:此|记者|媒体|本报|本台|直新闻|[^，。]{1,12}?(?:记者|媒体|采访|新闻|电视台|报|社))(?:采访)?(?:时)?|"
    r"(?:会见|会谈|会晤|通话|通电话|接受|出席|参加|考察|调研|视察|致辞|讲话|答问|回答|谈及|谈到)[^，。]{0,20}?时|"
    r"通过[^，。]{1,15}|以[^，。]{1,10}(?:身份|名义)|发文|发帖|撰文|致辞|发言|讲话|"
    r"分析|回应|答问|答记者问|表态|在线|公开|"
    r"(?:向|给)[^，。]{1,20}?(?:致|发)(?:贺信|贺电|信|函|视频致辞|书面致辞|致辞)(?:中|时)?|"
    r"发表|发布|(?:发表|发布|公布|举行|召开|接受)[^，。]{0,12}?(?:声明|讲话|消息|文章|报告|数据|社论|评论|记者会|新闻发布会|发布会|"
    r"采访|推文|视频讲话|简报会|电话简报会)|)$"
)
RELAY_RE = re.compile(r"^(?P<via>.+?)(?:也|还|则)?(?:引述|援引|引用|转引|转述)(?P<src>.+?)(?:的话|的消息|的说法|的表态|的观点)?$")
DOC_SUFFIX_RE = re.compile(
    r"^(?P<src>.+?)(?:的|发布的|公布的|发表的|在)?(?:声明|报告|消息稿|新闻稿|公告|通报|官网|网站|官方网站|"
    r"文章|社论|评论文章|评论|推文|帖子|调查报告|文件|白皮书|公报|消息|简报|报道|新闻公报|声明稿|"
    r"网站消息|发言|致辞|讲话|贺电|贺信|来信|信|答问|通告)$"
)
ACCORDING_RE = re.compile(
    r"(?:根据|据)(?P<src>[^，。；“”]{2,30}?)(?:的)?(?:(?P<verb>公布|发布|披露|报道|援引|透露|宣布)(?:的)?"
    r"(?:消息|报道|声明|公告|通报|数据|报告|文件|新闻稿|消息稿)?|(?P<noun>报道|消息|声明|公告|通报|报告|介绍|称))，"
)
ANAPHORS = {
    "他": "person", "她": "person", "他们": "group", "她们": "group", "该名官员": "官员", "该官员": "官员", "这位官员": "官员", "这名官员": "官员",
    "上述官员": "官员", "该人士": "人士", "这位人士": "人士", "该发言人": "发言人", "这位发言人": "发言人",
    "报道": "media", "该报": "media", "该社": "media", "该媒体": "media", "该报道": "media",
    "该网站": "media", "该报告": "doc", "报告": "doc", "声明": "doc", "该声明": "doc", "该部": "government",
    "该机构": "government", "该公司": "organization", "该组织": "organization",
    "文章": "doc", "文中": "doc", "该文": "doc", "白皮书": "doc", "公报": "doc", "决议": "doc",
    "会议": "meeting", "全会": "meeting", "会议公报": "doc", "会议决定": "doc",
}
ATTITUDE_RE = re.compile(
    r"^(?:热烈|衷心|诚挚|真诚|高度|强烈|坚决|严重|深切|深表|深感|极大|十分|非常|很|充分|完全)?"
    r"(?:欢迎|感谢|祝贺|支持|赞赏|关切|关注|遗憾|不满|愤慨|同情|慰问|哀悼|敬意|歉意|理解|认可|赞同|肯定|"
    r"满意|担忧|忧虑|震惊|反对|抗议|谢意|感激|钦佩|赞赏和欢迎|欢迎和赞赏|赞赏和支持)"
)
SCARE_QUOTE_MAX = 6  # quoted terms this short are names or scare quotes, not the speaker's words

TRANSCRIPT_LABEL_RE = re.compile(r"^(?P<label>[^：:\n，。？！“”]{1,24}?)[：:]")
HOST_RE = re.compile(r"发言人(?P<name>[\u3400-\u9fff]{2,4}?)主持(?:例行)?记者会")
WHOLE_BODY_TITLE_RE = re.compile(
    r"^(?P<speaker>.{2,20}?发言人[\u3400-\u9fff]{0,4}?)就.+?(?:发表谈话|发表声明|答记者问)$"
)


@dataclass
class Candidate:
    """A cue with its speaker, before the content's end is known."""

    cue: str
    cue_start: int  # offsets are relative to the paragraph text
    clause_start: int
    content_start: int
    mention: str
    mention_start: int
    info: Mention | None
    via: str | None = None
    form: str = "punct"  # punct | quote | inline | quote_first | according
    quote_end: int | None = None  # for quote_first: where the quoted content ends
    report: bool = False


class Extractor:
    """Runs the rules over one article, remembering who was said to speak so far."""

    def __init__(self, article: Article, registry: Registry):
        self.article = article
        self.body = article.body
        # Rules match Simplified forms; offsets stay those of the text as written.
        self.norm = to_simplified(article.body)
        self.registry = registry
        self.published = parse_iso(article.published)
        self.known: dict[str, Mention] = {}  # people and bodies named so far in this article
        self.recent: list[tuple[str, Mention, str | None]] = []  # (mention, speaker, via) in text order
        self.statements: list[Statement] = []
        self.position: int | None = None  # where the rules are reading, for look-backs
        # Named sources of the registry (not sides such as 中方), by every name they go by.
        self.registry_sources = [
            (alias, Mention(sp.name, sp.kind, country=sp.country))
            for sp in registry.speakers.values() if sp.kind in ("media", "government", "organization")
            for alias in (sp.name, *sp.aliases) if len(alias) >= 2 and alias in article.body
        ]

    # ------------------------------------------------------------ entry point
    def run(self) -> list[Statement]:
        paragraphs = list(split_paragraphs(self.norm))
        self.learn_appositives()
        if is_transcript(self.norm, paragraphs):
            self.transcript(paragraphs)
        elif self.whole_body_speaker():
            self.whole_body(paragraphs)
        else:
            for start, end in paragraphs:
                self.prose(start, end)
        return self.statements

    def learn_appositives(self) -> None:
        """Names introduced by a description: `荷兰芯片设备制造商阿斯麦` is a company and
        `美国总统特朗普` a person, so a later bare `阿斯麦表示` / `特朗普表示` has a source."""
        for m in APPOSITIVE_RE.finditer(self.norm):
            name = m.group("name")
            # A common word after a descriptor (机构安全) is not a name; 阿斯麦 is.
            if in_dictionary(name):
                continue
            if name not in self.known and not self.registry.find(name):
                self.known[name] = Mention(name, "organization", country=None)
        for title in TITLE_RE.finditer(self.norm):
            m = NAME_AFTER_TITLE_RE.match(self.norm, title.end())
            if not m:
                continue
            name = m.group("name")
            if name in self.known or self.registry.find(name):
                continue
            # The shortest reading that ends with the name: 日本首相高市早苗, not ……会见日本首相高市早苗.
            for start in range(title.start(), max(-1, title.start() - 14), -1):
                info = parse_mention(self.norm[start:m.end("name")], self.registry.orgs)
                if info and info.kind == "person" and info.name == name:
                    self.learn(name, info)
                    break

    # ------------------------------------------------------------ transcripts
    def transcript(self, paragraphs: list[tuple[int, int]]) -> None:
        host = host_of(self.article.title or "", self.norm, paragraphs)
        turns = transcript_turns(self.norm, paragraphs)
        day = self.article.published
        for label, label_start, start, end in turns:
            text_start, text_end = trim(self.norm, start, end)
            if text_start >= text_end:
                continue
            if label is None:
                speaker_label, kind = host, "direct"
            elif is_question_label(label):
                speaker_label, kind = label, "question"
            elif label == "答":
                speaker_label, kind = host, "direct"
            else:
                speaker_label, kind = label, "direct"
            if not speaker_label:
                continue
            if kind == "question":
                source = question_source(speaker_label)
                # A reporter's label names an outlet even when no rule knows it (总台国广).
                info = self.mention_info(source) or Mention(source, "media")
            else:
                info = self.mention_info(speaker_label)
            if info is None:
                continue
            turn = self.add(info, speaker_label, "", text_start, text_end, kind, said_on=day,
                            mention_start=label_start if label else None, question=kind == "question")
            # Statements inside the turn: nested in an answer, relayed inside a question.
            via = info.name if kind == "question" else None
            for p_start, p_end in paragraphs:
                if p_end <= text_start or p_start >= text_end:
                    continue
                self.prose(max(p_start, text_start), min(p_end, text_end), outer=turn, via=via,
                           in_question=kind == "question")

    def whole_body_speaker(self) -> str | None:
        """A spokesperson's statement page (……就……发表谈话): the body is their words, unless
        it is a news report about them (外交部发言人表示，……) or a news item's copy."""
        if self.article.format != "html":
            return None
        m = WHOLE_BODY_TITLE_RE.match(to_simplified(self.article.title or ""))
        if not m or re.search(r"发言人[\u3400-\u9fff]{0,4}(?:表示|说|指出|称|回应|强调)", self.norm):
            return None
        return m.group("speaker")

    def whole_body(self, paragraphs: list[tuple[int, int]]) -> None:
        """A spokesperson's statement page: the body is one statement."""
        label = self.whole_body_speaker()
        info = self.mention_info(label)
        if info is None or not paragraphs:
            return
        start, end = trim(self.norm, paragraphs[0][0], paragraphs[-1][1])
        turn = self.add(info, label, "发表谈话", start, end, "direct", said_on=self.article.published)
        for p_start, p_end in paragraphs:
            self.prose(p_start, p_end, outer=turn)

    # ------------------------------------------------------------ prose
    def prose(self, p_start: int, p_end: int, outer: int | None = None, via: str | None = None,
              in_question: bool = False) -> None:
        """Statements of one paragraph (or of the part of it inside a transcript turn)."""
        para = self.norm[p_start:p_end]
        self.p_start = p_start
        candidates = self.fold_relays(para, self.without_headlines(para, self.candidates(para)))
        for i, cand in enumerate(candidates):
            stop = self.stop_before(para, cand, candidates[i + 1:])
            span = self.content_span(para, cand, stop, in_question)
            if span is None:
                continue
            c_start, c_end = span
            nested = outer if outer is not None else self.enclosing(p_start + cand.clause_start)
            kind = "direct" if cand.form in ("quote", "quote_first") else None
            self.add(cand.info, cand.mention, cand.cue, p_start + c_start, p_start + c_end, kind,
                     said_on=self.said_on(para, p_start, cand), via=cand.via or via,
                     nested_in=nested, mention_start=p_start + cand.mention_start)

    @staticmethod
    def without_headlines(para: str, candidates: list[Candidate]) -> list[Candidate]:
        """A headline glued to its story (阿巴斯称宪法起草接近尾声巴勒斯坦总统阿巴斯……称，……):
        an inline cue whose clause runs on into another cue is the headline, not speech."""
        return [c for c in candidates if not (
            c.form == "inline" and any(c.content_start < o.cue_start < next_break(para, c.content_start)
                                       for o in candidates if o is not c))]

    @staticmethod
    def stop_before(para: str, cand: Candidate, later_candidates: list[Candidate]) -> int:
        """Where the next attribution ends this one's content: at its sentence, or at its clause
        when it speaks up inside the same sentence. An attribution that opens the content
        (斯蒂尔表示，习近平主席……指出，……) is nested in it instead; inline ones always are."""
        for later in later_candidates:
            opens_content = para[cand.content_start:later.clause_start].strip(" ，") == ""
            if later.form == "inline" or later.clause_start <= cand.content_start or (
                    opens_content and cand.form == "punct"):
                continue
            opening = sentence_start(para, later.clause_start)
            stop = opening if opening > cand.content_start else later.clause_start
            if later.form == "quote_first":
                stop = min(stop, quote_open(para, later.content_start))
            return stop
        return len(para)

    def content_span(self, para: str, cand: Candidate, stop: int,
                     in_question: bool) -> tuple[int, int] | None:
        """The content's (start, end) in the paragraph, or None when nothing is said."""
        c_start, c_end = cand.content_start, None
        if cand.form == "quote_first":
            c_end = cand.quote_end
        elif cand.form == "quote":
            c_end = matching_quote(para, c_start - 1)
            # “停摆”已导致……: a quoted term opening reported speech, not a quotation.
            if c_end is not None and para[c_end + 1:c_end + 2] not in "。！？!?，,；":
                cand.form, cand.content_start = "punct", c_start - 1
                c_start, c_end = c_start - 1, None
            elif c_end is not None and c_end > stop:
                c_end = None
        if c_end is None:
            c_end = self.content_end(para, cand, stop, in_question)
        c_start, c_end = trim(para, c_start, c_end)
        if c_end - c_start < 4 or not outside_quotes(para[c_start:c_end]).strip("，。 "):
            return None  # too short, or only a quoted term (a headline's “停摆”)
        return c_start, c_end

    def candidates(self, para: str) -> list[Candidate]:
        found: list[Candidate] = []
        taken_until = -1
        for m in ACCORDING_RE.finditer(para):
            src = strip_place(m.group("src"))
            if src in ("悉", "了解", "介绍", "报道", "统计", "数据"):
                continue
            src = self.read_pre(src)[0] or src  # 据菲律宾减灾委今天（11月7日）发布的数据
            self.position = self.p_start + m.start()
            info = self.mention_info(src)
            if info is None:
                src, info, _ = self.valid_tail(src)
            if info is None:
                continue
            cue = m.group("verb") or m.group("noun")
            written = src if src in m.group("src") else m.group("src")
            self.recent.append([written, info, None])
            found.append(Candidate(cue, m.start(), m.start(), m.end(), written,
                                   m.start("src") + m.group("src").find(written), info,
                                   form="according", report=True))
        for m in CUE_RE.finditer(para):
            cue, cs, ce = m.group(), m.start(), m.end()
            if cs < taken_until or self.false_cue(para, cue, cs, ce) or in_parentheses(para, cs):
                continue
            if any(c.cue_start <= cs < c.content_start for c in found if c.form == "according"):
                continue
            cand = self.candidate(para, cue, cs, ce)
            if cand:
                found.append(cand)
                taken_until = ce
                before = self.quote_before_cue(para, cand)
                if before:
                    found.append(before)
        found.sort(key=lambda c: c.cue_start)
        return found

    def candidate(self, para: str, cue: str, cs: int, ce: int) -> Candidate | None:
        self.position = self.p_start + cs
        after = para[ce:ce + 1]
        form = None
        content_start = ce
        quote_end = None
        if after in "，,：:":
            content_start = ce + 1
            form = "quote" if para[content_start:content_start + 1] in OPEN_QUOTES else "punct"
            if form == "quote":
                content_start += 1
        elif after in OPEN_QUOTES:
            form, content_start = "quote", ce + 1
        elif cue in OBJECT_CUES:
            m = re.match(r"[^，。：；“”]{1,14}?[，：]", para[ce:])
            if m:
                form, content_start = "punct", ce + m.end()
        elif after in "。！!" or after == "":
            # “……。”扎基说。 — the quote before its cue.
            form = "quote_first"
        elif (cue in INLINE_CUES or cue.endswith("称")) and after and (
                CJK_RE.match(after) or after.isdigit()) and after not in "了着过的得地":
            form = "inline"
        if form is None:
            return None
        if form == "inline":
            clause_end = next_break(para, ce)
            inline = para[ce:clause_end]
            if len(inline) < 3 or ATTITUDE_RE.match(inline) or cue in PUNCT_ONLY_CUES:
                return None
        clause_start = clause_start_before(para, cs)
        pre = para[clause_start:cs]
        if form == "quote_first":
            q = quote_before(para, clause_start)
            if q is None:
                return None
            content_start, quote_end = q
        elif form == "punct" and para[content_start:content_start + 1] in OPEN_QUOTES:
            form, content_start = "quote", content_start + 1
        mention, via, offset = self.read_pre(pre)
        if not mention and cue[:2] in ("声明", "报道"):
            mention, offset = cue[:2], len(pre)  # 声明称，……: the statement named before speaks
        if not mention:
            # ……表示，受……影响，预计……: a cue with no subject inside someone's speech is
            # that speaker going on, not a statement of its own.
            if self.inside_speech(para, clause_start):
                return None
            mention, offset = self.zero_subject(para, clause_start)
            if not mention:
                return None
            offset -= clause_start
        info = None if GLUED_RE.search(mention) or self.run_on(mention) else self.mention_info(mention)
        if info is None and "在" in mention[2:]:
            # 印尼外长蕾特诺在马尼拉表示: the place the speaker was in is not part of the name.
            shorter = mention[:mention.rindex("在")]
            info = self.mention_info(shorter)
            if info:
                mention = shorter
        if info is None:
            # A headline glued to the text (……出坞俄罗斯国防部称): the speaker is a tail.
            # Not for cues that are also nouns (……共建开放型亚太经济的中国主张，).
            if cue in PUNCT_ONLY_CUES:
                return None
            mention, info, shift = self.valid_tail(mention)
            if info is None:
                return None
            offset += shift
        via_info = self.mention_info(via) if via else None
        self.recent.append([mention, info, via_info.name if via_info else None])
        return Candidate(cue, cs, clause_start, content_start, mention, clause_start + offset, info,
                         via=via_info.name if via_info else None, form=form, quote_end=quote_end,
                         report=cue in REPORT_CUES or info.kind == "media"
                         or bool(DOC_SUFFIX_RE.match(mention)))

    def run_on(self, mention: str) -> bool:
        """A country inside a long mention, after words that are not part of a name:
        a headline runs into the source (……喷发印尼地质局, ……遇难土耳其国防部).
        `驻` and `和` join countries inside names (联合国驻黎巴嫩临时部队)."""
        if len(mention) < 7 or self.registry.find(mention) or mention in self.known:
            return False
        for country in COUNTRY_NAMES:
            i = mention.find(country, 2)
            if i > 0 and mention[i - 1] not in "驻和与、对中国" and org_kind_of(mention[i:]):
                return True
        return False

    def quote_before_cue(self, para: str, cand: Candidate) -> Candidate | None:
        """`“……”罗敏球表示，……`: the quote before the cue is the speaker's too."""
        if cand.form in ("quote_first", "according"):
            return None
        q = quote_before(para, cand.clause_start)
        if q is None:
            return None
        return Candidate(cand.cue, cand.cue_start - 1, q[0] - 1, q[0], cand.mention,
                         cand.mention_start, cand.info, via=cand.via, form="quote_first",
                         quote_end=q[1])

    def valid_tail(self, mention: str) -> tuple[str, Mention | None, int]:
        """The speaker at the end of a run-on mention (a headline glued to the text):
        tails start at word boundaries, and one that opens with a place, a name or a known
        source wins over a bare shortest tail."""
        starts, pos = [], 0
        for word in jieba.lcut(mention, HMM=True):
            starts.append(pos)
            pos += len(word)
        fallback = None
        for i in starts[1:]:
            tail = mention[i:]
            if len(tail) < 2 or len(tail) > 15 or tail in N.TITLES or tail.startswith(("据", "有")):
                continue
            was_known = tail in self.known or self.registry.find(tail) is not None
            info = self.mention_info(tail, strict=True, learn=False)
            if not info:
                continue
            if was_known or country_of(tail) or (info.kind == "person" and (info.title or info.org)):
                self.learn(tail, info)
                return tail, info, i
            if info.kind in ("government", "organization", "media") and len(tail) >= 4:
                fallback = (tail, info, i)  # the shortest such tail wins
        return fallback or (mention, None, 0)

    def false_cue(self, para: str, cue: str, cs: int, ce: int) -> bool:
        before = para[cs - 1:cs]
        after = para[ce:ce + 1]
        if before and before in FALSE_BEFORE.get(cue, ""):
            return True
        if after and after in FALSE_AFTER.get(cue, ""):
            return True
        if cue == "说" and para[cs - 1:cs + 1] in ("虽说", "听说", "据说", "比如说", "就是说", "也就是说"):
            return True
        return False

    def read_pre(self, pre: str) -> tuple[str, str | None, int]:
        """The mention in the clause before a cue, with its relay and its offset in `pre`."""
        text = pre
        offset = 0
        while True:
            m = NEWSROOM_LEAD.match(text)
            lead = LEADING_RE.match(text)
            cut = max(m.end() if m else 0, lead.end() if lead else 0)
            if not cut:
                break
            text, offset = text[cut:], offset + cut
        while True:
            m = TRAILING_RE.search(text)
            if not m or m.start() == len(text):
                break
            text = text[:m.start()]
        framing = re.match(r"^\s*(?:对于|针对|关于)(?=[^，。]{2,40}$)", text)
        if framing:  # 对于……担当大臣赤间二郎当天称，……一事
            text, offset = text[framing.end():], offset + framing.end()
        text = text.rstrip(" ")
        if HEARSAY_RE.match(text):
            return "", None, offset  # 有报道称 / 据媒体报道: no speaker of its own
        # ……调研时他表示: the pronoun is the subject.
        pronoun = re.search(r"(?<=[时后中上])(?:他|她|他们|她们)$", text)
        if pronoun:
            return pronoun.group(0), None, offset + pronoun.start()
        via = None
        relay = RELAY_RE.match(text)
        if relay:
            via, src = relay.group("via"), relay.group("src")
            offset += relay.start("src")
            text = src
            via = self.resolve_anaphor_name(via) or via
        return text, via, offset

    def inside_speech(self, para: str, clause_start: int) -> bool:
        """Whether `clause_start` follows a cue and its comma earlier in the same sentence."""
        s_start = sentence_start(para, clause_start)
        return bool(PUNCT_CUE_RE.search(para[s_start:clause_start]))

    def zero_subject(self, para: str, clause_start: int) -> tuple[str | None, int]:
        """`……，并为此辩护称，` has no subject of its own: the sentence's subject speaks."""
        s_start = sentence_start(para, clause_start)
        i = s_start
        while i < clause_start:
            j = next_break(para, i)
            clause = para[i:j]
            lead = NEWSROOM_LEAD.match(clause)
            framing = (HEARSAY_RE.match(clause) or SETTING_CLAUSE_RE.match(clause)
                       or DATE_RE.fullmatch(LEADING_RE.sub("", clause) or "x"))
            if not (lead and lead.end() == len(clause)) and not framing:
                stripped = LEADING_RE.match(clause)
                k = stripped.end() if stripped else 0
                for length in range(min(15, len(clause) - k), 1, -1):
                    head = clause[k:k + length]
                    if self.mention_info(head, strict=True, learn=False):
                        return head, i + k
                # 由……组成的联合国机构间常设委员会集体发表声明，表示……: the subject ends the clause.
                subject, _, shift = self.read_pre(clause)
                if subject:
                    tail, info, at = self.valid_tail(subject)
                    if info:
                        return tail, i + shift + at
                return None, 0
            i = j + 1
        return None, 0

    def mention_info(self, mention: str | None, strict: bool = False,
                     learn: bool = True) -> Mention | None:
        """Parse a mention, resolving pronouns and names learned earlier in the article."""
        if not mention:
            return None
        mention = re.sub(r"[（(][^）)]*[）)]", "", mention.strip()).rstrip("的")
        if "《" in mention and org_kind_of(mention) == "media":
            mention = strip_place(mention)  # 日本《东京新闻》 → 东京新闻
        if "——" in mention:
            # 日本最大在野党——立宪民主党众议员小泽一郎: the name is after the dash, the
            # country before it.
            before, mention = mention.rsplit("——", 1)
            place = next((c for c in COUNTRY_NAMES if before.startswith(c)), None)
            if place and not mention.startswith(place) and parse_mention(mention) is None:
                mention = place + mention
        bare = DOC_SUFFIX_RE.match(mention)
        if bare and bare.group("src"):
            inner = bare.group("src").rstrip("的")
            if inner in ANAPHORS or inner in ("该", "此", "这份", "这一"):
                return self.anaphor(mention)
            mention = inner
        if mention in ANAPHORS:
            return self.anaphor(mention)
        if re.fullmatch(r"(?:[\u3400-\u9fff]{0,6})《[^》]+》", mention) and org_kind_of(mention) is None:
            return self.anaphor("文章")  # 《建议》指出: the document's author speaks
        that = re.match(r"^(?:该|这一|这个|此)(?P<kind>[\u3400-\u9fff]{1,4})$", mention)
        if that:
            return self.same_kind(that.group("kind"))
        if mention in GENERIC_BODIES:
            return self.named_body(mention)  # 使馆 is the 驻巴新使馆 named before
        if mention in FIRST_PERSON or mention.startswith(FIRST_PERSON):
            return None
        known = self.registry.find(mention)
        if known:
            return Mention(known.name, known.kind, title=known.title, org=known.org, country=known.country)
        if mention in self.known:
            return self.known[mention]
        info = parse_mention(mention, self.registry.orgs)
        if info is None:
            # A name seen earlier with a title (王小洪 after 公安部部长王小洪).
            for name, seen in self.known.items():
                if mention == seen.name:
                    return seen
            return None
        if strict and info.kind == "person" and not (info.title or mention in self.known
                                                     or is_chinese_name(info.name)):
            return None
        registry_hit = self.registry.find(info.name)
        if registry_hit:
            info = Mention(registry_hit.name, registry_hit.kind, title=info.title or registry_hit.title,
                           org=info.org or registry_hit.org, country=registry_hit.country or info.country)
        if learn:
            self.learn(mention, info)
        return info

    def learn(self, mention: str, info: Mention) -> None:
        """Remember a source for later mentions: 朱莉·科扎克 is later 科扎克."""
        self.known[mention] = info
        self.known.setdefault(info.name, info)
        if "·" in info.name:
            self.known.setdefault(info.name.rsplit("·", 1)[-1], info)

    def named_body(self, generic: str) -> Mention | None:
        """The body last named in full with this ending: `驻巴新使馆……。使馆已向……`."""
        if self.position is None:
            return None
        window = self.norm[max(0, self.position - 600):self.position]
        pattern = r"(?:驻|" + "|".join(COUNTRY_NAMES) + r")[\u3400-\u9fff]{0,10}?" + re.escape(generic)
        found = list(re.finditer(pattern, window))
        return Mention(found[-1].group(0), "government") if found else None

    def same_kind(self, ending: str) -> Mention | None:
        """`该委员会` is the last source named with that ending."""
        for said, info, via in reversed(self.recent):
            if info.name.endswith(ending) or said.endswith(ending):
                return info
        for name, info in reversed(list(self.known.items())):
            if name.endswith(ending) and len(name) > len(ending):
                return info
        return None

    def nearest_person(self) -> Mention | None:
        """他/她: the person named last before this point, speaker or not."""
        if self.position is None:
            return None
        window = self.norm[max(0, self.position - 400):self.position]
        best, best_at = None, -1
        for said, info, via in self.recent:
            if info.kind == "person":
                at = max(window.rfind(said), window.rfind(info.name))
                if at > best_at:
                    best, best_at = info, at
        for name, info in self.known.items():
            if info.kind == "person" and len(name) >= 2:
                at = window.rfind(name)
                if at > best_at:
                    best, best_at = info, at
        # A name that opens a sentence, with no title (张国清从……作了宣讲。他表示，……).
        for m in SENTENCE_NAME_RE.finditer(window):
            if m.start("name") <= best_at:
                continue
            for size in (3, 2):
                name = m.group("name")[:size]
                if is_chinese_name(name):
                    best, best_at = self.mention_info(name) or Mention(name, "person"), m.start("name")
                    break
        return best

    def nearest_group(self) -> Mention | None:
        """他们: the group named last before this point (国际人士高度评价……。他们表示，……)."""
        if self.position is None:
            return None
        window = self.norm[max(0, self.position - 300):self.position]
        for m in reversed(list(GROUP_MENTION_RE.finditer(window))):
            info = parse_mention(m.group(0), self.registry.orgs)
            if info and info.kind in ("collective", "anonymous"):
                return info
        for said, info, _ in reversed(self.recent):
            if info.kind in ("collective", "anonymous"):
                return info
        return None

    def anaphor(self, mention: str) -> Mention | None:
        want = ANAPHORS.get(mention) or ANAPHORS.get(mention.rstrip("的"), "doc")
        if want == "person":
            found = self.nearest_person()
            if found:
                return found
        if want == "group":
            return self.nearest_group()
        if want == "doc" and self.position is not None:
            author = self.document_author(self.position)
            if author:
                return author
        if want == "meeting" and self.position is not None:
            return self.meeting_holder(self.position, mention)
        for said, info, via in reversed(self.recent):
            if want == "person" and info.kind == "person":
                return info
            if want == "media" and (info.kind == "media" or via):
                return info if info.kind == "media" else self.mention_info(via)
            if want in ("官员", "人士", "发言人") and want in (said + info.name):
                return info
            if want in ("government", "organization") and info.kind == want:
                return info
        return None

    def document_author(self, position: int) -> Mention | None:
        """Who published the report or statement that `报告称` refers to, read backwards."""
        window = self.norm[max(0, position - 400):position]
        for m in reversed(list(DOC_AUTHOR_RE.finditer(window))):
            src = LEADING_RE.sub("", m.group("src") or m.group("src2") or m.group("src3") or m.group("src4"))
            src = re.sub(r"^.*(?:发表|刊发|刊登|播发)(?:了)?", "", src)
            src = TRAILING_RE.sub("", src) if TRAILING_RE.search(src) else src
            src = self.read_pre(src)[0] or src
            info = self.mention_info(src) or self.valid_tail(src)[1]
            if info and info.kind != "person" or (info and info.title):
                return info
        return None

    def meeting_holder(self, position: int, mention: str) -> Mention | None:
        """`会议指出` speaks for the body that held the meeting (中共中央政治局召开会议)."""
        window = self.norm[max(0, position - 1500):position]
        if mention == "全会":
            named = list(re.finditer(r"(?:中共|党的)?[\u3400-\u9fff]{0,4}?届[一二三四五六七八九十]+中全会", window))
            for m in reversed(named):
                name = LEADING_RE.sub("", m.group(0))
                if len(name) > 2:
                    return Mention(name, "organization", country="CN")
        for m in reversed(list(MEETING_HOLDER_RE.finditer(window))):
            src = LEADING_RE.sub("", m.group("src"))
            info = self.mention_info(src) or self.valid_tail(src)[1]
            if info:
                return info
        return None

    def resolve_anaphor_name(self, mention: str) -> str | None:
        info = self.anaphor(mention) if mention in ANAPHORS else None
        return info.name if info else None

    def fold_relays(self, para: str, cands: list[Candidate]) -> list[Candidate]:
        """Relays are not statements of their own: in `据X报道，Y表示，……` and
        `X报道称，Y表示，……` the statement is Y's, relayed by X."""
        out = []
        for i, cand in enumerate(cands):
            relaying = cand.form == "punct" and cand.report and any(
                c.clause_start >= cand.content_start and not para[cand.content_start:c.clause_start].strip(" ，")
                and c.form == "punct" for c in cands[i + 1:])
            if cand.form == "according" or relaying:
                s_end = sentence_end(para, cand.content_start)
                inner = [c for c in cands[i + 1:] if c.cue_start < s_end and c.form != "according"]
                if inner:
                    inner[0].via = inner[0].via or cand.info.name
                    for entry in self.recent:
                        if entry[0] == inner[0].mention and entry[2] is None:
                            entry[2] = inner[0].via
                    continue
            out.append(cand)
        return out

    # ------------------------------------------------------------ how far content runs
    def content_end(self, para: str, cand: Candidate, stop: int, in_question: bool) -> int:
        start = cand.content_start
        end = sentence_end(para, start)
        inside = STOP_INSIDE_RE.search(para, start, min(end, stop))
        if inside:
            return inside.start()
        if end >= stop:
            return stop
        if cand.form == "inline":
            # 针对日本政府宣布将……，近日，……: a new time clause is a new event.
            for m in re.finditer("，", para[start:end]):
                if TIME_CLAUSE_RE.match(para, start + m.end()):
                    return start + m.start()
        if (cand.form == "inline" and self.enclosing(self.p_start + start) is not None) or (
                in_question and para[end - 1:end] in "？?"):
            return end  # a nested statement keeps to its sentence
        report = cand.report or cand.info.kind == "media" or (
            cand.info.kind != "person" and reads_as_report(para[start:end]))
        while end < stop:
            nxt = sentence_end(para, end)
            sentence = para[end:nxt].lstrip()
            if not sentence or not self.continues(sentence, cand, report, in_question):
                break
            end = min(nxt, stop)
        return end

    def continues(self, sentence: str, cand: Candidate, report: bool, in_question: bool) -> bool:
        if NEWSROOM_RE.match(sentence) or ABSOLUTE_DATE_LEAD_RE.match(sentence):
            return False
        if NEWSROOM_CLAUSE_RE.search(sentence) or NEW_ITEM_RE.search(sentence) or AFTER_EVENT_RE.match(sentence):
            return False
        if DATED_EVENT_RE.match(sentence):
            return False  # ……欧洲中央银行30日召开货币政策会议: narration of a dated event
        if in_question and sentence.rstrip().endswith(("？", "?")):
            return False
        if sentence.startswith(FIRST_PERSON):
            return True
        name = cand.info.name
        if cand.info.kind == "person" and (name in outside_quotes(sentence) or sentence.startswith(cand.mention)):
            return False  # people do not speak of themselves by name: narration resumes
        if HEADLINE_RE.search(sentence):
            return False
        if self.opens_with_other_person(sentence, name):
            return False
        if cand.info.kind != "person" and sentence.startswith(name) and name not in ("中方",):
            return False
        if NARRATION_RE.search(sentence):
            return False
        additive = re.match(r"^(?:同时|此外|另外|与此同时|另一方面)，?(?P<subject>[^，。]{2,8})", sentence)
        if additive and (country_of(additive.group("subject")) or org_kind_of(additive.group("subject"))):
            return False  # 同时，美国还施压……: the reporter's narration moves on
        if sentence.startswith(CONNECTIVES):
            return True
        if report:
            return False
        # Opinion and policy speech runs on unless the sentence opens with someone else.
        head = sentence[:12]
        for known in self.known:
            if len(known) >= 2 and head.startswith(known) and known != name:
                return False
        return True

    def opens_with_other_person(self, sentence: str, name: str) -> bool:
        """`格鲁吉亚总理科巴希泽、……出席开幕式` / `哈马斯当天对以军这一说法予以否认`: the
        sentence opens with another named source (not a side such as 中方 or 双方)."""
        head = next_break(sentence, 0)
        clause = sentence[:head]
        sources = [(k, i) for k, i in self.known.items() if i.kind == "person"]
        sources += [(said, info) for said, info, _ in self.recent
                    if info.kind in ("media", "government", "organization")]
        sources += self.registry_sources
        for known, info in sources:
            if info.name == name or len(known) < 2:
                continue
            at = clause.find(known)
            if at == 0 or (0 < at <= 12 and info.kind == "person"
                           and parse_mention(clause[:at + len(known)]) is not None):
                return True
        return False

    # ------------------------------------------------------------ when it was said
    def said_on(self, para: str, p_start: int, cand: Candidate) -> str | None:
        s_start = sentence_start(para, cand.clause_start)
        context = self.context_date(p_start + s_start)
        before = para[s_start:cand.cue_start]
        value = last_date(before, self.published, context)
        if value:
            return value
        # 10日，王小洪应约同……视频通话。王小洪表示，…… — the event's date is the statement's.
        prev_start = sentence_start(para, max(0, s_start - 1))
        previous = para[prev_start:s_start]
        if previous and (cand.info.name in previous or cand.mention in previous):
            return last_date(previous, self.published, context)
        return None

    def context_date(self, position: int) -> str | None:
        """The last day-precise date written before `position`: what 当天 refers to."""
        found = None
        window = self.norm[max(0, position - 600):position]
        for _, _, value in find_dates(window, self.published):
            if value and len(value) == 10:
                found = value
        return found

    # ------------------------------------------------------------ recording
    def enclosing(self, position: int) -> int | None:
        for i in range(len(self.statements) - 1, -1, -1):
            s = self.statements[i]
            if s.start <= position < s.end:
                return i
        return None

    def add(self, info: Mention, mention: str, cue: str, start: int, end: int, kind: str | None,
            said_on: str | None = None, via: str | None = None, nested_in: int | None = None,
            mention_start: int | None = None, question: bool = False) -> int:
        text = self.body[start:end]
        if kind is None:
            kind = "mixed" if has_own_words(text) else "indirect"
        if mention_start is not None and self.norm[mention_start:mention_start + len(mention)] != mention:
            mention_start = None  # a mention rebuilt from several places has no single offset
        stmt = Statement(
            speaker=info.name, mention=self.body[mention_start:mention_start + len(mention)]
            if mention_start is not None else mention,
            cue=cue, text=text, kind=kind, start=start, end=end, said_on=said_on, via=via,
            nested_in=nested_in, title=info.title, org=info.org, speaker_kind=info.kind,
            country=info.country, mention_start=mention_start,
        )
        self.statements.append(stmt)
        if not cue and not question:  # turns; cue candidates were recorded as they were read
            self.recent.append([mention, info, via])
        return len(self.statements) - 1


COUNTRY_NAMES = sorted(set(N.COUNTRIES) | {"以色列", "黎巴嫩", "巴勒斯坦", "印尼"}, key=len, reverse=True)
# A title, then a name ended by what usually follows a name in news prose.
TITLE_RE = re.compile("|".join(sorted(N.TITLES, key=len, reverse=True)))
NAME_AFTER_TITLE_RE = re.compile(
    r"(?P<name>[\u3400-\u9fff]{1,6}·[\u3400-\u9fff]{1,8}|[\u3400-\u9fff]{2,7}?)"
    r"(?=同|与|和|在|表示|说|称|指出|强调|，|。|、|会见|会谈|举行|通电话|访问|出席|发表|当天|日前|近日|"
    r"率领|率|一行|夫妇|等|今天|昨天|（|\d)"
)
HEARSAY_RE = re.compile(r"^(?:有|据)(?:[^，。]{0,6}媒体)?(?:报道|消息|传言|评论|分析|文章|媒体)?$|^据")
GROUP_MENTION_RE = re.compile(
    r"(?:多国|国际|各界|外国|海外|业内|各国|多方|当地|与会|中外|多位|多名|部分|一些|不少)"
    r"[\u3400-\u9fff]{0,4}?(?:人士|专家|学者|代表|民众|网民|政要|嘉宾|企业家)")
SENTENCE_NAME_RE = re.compile(r"(?:^|[。！？\n])(?P<name>[\u3400-\u9fff]{3})")
# Bodies named by their kind alone, which stand for the one named in full before.
GENERIC_BODIES = {"使馆", "大使馆", "领事馆", "总领馆", "使团", "代表团"}
# A headline run into the text: a space inside, or another cue (俄称……乌称……俄罗斯国防部).
GLUED_RE = re.compile(r"\s|称|表示|说|^(?!.*——).{21,}")
APPOSITIVE_RE = re.compile(
    r"(?:制造商|供应商|生产商|公司|企业|巨头|集团|厂商|运营商|智库|机构|银行|媒体|通讯社)"
    r"(?P<name>[\u3400-\u9fff]{2,5}?|[A-Za-z][A-Za-z0-9&.-]{1,20})(?=的|表示|称|说|，|。|宣布|指出)"
)
MEETING_HOLDER_RE = re.compile(
    r"(?:^|[，。；？：:\n])(?P<src>[^，。；？：:\n]{2,30}?)(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚)?"
    r"(?:在[^，。]{1,15})?(?:召开|举行|主持召开)了?[^，。]{0,25}?(?:会议|全会|大会|座谈会|常务会议)"
)
DOC_AUTHOR_RE = re.compile(
    r"(?:^|[，。；？：:\n])(?P<src>[^，。；？：:\n]{2,30}?)(?:周[一二三四五六日]|\d{1,2}日|近日|日前|今天|昨天|此前)?"
    r"(?:发表|发布|公布|出台|出炉)了?(?:的)?(?:一份|最新)?(?:《[^》]{1,40}》)?(?:报告|声明|文件|白皮书|公告)"
    r"|(?:^|[，。；？：:\n])(?P<src2>[^，。；？：:\n]{2,30}?)在(?:其|最新)?(?:报告|声明)中"
    r"|(?P<src3>[^，。；？：:\n]{2,40}?)的(?:重要|署名)?(?:文章|讲话|报告)《"
    r"|(?:^|[，。；？：:\n])(?P<src4>[^，。；？：:\n]{2,30}?)(?:发表|发布|公布)了?《[^》]{1,60}(?:报告|声明|白皮书|公告|文件)》"
)
# A glued headline: words, a space, more words, with no punctuation (台风“海鸥”在越南登陆 引发灾情).
HEADLINE_RE = re.compile(r"[\u3400-\u9fff”][ \u3000][\u3400-\u9fff“]")
TIME_CLAUSE_RE = re.compile(r"(?:近日|日前|近期|此前|随后|当天|目前|(?:当地时间)?\d{1,2}日|本周|上周|昨天|今天)，")
# Clauses that set the scene before the subject: 针对……，/ 在……上，/ 昨天，
SETTING_CLAUSE_RE = re.compile(r"^(?:针对|对于|关于|随着|在|据|当地时间|为)[^，。]*$|^[^，。]{0,6}(?:时|后|前|期间)$")
# A first clause that dates an event (X30日召开……, 11月8日，……): the reporter narrates again.
DATED_EVENT_RE = re.compile(r"^[^，。“”]{2,30}?(?<![\d月年])\d{1,2}日(?:上午|下午|晚)?(?:召开|举行|发生|举办|在)")
# Narration resumes after the event: 会见结束后，……
AFTER_EVENT_RE = re.compile(r"^(?:会见|会谈|会晤|会议|通话|活动|仪式|访问|签字仪式)[^，。]{0,6}?(?:结束)?(?:后|之后)，")
# A cue with its comma or colon: the content that follows is someone's speech.
PUNCT_CUE_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(
    {"表示", "称", "说", "指出", "强调", "透露", "认为", "提到", "宣布", "介绍", "回应"}, key=len,
    reverse=True))) + ")[，：:]")
# A bulletin's next item, glued on: 今天（11月8日），……
NEW_ITEM_RE = re.compile(r"(?:今天|今晚|昨天|日前)?（\d{1,2}月\d{1,2}日）")
# A clause in the newsroom's voice anywhere in a sentence: ……，深圳卫视注意到，……
NEWSROOM_CLAUSE_RE = re.compile(r"(?:^|，)[^，。]{0,8}(?:注意到|了解到|获悉|发现)，")
NEWSROOM_LEAD = re.compile(
    r"^(?:值得(?:一提|注意|关注|警惕|玩味)的是|[^，。]{1,8}(?:注意到|了解到|获悉)|据悉|据了解)"
)


# ---------------------------------------------------------------- text helpers

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
    for i in range(pos, len(text)):
        ch = text[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in CLAUSE_BREAK:
            return i
    return len(text)


def clause_start_before(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and text[i] not in CLAUSE_BREAK and text[i] not in CLOSE_QUOTES:
        i -= 1
    return i + 1


def sentence_end(text: str, pos: int) -> int:
    """Index just past the sentence that contains `pos` (quotes kept whole)."""
    depth = 0
    i = pos
    while i < len(text):
        ch = text[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch in SENTENCE_END and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in SENTENCE_END + "”」』":
                j += 1
            return j
        elif ch == "\n":
            return i
        i += 1
    return len(text)


def sentence_start(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and text[i] not in SENTENCE_END + "\n":
        i -= 1
    return i + 1


def matching_quote(text: str, open_pos: int) -> int | None:
    depth = 0
    for i in range(open_pos, len(text)):
        if text[i] in OPEN_QUOTES:
            depth += 1
        elif text[i] in CLOSE_QUOTES:
            depth -= 1
            if depth == 0:
                return i
    return None


# A clause that frames a quote without naming a speaker: 学习……精神，/ 谈及……，
FRAMING_RE = re.compile(r"(?:学习|对此|谈到|谈及|说起|提到|回忆|回顾|展望|面对|针对|对于|关于|围绕|结合|在)")


def quote_before(text: str, clause_start: int) -> tuple[int, int] | None:
    """For `“……。”扎基说`: the quoted span that closes right before the cue's clause (or
    before one short framing clause: `“……。”学习……精神，检察长柴峥涛说`)."""
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
    for i in range(j, -1, -1):
        if text[i] in CLOSE_QUOTES:
            depth += 1
        elif text[i] in OPEN_QUOTES:
            depth -= 1
            if depth == 0:
                # The quote must open a sentence: what it holds is speech, not a term.
                if i == 0 or text[i - 1] in SENTENCE_END + "\n：:，,":
                    if j - i - 1 >= 6:
                        return i + 1, j
                return None
    return None


def in_parentheses(text: str, pos: int) -> bool:
    """Inside （……）: an aside (韩国称“独岛”), not the sentence's attribution."""
    opened = text.rfind("（", 0, pos)
    return opened >= 0 and text.rfind("）", opened, pos) < 0 and text.find("）", pos) >= 0


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


# Opinion and policy speech: modal verbs, stances, the speaker's own voice.
OPINION_RE = re.compile(
    r"应该|应当|应|要|必须|需要|希望|愿|坚持|坚决|反对|支持|主张|呼吁|敦促|相信|认为|不能|不会|绝不|"
    r"致力于|一贯|始终|重要|意义|我们|我|中方|双方|将继续|期待|欢迎|赞赏"
)


def reads_as_report(sentence: str) -> bool:
    """A report of facts (numbers, completed events) with no stance in it: it stops where a
    sentence with a new subject begins."""
    return not OPINION_RE.search(sentence) and bool(re.search(r"\d|了|已经|已", sentence))


def has_own_words(text: str) -> bool:
    """Mixed speech: a quoted fragment long enough to be the speaker's words, not a term."""
    for m in re.finditer(r"[“「]([^”」]*)[”」]", text):
        inner = m.group(1)
        if len(inner) > SCARE_QUOTE_MAX or re.search(r"[，。？！、]", inner):
            return True
    return False


# ---------------------------------------------------------------- transcripts

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
    questions = sum(1 for l in labels if l and is_question_label(l))
    answers = sum(1 for l in labels if l and not is_question_label(l))
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


def extract(article: Article, registry: Registry | None = None) -> list[Statement]:
    """Every attributed statement of one article, in text order of discovery."""
    return Extractor(article, registry or Registry()).run()
