"""Attributed statements in Chinese news prose and press-conference transcripts.

The rules follow ATTRIBUTION-GUIDELINES.md: a statement is content that the text attributes
to a source through a reporting cue (`发言人毛宁表示，……`), or a transcript turn opened by the
speaker's label (`毛宁：……`). Offsets point into `article.body`: `body[start:end] == text`.

The pipeline for prose, per paragraph: find cue candidates (a cue followed by `，`/`：`, a quote,
or inline content), read the speaker mention in the clause before the cue, then decide how far
the content runs (the sentence, and following sentences while the voice stays the speaker's).
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import jieba

from . import names as N
from .dates import DATE_RE, find_dates, last_date, parse_iso
from .model import Article, Statement
from .patterns import (
    ABSOLUTE_DATE_LEAD_RE, ACCORDING_RE, AFTER_EVENT_RE, ANAPHORS, APPOSITIVE_RE, ATTITUDE_RE,
    CJK_RE, CONNECTIVES, COUNTRY_NAMES, DATE_LEAD_FIRST_PERSON_RE, FRAMED_TOPIC_RE, DEMONSTRATIVES, HEADLINE_DATELINE_RE, CUE_RE, DATED_EVENT_RE, DOC_AUTHOR_RE, DOC_SUFFIX_RE,
    FALSE_AFTER, FALSE_BEFORE, FIRST_PERSON, GENERIC_BODIES, GLUED_RE, GROUP_MENTION_RE,
    HEADLINE_RE, HEARSAY_RE, INLINE_CUES, LEADING_RE, MEETING_HOLDER_RE, NAME_AFTER_TITLE_RE,
    NARRATION_RE, NEWSROOM_CLAUSE_RE, NEWSROOM_LEAD, NEWSROOM_RE, NEW_ITEM_RE, NEW_SOURCE_LEAD_RE, OBJECT_CUES, OWN_CHANNEL_RE,
    PUNCT_CUE_RE, PUNCT_ONLY_CUES, RELAY_RE, REPORT_CUES, SENTENCE_NAME_RE, SETTING_CLAUSE_RE,
    STOP_INSIDE_RE, TIME_CLAUSE_RE, TITLE_RE, TRAILING_RE, WRITINGS, is_taiwan_news, reads_as_report,
    report_subject,
)
from .spans import (
    CLOSE_QUOTES, OPEN_QUOTES, clause_start_before, has_own_words, in_parentheses, matching_quote,
    next_break, outside_quotes, quote_before, quote_open, sentence_end, sentence_start,
    split_paragraphs, strip_place, trim,
)
from . import speaker_model
from .subjects import adverbials_only, cut_from_its_words, governed, learned_mention, on_word_edges, word_edges
from .speakers import (AGENT_SUFFIXES, word_frequency, PERSON_NOUN_ENDINGS, bare_two_character_name, frame_subject, gender_of, name_at, tagged, noun_phrase, short_forms, Mention, Registry, country_of, in_dictionary, is_chinese_name, is_source_name,
                       org_kind as org_kind_of, meeting_name, outlet_staff, parse_mention, RANK_AT_END_RE, TITLE_RANKS_RE, source_head, titled_name,
                       trailing_adverbial)
from .textutil import is_traditional, to_simplified, to_traditional
from .transcripts import (
    WHOLE_BODY_TITLE_RE, host_of, is_question_label, is_transcript, labelled_blocks, opens_quotation, question_source,
    transcript_turns,
)


# The original of translated words, in brackets after them: （Arrests of pro-democracy activists）.
ORIGINAL_GLOSS_RE = re.compile(r"[（(][^（）()]*[A-Za-z][^（）()]*[）)]")

# Words that open an adverbial between a speaker and the cue.
FRAME_HEADS = {"与", "同", "跟", "对", "向", "给", "在", "于", "为", "接受", "出席", "会见", "会晤", "访问",
               "回应", "回答", "谈到", "谈及", "通过", "以", "就", "当天", "当日", "日前", "近日", "去年", "今年",
               "早前", "随后", "首先", "多次", "再次", "一再", "曾", "也", "还", "则", "又", "亦", "均", "都",
               # publishing and speaking acts that carry the words (发布总统令称, 发表网志称)
               "发表", "发布", "公布", "刊发", "发文", "撰文", "致函", "致信", "致电", "发帖", "刊文", "受访",
               "作", "做", "答", "致辞", "致词", "讲话", "发言", "声明", "谈", "解释", "举例"}
# A demonstrative and a noun after a cue: what it was about, no proposition (披露这一事件).
THIS_MATTER_RE = re.compile(r"(?:这|那|该|此)(?:一|个|件|项|些|次)?(?:事件|事情|事|消息|说法|报道|情况|问题|决定|做法)"
                            r"(?=[，。；！？]|$)")
# The cues of an outlet's report that a person's words may be relayed in (新华社报道，/ 美联社称，).
RELAY_CUES = REPORT_CUES | {"称", "指", "说"}
# How far past its start a statement's content is read for the attribution that ends it: a
# bound that keeps a paragraph of thousands of cues linear (content runs a few sentences).
MAX_CONTENT_RUN = 3000
# A meeting named as held (召开的全国商务工作会议, 举行的中央经济工作会议)
HELD_MEETING_RE = re.compile(r"(?:召开|举行)的(?P<name>[^，。；“”「」]{2,30}?(?:会议|全会))")
# 一名自称是……的警员: one described by who they say they are.
SELF_NAMED_RE = re.compile(r"(?:一名|一位|该名|这名)?自称(?:是|为)?(?P<who>[^，。的]{2,16})的[\u3400-\u9fff]{1,4}")
# An object cue whose object runs on to the act's time and a later cue (回应关于……的提问时说：).
FRAMED_BY_LATER_CUE_RE = re.compile(r"[^。！？“”「」]{2,40}?(?:提问|询问|质询|问题)时(?:说|表示|指出|称|强调|回答)")
# 边……边 / 一边……一边 / 一面……一面 before the cue: an act beside the speaking, not its subject.
WHILE_DOING_RE = re.compile(r"(?:一?边|一面)[^，。“”「」]{1,16}(?:一?边|一面)$")
# Characters without which no date can be written, and the words that point back to a day.
DATE_HINT_RE = re.compile(r"[\d年月日天周号晚早今昨去前明本当同次翌上下]")
ANAPHORIC_DAY_RE = re.compile(r"当天|当日|同日|同天|同一天|当晚|稍晚|稍早|随后|次日|翌日|前一天|是日|即日")
# A subject described by a relative clause, then an adverb: ……的国际人士纷纷点赞
DESCRIBED_SUBJECT_RE = re.compile(r"[^，。“”「」]{2,30}?的(?P<np>[\u3400-\u9fff]{2,8}?)"
                                  r"(?=纷纷|都|也|还|均|一致|普遍|再次|多次|曾|已|正|将|亦|则|亲自|当庭|当场|随即|随后|今日|昨日|今|昨|又|更)")
# Cues whose object is speech only when it is a clause of its own (提到美国需要……, not 提到此事).
CLAUSE_OBJECT_CUES = {"提到", "提及", "解释", "确认", "说明", "透露"}
# Verbs by which a body puts out its own document, in which it still speaks (非洲开发银行日前
# 发布的《……》报告称, ……提请人大审议的《……报告》指出).
PUBLISHING_VERBS = {"发布", "公布", "发表", "出版", "推出", "提交", "印发", "刊发", "刊登", "披露", "出台",
                    "编制", "起草"}
# A document after its author, as the author's words (……行政长官《施政报告》, ……审议的《……报告》).
AUTHORED_DOC_RE = re.compile(
    r"(?:\d{4}年)?(?P<src>[^《》，。]{2,20}?)(?:(?:日前|近日|今天|\d{1,2}日)?(?:"
    + "|".join(sorted(PUBLISHING_VERBS, key=len, reverse=True)) + r"|提请[^《》，。]{0,8}审议)的)?《[^》]{2,60}》")
# What a document's title ends with (a plan, a report, a decision), so 《每日新闻》 is no document.
DOCUMENT_ENDINGS = ("报告", "规划", "建议", "计划", "意见", "纲要", "白皮书", "蓝皮书", "决定", "通知", "办法",
                    "公报", "决议", "宣言", "条例", "方案", "规定", "倡议", "指引", "指南", "清单", "纪要", "共识")
DOCUMENT_TITLE_RE = re.compile(r"(?:^|的)《(?P<title>[^《》]{2,60}(?:" + "|".join(DOCUMENT_ENDINGS) + r"))》")
WORK_REPORT_RE = re.compile(r"(?:\d{4}年)?(?P<title>[\u3400-\u9fff]{1,8}(?:省|市|自治区|区|县)政府工作报告)")
DESCRIBED_NAME_RE = re.compile(r"的(?P<name>[\u3400-\u9fff]{3})(?=[，,])")
# A sentence that opens with some others (亦有旅客, 也有不少市民, 有网民): the reporter's turn to them.
OTHERS_TOO_RE = re.compile(r"^(?:亦|也|还|另|另外，?|同时，?)?有(?:不少|部分|一些|些|多名|多位|其他)?"
                           r"[\u3400-\u9fff]{0,6}(?:人士|者|员|客|市民|居民|网民|民众|家长|学生|议员|专家|学者)")
# Cues that propose a course of action, speech when a verb phrase follows (建议布局……).
PROPOSAL_CUES = {"建议", "提出", "主张", "提议"}
PRONOUNS = ("他", "她", "他们", "她们")
# A pronoun opening a clause after a comma: the subject of the clauses that follow it.
CLAUSE_PRONOUN_RE = re.compile(r"(?<=[，,；;])(?:但|而|并|且|也|又)?(他们|她们|他|她)(?=[\u3400-\u9fff])")
# A cue said not to have happened (没有正面回应，/ 拒绝评论，/ 声明无提及 / 不认为): no speech began
# there, and no statement is made of it (measured: the gold sets report a denied view as narration).
NEGATED_RE = re.compile(r"(?:没有|没|未有|未|并未|无|不|拒绝|拒)(?:正面|直接|公开|明确|就此|对此|作出|作|进一步|刻意|主动|详细|具体)?$")
ADVERBIAL_PHRASE_RE = re.compile(r"[向对跟同与给在于]|接受|出席|会见|回应|通过|透过|致信|致函|致电")
ACT_OBJECT_RE = re.compile(r"(?:措施|决定|计划|名单|结果|紧急状态|制裁|禁令|政策|方案|办法|规定|条例|命令|法令|"
                           r"倡议|举措|行动|项目|消息|数据|报告|公告|通知)$")
# What stands between a clause's comma and a cue that adds the same speaker's next point.
NEXT_POINT_RE = re.compile(r"(?:又|并|並|亦|续|還|还|也|再|另|同时|同时也|同时又|(?:及后|其后|随后|后来|之后)(?:改口|又|再)?)")
# Cues of saying, not of thinking: in ……，亦担心…… the one who worries may be anyone.
SPEECH_ACTS = {"表示", "指", "指出", "说", "称", "认为", "强调", "估计", "预计", "预料", "警告", "警告称",
               "透露", "批评", "批", "呼吁", "质疑", "形容", "提到", "提及", "坦言", "直言", "重申", "补充",
               "补充说", "声称", "宣称", "坚称", "直指", "承认", "否认", "宣布", "表明", "解释", "回应",
               "回应称", "斥", "直斥", "痛批", "抨击", "谴责", "说明", "讲", "笑言", "笑说", "笑称",
               "建议", "敦促", "促请", "提醒", "反驳", "指责", "赞扬", "称赞", "提出", "透露", "披露"}
# Whom the speaker met or called, between the speaker and the cue: ……与沙特王储穆罕默德通话时
MEETING_FRAME_RE = re.compile(r"(?:与|同|跟)[^，。]{2,30}?(?:通电话|视频通话|通话|会谈|会见|会晤|见面|交谈|举行会谈)(?:时|后|中)?$")
LEARNED_MIN_PROBABILITY = 0.6  # the least marginal probability of a learned speaker span's labels
MAX_PRE = 80  # characters of the clause before a cue that can hold its speaker phrase
RECENT_WINDOW = 200  # sources named last that pronouns and descriptions look back to


# 普遍认为, 一致表示, 强调指出, ……称: a cue that ends with an inline cue takes its content inline too.
INLINE_CUE_ENDINGS = ("称", *(cue for cue in INLINE_CUES if len(cue) >= 2))


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
    # The speaker's next point (……，又指……/ 他又指，……): it ends the content before it.
    next_point: bool = False


class Extractor:
    """Runs the rules over one article, remembering who was said to speak so far."""

    def __init__(self, article: Article, registry: Registry):
        self.article = article
        self.body = article.body
        # Rules match Simplified forms; offsets stay those of the text as written.
        self.norm = to_simplified(article.body)
        # Speakers are named in the script of the text (毛寧 in Traditional news).
        self.traditional = is_traditional(article.body, self.norm)
        # In news from Taiwan, an unqualified 外交部 is Taiwan's own ministry.
        self.taiwan = self.traditional and is_taiwan_news(to_simplified(article.outlet or ""), self.norm)
        self.written_names: dict[str, str] = {}
        self.registry = registry
        self.published = parse_iso(article.published)
        self.known: dict[str, Mention] = {}  # people and bodies named so far in this article
        # Registered people the text introduces by their role (国务院副总理丁薛祥在……调研。):
        # a later 他 may refer to them, as to the people `known` holds.
        self.titled_people: list[tuple[int, Mention]] = []  # (where the name is, who), in text order
        # [mention, speaker, via] in text order; lists, because a relay found later sets `via`.
        self.recent: list[list] = []
        self.statements: list[Statement] = []
        self.spans: dict[tuple[int, int], int] = {}  # (start, end) -> index in statements
        self.no_tail: set[str] = set()  # mentions whose tails name no source
        self.in_answer = False  # reading a spokesperson's answer in a transcript
        self.reporting_titles: set[str] = set()  # titles in 《》 the article shows to be outlets (《日经亚洲》报道)
        self.position: int | None = None  # where the rules are reading, for look-backs
        self.reading_author = False  # inside document_author (a title may name its author again)
        self.paragraph_first = 0  # index of the first statement of the paragraph being read
        # Named sources of the registry (not sides such as 中方), by every name they go by.
        self.registry_sources = [
            (alias, Mention(sp.name, sp.kind, country=sp.country))
            for sp in registry.speakers.values()
            if sp.in_registry and sp.kind in ("media", "government", "organization")
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
            self.news(paragraphs)
        return self.statements

    def learn_appositives(self) -> None:
        """Names introduced by a description: `荷兰芯片设备制造商阿斯麦` is a company and
        `美国总统特朗普` a person, so a later bare `阿斯麦表示` / `特朗普表示` has a source."""
        for m in APPOSITIVE_RE.finditer(self.norm):
            name = m.group("name")
            # A common word after a descriptor (机构安全) is not a name; 阿斯麦 is, and so is a
            # word jieba knows as a proper noun (评级机构穆迪).
            tags = tagged(name)
            if in_dictionary(name) and not (len(tags) == 1 and tags[0].flag[:2] in ("nz", "nt", "nr")):
                continue
            if name not in self.known and not self.registry.find(name):
                self.known[name] = Mention(name, "organization", country=None)
        for title in TITLE_RE.finditer(self.norm):
            # A name before a cue, a comma or a verb of meeting (局长拉顿说, 委员陈佐洱表示); else
            # a name read by its shape whatever follows it (议员林卓廷到现场, 市长雅各布·弗雷批评).
            m = NAME_AFTER_TITLE_RE.match(self.norm, title.end())
            before_cue = m.group("name") if m and "·" not in m.group("name") else None
            name = (before_cue if before_cue and is_chinese_name(before_cue) else None) \
                or name_at(self.norm, title.end()) \
                or (before_cue if before_cue and before_cue[0] not in "一二三四五六七八九十两几这那该此其"
                    else None)  # 顾问一职: a measure word, no name
            registered = self.registry.find(name) if name else None
            if registered is not None and registered.kind == "person" and self.norm.startswith(name, title.end()):
                self.titled_people.append((title.end(), Mention(
                    registered.name, "person", title=registered.title, org=registered.org,
                    country=registered.country)))
            if not name or name in self.known or registered or CUE_RE.search(name[1:]) \
                    or name in N.TITLES:
                continue  # 控方续指, 专家顾问: a cue or another title after a title, not a name
            end = title.end() + len(name)
            # The shortest reading that ends with the name: 日本首相高市早苗, not ……会见日本首相高市早苗;
            # with the rank before the title (副市长李明 is no 市长).
            rank = RANK_AT_END_RE.search(self.norm, max(0, title.start() - 4), title.start())
            first = rank.start() if rank else title.start()
            for start in range(first, max(-1, first - 14), -1):
                info = parse_mention(self.norm[start:end], self.registry.orgs)
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
            self.in_answer = kind != "question"
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

    def news(self, paragraphs: list[tuple[int, int]]) -> None:
        """A news text, read in order; on an interview page each labelled turn is one statement
        of all its paragraphs (ATTRIBUTION-GUIDELINES §1, as a transcript's turn)."""
        blocks = labelled_blocks(self.norm, paragraphs, self.names_person, narrates_of_another)
        turns = {start: (label, label_start, end) for label, label_start, start, end in blocks}
        starts = [p_start for p_start, _ in paragraphs]
        label_lines = {starts[bisect.bisect_right(starts, label_start) - 1] for _, label_start, _, _ in blocks}
        turn, turn_end = None, -1
        joined_to = -1
        for k, (p_start, p_end) in enumerate(paragraphs):
            if p_start in label_lines:
                continue  # the label line itself
            if p_start in turns:
                label, label_start, turn_end = turns[p_start]
                start, end = trim(self.norm, p_start, turn_end)
                first_end = self.norm.find("\n", start, end)
                if opens_quotation(self.norm[start:first_end if first_end >= 0 else end]):
                    # 「……」: an answer given in quote marks (a quotation of many paragraphs opens
                    # each of them and closes only at its end), not a citation it goes on from
                    start, end = start + 1, end - (self.norm[end - 1:end] in CLOSE_QUOTES)
                turn = self.add(self.mention_info(label), label, "：", start, end, "direct",
                                mention_start=label_start)
            if p_start >= turn_end:
                turn = None
            if p_start < joined_to:
                continue
            if self.norm[p_end - 1] in "：:" and k + 1 < len(paragraphs) and paragraphs[k + 1][0] not in turns:
                # 广播处长梁家荣回应：⏎港台会……: a colon at a paragraph's end introduces the next one
                p_end = joined_to = paragraphs[k + 1][1]
            self.prose(p_start, p_end, outer=turn)

    def names_person(self, label: str) -> bool:
        info = self.mention_info(label, learn=False)
        return info is not None and info.kind == "person" and self.is_source(info)

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
        if outer is None:
            self.paragraph_first = len(self.statements)
        candidates = self.fold_relays(para, self.without_headlines(para, self.candidates(para)))
        for i, cand in enumerate(candidates):
            stop = self.stop_before(para, cand, candidates[i + 1:])
            span = self.content_span(para, cand, stop, in_question)
            if span is None:
                continue
            c_start, c_end = span
            if not self.is_source(cand.info):
                continue  # a piece of a sentence read as a speaker: no statement
            nested = outer if outer is not None else self.enclosing(p_start + cand.clause_start)
            kind = "direct" if cand.form in ("quote", "quote_first") else None
            self.add(cand.info, cand.mention, cand.cue, p_start + c_start, p_start + c_end, kind,
                     said_on=self.said_on(para, p_start, cand), via=cand.via or via,
                     nested_in=nested, mention_start=p_start + cand.mention_start)

    @staticmethod
    def without_headlines(para: str, candidates: list[Candidate]) -> list[Candidate]:
        """A headline glued to its story (阿巴斯称宪法起草接近尾声巴勒斯坦总统阿巴斯……称，……):
        an inline cue whose clause runs on into another cue is the headline, not speech."""
        # the cues that may run a clause on, in order, so each clause looks up only its own span
        cues = sorted(o.cue_start for o in candidates if not o.next_point)
        kept = []
        for c in candidates:
            if c.form == "inline":
                clause_end = next_break(para, c.content_start)
                later = bisect.bisect_right(cues, c.content_start)  # (its own cue is before its content)
                if later < len(cues) and cues[later] < clause_end \
                        or HEADLINE_DATELINE_RE.search(para[c.content_start:clause_end]):
                    continue
            kept.append(c)
        return kept

    @staticmethod
    def stop_before(para: str, cand: Candidate, later_candidates: list[Candidate]) -> int:
        """Where the next attribution ends this one's content: at its sentence, or at its clause
        when it speaks up inside the same sentence. An attribution that opens the content
        (斯蒂尔表示，习近平主席……指出，……) is nested in it instead, and so are inline ones unless
        they end it (`ends_content`)."""
        for later in later_candidates:
            if later.clause_start - cand.content_start > MAX_CONTENT_RUN:
                return sentence_start(para, later.clause_start)  # (far on: no content runs that long)
            opens_content = para[cand.content_start:later.clause_start].strip(" ，") == ""
            if (later.form == "inline" and not ends_content(para, cand, later)) or (
                    later.clause_start <= cand.content_start) or (opens_content and cand.form == "punct"):
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
        if cand.form == "according" and para[c_start:c_start + 1] in OPEN_QUOTES:
            close = matching_quote(para, c_start)  # 按照……所说，“……”: the words are the quotation
            if close is not None and close <= stop:
                c_start, c_end = c_start + 1, close
        if cand.form == "quote_first":
            c_end = cand.quote_end
        elif cand.form == "quote":
            c_end = matching_quote(para, c_start - 1)
            while c_end is not None and c_end + 1 < len(para) and para[c_end + 1] in OPEN_QUOTES:
                c_end = matching_quote(para, c_end + 1)  # “……”“……”: two quoted fragments, one statement
            # 「……」（We stand with Hong Kong）: the original words in brackets after a translated
            # quotation are not part of it, nor what comes after the quotation.
            gloss = ORIGINAL_GLOSS_RE.match(para, c_end + 1) if c_end is not None else None
            after_quote = gloss.end() if gloss else (c_end + 1 if c_end is not None else 0)
            # “停摆”已导致……: a quoted term opening reported speech, not a quotation.
            if c_end is not None and para[after_quote:after_quote + 1] not in "。！？!?，,；" and \
                    para[c_end - 1:c_end] not in "。！？!?":  # “……。”他表示: a whole quotation
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
            if m.group("outlet"):
                if org_kind_of(strip_place(m.group("outlet"))) != "media" and strip_place(m.group("outlet")) not in N.MEDIA_NAMES:
                    continue
            if m.group("body") and (org_kind_of(m.group("body")) not in ("government", "organization", "media")
                                    or tagged(m.group("body"))[0].flag[:1] in ("v", "d")):
                continue  # 根据规定，/ 根据计划，: no body; 根据需要……指挥部: a verb, no body
            if m.group("document"):
                info = document(m.group("document"))
                if info is not None:
                    cue = "根据" if m.group().startswith("根据") else "据"
                    found.append(Candidate(cue, m.start(), m.start(), m.end(), m.group("document"),
                                           m.start("document"), info, form="according", report=True))
                continue
            src = strip_place(m.group("src") or m.group("outlet") or m.group("body"))
            if src in ("悉", "了解", "介绍", "报道", "统计", "数据"):
                continue
            src = self.read_pre(src)[0] or src  # 据菲律宾减灾委今天（11月7日）发布的数据
            self.position = self.p_start + m.start()
            info = self.mention_info(src)
            if info is None and f"《{src}》" in (m.group("src") or m.group("outlet") or ""):
                info = self.mention_info(f"《{src}》")  # 据日本《每日新闻》28日报道: an outlet by its brackets
                if info is None and (m.group("verb") or m.group("noun") or "").startswith(("报道", "报导")):
                    info = self.reporting_title(m.group("src") or "")  # 据《日经亚洲》报道: what reports is an outlet
            if info is None:
                src, info, _ = self.valid_tail(src)
            if info is None:
                continue
            cue = m.group("verb") or m.group("noun") or "据"
            group = "src" if m.group("src") else "outlet" if m.group("outlet") else "body"
            raw = m.group(group)
            written = src if src in raw else raw
            self.recent.append([written, info, None])
            found.append(Candidate(cue, m.start(), m.start(), m.end(), written,
                                   m.start(group) + raw.find(written), info,
                                   form="according", report=True))
        for m in CUE_RE.finditer(para):
            cue, cs, ce = m.group(), m.start(), m.end()
            if cs < taken_until or self.false_cue(para, cue, cs, ce) or in_parentheses(para, cs):
                continue
            if any(c.cue_start <= cs < c.content_start for c in found if c.form == "according"):
                continue
            cand = self.candidate(para, cue, cs, ce)
            if cand is None and len(cue) > 1 and CUE_RE.fullmatch(cue[1:]) and para[cs - 1:cs] in N.SURNAMES:
                cand = self.candidate(para, cue[1:], cs + 1, ce)  # 鲍笑说: 笑 ends the name, 说 is the cue
            near = max(0, cs - 12)  # the words around the cue, not the whole paragraph's
            if cand is None and cue[-1:] in "过了着" and len(cue) > 1 and CUE_RE.fullmatch(cue[:-1]) \
                    and not on_word_edges(para[near:ce + 12], cs - near, ce - near):
                cand = self.candidate(para, cue[:-1], cs, ce - 1)  # 说过去: 说, then 过去 (not 说过)
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
        if para[ce:ce + 1] == "道" and para[ce + 1:ce + 2] in ("，", ",", "：", ":", *OPEN_QUOTES):
            ce += 1  # 向界面新闻分析道，……/ 笑道：「……」: a verb of saying and 道 are the cue
        if para[ce:ce + 1] == " " and para[ce + 1:ce + 2] in ("，", ",", "：", ":"):
            ce += 1  # 政府周一 公布 ，……: a link's spaces around the cue in copied web text
        # (not a word set off by spaces as a link is: 提出 修正案 ，/ 一篇 报道 引述)
        spaced = para[ce:ce + 1] in (" ", "\u3000") and bool(CJK_RE.match(para[ce + 1:ce + 2] or " ")) \
            and not re.match(r"[^\s，。]{1,12}\s", para[ce + 1:]) and para[cs - 1:cs] not in (" ", "\u3000")
        after = para[ce:ce + 1]
        if spaced and cue not in OBJECT_CUES and cue not in PROPOSAL_CUES:
            # 孙玉菡说 社署修订实务守则……: a space where the comma would be, in copied text
            after = "，"  # read as punctuated: the content starts after the space
        form = None
        content_start = ce
        quote_end = None
        cited = cited_as(para, cs, ce)
        if cited:
            after, ce = para[ce + 1], ce + 1  # 正如习近平总书记指出的，……: the words cited next
        if after in "，,：:":
            content_start = ce + 1
            while para[content_start:content_start + 1] in ("\n", " ", "\u3000"):
                content_start += 1  # ……回应：⏎港台会……: the words in the next paragraph (`news`)
            form = "quote" if para[content_start:content_start + 1] in OPEN_QUOTES else "punct"
            if form == "quote":
                content_start += 1
        elif after in OPEN_QUOTES:
            form, content_start = "quote", ce + 1
        elif cue in ("告诉", "告知") and re.match(r"[^，。：；“”「」『』\s]{1,10}[。！!]", para[ce:]):
            form = "quote_first"  # “……。”付一夫告诉界面新闻。: the quote before its cue and whom it told
        elif cue in OBJECT_CUES:
            m = re.match(r"[^，。：；“”]{1,14}?[，：]", para[ce:])
            if FRAMED_BY_LATER_CUE_RE.match(para, ce):
                return None  # 回应关于……，……的提问时说：: what was answered; the later cue speaks
            if m and not CUE_RE.match(para, ce + m.end()):
                form, content_start = "punct", ce + m.end()
            elif m and m.end() > 8:
                form = "inline"  # 批评这些裁决有悖于当地法律，表示……: a clause, the next cue's words follow
            elif quoted := re.match(r"[^，。：；“”「」『』]{1,6}?[“「『]", para[ce:]):
                form, content_start = "quote", ce + quoted.end()  # 提醒他“合法合规”: whom, then the words
            # else 回答曾俊华质询，称……: whom it answered; the next cue speaks
        elif m := re.match(r"[^，。：；“”「」]{1,12}?：\s?[“「『]", para[ce:]):
            form, content_start = "quote", ce + m.end()  # 解释罢课原因：「……」: what is explained, then the words
        elif after in "。！!" or after == "":
            # “……。”扎基说。 — the quote before its cue.
            form = "quote_first"
        elif (cue in INLINE_CUES or cue.endswith(INLINE_CUE_ENDINGS) or cue in CLAUSE_OBJECT_CUES
              and clause_object(para[ce:next_break(para, ce)])
              or cue in PROPOSAL_CUES and proposal_object(cue, para[ce:next_break(para, ce)])) and after and (
                CJK_RE.match(after) or after.isdigit()) and not particle_after(para, ce):
            form = "inline"
        if form is None:
            return None
        if form == "inline":
            clause_end = next_break(para, ce)
            inline = para[ce:clause_end]
            if len(inline) < 3 or ATTITUDE_RE.match(inline) or cue in PUNCT_ONLY_CUES and not (
                    cue in PROPOSAL_CUES and proposal_object(cue, inline)):
                return None
            object_then_time = re.fullmatch(r"(?P<object>[^，。]{1,12}?)(?:之前|之后|以前|以后|前|后|以来|期间|时)", inline)
            if object_then_time and (noun_phrase(obj := object_then_time.group("object")) or "的" in obj and (
                    tagged(obj)[-1].flag[:1] == "n" or ACT_OBJECT_RE.search(obj))
                    and tagged(obj)[0].flag[:1] not in ("v", "p")):  # (表示在收到……的通知后，……: a clause said)
                # 传媒披露事件之后，……, 法庭宣布即时还柙的决定后，……: the cue's object, then a time
                # clause, not speech
                return None
            if cue in REPORT_CUES and ACT_OBJECT_RE.search(inline):
                return None  # 宣布紧急状态等措施: an act announced, a noun phrase, not speech
            if THIS_MATTER_RE.match(inline):
                return None  # 证实此事。/ 否认这一说法，: what it was about, a noun phrase (guidelines §1)
        clause_start = clause_start_before(para, cs)
        # A speaker phrase with its adverbials is short; a longer clause is read by its end.
        pre = para[max(clause_start, cs - MAX_PRE):cs]
        if pre.count("》") > pre.count("《") and cs - clause_start <= 2 * MAX_PRE:
            pre = para[clause_start:cs]  # a long document's title whole, with its author before it
        if (while_doing := WHILE_DOING_RE.search(pre)) is not None:
            pre = pre[:while_doing.start()]  # 毛礼边忙着备年货边(告诉记者): what else they were doing
        elif (manner := manner_before_cue(pre)) and len(pre) - manner >= 2:
            pre = pre[:manner]  # 黄仁勋受访时笑着(说): how they said it
        if form == "quote_first":
            q = quote_before(para, clause_start)
            if q is None:
                return None
            content_start, quote_end = q
        elif form == "punct" and para[content_start:content_start + 1] in OPEN_QUOTES:
            form, content_start = "quote", content_start + 1
        if form == "inline" and re.match(r"\s*(?:对于|针对|关于)", pre):
            return None  # 针对特朗普宣布计划恢复核试验一事: the topic, not speech
        if NEGATED_RE.search(pre):
            return None  # 声明无提及……, 没有表示……: a cue said not to have happened
        if re.search(r"被(?:人|告知)?$", pre.rstrip()):
            return None  # 他曾经被提醒: the subject is told, not telling
        opening = tagged(para[clause_start:min(cs, clause_start + 8)].lstrip())[:1]  # (its head only: linear)
        if opening and (opening[0].word == "经" or opening[0].word == "经过" and opening[0].flag == "p"):
            return None  # 经中国、韩国等利益攸关方多次呼吁，……: after their appeal, the sentence goes on
        if cue == "看来":
            # 在他看来，……: in whose view; a bare 看来 (看来，……) is the reporter's own inference.
            framed = re.match(r"\s*(?:不过|但是|但|而|然而|可是)?在(?=[^，。]{1,30}$)", pre)  # (不过在王毅看来)
            if framed is None:
                return None
            mention, via, offset = self.read_pre(pre[framed.end():])
            offset += framed.end()
        else:
            mention, via, offset = self.read_pre(pre)
        if re.search(r"的(?:提问|询问|质询|问题)时$", pre) and mention and not re.match(
                r"\s*(?:在|于|就|回答|回应|答)", pre[offset + len(mention):]):
            # ……，中国与其他国家军方接触情况的提问时说: the name is inside the question's time
            # clause, the subject before it (毛宁在回答……的提问时说 keeps 毛宁)
            mention, via = "", None
        if cited and mention.endswith("所") and len(mention) > 3:
            mention = mention[:-1]  # 正如习近平总书记所强调的：
        if not mention and cue[:2] in ("声明", "报道"):
            mention, offset = cue[:2], len(pre)  # 声明称，……: the statement named before speaks
        if not mention:
            # ……表示，受……影响，预计……: a cue with no subject inside someone's speech is
            # that speaker going on, not a statement of its own, unless an adverb marks it as
            # their next point (……，又认为……/ ……。并警告称……).
            # 新華社報道，松本正義……高度讚賞……，表示……: inside an outlet's report, a person who is
            # the subject of the reported clause speaks, relayed by the outlet (guidelines §5); a
            # report of places or bodies goes on in the outlet's voice (华尔街日报报道，华盛顿和北京
            # 已开始讨论……，指出……).
            relay = self.relay_before(para, clause_start)
            if relay is not None:
                mention, offset = self.zero_subject(para, clause_start, start=relay[1])
                if not mention or mention in ANAPHORS or getattr(
                        self.mention_info(mention, learn=False), "kind", None) not in ("person", "anonymous"):
                    mention = None
                else:
                    via = relay[0]
            if relay is None or not mention:
                follow = self.next_point(para, cue, cs, clause_start, content_start, form)
                if follow or self.inside_speech(para, clause_start):
                    return follow
                mention, offset = self.zero_subject(para, clause_start)
                if not mention:
                    return None
            offset -= clause_start
        meeting = MEETING_FRAME_RE.search(pre, 2)
        if meeting and mention:
            # 佩泽希齐扬当天与沙特王储穆罕默德通话时表示: the one who speaks is before 与, not
            # the one met.
            shorter, _, at = self.read_pre(pre[:meeting.start()])
            if shorter and at == offset and self.mention_info(shorter, learn=False):
                mention = shorter
        after_at = re.sub(r"[（(][^）)]*[）)]", "", mention).rsplit("在", 1)[-1]
        if "在" in mention[2:] and not (len(after_at) > 3 and parse_mention(after_at, self.registry.orgs)):
            # 印尼外长蕾特诺在马尼拉表示 / 以色列民众1日晚在特拉维夫市: where the speaker was is
            # not part of the name (but 美国在台协会发言人 is one).
            shorter = self.read_pre(mention[:mention.rindex("在")])[0]
            if shorter and mention.startswith(shorter) and self.mention_info(shorter, learn=False):
                mention = shorter
        glued_on = trailing_adverbial(mention)
        if glued_on and (head_info := self.mention_info(mention[:-len(glued_on)], learn=False)) \
                and head_info.kind == "person" and self.is_source(head_info):
            mention = mention[:-len(glued_on)]  # 研究员达科塔·伍德曾(指出): an adverb glued to the name
        # A name's original in brackets (穆利诺（Jose Raul Mulino）) is no sign of a glued headline,
        # nor are the spaces of a Latin-letter name (總編輯Tim Pringle, Sensor Tower),
        unglued = re.sub(r"(?<=[A-Za-z.]) (?=[A-Za-z])", "", re.sub(r"[（(][^）)]*[）)]", "", mention))
        unglued = re.sub(r"《[^》]*》", "《》", unglued)  # nor is the length of a document's title
        unglued = unglued.replace("自称", "")  # nor is 自称 (一名自称是……的警员) a cue of its own
        glued = bool(GLUED_RE.search(unglued) or self.run_on(mention))
        # A long clause is not a headline unless a space or another cue says so.
        long_clause = glued and not re.search(r"\s|称|表示|说", unglued) and not self.run_on(mention)
        info = None if glued else self.mention_info(mention)
        if info is None and cue.startswith(("报道", "报导")):
            info = self.reporting_title(mention)  # 《日经亚洲》报道: what reports is an outlet
        elif info is None and mention.endswith(("报道", "报导")):
            info = self.reporting_title(mention[:-2].removesuffix("的"))  # 《香港01》报道提及: its report
        if info is None:
            # A clause names its speaker at its head (阿根廷方面已主动向中方澄清): the frame is
            # read first. A headline glued to the text names it at its tail (……出坞俄罗斯国防部称),
            # except before cues that are also nouns (……共建开放型亚太经济的中国主张，).
            found = None if glued and not long_clause else self.subject_of_frame(
                mention, punctuated=form in ("punct", "quote"))
            # The head wins over a tail when a phrase with a preposition or a setting verb
            # stands between them (……向中方澄清); else the tail may be the speaker's name.
            first = found and ADVERBIAL_PHRASE_RE.search(mention[len(found[0]):])
            tail, tail_info, shift = (mention, None, 0) if first or (cue in PUNCT_ONLY_CUES and not glued) \
                else self.valid_tail(mention)
            phrase = None if glued else frame_subject(mention)
            if tail_info is not None and not first:
                mention, info, offset = tail, tail_info, offset + shift
            elif found:
                mention, info = found
            elif phrase is not None:
                info = phrase  # 二房长女何超琼表示，/ 学者们认为，: a noun phrase in the subject slot
                self.learn(mention, info)
            elif not glued and (learned := self.learned_speaker(pre, cue)):
                mention, info, offset = learned
            elif form in ("punct", "quote") and bare_two_character_name(mention) and offset == 0 \
                    and sentence_start(para, clause_start) == clause_start:
                # 曾刚说，: a surname and one character that make no word of the dictionary, alone
                # at the head of a sentence before a punctuated cue (jieba guessed an adverb)
                info = Mention(mention, "person")
            elif via and pre.find(via) >= 0 and (relay := self.mention_info(via, learn=False)) \
                    and self.is_source(relay):
                # 吴霭仪引述612基金的经验指: what is cited names no source; the one citing speaks
                mention, info, offset, via = via, relay, pre.find(via), None
            else:
                return None
        if not self.is_source(info):
            # 习近平主席向论坛致贺信: a mention run on into its clause names its source at the head.
            head = source_head(mention)
            head_info = self.mention_info(head, learn=False) if head else None
            if head_info is not None and self.is_source(head_info):
                mention, info = head, head_info
        if form == "inline" and (re.search(r"(?:关于|对于|针对|有关|就)$", para[clause_start:clause_start + offset])
                                 or re.search(r"(?:关于|对于|针对|有关)[^，。]{0,12}$", pre)):
            return None  # 关于南非指控以色列……的听证会: the topic of a noun phrase, not speech
        mention_start = clause_start + offset
        if para[mention_start:mention_start + len(mention)] == mention and cut_from_its_words(
                para[clause_start:cs], offset, offset + len(mention)):
            # 翟隽周|末: the name runs on to the end of its word; 人|类命运共同体: a piece of the
            # clause's words, not a name.
            whole = self.to_word_end(para[clause_start:cs], offset, offset + len(mention))
            if whole is None:
                return None
            mention, info = whole
        via_info = self.mention_info(via) if via else None
        if self.is_source(info):  # a pronoun later refers to a source, never to a fragment
            self.recent.append([mention, info, via_info.name if via_info else None])
        return Candidate(cue, cs, clause_start, content_start, mention, clause_start + offset, info,
                         via=via_info.name if via_info else None, form=form, quote_end=quote_end,
                         report=cue in REPORT_CUES or info.kind == "media"
                         or bool(DOC_SUFFIX_RE.match(mention)),
                         # ……。他又指……/ ……，她认为……: a person's next words, not inside the last ones.
                         next_point=form == "inline" and mention in ("他", "她") and offset == 0)

    def to_word_end(self, clause: str, start: int, end: int) -> tuple[str, Mention] | None:
        """A mention cut inside a word, carried on to that word's end, when it then names a
        source (特使翟隽周|末 → 特使翟隽周末: 翟隽; 拉萨海关数|据 → 拉萨海关数据: 拉萨海关)."""
        longer = min((edge for edge in word_edges(clause) if edge > end), default=None)
        if longer is None or cut_from_its_words(clause, start, longer):
            return None
        text = clause[start:longer]
        info = self.mention_info(text, learn=False)
        return (text, info) if info is not None and self.is_source(info) else None

    def learned_speaker(self, pre: str, cue: str) -> tuple[str, Mention, int] | None:
        """The speaker the trained model (speaker_model.py) reads in the clause before a cue, where
        no rule reads one: only a span it is sure of, that names a source by what the rules
        know of names and bodies."""
        span = speaker_model.speaker_span(pre, cue)
        if span is None or span[2] < LEARNED_MIN_PROBABILITY:
            return None
        start, end, _ = span
        text = pre[start:end]
        if not on_word_edges(pre, start, end) or not adverbials_only(pre[end:]) or governed(pre[:start]):
            return None
        if HEARSAY_RE.match(pre[max(0, start - 1):end]):
            return None  # 有传媒报道: some media, no source of its own (as `read_pre` reads it)
        info = self.mention_info(text, learn=False) or frame_subject(text) or learned_mention(text)
        if info is None or not self.is_source(info):
            return None
        self.learn(text, info)
        return text, info, start

    def subject_of_frame(self, clause: str, punctuated: bool) -> tuple[str, Mention] | None:
        """The source at the head of a clause that ends with a cue, read over segmented text:
        the longest head that names a source, where what follows it opens an adverbial (a
        time word, an adverb, a preposition, a setting verb such as 接受/出席/会见). After a
        punctuated cue (X宣布，) a bare noun phrase at the head is taken as a body (长和)."""
        text = re.sub(r"[（(][^）)]*[）)]", lambda m: "\0" * len(m.group()), clause)
        words = [(w.word, w.flag) for w in tagged(text.replace("\0", "，"))]
        ends, pos = [], 0
        for word, _ in words:
            pos += len(word)
            ends.append(pos)
        if not words or words[0][1][:1] in ("d", "c", "p", "v", "u", "r", "m") and words[0][0] not in PRONOUNS \
                and words[0][1] != "vn":  # (研究中心主任……: a verbal noun heads many a body's name)
            return None  # a clause that opens with a verb or adverb has no subject at its head (他 is one)
        for i in range(len(words) - 1, 0, -1):
            word, flag = words[i]
            if not (flag[:1] in ("t", "d") or word in FRAME_HEADS or word[0] in "，"
                    or flag in ("a", "ad") and i == len(words) - 1  # 谢清海罕见(呼吁): how, before the cue
                    # 特朗普登上「空军一号」前被问及此事时(说): the act the speaker was in when speaking
                    or flag[:1] == "v" and re.search(r"(?:时|之际|期间|前|后)$", clause)
                    or re.fullmatch(r"\d+[日月]?|[上下本今去明]?(?:星期|周|礼拜)[一二三四五六日天]?", word)):
                continue
            head = clause[:ends[i - 1]].rstrip(" ，")
            tail = clause[ends[i - 1]:]
            # After 对/向/给, verbs inside a relative clause of the addressee do not count
            # (对……处于领先地位的两名候选人: whom it was said to).
            relative_end = max((k for k, (w, _) in enumerate(words) if w == "的" and k >= i), default=i - 1)
            if any(f[:1] == "v" and w not in FRAME_HEADS for w, f in words[max(i, relative_end + 1):]
                   + ([] if word in ("对", "向", "给") else words[i:relative_end])) and not re.search(
                    r"(?:时|后|上|中|里|前|期间|之际)(?:受访|接受采访|答问|致辞|致词|发言|讲话)?$", tail):
                continue  # 将于明天举行关于……: a verb of its own after the head, not an adverbial
            if re.search(r"的[\u3400-\u9fff]{0,6}$", tail) and not re.search(r"(?:时|上|中|后|里|期间|之际)$", tail) \
                    and not (word in ("对", "向", "给") and re.search(r"的[\u3400-\u9fff]{2,6}$", tail)):
                return None  # ……的看法主张，/ ……的改革建议，: the cue heads a noun phrase (not 对……的两名候选人)
            inside = [(w, f) for w, f in words[:i] if f[:1] in ("v", "d", "c", "p", "u")]
            if inside and "·" in head and (named := self.mention_info(head, learn=False)) is not None \
                    and named.kind == "person" and "·" in named.name:
                inside = []  # 主任威伦·披差翁帕迪: jieba cuts a transliterated name into "verbs"
            if len(head) < 2 and head not in PRONOUNS or inside and not (
                    self.registry.find(head) or head in self.known
                    # 外交和移民事务部: a conjunction or a verbal noun inside a body's name
                    or org_kind_of(head) and all(f[:1] == "c" or f == "vn" or w == "驻" for w, f in inside)):
                continue  # a verb inside the head makes it a clause, not a noun phrase
            info = self.mention_info(head, learn=False)
            if info is None and punctuated and i <= 3 and all(
                    f[:1] in ("n", "j") or f == "eng" for _, f in words[:i]) and not in_dictionary(head):
                info = Mention(head, org_kind_of(head) or "organization", country=country_of(head))
            if info and is_source_name(info.name, info.kind):
                return head, info
        return None

    def run_on(self, mention: str) -> bool:
        """A country inside a long mention, after words that are not part of a name:
        a headline runs into the source (……喷发印尼地质局, ……遇难土耳其国防部).
        `驻` and `和` join countries inside names (联合国驻黎巴嫩临时部队)."""
        if len(mention) < 7 or self.registry.find(mention) or mention in self.known:
            return False
        # ……财政收入稳步回升财政部: a Chinese ministry after words that do not name it.
        for ministry in N.CN_MINISTRIES:
            head = mention[:-len(ministry)]
            if mention.endswith(ministry) and len(head) >= 4 and not head.endswith(
                    ("中国", "国家", "中华人民共和国", "中央", "国务院")) and head not in N.COUNTRIES:
                return True
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
        if para[q[0] - 2:q[0] - 1] in ("：", ":", "，", ",") and self.inside_speech(para, q[0] - 1):
            return None  # ……认为，……：「……」梁颂恒说: the quote ends the earlier cue's sentence
        return Candidate(cand.cue, cand.cue_start - 1, q[0] - 1, q[0], cand.mention,
                         cand.mention_start, cand.info, via=cand.via, form="quote_first",
                         quote_end=q[1])

    def valid_tail(self, mention: str, fallback_ok: bool = True) -> tuple[str, Mention | None, int]:
        """The speaker at the end of a run-on mention (a headline glued to the text):
        tails start at word boundaries, and one that opens with a place, a name or a known
        source wins over a bare shortest tail."""
        if mention in self.no_tail:
            return mention, None, 0  # read before, with no source in it (a run of cues)
        # Tails longer than 15 characters are never taken, so only the mention's end is segmented.
        cut = max(0, len(mention) - 24)
        starts, pos = [], cut
        for word in jieba.lcut(mention[cut:], HMM=True):
            starts.append(pos)
            pos += len(word)
        fallback = None
        for i in starts[1:]:
            tail = mention[i:]
            if len(tail) < 2 or len(tail) > 15 or tail in N.TITLES or tail.startswith(("据", "有")):
                continue
            if re.search(r"[A-Za-z.&'’-] ?$", mention[:i]) and tail[:1].isascii():
                continue  # The Information: a Latin name goes on across its spaces
            if DOC_SUFFIX_RE.match(tail) and any(w.flag == "v" and w.word not in PUBLISHING_VERBS
                                                  for w in tagged(mention[:i])):
                continue  # 梁晓姿另参考李立峰的研究，重申: a document after a verb is its object
            registered = self.registry.find(tail)
            if registered is not None and registered.country and \
                    country_of(mention[max(0, i - 6):i]) not in (None, registered.country):
                continue  # 澳门消委会, 中国国家天文台: another place's body of that short name
            was_known = tail in self.known or registered is not None
            info = self.mention_info(tail, strict=True, learn=False)
            if not info or not is_source_name(info.name, info.kind):
                continue
            if was_known or country_of(tail) or tail in N.CN_MINISTRIES or (
                    info.kind == "person" and (info.title or info.org)) or self.described_person(mention, i, info):
                self.learn(tail, info)
                return tail, info, i
            if info.kind in ("government", "organization", "media") and len(tail) >= 4:
                if fallback is None and fallback_ok and (mention[i - 1] == "的" and noun_phrase(tail) or meeting_name(tail)):
                    # 去年召开的中央财经委员会第一次会议: the whole noun phrase a relative clause
                    # describes; a meeting by its whole name (上海合作组织外长理事会会议, not 理事会会议)
                    return tail, info, i
                fallback = (tail, info, i)  # the shortest such tail wins
        if fallback is None:
            self.no_tail.add(mention)
        return (fallback if fallback_ok else None) or (mention, None, 0)

    @staticmethod
    def described_person(mention: str, i: int, info: Mention) -> bool:
        """`四人中从政资历最长的新思维狄志远`: a name by its shape after a clause that describes
        it (ending in 的) and at most a few nouns (a party, a role)."""
        if info.kind != "person" or len(info.name) < 3 or not is_chinese_name(info.name) or mention[i:] != info.name:
            return False  # (two characters after 的 are as often a word: 的封城)
        described = re.search(r"的(?P<nouns>[^的，。“”「」]{0,8})$", mention[:i])
        return bool(described) and all(w.flag[:1] in ("n", "j") for w in tagged(described.group("nouns")))

    def false_cue(self, para: str, cue: str, cs: int, ce: int) -> bool:
        before = para[cs - 1:cs]
        after = para[ce:ce + 1]
        if len(cue) == 1 and before and (before.isdigit() or before in "一二三四五六七八九十两几多数每") \
                and not re.search(r"(?:星期|周|礼拜)[一二三四五六]$", para[max(0, cs - 3):cs]) \
                and not (before == "一" and para[max(0, cs - 3):cs - 2] in N.SURNAMES and any(
                    m.end() == cs - 3 for m in TITLE_RE.finditer(para, max(0, cs - 12), cs - 3))):
            return True  # 6批, 一批, 两说: a measure word after a numeral (程鼎一说: a name; 星期一说: a day)
        if cited_as(para, cs, ce):
            return False
        if before and before in FALSE_BEFORE.get(cue, "") and not (
                cue == "说" and para[cs - 2:cs] in ("同学", "留学", "中学", "大学", "小学")):
            return True  # (学说 is a doctrine; 同学说 is a student speaking)
        if after and after in FALSE_AFTER.get(cue, ""):
            return True
        if cue == "说" and para[cs - 1:cs + 1] in ("虽说", "听说", "据说", "比如说", "就是说", "也就是说"):
            return True
        return False

    def read_pre(self, pre: str) -> tuple[str, str | None, int]:
        """The mention in the clause before a cue, with its relay and its offset in `pre`."""
        # ”\xa0纪红建说: spacing after a quote is not a name; nor is markdown's bold (**政制及內地事務局)
        text = pre.lstrip(" \u00a0\u3000\t*")
        offset = len(pre) - len(text)
        while True:
            m = NEWSROOM_LEAD.match(text)
            cut = max(m.end() if m else 0, leading_end(text))
            if not cut:
                break
            text, offset = text[cut:], offset + cut
        text = without_trailing(text)
        # 穆勒纳尔（John Moolenaar）: a name's Latin spelling after it is no part of the phrase
        # (its space would read as a headline glued to the text)
        text = re.sub(r"[（(][A-Za-z][A-Za-z .'’-]*[）)]$", "", text)
        if text.endswith("时") and not re.search(r"[，。“”「」]", text):
            # 卢秀燕接待时说: a short act of the speaker's when speaking (the first verb, with
            # no one else and no relay in it), then the cue
            pos = 0
            for word in tagged(text):
                if word.flag[:1] == "v":
                    rest = text[pos:]
                    if 2 <= pos and len(rest) <= 10 and not re.search(r"[与和同跟的]|引述|代表|援引", rest) \
                            and self.mention_info(text[:pos], learn=False) is not None:
                        text = text[:pos]
                    break
                pos += len(word.word)
        text = self.without_addressee(text)
        channel = OWN_CHANNEL_RE.fullmatch(text)
        if channel:  # 他的社交网站专页表示: the owner speaks
            text = channel.group("owner")
        framing = re.match(r"^\s*(?:对于|针对|关于)(?=[^，。]{2,40}$)", text)
        if framing:  # 对于……担当大臣赤间二郎当天称，……一事
            text, offset = text[framing.end():], offset + framing.end()
        text = text.rstrip(" ")
        if re.fullmatch(r"[\u3400-\u9fff]{3}[\u3400-\u9fff]{2,4}地", text) and whole_name(text[:3]):
            text = text[:3]  # 叶润兵笑呵呵地: after a three-character name, any manner of saying
        for size in (2, 3, 4):  # 动情地, 感慨地, 深有感触地: how the words were said
            adverb = text[-size - 1:-1]
            if text.endswith("地") and len(text) > size + 1 and re.fullmatch(r"[\u3400-\u9fff]+", adverb) \
                    and in_dictionary(adverb) and not any(w.flag[:1] in ("r", "m", "t") or w.flag.startswith(("nr", "ns", "nt")) for w in tagged(adverb)):
                text = text[:-size - 1]
                break
        text = re.sub(r"(?<=[”」』])[（(][A-Za-z][A-Za-z .'’-]*[）)]$", "", text)  # “政治新闻网”（Politico）
        quoted = re.fullmatch(r"(?P<place>[\u3400-\u9fff]{0,6}?)[“「『](?P<name>[^“”「」『』，。]{2,20})[”」』]", text)
        if quoted and (not quoted.group("place") or quoted.group("place") in N.COUNTRIES):
            # 「皇仁书院关注组」表示, 美国“政治新闻网”报道: a name in quote marks (after its country)
            text, offset = quoted.group("name"), offset + len(quoted.group("place")) + 1
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

    def without_addressee(self, text: str) -> str:
        """The speaker before whom they told (王毅向布林肯表示 / 法官这时向被告表示 / 美方向中方表示):
        each preposition in turn, the first whose two sides name a source and someone told."""
        for m in re.finditer("[向对跟同给]", text):
            at = m.start()
            if not 2 <= at <= 20 or not 2 <= len(text) - at - 1 <= 16:
                continue
            speaker = without_trailing(text[:at])
            who = self.mention_info(speaker, learn=False)
            if who is None or not self.is_source(who):
                continue
            if not (speaker in self.known or self.registry.find(speaker)) and (
                    word_frequency(text[at - 1:at + 1]) or word_frequency(text[at:at + 2])):
                continue  # 不同, 对华: the preposition is inside a word
            if parse_mention(text[at + 1:], self.registry.orgs) is not None:
                return speaker
        return text

    def next_point(self, para: str, cue: str, cs: int, clause_start: int, content_start: int,
                   form: str) -> Candidate | None:
        """`陈智思认为，……，又认为……`: the same speaker's next point, a statement of its own."""
        if cs - clause_start > 4 or cue not in SPEECH_ACTS or not self.recent or \
                not next_point_adverb(para, clause_start, cs):
            return None
        mention, info, via = self.recent[-1]
        opening = sentence_start(para, clause_start)
        if opening == clause_start:
            # ……「……。」并表示：/ 总会建议，……。同时建议……: a sentence with no subject, opened by
            # the adverb of a next point, goes on from the speaker of the sentence before.
            while opening > max(0, clause_start - 4) and para[opening - 1] in "。！？!?”」』":
                opening -= 1
            opening = sentence_start(para, opening)
        at = para.rfind(mention, opening, clause_start)
        if at < 0:
            return None  # the last speaker was named in another sentence
        self.recent.append([mention, info, via])
        return Candidate(cue, cs, clause_start, content_start, mention, at, info, via=via, form=form,
                         report=cue in REPORT_CUES, next_point=True)

    def inside_speech(self, para: str, clause_start: int) -> bool:
        """Whether `clause_start` follows a cue and its comma earlier in the same sentence."""
        s_start = sentence_start(para, clause_start)
        for m in PUNCT_CUE_RE.finditer(para, s_start, clause_start):
            cue = m.group()[:-1]
            if NEGATED_RE.search(para[s_start:m.start()]) or self.false_cue(para, cue, m.start(), m.end() - 1):
                continue  # 没有正面回应，但指出……/ 发声明，指……: no speech began there
            return True
        return False

    def relay_before(self, para: str, clause_start: int) -> tuple[str, int] | None:
        """The outlet whose report opens this sentence (新华社报道，……), and where its report
        starts, when the cue at `clause_start` speaks inside that report."""
        s_start = sentence_start(para, clause_start)
        m = PUNCT_CUE_RE.search(para, s_start, clause_start)
        if m is None or m.group()[:-1] not in RELAY_CUES:
            return None
        pre = para[s_start:m.start()]
        if re.match(r"(?:对于|针对|关于|就|对)", pre):
            return None  # 对于《金融时报》的报道，……: what the report is about, not a report
        mention = self.read_pre(re.sub(r"^(?:根据|据)", "", pre))[0]
        info = self.mention_info(mention, learn=False) if mention else None
        return (info.name, m.end()) if info is not None and info.kind == "media" else None

    def zero_subject(self, para: str, clause_start: int, start: int | None = None) -> tuple[str | None, int]:
        """`……，并为此辩护称，` has no subject of its own: the sentence's subject speaks (or,
        from `start`, the subject of the clause a report opens with)."""
        s_start = sentence_start(para, clause_start) if start is None else start
        # ……，他否认是敌对行动，但承认……: a pronoun opening a nearer clause is the subject.
        pronouns = list(CLAUSE_PRONOUN_RE.finditer(para, s_start, clause_start))
        if pronouns:
            return pronouns[-1].group(1), pronouns[-1].start(1)
        i = s_start
        while i < clause_start:
            j = next_break(para, i)
            clause = para[i:j]
            lead = NEWSROOM_LEAD.match(clause)
            framing = (HEARSAY_RE.match(clause) or SETTING_CLAUSE_RE.match(clause)
                       or DATE_RE.fullmatch(LEADING_RE.sub("", clause) or "x"))
            if not (lead and lead.end() == len(clause)) and not framing:
                k = leading_end(clause)
                # Where each word ends, and whether a noun follows there (中国|特色: a country
                # before a noun modifies it).
                ends, pos = {}, 0
                # 总编辑Tim Pringle: a name in Latin letters is read whole or not at all
                latin = re.match(r"[^A-Za-z，。]{0,15}[A-Z][A-Za-z.'’ -]*[A-Za-z]", clause[k:])
                longest = max(15, latin.end() if latin else 0)
                # (the words a little further: a name the window cuts is read to its end)
                words = list(tagged(clause[k:k + longest + 4]))
                acts = None  # where the predicate starts: 将/把/被, a pronoun object (纷纷将……称为, 主动联系该报)
                for n, word in enumerate(words):
                    if acts is None and n > 0 and (word.word in ("将", "把", "被") or word.flag == "r" and word.word[0] in "该此其他她它这那"):
                        acts = pos
                    pos += len(word.word)
                    ends[pos] = n + 1 < len(words) and words[n + 1].flag[:1] == "n"
                pronoun = re.match(r"他们|她们|他|她", clause[k:])
                if pronoun:
                    return pronoun.group(), i + k  # 他以……为例，指……: the pronoun is the subject
                # 接受本报记者采访的国际人士……: a relative clause, no subject at its head
                opens_with_verb = bool(words) and words[0].flag[:1] == "v" and "的" in clause[k:]
                for length in range(min(longest, len(clause) - k), 1, -1):
                    if opens_with_verb:
                        break
                    head = clause[k:k + length]
                    if re.match(r"[A-Za-z]{2}| ", clause[k + length - 1:k + length + 1]):
                        continue
                    if acts is not None and length > acts and self.registry.find(head) is None:
                        continue  # 美国驻华使馆主动联系该报: the subject ends where its predicate starts
                    if (head_info := self.mention_info(head, strict=True, learn=False)) \
                            and not (head_info.kind == "person" and is_chinese_name(head_info.name)
                                     and not in_dictionary(clause[k + length - 1:k + length + 1])) \
                            and (length not in ends or ends[length] and head_info.kind == "government"):
                        continue  # 纳瓦罗没|有, 中国特色社|会主义, 中国|特色: a subject ends where a word does
                    if head_info and head[-1] in "无未没不非" and self.mention_info(head[:-1], strict=True, learn=False):
                        continue  # 朱凤莲无|正面回应: a negation after the name is not part of it
                    if head_info and clause[k + length:k + length + 1] == "的":
                        break  # 澳门特区|的长者人口……，预计: a possessor, not the clause's subject
                    if head_info and head_info.kind == "person" and length not in ends:
                        # 咨委会召集人、外交部副部长马朝|旭: titles listed before a name run past
                        # the window; the name ends where its word does
                        whole = self.to_word_end(clause[k:], 0, length)
                        if whole is not None and whole[1].kind == "person" and head_info.name in whole[1].name:
                            head = whole[0]
                    if head_info:
                        person = head_info.kind != "person" and self.described(clause, k, length)
                        return (person[0], i + person[1]) if person else (head, i + k)
                # 由……组成的联合国机构间常设委员会集体发表声明，表示……: the subject ends the clause.
                subject, _, shift = self.read_pre(clause)
                if subject and not self.in_answer:  # (in a spokesperson's answer, the body a clause ends with is its topic)
                    tail, info, at = self.valid_tail(subject)
                    if info and not re.search(r"(?:是|为|成为|属于)$", subject[:at]):  # (台湾是|中国地方: its predicate)
                        return tail, i + shift + at
                # 68岁的林健锋眉毛一皱，表示……: a person named after a description, then what they did
                aged = re.match(r"[^，。“”「」]{1,20}?的", clause[k:])
                if aged and not re.search(r"(?:时|后|前|之际)$", clause) and not any(
                        w.flag[:1] in ("v", "p") for w in tagged(aged.group()[:-1])):
                    # (谈到已故的李光耀时: a time clause, and 李光耀 its object)
                    at = k + aged.end()
                    for size in (4, 3, 2):
                        name = clause[at:at + size]
                        after = clause[at + size:at + size + 2]
                        if len(name) == size and not after.startswith("的") and (
                                name in self.known and self.known[name].kind == "person"
                                or size == 3 and is_chinese_name(name) and on_word_edges(clause, at, at + size)):
                            return name, i + at
                # 接受本报记者采访的国际人士纷纷点赞……，认为……: the noun phrase a relative clause
                # describes, then an adverb and the verb of its own clause.
                relative = DESCRIBED_SUBJECT_RE.match(clause, k)
                if relative and (self.mention_info(relative.group("np"), learn=False)
                                 or frame_subject(relative.group("np"))):
                    return relative.group("np"), i + relative.start("np")
                return None, 0
            i = j + 1
        return None, 0

    def described(self, clause: str, k: int, length: int) -> tuple[str, int] | None:
        """`优衣库母公司迅销集团首席执行官柳井正，……时表示`: a body at the head of a clause
        that is only nouns up to a person at its end describes that person, who speaks."""
        tail, info, at = self.valid_tail(clause[k:], fallback_ok=False)
        if info is None or info.kind != "person" or at == 0:
            return None
        pos = 0
        for word in tagged(clause[k:k + at]):  # tagged in context, not alone
            if pos + len(word.word) > length and not (word.flag[:1] in ("n", "j") or word.flag == "eng"):
                return None  # 王毅会见布林肯，: a verb between them, the head acts on the other
            pos += len(word.word)
        return tail, k + at

    def mention_info(self, mention: str | None, strict: bool = False,
                     learn: bool = True) -> Mention | None:
        """Parse a mention, resolving pronouns and names learned earlier in the article."""
        if not mention:
            return None
        mention = re.sub(r"[（(][^）)]*[）)]", "", mention.strip()).rstrip("的")
        said = re.fullmatch(r"(?P<source>.{2,}?)的?(?:言论|研报|表态|发言|讲话)", mention)
        if said and self.mention_info(said.group("source"), strict, learn=False):
            mention = said.group("source")  # 蓬佩奥言论, 长江证券研报: the words' source
        quoted = re.fullmatch(r"[\u3400-\u9fff]{1,8}[“「](?P<name>[^“”「」]{2,12})[”」]", mention)
        if quoted and re.fullmatch(r"(?:当地|本地|官方|[\u3400-\u9fff]{1,3}国)?(?:传媒|媒体|网站|报章|报纸|电视台|通讯社|网媒)"
                                   r"[“「][^“”「」]+[”」]", mention):
            return Mention(quoted.group("name"), "media", country=country_of(mention))  # 当地传媒「当今大马」
        if quoted and (mention[:1] in "台港澳陆" or mention[:1] in N.SHORT_COUNTRIES) \
                and len(mention) - len(quoted.group("name")) == 3:
            mention = re.sub(r"[“”「」]", "", mention)  # 台“观光署”: a name in quote marks after its place
        if mention.endswith("等") and len(mention) > 3 and "、" not in mention:
            mention = mention[:-1]  # 美国联邦参议员兰德·保罗等: the named source leads the others
        if "《" in mention and org_kind_of(mention) == "media" and outlet_staff(mention) is None:
            outlet = strip_place(mention)  # 日本《东京新闻》 → 东京新闻
            if re.fullmatch(r"[\u3400-\u9fff]{0,6}《[^》]+新闻》", mention) \
                    and parse_mention(outlet, self.registry.orgs) is None and self.registry.find(outlet) is None:
                # 《每日新闻》: the brackets say it is an outlet (jieba reads 每日 as a time word)
                return Mention(outlet.strip("《》"), "media", country=country_of(mention))
            mention = outlet
        if "——" in mention:
            # 日本最大在野党——立宪民主党众议员小泽一郎: the name is after the dash, the
            # country before it.
            before, mention = mention.rsplit("——", 1)
            place = next((c for c in COUNTRY_NAMES if before.startswith(c)), None)
            if place and not mention.startswith(place) and parse_mention(mention) is None:
                mention = place + mention
        if WORK_REPORT_RE.fullmatch(mention):
            return document(mention)  # 2026年浙江省政府工作报告提出 (报告 here names no author's report)
        bare = DOC_SUFFIX_RE.match(mention)
        if bare and re.search(r"(?:数据|调查|民调|研究)$", mention) and any(
                w.flag == "v" for w in tagged(bare.group("src"))):
            bare = None  # 梁晓姿另参考李立峯的研究，重申: whose study it is does not say who speaks
        if bare and bare.group("src") and mention.endswith("信") and not on_word_edges(mention, 0, bare.end("src")):
            bare = None  # 特使张庆信: a name that ends as a letter does (贺信, 来信), not a letter
        if bare and bare.group("src"):
            inner = bare.group("src").rstrip("的")
            if inner in ANAPHORS or inner in ("该", "此", "这份", "这一"):
                return self.anaphor(mention)
            mention = inner
        if mention in ANAPHORS:
            return self.anaphor(mention)
        self_named = SELF_NAMED_RE.fullmatch(mention)
        if self_named:  # 一名自称是八乡分区指挥官李汉民的警员: the one they say they are
            return self.mention_info(self_named.group("who"), strict, learn)
        authored = AUTHORED_DOC_RE.fullmatch(re.sub(r"[（(][^）)]*[）)]", "", mention))
        if authored and org_kind_of(mention) is None and not authored.group("src").rstrip().endswith("的"):
            # 香港特区行政长官《施政报告》提出 / 广东省发改委提请人大审议的《……报告》指出: the
            # author named before the document speaks in it.
            author = self.mention_info(LEADING_RE.sub("", authored.group("src")), strict, learn=False)
            if author is not None and self.is_source(author):
                return author
        if (named := document(mention)) is not None:
            # 《建议》提出, 临港新片区近期发布的《……工作计划》提出: with no author named right
            # before it, a document speaks for itself (an author read from far back was often wrong)
            return named
        short = re.fullmatch(r"《(?P<kind>" + "|".join(DOCUMENT_ENDINGS) + r")》", mention)
        if short and self.position is not None:
            # 《意见》指出: the document named in full before by that word (《关于……的指导意见》)
            full = list(re.finditer(r"《[^《》]{2,60}" + short.group("kind") + "》", self.norm[:self.position]))
            return document(full[-1].group()) if full else Mention(short.group("kind"), "document")
        titled = re.fullmatch(r"(?P<before>[\u3400-\u9fff]{0,6})《[^》]+》", mention)
        if titled and org_kind_of(mention) is None and not any(
                w.flag[:1] in ("v", "p", "c") for w in tagged(titled.group("before"))):
            return self.anaphor("文章")  # 《……文选》指出: its author speaks (通过《基本法》 is no subject)
        case = re.match(r"^(?:该案|此案|本案|同案|涉案|该庭|本庭)(?P<title>[\u3400-\u9fff]{1,4})$", mention)
        if case and case.group("title") in N.TITLES:
            return Mention(mention, "person", title=case.group("title"))  # 该案法官: the one of that case
        that = re.match(r"^(?P<this>该|这一|这个|此|这名|这位|该名|该位|上述|有关)(?P<kind>[\u3400-\u9fff]{1,4})$", mention)
        if that:
            kind = that.group("kind")
            found = self.same_kind(kind)
            if found is not None and found.kind == "collective" and that.group("this")[-1] in "名位个":
                found = None  # 这位干部 is one of 一些基层干部, not all of them
            if found is None and (kind.endswith(PERSON_NOUN_ENDINGS) and len(kind) >= 3
                                  or that.group("this")[-1] in "名位" and kind in N.TITLES):
                return Mention(kind, "person")  # 该名皇仁同学说, 这位干部告诉记者: named no further
            return found
        existential = re.match(r"^(?:也|还|亦|另|更|则|又)?有(?!何)(?P<who>[\u3400-\u9fff]{2,6})$", mention)
        if existential and parse_mention(existential.group("who"), self.registry.orgs):
            mention = existential.group("who")  # 有市民认为 / 也有学者认为: some of the public
        elif existential and (phrase := frame_subject(existential.group("who"))):
            return phrase  # 还有内容创作者指出: people named by what they do
        described = re.match(r"^(?:也|还|亦|另|更|则|又)?有(?P<who>[^，。“”「」]{2,24}的(?P<head>[\u3400-\u9fff]{1,6}))$", mention)
        if described and described.group("head").endswith(AGENT_SUFFIXES + PERSON_NOUN_ENDINGS) \
                and not parse_mention(described.group("head")):
            # 有乘搭首班往西安北列车的旅客认为: some of those the clause describes
            return Mention(described.group("who"), "collective", country=country_of(described.group("who")))
        ranked = TITLE_RANKS_RE.match(mention)
        if mention in N.TITLES or re.fullmatch(r"[\u3400-\u9fff]{1,2}(?:会|局|署|处|部|委|院)", mention) \
                or ranked and mention[ranked.end():] in N.TITLES:  # 副市长, 前总统: the one named with it
            # A bare title or a body's short form (被告说, 总会建议): the one named last with it.
            found = self.same_kind(mention)
            if found:
                return found
        if mention in GENERIC_BODIES:
            return self.named_body(mention)
        if 1 <= len(mention) <= 2 and mention[0] in N.SURNAMES and mention[1:] in ("", "官"):
            # 梁指 / 陈官提及: a person named in full before, by surname (官: the judge)
            return self.by_surname(mention[0])  # 使馆 is the 驻巴新使馆 named before
        if mention in FIRST_PERSON or mention.startswith(FIRST_PERSON):
            return None
        if self.taiwan and (mention in N.TAIWAN_BODIES or mention.startswith(N.TAIWAN_BODIES)
                            and parse_mention(mention, self.registry.orgs) is not None):
            return self.taiwan_body(mention)
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
            return self.by_given_name(mention)
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

    def by_given_name(self, mention: str) -> Mention | None:
        """新月说 after 插画师章新月: a person named in full before, after what they are, by the
        given name alone (features call people so)."""
        if len(mention) != 2 or self.position is None or not re.fullmatch(r"[\u3400-\u9fff]{2}", mention) \
                or mention[0] in N.SURNAMES or mention[0] in "小老阿":
            return None  # 曾刚, 小江: a name of its own
        at = self.norm.rfind(mention, 0, self.position)
        while at > 0:  # (str.rfind, not a regex compiled for every mention)
            surname = self.norm[at - 1]
            full = surname + mention
            before = self.norm[max(0, at - 5):at - 1]
            # after a word naming what the person is (插画师章新月), not inside words (当时港台)
            if surname in N.SURNAMES and any(
                    in_dictionary(before[-k:]) and tagged(before[-k:])[-1].flag[:1] == "n" for k in (2, 3, 4)):
                return self.known.get(full) or Mention(full, "person")
            at = self.norm.rfind(mention, 0, at)
        return None

    def by_surname(self, surname: str) -> Mention | None:
        """The person with this surname named last before this point (of those named so far, or
        of those who spoke: 港铁车务总经理刘天成表示……。刘重申，……)."""
        spoke = [info for _, info, _ in reversed(self.recent[-RECENT_WINDOW:])]
        for info in [*reversed(list(self.known.values())), *spoke]:
            # a person the rules accepted, named in Chinese characters (刘天成: 天成 is also a word)
            if info.kind == "person" and info.name.startswith(surname) and (
                    is_chinese_name(info.name) or re.fullmatch(r"[\u3400-\u9fff]{2,4}", info.name)):
                return info
        return None

    def taiwan_body(self, mention: str) -> Mention:
        """A mention that starts with a body of Taiwan's government, in news from Taiwan:
        the body (国防部) or its role or official (外交部发言人萧光伟), with country TW."""
        body = next(b for b in sorted(N.TAIWAN_BODIES, key=len, reverse=True) if mention.startswith(b))
        if mention == body:
            return Mention(body, "government", country="TW")
        info = parse_mention(mention, self.registry.orgs)
        return Mention(info.name, info.kind, title=info.title, org=body, country="TW")

    def is_source(self, info: Mention) -> bool:
        """A registered speaker, or a name that reads as a source (not a piece of a sentence)."""
        return self.registry.find(info.name) is not None or is_source_name(info.name, info.kind) or (
            info.kind == "media" and info.name in self.reporting_titles) or (
            info.kind == "person" and info.title is not None and titled_name(info.name))

    def reporting_title(self, mention: str) -> Mention | None:
        """A title in 《》 (after its country) that reports news is an outlet's, whatever its
        name ends with (《日经亚洲》报道); a document's title (《……报告》) is not. The article
        has said so: the outlet is a source here."""
        m = re.fullmatch(r"(?P<place>[\u3400-\u9fff]{0,6})《(?P<title>[^《》，。]{2,20})》", mention.strip())
        if m is None or m.group("title").endswith(DOCUMENT_ENDINGS) or (
                m.group("place") and m.group("place") not in N.COUNTRIES and m.group("place") not in N.REGIONS):
            return None  # (首先是英国《金融时报》: a clause, read by the rules)
        self.reporting_titles.add(m.group("title"))
        return Mention(m.group("title"), "media", country=country_of(m.group("place")) if m.group("place") else None)

    def learn(self, mention: str, info: Mention) -> None:
        """Remember a source for later mentions: 朱莉·科扎克 is later 科扎克."""
        if not self.is_source(info):
            return
        self.known[mention] = info
        self.known.setdefault(info.name, info)
        if info.kind == "person":
            for short in short_forms(info.name):
                self.known.setdefault(short, info)

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
        def ends(text: str) -> bool:
            # 裁判官 is not the 总裁判官, nor 局长 the 副局长: a rank before a title is another post
            return text.endswith(ending) and not (
                ending in N.TITLES and RANK_AT_END_RE.search(text[:-len(ending)]))
        for said, info, via in reversed(self.recent[-RECENT_WINDOW:]):
            if ends(info.name) or ends(said) or ends(info.title or ""):
                return info
        for name, info in reversed(list(self.known.items())):
            if ends(name) and len(name) > len(ending) or ends(info.title or ""):
                return info  # 被告 is 被告黎智英, named before
        return None

    def nearest_person(self, pronoun: str = "") -> Mention | None:
        """他/她: the person named last before this point, speaker or not; 她 passes over a
        man for a woman named before him, 他 over a woman for a man (when the names tell)."""
        if self.position is None:
            return None
        window_start = max(0, self.position - 400)
        window = self.norm[window_start:self.position]
        # People named inside quoted words are talked about, not speaking (「我被选出来代表匹茨堡」).
        window = re.sub(r"「[^「」]*」|“[^“”]*”", lambda m: "\0" * len(m.group()), window)
        # People named inside the last statement's words are talked about, not speaking: their
        # names are blanked, and the last person who spoke is the default referent.
        last = self.last_person_statement()
        if last is not None and window_start < last.end:
            cut_from, cut_to = max(0, last.start - window_start), min(len(window), last.end - window_start)
            window = window[:cut_from] + "\0" * (cut_to - cut_from) + window[cut_to:]
        best, best_at = None, -1
        named: list[tuple[int, Mention]] = []  # every person named in the window, where
        if last is not None:
            best = Mention(to_simplified(last.speaker), "person", title=last.title, org=last.org,
                           country=last.country)
            best_at = max(-1, (last.mention_start or last.start) - window_start)
            named.append((best_at, best))
        for said, info, via in self.recent[-RECENT_WINDOW:]:
            if info.kind == "person":
                # A pronoun that was resolved before is not a name to find again.
                at = max(window.rfind(said) if said not in ANAPHORS else -1, window.rfind(info.name))
                named.append((at, info))
                if at > best_at:
                    best, best_at = info, at
        for name, info in self.known.items():
            if info.kind == "person" and len(name) >= 2:
                at = window.rfind(name)
                named.append((at, info))
                if at > best_at:
                    best, best_at = info, at
        this_sentence = sentence_start(self.norm, self.position)
        first = bisect.bisect_left(self.titled_people, window_start, key=lambda found: found[0])
        last = bisect.bisect_left(self.titled_people, this_sentence, key=lambda found: found[0])
        for position, info in itertools.islice(self.titled_people, first, last):
            # where the role introduced them, not where they are named again (与习近平交流),
            # and in a sentence before the pronoun's (他引述……国家主席习近平……所说的: the one cited)
            at = position - window_start
            if window[at] != "\0":
                named.append((at, info))
                if at > best_at:
                    best, best_at = info, at
        # A name that opens a sentence, with no title (张国清从……作了宣讲。他表示，……).
        for m in SENTENCE_NAME_RE.finditer(window):
            for size in (4, 3, 2):
                name = m.group("name")[:size]
                if (size < 4 or name[:2] not in N.COMPOUND_SURNAMES) and is_chinese_name(name):
                    # 叶刘淑仪 whole (a married name), never 欧阳明日 (a compound surname's 2+2)
                    if m.start("name") > best_at:
                        best, best_at = self.mention_info(name) or Mention(name, "person"), m.start("name")
                        named.append((best_at, best))
                    else:
                        named.append((m.start("name"), Mention(name, "person")))
                    break
        # A person introduced by a description, as the subject of a sentence (本案唯一……承认暴动罪
        #的第17被告、……任工程师的简健煌，今穿上……。他指出): the name after 的, before a comma.
        for m in DESCRIBED_NAME_RE.finditer(window):
            name = m.group("name")
            if m.start("name") > best_at and is_chinese_name(name) and not in_dictionary(name):
                best, best_at = self.mention_info(name) or Mention(name, "person"), m.start("name")
                named.append((best_at, best))
        if best is not None and (pronoun == "她" and gender_of(best) != "f"
                                 or pronoun == "他" and gender_of(best) == "f"):
            # 她 after a man, when a woman was named before him; 他 after a woman, likewise:
            # the latest person named whose name agrees.
            fits = [(at, info) for at, info in named if at >= 0 and info is not best
                    and (gender_of(info) == "f") == (pronoun == "她")]
            if fits:
                best = max(fits, key=lambda found: found[0])[1]
        return best

    def last_person_statement(self) -> Statement | None:
        """The statement read last whose speaker is a person, if it ends before this point."""
        for s in reversed(self.statements[-RECENT_WINDOW:]):
            if s.start < self.position and s.speaker_kind == "person" and s.kind != "question":
                return s
        return None

    def nearest_registered_person(self) -> Mention | None:
        """The registry's person whose name stands last before this point."""
        window = self.norm[max(0, self.position - 1500):self.position]
        best, best_at = None, -1
        for speaker in self.registry.speakers.values():
            if speaker.kind != "person" or not speaker.in_registry:
                continue
            at = window.rfind(speaker.name)
            if at > best_at:
                best, best_at = speaker, at
        return Mention(best.name, best.kind, title=best.title, org=best.org,
                       country=best.country) if best else None

    def nearest_group(self) -> Mention | None:
        """他们: the group named last before this point (国际人士高度评价……。他们表示，……)."""
        if self.position is None:
            return None
        window = self.norm[max(0, self.position - 300):self.position]
        for m in reversed(list(GROUP_MENTION_RE.finditer(window))):
            info = parse_mention(m.group(0), self.registry.orgs)
            if info and info.kind in ("collective", "anonymous"):
                return info
        for said, info, _ in reversed(self.recent[-RECENT_WINDOW:]):
            if info.kind in ("collective", "anonymous"):
                return info
        return None

    def anaphor(self, mention: str) -> Mention | None:
        want = ANAPHORS.get(mention) or ANAPHORS.get(mention.rstrip("的"), "doc")
        if want == "person":
            found = self.nearest_person(mention)
            if found:
                return found
        if want == "group":
            return self.nearest_group()
        if want == "doc" and self.position is not None:
            author = self.document_author(self.position)
            if author:
                return author
            if mention in WRITINGS:
                # 《习近平法治文选》……《……》（2012年12月4日）文中指出: the writer named nearby.
                return self.nearest_registered_person()
        if want == "meeting" and self.position is not None:
            since = 0
            for said, info, via in reversed(self.recent[-RECENT_WINDOW:]):
                if meeting_name(info.name):
                    since = max(0, self.norm.rfind(said, 0, self.position))
                    if not MEETING_HOLDER_RE.search(self.norm, since, self.position):
                        return info  # 国务院常务会议指出……。会议提到: the meeting named last
                    break  # ……。中共中央政治局召开会议……。会议强调: a meeting held since
            held = [m.group("name") for m in HELD_MEETING_RE.finditer(self.norm, max(since, self.position - 1500), self.position)
                    if meeting_name(LEADING_RE.sub("", m.group("name")))]
            if held:  # 1月10日-11日召开的全国商务工作会议部署了……。会议提到: that meeting
                name = LEADING_RE.sub("", held[-1])
                return Mention(name, "organization", country=country_of(name))
            return self.meeting_holder(self.position, mention)
        for said, info, via in reversed(self.recent[-RECENT_WINDOW:]):
            if want == "person" and info.kind == "person":
                return info
            outlet = info.kind == "media" or (info.kind == "collective" and "媒" in info.name + said)
            if want == "media" and (outlet or via):
                return info if outlet else self.mention_info(via)
            if want in ("官员", "人士", "发言人") and want in (said + info.name):
                return info
            if want in ("government", "organization") and info.kind == want:
                return info
        return None

    def document_author(self, position: int) -> Mention | None:
        """Who published the report or statement that `报告称` refers to, read backwards."""
        if self.reading_author:
            return None  # an author named by a title again would send us back here
        window = self.norm[max(0, position - 1200):position]  # an editorial quoted at length
        for m in reversed(list(DOC_AUTHOR_RE.finditer(window))):
            src = LEADING_RE.sub("", m.group("src") or m.group("src2") or m.group("src3") or m.group("src4"))
            src = re.sub(r"^.*(?:发表|刊发|刊登|播发)(?:了)?", "", src)
            src = TRAILING_RE.sub("", src) if TRAILING_RE.search(src) else src
            src = self.read_pre(src)[0] or src
            self.reading_author = True
            try:
                info = self.mention_info(src) or self.valid_tail(src, fallback_ok=False)[1]
            finally:
                self.reading_author = False
            if info and (info.kind != "person" or info.title or info.name == src):
                return info  # 蓬佩奥发表声明。声明说……: whoever published it, named whole
            if info is None and 2 <= len(src) <= 8 and noun_phrase(src) and word_frequency(src) < 1000:
                # 港铁发表声明。声明指……: whoever publishes a statement is a body, named or not
                return Mention(src, org_kind_of(src) or "organization", country=country_of(src))
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
            s_end = sentence_end(para, cand.content_start)
            relaying = cand.form == "punct" and cand.report and any(
                c.clause_start >= cand.content_start and not para[cand.content_start:c.clause_start].strip(" ，")
                and c.form == "punct" or c.via == cand.info.name and c.cue_start < s_end  # (relay_before)
                for c in cands[i + 1:])
            if cand.form == "according" or relaying:
                inner = [c for c in cands[i + 1:] if c.cue_start < s_end and c.form != "according"]
                if inner:
                    inner[0].via = inner[0].via or cand.info.name
                    for entry in self.recent[-RECENT_WINDOW:]:
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
        # ……一事 closes a topic the sentence is about, unless the speech opens with it
        # (针对……核试验一事，俄方正等待……).
        if inside and not (inside.group(0) == "一事" and FRAMED_TOPIC_RE.match(para, start)):
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
        subject = report_subject(para[start:end]) if report else None
        while end < stop:
            nxt = sentence_end(para, end)
            sentence = para[end:nxt].lstrip()
            same_subject = subject and report_subject(sentence) == subject
            if not sentence or not (same_subject or self.continues(sentence, cand, report, in_question)):
                break
            end = min(nxt, stop)
        return end

    def continues(self, sentence: str, cand: Candidate, report: bool, in_question: bool) -> bool:
        if NEWSROOM_RE.match(sentence) or NEW_SOURCE_LEAD_RE.match(sentence) or sentence.startswith(("（", "(")):
            return False  # （根据……）: a sentence in brackets is the reporter's note
        if DATE_LEAD_FIRST_PERSON_RE.match(sentence):
            return True  # 2022年11月我访问泰国，……: the speaker recalls, in the first person
        if ABSOLUTE_DATE_LEAD_RE.match(sentence):
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
        if cand.info.kind == "person" and sentence.startswith(("他", "她")) and not sentence.startswith(("他们", "她们")):
            return False  # a person is 他 to the reporter, not to themselves: narration resumes
        if cand.info.kind == "person" and (name in outside_quotes(sentence) or sentence.startswith(cand.mention)):
            return False  # people do not speak of themselves by name: narration resumes
        if HEADLINE_RE.search(sentence):
            return False
        if self.opens_with_other_person(sentence, name):
            return False
        if OTHERS_TOO_RE.match(sentence):
            return False  # 亦有旅客……/ 也有市民认为……: the reporter turns to others
        if cand.info.kind != "person" and sentence.startswith(name) and name not in ("中方",):
            return False
        if NARRATION_RE.search(sentence):
            return False
        additive = re.match(r"^(?:同时|此外|另外|与此同时|另一方面)，?(?P<subject>[^，。]{2,8})", sentence)
        if additive and (country_of(additive.group("subject")) or org_kind_of(additive.group("subject"))):
            return False  # 同时，美国还施压……: the reporter's narration moves on
        if sentence.startswith(CONNECTIVES) and not (report and sentence.startswith(DEMONSTRATIVES)):
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
        sources += [(said, info) for said, info, _ in self.recent[-RECENT_WINDOW:]
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
        before = para[max(s_start, cand.cue_start - 300):cand.cue_start]  # a date far back is another's
        # 10日，王小洪应约同……视频通话。王小洪表示，…… — the event's date is the statement's.
        prev_start = sentence_start(para, max(0, s_start - 1))
        previous = para[prev_start:s_start]
        if not (previous and (cand.info.name in previous or cand.mention in previous)):
            previous = ""
        if not DATE_HINT_RE.search(before) and not DATE_HINT_RE.search(previous):
            return None  # no date word at all: skip the date grammar
        # What 当天 refers to is read only where the text says 当天.
        context = self.context_date(p_start + s_start) if ANAPHORIC_DAY_RE.search(before + previous) else None
        return last_date(before, self.published, context) or (
            last_date(previous, self.published, context) if previous else None)

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
        # Only statements of this paragraph can enclose a cue in it.
        for i in range(len(self.statements) - 1, max(-1, self.paragraph_first - 1), -1):
            s = self.statements[i]
            if s.start <= position < s.end:
                return i
        return None

    def add(self, info: Mention, mention: str, cue: str, start: int, end: int, kind: str | None,
            said_on: str | None = None, via: str | None = None, nested_in: int | None = None,
            mention_start: int | None = None, question: bool = False) -> int:
        if (start, end) in self.spans:
            return self.spans[start, end]  # one statement per span: the first reading stands
        text = self.body[start:end]
        if kind is None:
            kind = "mixed" if has_own_words(text) else "indirect"
        if mention_start is not None and self.norm[mention_start:mention_start + len(mention)] != mention:
            mention_start = None  # a mention rebuilt from several places has no single offset
        stmt = Statement(
            speaker=self.written(info.name), mention=self.body[mention_start:mention_start + len(mention)]
            if mention_start is not None else mention,
            cue=cue, text=text, kind=kind, start=start, end=end, said_on=said_on,
            via=self.written(via) if via else None,
            nested_in=nested_in, title=info.title, org=info.org, speaker_kind=info.kind,
            country=info.country, mention_start=mention_start,
        )
        self.statements.append(stmt)
        self.spans[start, end] = len(self.statements) - 1
        if not cue and not question:  # turns; cue candidates were recorded as they were read
            self.recent.append([mention, info, via])
        return len(self.statements) - 1


    def written(self, name: str) -> str:
        """A canonical name as this text writes it: its own characters where it names the
        speaker, else the name in the text's script."""
        if not self.traditional:
            return name
        if name not in self.written_names:
            at = self.norm.find(name)
            if at >= 0:
                self.written_names[name] = self.body[at:at + len(name)]
            else:
                # Not written whole (美国在台协会发言人 from 美國在台協會（AIT）發言人): each
                # character as the text writes it (台, not the converter's 臺), else converted.
                converted = to_traditional(name)
                self.written_names[name] = "".join(
                    self.body[k] if (k := self.norm.find(ch)) >= 0 else other
                    for ch, other in zip(name, converted)) if len(converted) == len(name) else converted
        return self.written_names[name]


def narrates_of_another(line: str, label: str) -> bool:
    """Inside an interview answer, a paragraph that opens with another person's name and holds
    no first person is the reporter narrating again (朱耀明牧师未有回复查询。)."""
    name = name_at(line, 0)
    return name is not None and name not in label and not re.search(r"我|俺|咱", outside_quotes(line))


def document(mention: str) -> Mention | None:
    """A named document as its own source (guidelines §1: a report or document states what it
    says): the title in 《》 after what a relative clause says of it, or a government work
    report named by its place (浙江省政府工作报告)."""
    titled = DOCUMENT_TITLE_RE.search(mention)
    if titled and titled.end() == len(mention):
        return Mention(titled.group("title"), "document", country=country_of(mention))
    work_report = WORK_REPORT_RE.fullmatch(mention)
    if work_report:
        return Mention(work_report.group("title"), "document", country=country_of(mention))
    return None


def leading_end(text: str) -> int:
    """Where the connectives and times opening a clause end (LEADING_RE), and 惟 or 唯 (but)
    where jieba reads it as a word of its own (惟|他, not 唯品会, 唯一 or 惟有)."""
    lead = LEADING_RE.match(text)
    if lead and lead.end():
        return lead.end()
    words = tagged(text[:8])
    return 1 if text[:1] in ("惟", "唯") and words and words[0].word == text[:1] else 0


def without_trailing(text: str) -> str:
    """The clause before a cue without the adverbials, times and addressees at its end."""
    while True:
        text = text.rstrip(" \u3000")  # 社会福利署 发稿 指: links copied with their spaces
        m = TRAILING_RE.search(text)
        if not m or m.start() == len(text):
            return text
        if len(m.group()) == 1 and whole_name(text[-3:]):
            return text  # 李志均表示: 均 ends the name here, it is not the adverb 均 (all)
        text = text[:m.start()]


def manner_before_cue(pre: str) -> int:
    """How long the manner of saying is that ends `pre`: a verb and 着 as jieba reads them (笑着,
    微笑着, 摇着头), not a word of its own such as 接着 or 随着; 0 when there is none."""
    words = tagged(pre[-4:])
    if len(words) >= 2 and words[-1].word == "着" and words[-2].flag[:1] == "v":
        return len(words[-2].word) + 1
    if words and words[-1].word.endswith("着头") and len(words[-1].word) == 3:
        return 3
    return 0


def cited_as(para: str, cs: int, ce: int) -> bool:
    """`正如习近平总书记指出的，……`: the words that follow are cited as the speaker's."""
    return para[ce:ce + 1] == "的" and para[ce + 1:ce + 2] in ("，", "：") and bool(
        re.search(r"(?:正如|诚如|如同|就像|恰如)[^，。]{2,30}$", para[max(0, cs - 32):cs]))


def proposal_object(cue: str, text: str) -> bool:
    """Whether what follows 建议/提出 is a course of action proposed, a verb phrase of its own
    (建议布局太空算力新基建, 提出以人工智能作为制造业的新引擎), not a noun (提出申请, 提出了
    一个方案, 建议书)."""
    if len(text) < 8 or re.search(r"(?:以来|之后|之前|以后|时)[。！？]?$", text):
        return False  # 提出共建“一带一路”倡议以来: a time clause
    if cue != "建议" and not re.match(r"要|应|必须|须|需|将|以|把|通过|透过|由", text):
        return False  # 提出修订……两条法例: an act; 提出要……/提出以……: what should be done
    words = list(tagged(text))
    return bool(words) and words[0].flag[:1] in ("v", "p") and words[0].word not in ("了", "过", "着") \
        and any(w.flag[:1] in ("n", "v") for w in words[1:])


def particle_after(para: str, ce: int) -> bool:
    """A particle right after the cue (说了, 说过, 说的, 说得): no content follows it; but 说过去……
    is 说 and the word 过去, as jieba reads it."""
    if para[ce:ce + 1] not in ("了", "着", "过", "的", "得", "地"):
        return False
    word = next(iter(tagged(para[ce:ce + 6])), None)
    return word is None or len(word.word) == 1


def clause_object(text: str) -> bool:
    """Whether what follows a cue such as 提到 is a clause with a subject and a verb of its own
    (提到美国需要改变中国, 确认帖文由他撰写: speech) rather than a topic (提到这个问题)."""
    if len(text) < 6:
        return False
    words = list(tagged(text))
    if not words or words[0].flag[:1] not in ("n", "r") or words[0].word in ("这", "那", "这个", "这些", "此"):
        return False
    return any(w.flag[:1] == "v" for w in words[1:6])


def next_point_adverb(para: str, clause_start: int, cue_start: int) -> bool:
    """Whether what stands between a clause's start and its cue marks the speaker's next point
    (……，又认为……; ……。」并表示：). `并` inside a sentence only joins a second verb to the first
    (……期待……，并呼吁……): the words go on as one statement."""
    adverb = para[clause_start:cue_start]
    if not NEXT_POINT_RE.fullmatch(adverb):
        return False
    # ……“……”，并强调……: after a quotation closed, 并 opens the speaker's next point too
    return adverb != "并" or sentence_start(para, clause_start) == clause_start \
        or para[max(0, clause_start - 2):clause_start].rstrip("，,")[-1:] in CLOSE_QUOTES


def ends_content(para: str, cand: Candidate, later: Candidate) -> bool:
    """An inline cue after `cand`'s cue that ends its content: the speaker's next point
    (……，又指……), or a pronoun's words in a new sentence or for another speaker (……。他又指……;
    中央表示……，她认为……). The same speaker's `他认为` inside one sentence stays inside it."""
    if not later.next_point:
        # ……；斯塔默则呼吁……: another source named at the head of a new sentence or clause.
        return (later.info.name != cand.info.name and later.mention_start == later.clause_start
                and para[later.clause_start - 1:later.clause_start] in ("；", ";", "。", "！", "？"))
    if next_point_adverb(para, later.clause_start, later.cue_start):
        return True
    same_sentence = sentence_start(para, later.clause_start) <= cand.content_start
    return not (later.mention in ("他", "她") and same_sentence and later.info.name == cand.info.name)


def whole_name(text: str) -> bool:
    """jieba reads the three characters as one person's name (李志均), not a name and a word."""
    first = next(iter(tagged(text)), None)
    return len(text) == 3 and first is not None and first.word == text and first.flag.startswith("nr") \
        and text[0] in N.SURNAMES


# The largest article read: time is linear in the text, but a feed must not be stalled by one
# runaway item (a 50 MB page is refused with a clear error, not read for minutes).
MAX_ARTICLE_CHARS = 5_000_000


class ArticleTooLarge(ValueError):
    """An article longer than the limit: reported and skipped, the batch goes on."""


def extract(article: Article, registry: Registry | None = None,
            max_chars: int = MAX_ARTICLE_CHARS) -> list[Statement]:
    """Every attributed statement of one article, in text order of discovery."""
    if len(article.body) > max_chars:
        raise ArticleTooLarge(f"article of {len(article.body):,} characters is over the limit of "
                              f"{max_chars:,} (--max-chars)")
    return Extractor(article, registry or Registry()).run()
