"""Who a mention names: canonical speaker, title, organisation, country, kind, English name.

A mention is the speaker as written (`华中科技大学国家治理研究院特聘研究员王鹏`); the speaker is
the shortest full form that identifies the source (`王鹏`). Known sources come from the
registry (registries/speakers.yml); others are parsed from the mention and added as found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import logging
from functools import cached_property, lru_cache
from typing import Iterator, NamedTuple

import jieba
import jieba.posseg as posseg
import yaml
from pypinyin import Style, lazy_pinyin

from . import names as N
from .model import stable_id
from .textutil import to_simplified, to_traditional

jieba.setLogLevel(logging.WARNING)  # its dictionary loads quietly, from the package itself
COUNTRY_PREFIX_RE = re.compile("|".join(map(re.escape, sorted(N.COUNTRIES, key=len, reverse=True))))
TITLES_LONGEST_FIRST = sorted(N.TITLES, key=len, reverse=True)
TITLE_RANK: dict[str, int] = {}
for _i, _t in enumerate(TITLES_LONGEST_FIRST):
    TITLE_RANK.setdefault(_t, _i)
TITLES_BY_FIRST: dict[str, list[str]] = {}
for _t in TITLES_LONGEST_FIRST:
    TITLES_BY_FIRST.setdefault(_t[0], []).append(_t)


class Word(NamedTuple):
    word: str
    flag: str


@lru_cache(maxsize=131072)
def tagged(text: str) -> tuple[Word, ...]:
    """Jieba's words and part-of-speech tags for a piece of text, cached: the rules ask about
    the same speaker phrases and clauses many times."""
    return tuple(Word(w.word, w.flag) for w in posseg.cut(text, HMM=True))


ZHANG_WORDS = set(N.WORDS_AFTER_ZHANG)  # (a set: the empty string after a text's end is in no set)


def titles_in(text: str) -> list[str]:
    """The titles that occur in a text, longest first (a few lookups per character instead of
    one search per title)."""
    found = {t for i, ch in enumerate(text) for t in TITLES_BY_FIRST.get(ch, ()) if text.startswith(t, i)
             and not (t.endswith("长") and text[i + len(t):i + len(t) + 1] in ZHANG_WORDS)}
    # In the order of TITLES_LONGEST_FIRST: a set's order changes from process to process.
    return sorted(found, key=TITLE_RANK.__getitem__)
CJK = r"\u3400-\u9fff"
# 约翰·F·史密斯, 迪亚娜·蒙迪诺, 金正恩 written with dots of any of the forms news uses.
FOREIGN_NAME_RE = re.compile(rf"[{CJK}]{{1,8}}(?:[·•・‧．.](?:[{CJK}]{{1,8}}|[A-Z]\.?))+")


@dataclass
class Speaker:
    name: str
    kind: str = "person"  # person|organization|government|media|anonymous|collective|document
    name_en: str | None = None
    country: str | None = None
    title: str | None = None
    org: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    id: str | None = None
    in_registry: bool = False

    def __post_init__(self):
        if not self.id:
            self.id = stable_id("speaker", self.name, length=12)


@dataclass(frozen=True)
class Mention:
    """What a mention says about its speaker, before the registry is consulted (immutable:
    parse_mention's results are cached and shared)."""

    name: str
    kind: str
    title: str | None = None
    org: str | None = None
    country: str | None = None


# ---------------------------------------------------------------- romanisation

@lru_cache(maxsize=65536)
def is_chinese_name(name: str) -> bool:
    """A Han name of 2-4 characters led by a surname, not a transliteration like 马约卡斯
    and not a word that happens to start with a surname character (高度评, 全会)."""
    if not re.fullmatch(rf"[{CJK}]{{2,4}}", name) or "·" in name:
        return False
    if name[:2] in N.COMPOUND_SURNAMES:
        return len(name) <= 4
    if name[0] in N.SURNAMES and name[1] == "氏" and len(name) >= 3:
        return True  # Vietnamese women's names: 梅氏清, 潘氏碧红
    if len(name) == 4 and name[0] in N.SURNAMES and name[1] in N.SURNAMES and not in_dictionary(name[2:]) \
            and not set(name[2:]) & FUNCTION_CHARS_IN_NAMES and married_name_words(name):
        return True  # 林郑月娥, 叶刘淑仪: a Hong Kong married name, her husband's surname before hers
    if name[0] not in N.SURNAMES or len(name) == 4:
        return False
    if sum(ch in N.TRANSLITERATION_CHARS for ch in name[1:]) >= 2:
        return False
    # jieba's tagger knows common words and recognises person names (flag nr*).
    first = next(iter(tagged(name)), None)
    # The whole name as one person token (王小洪), or a surname token then the given name
    # (冯 + 海城); not a name followed by a stray character (韩正出, 李强首).
    return first is not None and first.flag.startswith("nr") and (
        first.word == name or len(first.word) == 1) or (
        # jieba splits rare names (李志均 → 李志 + 均); a known two-character name with a
        # character after it (韩正出) stays refused.
        len(name) == 3 and name[2] not in STRAY_AFTER_NAME and looks_like_chinese_name(name)
        and not grammar_word(name[1:]))  # 应|尽快: an adverb is no given name


def grammar_word(text: str) -> bool:
    """The text is one word of grammar for jieba: an adverb, preposition, conjunction,
    particle or pronoun (尽快, 因为, 他们)."""
    words = tagged(text)
    return len(words) == 1 and words[0].flag[:1] in ("d", "p", "c", "u", "r")


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has the word (0: not a word it knows)."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0


# Characters that are never part of a Chinese given name in news prose: particles, pronouns,
# auxiliaries, reporting verbs, time and number words.
NOT_GIVEN_NAME = set("的了着过在是和与及对向把被也都就还又再才将会要能可不没有这那其此之为以于从到而或但并等很"
                     "个们中上下里外前后时年月日号天今昨曾已说称表示指认讲问答谈据据称一二三四五六七八九十两几百千万")


def word_edges(text: str) -> set[int]:
    """The offsets where jieba's words of a text begin and end."""
    edges, at = {0}, 0
    for word in tagged(text):
        at += len(word.word)
        edges.add(at)
    return edges


def word_given_name(name: str) -> bool:
    """A surname and a given name that is also a noun of the dictionary (谢国民, 王建国), which
    only a title before it shows to be a name (负责人来分享 and 医生都好好 are not)."""
    given = tagged(name[1:])
    return name[0] in N.SURNAMES and not any(c in NOT_GIVEN_NAME for c in name) and len(given) == 1 \
        and given[0].flag.startswith("n") and org_kind(name) is None  # (院长林业局: a body)


def married_name_words(name: str) -> bool:
    """Jieba reads a married name as a person's name: one name word (范徐丽泰), or a surname
    word then a given name or a name of two characters or more (林郑|月娥, 叶|刘淑仪), never a
    three-character name then a stray character (林卓廷|到, 陈|时|中|今) or a place (王国|兴协)."""
    words = [(w.word, w.flag) for w in tagged(name)]
    if not words[0][1].startswith("nr") or len(words[0][0]) == 3:
        return False
    return len(words) == 1 or (len(words) == 2 and len(words[1][0]) >= 2 and words[1][1][:1] == "n")


# Characters of NOT_GIVEN_NAME that open many two-character given names (周天行, 王中军): read
# as a name's only where a name character follows them.
OPENS_GIVEN_NAME = set("天中")


# Words of grammar that a given name never holds (月, 日 and numerals may: 林郑月娥).
FUNCTION_CHARS_IN_NAMES = NOT_GIVEN_NAME - set("个们中上下里外前后时年月日号天今昨一二三四五六七八九十两几百千万")


# Characters that follow a name in running text (韩正出席, 李强首次): a name cut out with one of
# them is not a three-character name.
STRAY_AFTER_NAME = set("出首在说称表将会到为来去对与和等同向赴访抵指强认透宣介回呼重致发主率续又亦也还则都均")


def looks_like_chinese_name(name: str) -> bool:
    """A Chinese personal name by its shape: a surname (or two, as in Hong Kong: 林郑月娥,
    叶刘淑仪) and one or two given-name characters that are not function words, and not a
    common word of the dictionary (安全, 高度). Works on names jieba has never seen (李志均)."""
    if not re.fullmatch(rf"[{CJK}]{{2,4}}", name) or name in NOT_NAMES:
        return False
    if name[:2] in N.COMPOUND_SURNAMES:
        given = name[2:]
    elif len(name) == 4 and name[0] in N.SURNAMES and name[1] in N.SURNAMES:
        given = name[2:]  # a married woman's two surnames (林郑月娥, 范徐丽泰)
    elif name[0] in N.SURNAMES and len(name) <= 3:
        given = name[1:]
    else:
        return False
    opened = len(given) == 2 and given[0] in OPENS_GIVEN_NAME
    if not given or len(given) > 2 or any(ch in NOT_GIVEN_NAME for ch in given[opened:]):
        return False
    if opened and word_frequency(given) >= 1000:
        return False  # 李中方, 张中国: a surname before a word
    tagged_name = any(w.flag.startswith("nr") for w in posseg.cut(name, HMM=False))
    if in_dictionary(name) and not tagged_name:
        return False
    if len(given) == 2 and word_frequency(given) > 2000 and not tagged_name:
        return False  # 何资格, 高水平: a surname character before a common word
    if len(name) == 3 and word_frequency(name[:2]) > 500 and not tagged_name:
        return False  # 高度评(价), 全面推: a common word cut short, not a name
    return sum(ch in N.TRANSLITERATION_CHARS for ch in given) < len(given) or len(name) == 2


def romanise(name: str) -> str | None:
    """`张晓刚` → `Zhang Xiaogang`, surname readings from the table; None for foreign names."""
    if not is_chinese_name(name):
        return None
    if name[:2] in N.COMPOUND_SURNAMES:
        surname, given = N.COMPOUND_SURNAMES[name[:2]], name[2:]
    else:
        surname = N.SURNAME_READINGS.get(name[0]) or lazy_pinyin(name[0], style=Style.NORMAL)[0]
        given = name[1:]
    given_en = "".join(lazy_pinyin(given, style=Style.NORMAL, v_to_u=False)).replace("v", "ü")
    return f"{surname.capitalize()} {given_en.capitalize()}".strip()


# ---------------------------------------------------------------- mention parsing

# A mention is a noun phrase: these words make it a clause (韩正转达……对塔米姆的).
CLAUSE_WORDS_RE = re.compile(
    r"^(?:针对|对于|关于|围绕|随着|面对|鉴于|根据|为了|通过|是否|能否|会否|如何|为何|怎样|有没有|"
    r"[一二三四五六七八九十]是)|(?<!中共中央)对(?!外|华)|转达|会见|会晤|听取|"
    r"出席|请|把|被(?!告)|让|(?<![顾学访慰疑询])问(?![题责询])|[^外]交给|来自|前往|抵达|参加|主持|宣布|举行|表示|认为|称|说|已|先后|采取|"
    # verbs of acting that a name never holds (苏林感谢中共中央, 他拒绝为……主席): a clause
    r"感谢|祝贺|致电|拒绝|遭|背景下|^[他她我你](?![们])"
)
NAME_THEN_TITLE_RE = re.compile(
    rf"^(?P<name>[{CJK}]{{2,3}}?)(?P<title>常委|委员|代表|主任|副主任|部长|主席|副主席)"
    rf"(?:代表(?P<org>[{CJK}]{{2,12}}))?$"
)
# Many unnamed people as one source: 多国人士, 国际人士, 各界代表.
COLLECTIVE_RE = re.compile(
    rf"^(?:多国|国际|各界|外国|海外|业内|各国|多方|当地|与会|各方|多位|多名|部分|一些|不少|中外|与会中外|广大)"
    rf"[{CJK}]{{0,4}}(?:人士|专家|学者|代表|民众|网民|观察人士|分析人士|政要|嘉宾|企业家|群众|干部|官兵|党员|"
    rf"青年|师生|职工|居民)$"
    # 很多人, 许多市民, 多数香港人: many people, not one
    rf"|^(?:很多|许多|多数|大多数|众多|大部分|部分|一些|不少|有些)[{CJK}]{{0,4}}(?:人|市民|民众|居民)$"
    # 两国各界, 日本社会各界人士: people of every walk of a country's life
    rf"|^[{CJK}]{{1,6}}各界(?:人士)?$"
    # 市场分析人士, 军事观察人士: observers of a field
    rf"|^[{CJK}]{{2,4}}(?:分析人士|观察人士|业内人士)$"
    # 院方, 校方, 局方: the institution the article is about; 受访学者: those interviewed
    rf"|^[院校厂局署会馆店资劳警]方$|^受访(?:学者|专家|人士|市民|居民|学生|家长|官员)$"
    # 不少参展商, 多名业户: some of those who trade; 日本国内人士: people of a country
    rf"|^(?:不少|多名|多位|部分|一些|许多|众多)[{CJK}]{{1,4}}(?:商|户|企业)$|^[{CJK}]{{1,6}}(?:国内|当地)人士$"
    rf"|^(?:多家|数家|几家|不少|一些|部分|许多)[{CJK}]{{0,4}}(?:外企|企业|公司|机构|银行|媒体|外媒|医院|学校)$"
)
NAME_THEN_TITLES_RE = re.compile(
    rf"^(?P<name>[{CJK}]{{2,6}}?|[{CJK}]{{1,8}}·[{CJK}]{{1,8}})(?P<title>(?:"
    + "|".join(sorted(N.TITLES, key=len, reverse=True)) + r")(?:兼(?:"
    + "|".join(sorted(N.TITLES, key=len, reverse=True)) + r"))*)$"
)
# A country's people as one source: 以色列民众, 日本各界人士.
PEOPLE_OF_RE = re.compile(
    rf"^(?P<place>[{CJK}]{{2,6}}?)(?:民众|人民|各界人士|各界|网民|舆论|社会各界|国内舆论|人士|专家|学者)$")
# Places end a name of a city or province, not of a person (路易斯维尔市市长).
PLACE_ENDINGS = ("市", "省", "州", "县", "区", "国", "岛", "城", "村", "镇", "乡")
# Monarchs: 图普六世, 查尔斯三世.
REGNAL_RE = re.compile(rf"[{CJK}]{{1,4}}[一二三四五六七八九十]{{1,3}}世")
LISTED_GROUP_RE = re.compile(rf"(?P<list>[{CJK}·]{{2,30}}(?:、[{CJK}·]{{2,30}})+)等[{CJK}]{{0,10}}")
GROUP_PREFIXES = ("各", "与会", "多国", "多位", "多名", "一些", "部分")
# Words that look like a 2-character name (a surname and one more character) but are not.
NOT_NAMES = {"全会", "文中", "会上", "会议", "全文", "文章", "公报", "方面", "高层", "钱款",
             "管理", "安全", "时间", "左右", "车辆", "许多", "万人", "司法", "东方", "华人",
             "金融", "海关", "石油", "江西", "明年", "高度", "宁可", "伊方", "于是"}


TITLE_INSIDE_RE = re.compile("|".join(sorted((t for t in N.TITLES if len(t) > 1), key=len, reverse=True)))
# Words that join clauses; a transliterated name does not use them (蕾特诺在马尼拉 is a clause).
FUNCTION_CHARS = re.compile("[在向对和与同的了将已于把被]")


def foreign_official(prefix: str) -> bool:
    """A title prefix that places its holder abroad: 日本新任外相, 美国共和党国会参议员."""
    code = country_of(prefix)
    return code is not None and code != "CN"


def plausible_foreign_name(tail: str, abroad: bool = False) -> bool:
    """A 2-7 character tail with no verb, adverb or function word in it: 上川阳子, 鲁比欧.
    After a foreign official's title (`abroad`), numerals and measure words are allowed:
    jieba reads Japanese names such as 大串博志 as common words."""
    if not re.fullmatch(rf"[{CJK}]{{2,7}}", tail) or tail in NOT_NAMES or org_kind(tail):
        return False
    if TITLE_INSIDE_RE.search(tail) or FUNCTION_CHARS.search(tail):
        return False
    words = list(tagged(tail))
    if abroad:  # jieba splits Korean and Japanese names (权起植, 小泽一郎) into odd words
        return not any(w.flag[:1] in ("u", "p", "c", "r") or (w.flag[:1] in ("v", "d") and len(w.word) > 1)
                       for w in words)
    return not any(w.flag[:1] in ("v", "d", "u", "p", "c", "r", "t", "m", "q") for w in words)


def in_dictionary(word: str) -> bool:
    """A common word of jieba's dictionary (安全, 德国), which a rare name is not."""
    return word_frequency(word) > 0


def looks_transliterated(name: str) -> bool:
    """A foreign name written in Han characters: 泽连斯基, 卡尼, 马约卡斯."""
    if country_of(name) or name in N.COUNTRIES or name in N.REGIONS or FUNCTION_CHARS.search(name):
        return False
    return (2 <= len(name) <= 8 and re.fullmatch(rf"[{CJK}]+", name) is not None
            and sum(ch in N.TRANSLITERATION_CHARS for ch in name) >= max(1, len(name) // 2)
            and not name.endswith(N.TITLES) and not org_kind(name) and not TITLE_INSIDE_RE.search(name)
            and not any(w.flag[:1] in ("v", "d", "p", "c", "u", "r") and len(w.word) > 1
                        for w in tagged(name)))


def expand_abbreviation(text: str) -> str:
    """`美国务院` → `美国国务院`: a one-character country glued onto an institution."""
    full = COUNTRY_PREFIX_RE.match(text)
    if full and text[full.end():].startswith(N.INSTITUTIONS):
        return text
    short = text[:1]
    if short in N.FULL_FROM_SHORT and text[1:].startswith(N.INSTITUTIONS) and text[1:2] != "方":
        rest = text[1:]
        if rest.startswith("媒"):
            return text  # 美媒 stays as written
        return N.FULL_FROM_SHORT[short] + rest
    return text


@lru_cache(maxsize=65536)
def country_of(text: str) -> str | None:
    """The ISO code of the country a noun phrase opens with or names, else None."""
    if text.startswith("中华人民共和国"):
        return "CN"
    full = COUNTRY_PREFIX_RE.match(text)
    if full:
        return N.COUNTRIES[full.group(0)]
    for region, code in N.REGIONS.items():
        if text.startswith(region):
            return code
    if text in N.COLLECTIVES:
        return N.COLLECTIVES[text]
    for media, code in N.MEDIA_NAMES.items():
        if text.startswith(media):
            return code
    for gov, code in N.GOV_NAMES.items():
        if text.startswith(gov):
            return code
    if text.startswith(N.CN_MINISTRIES) or text.startswith(("国家", "中共", "全国人大", "国务院")):
        return "CN"
    if len(text) >= 2 and text[0] in N.SHORT_COUNTRIES and text[1:].startswith(N.INSTITUTIONS):
        return N.SHORT_COUNTRIES[text[0]]
    return None


def normalise_org(org: str) -> str:
    """Organisation names as one form: unprefixed Chinese ministries get 中国 (外交部 → 中国外交部)."""
    org = expand_abbreviation(org.strip("的、，"))
    if org in N.CN_MINISTRIES and org not in ("中联部", "中共中央对外联络部", "中央军委", "央行",
                                                "中国人民银行", "中国海警局"):
        return "中国" + org
    return org


def org_kind(name: str) -> str | None:
    """media | government | organization for a noun phrase that names a body, else None."""
    bare = name.strip("《》")
    if "《" in name:
        # 《东京新闻》 is an outlet; 《建议》 is a document.
        return "media" if re.search(r"《[^》]*(?:报|刊|杂志|周刊|时报|新闻|网|社|之音|之声)》", name) else None
    if bare in N.MEDIA_NAMES or bare.endswith(N.MEDIA_ENDINGS):
        return "media"
    if bare.endswith("新闻") and len(bare) >= 3 and noun_phrase(bare[:-2]):
        return "media"  # 央视新闻, 日本经济新闻; not 翻查新闻 (a verb before it)
    if bare in N.GOV_NAMES or bare.endswith(N.GOV_ENDINGS) or bare in N.CN_MINISTRIES:
        return "government"
    if len(bare) >= 3 and bare.endswith("司") and not bare.endswith(("公司", "官司", "上司")):
        return "government"  # 律政司, 外交部礼宾司: a department (公司 is a company, below)
    if bare.endswith(N.ORG_ENDINGS) or bare.endswith(N.COMPANY_ENDINGS) and company_name(bare):
        return "organization"
    if meeting_name(bare):
        return "organization"
    return None


def meeting_name(text: str) -> bool:
    """A meeting named by who holds it and what it is (中央经济工作会议, 国务院常务会议, 中央财经委员会
    第一次会议, 十九届四中全会): nouns and an ordinal before 会议, a plenum's number before 全会;
    not a meeting held (进行会议) nor a name before 全会 (陈志全|会)."""
    if text.endswith("全会"):
        return re.search(r"届[一二三四五六七八九十]中全会$", text) is not None
    if not text.endswith("会议") or len(text) < 4 or re.match(
            r"(?:该|此|这|那|本次|本届|上次|上届|上周|今天|今年|自\d|自今|一次|两次|几次|每次|某)", text):
        return False
    head = text[:-2]
    if not (head.startswith(("中央", "中共", "党的", "全国", "国务院")) or any(
            org_kind(head[:i]) for i in range(3, len(head) + 1))):
        return False  # (部门会议: a meeting of no body named)
    return all(w.flag[:1] in ("n", "j", "m", "q") or w.flag in ("vn", "b", "zg") or w.word in ("第", "次", "和", "与")
               or w.word in N.ORG_ENDINGS + N.GOV_ENDINGS for w in tagged(head))  # (委: zg; 组织: v; 贸易和发展)


def company_name(text: str) -> bool:
    """A name, then the trade word (澜起|科技, 万科|地产), or a company jieba knows whole
    (中信证券, 重庆百货); not a common noun that ends in a trade word (高科技, 黑|科技, 房地产)."""
    words = tagged(text)
    last = words[-1]
    if last.word in N.COMPANY_ENDINGS:
        return len(words) >= 2 and words[-2].flag[:2] in ("ns", "nz", "nr", "nt")
    return last.flag in ("nt", "nz") and len(last.word) >= 4


def split_title(prefix: str, known_orgs: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """`华中科技大学国家治理研究院特聘研究员` → (org, title) = (华中科技大学国家治理研究院, 特聘研究员)."""
    prefix = prefix.strip("、，的 ")
    if not prefix:
        return None, None
    for org in sorted(known_orgs, key=len, reverse=True):
        if org and prefix.startswith(org) and len(prefix) > len(org):
            return org, prefix[len(org):]
    # The org is the longest head that names a body and leaves a title after it.
    for i in range(len(prefix) - 1, 0, -1):
        head, tail = prefix[:i].rstrip("的"), prefix[i:]
        if not tail.endswith(N.TITLES) or re.search("[、兼]", tail) and not re.split("[、兼]", tail)[0].endswith(N.TITLES):
            continue  # (国务委|员、外交部长, 国务委|员兼外长: a cut title is no organisation's)
        if any(head.endswith(prefix) and prefix + tail in N.TITLES for prefix in ("新闻", "首席", "副")):
            continue  # 国防部新闻|发言人: the title is 新闻发言人, not an outlet's 发言人
        # 国务委员、公安部部长: titles listed with 、; the org is the last item's body.
        org = re.split("[、兼]", head)[-1]
        if TITLE_RANKS_RE.fullmatch(head):
            break  # 署理|总裁判官: a rank, not a body (署 ends bodies' names too)
        if org_kind(org) or (org == head and head in N.COUNTRIES):
            title = prefix if re.search("[、兼]", head) else tail
            return normalise_org(org), title
    if org_kind(prefix):
        return normalise_org(prefix), None
    return None, prefix


def is_anonymous(text: str) -> bool:
    if re.search(r"(?:一名|一位|一些|多名|多位|数名|几名|两名|某)[\u3400-\u9fff]{0,8}(?:领导人|官员|成员|人士|消息人士|"
                 r"知情人士|知情者|外交官|高层|代表|议员|顾问|负责人|发言人)$", text):
        return True  # 哈马斯一名领导人, 一名不愿具名的美国官员
    if re.match(r"(?:一名|一位|两名|两位|多名|多位|数名|几名)[^，。]{0,12}(?:不愿|不肯|要求)(?:透露|公开|具名)"
                r"(?:姓名|身份)?的", text) or re.match(r"(?:一名|一位|两名|两位|多名|多位|数名|几名)[^，。]{0,10}"
                                                   r"知情的", text):
        # 一名不愿透露姓名的12港人案协助者, 两名本港及内地知情的学者: unnamed by their own wish
        return text.endswith(("者", "员", "人", "士", "官", "家", "生", "师", "代表", "学者", "成员"))
    if re.fullmatch(rf"(?:一名|一位|两名|两位|多名|多位|数名|几名)[^，。]{{1,15}}的[{CJK}]{{1,4}}", text):
        # 一名在附近工作的女士: one person, described and not named
        return text.endswith(("者", "员", "人", "士", "官", "家", "生", "师", "女士", "先生", "小姐", "居民", "市民"))
    if re.fullmatch(rf"(?:熟悉|接近|了解)[{CJK}]{{2,14}}?的?(?:人士|官员|消息人士|知情人士)", text):
        return True  # 接近央行人士, 熟悉谈判的人士: close to a body or a matter, not named
    if re.fullmatch(rf"[{CJK}]{{2,4}}(?:幕僚|助手|亲信|身边人士|身边人)", text):
        return True  # 蔡英文幕僚: someone close to a named person, not named
    one = re.fullmatch(rf"(?:一名|一位|两名|两位|多名|多位|数名|几名|几位)(?P<who>[{CJK}]{{2,8}})", text)
    if one and one.group("who").endswith(N.TITLES) and "的" not in one.group("who"):
        return True  # 一名护士, 一位专家, 两名医生: some of a role, not named
    return text.endswith(N.ANONYMOUS_ENDINGS) and (
        text.startswith(N.ANONYMOUS_MARKERS) or any(m in text for m in N.ANONYMOUS_MARKERS)
        or text.endswith(("消息人士", "知情人士", "高层")) or text in ("官员", "人士")
        or (text.endswith("官员") and re.search(rf"[{CJK}]{{2,3}}$", text[:-2]) is not None)
    )


def name_at_end(text: str) -> Iterator[tuple[str, str]]:
    """(name, what precedes it) for a Chinese name by its shape (a surname, given-name
    characters) of three, then two characters at the end of a text, after at least two more."""
    for size in (3, 2):
        name, head = text[-size:], text[:-size]
        if len(head) >= 2 and name[0] in N.SURNAMES and name not in NOT_NAMES and is_chinese_name(name):
            yield name, head


# Endings of words that name a role (巡视员, 调研员, 导游, 干事, 信托人).
ROLE_ENDINGS = ("员", "长", "官", "师", "人", "导游", "干事", "书记", "主任", "专员", "顾问")


def role_then_name(text: str) -> tuple[int, str] | None:
    """(where the role word ends, the name) for a text that ends with a word of the dictionary
    naming a role by its ending and then a name of 2-4 characters (巡视员达娃次仁)."""
    for size in (3, 2, 4):
        name, head = text[-size:], text[:-size]
        if not re.fullmatch(rf"[{CJK}]+", name) or in_dictionary(name) or not head.endswith(ROLE_ENDINGS) \
                or in_dictionary(name[:2]) or size == 4 and in_dictionary(name[2:]):
            continue  # 总书记|语含真情: words of the sentence, not a name
        if not (is_chinese_name(name) or plausible_foreign_name(name, abroad=True)):
            continue
        if not is_chinese_name(name) and len(head) not in word_edges(text):
            continue  # 高举人|类命运: the role word is cut out of another (人类)
        for length in (2, 3, 4):  # the role word: the shortest of the dictionary at the end
            if length <= len(head) and in_dictionary(head[-length:]):
                return len(head), name
        if re.search(rf"首席[{CJK}]{{1,3}}官$", head):
            return len(head), name  # 首席发展官朱政: chief officers of any kind
    return None


CHIEF_OFFICER_RE = re.compile(rf"(?P<head>[{CJK}]{{0,12}}首席[{CJK}]{{1,4}}官)(?P<name>[{CJK}]{{2,3}})")
LATIN_NAME_END_RE = re.compile(r"[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+)+$")


def outlet_staff(text: str, known_orgs: tuple[str, ...] = (), known_names: frozenset = frozenset()) -> Mention | None:
    """《苹果日报》总编辑罗伟光: a person of the outlet named before their title and name."""
    rest = text[text.rindex("》") + 1:]
    if not rest:
        return None
    person = parse_mention(rest, known_orgs, known_names)
    return person if person is not None and person.kind == "person" and person.title else None


# Words before a title that make it another post: a higher or lower rank, one held for now, or
# one held before (总裁判官, 副市长, 署理总干事, 首席法官, 前总统).
TITLE_RANKS_RE = re.compile(r"(?:前|时任|署理|代理|候任|常务|执行|高级|资深|首席|总|副|首)+")
RANK_AT_END_RE = re.compile(rf"(?:{TITLE_RANKS_RE.pattern})$")


@lru_cache(maxsize=65536)
def parse_mention(mention: str, known_orgs: tuple[str, ...] = (),
                  known_names: frozenset = frozenset()) -> Mention | None:
    """The speaker a mention names, or None when it does not read as a source."""
    text = mention.strip(" 　，、：:")
    text = re.sub(r"^(?:而|但|则|并|且|也|还|又)", "", text)
    if not text or len(text) > (100 if "、" in text else 40) or CLAUSE_WORDS_RE.search(text):
        return None
    text = expand_abbreviation(text)
    if text.endswith(("代表", "委员")) and len(text) > 6:
        # 司长刘炳江委员 / 村委会主任雷金玉代表: a deputy's seat after a titled name.
        inner = parse_mention(text[:-2], known_orgs, known_names)
        if inner and inner.kind == "person" and inner.title and is_chinese_name(inner.name):
            return Mention(inner.name, "person", title=f"{inner.title}、{text[-2:]}", org=inner.org,
                           country=inner.country)
    if text.endswith(("同志", "先生")) and len(text) >= 4 and is_chinese_name(text[:-2]):
        return Mention(text[:-2], "person")  # 习近平同志, 李强先生: a form of address after the name
    # A rank after a name is a title: 张晓刚大校.
    rank = None
    for r in N.RANKS:
        if text.endswith(r) and len(text) > len(r) + 1:
            rank, text = r, text[: -len(r)]
            break
    if text.endswith(("方面", "一方")) and len(text) > 3:
        # 乌克兰方面, 美国政府方面, 黎智英一方: the side as written, read by what precedes it.
        inner = parse_mention(text[:-2], known_orgs, known_names)
        if inner is None and (text[:-2] in N.COUNTRIES or text[:-2] in N.REGIONS):
            inner = Mention(text[:-2], "government", country=country_of(text[:-2]))
        if inner:
            return Mention(text, "collective" if inner.kind == "person" else inner.kind,
                           country=inner.country)
    people = PEOPLE_OF_RE.match(text)
    if people and country_of(people.group("place")) and people.group("place") in N.COUNTRIES:
        return Mention(text, "collective", country=N.COUNTRIES[people.group("place")])
    if re.fullmatch(r"[两二三四五六七八九十]人", text):
        return Mention(text, "collective")  # 两人均认为: the people just named, together
    if text in N.COLLECTIVES or COLLECTIVE_RE.match(text):
        return Mention(text, "collective", country=N.COLLECTIVES.get(text))
    side = text[:-1]
    if re.fullmatch(rf"[{CJK}]{{1,4}}方", text) and (side in N.SHORT_COUNTRIES or country_of(side)):
        return Mention(text, "collective", country=N.SHORT_COUNTRIES.get(side) or country_of(side))
    official = re.fullmatch(rf"(?P<side>[{CJK}]{{1,2}})(?:官方|当局)", text)
    if official and official.group("side") in N.SHORT_COUNTRIES:  # 澳官方, 美当局: a country's officials
        return Mention(text, "collective", country=N.SHORT_COUNTRIES[official.group("side")])
    if text in N.MEDIA_NAMES:
        kind = "collective" if text.endswith("媒") else "media"
        return Mention(text.strip("《》"), kind, country=N.MEDIA_NAMES[text])
    foreign = FOREIGN_NAME_RE.search(text)
    if foreign and foreign.end() == len(text):
        name = foreign.group(0)
        # The name starts after the last title word inside the run: 主管沃特·巴尔戎.
        head = text[: foreign.start()]
        run = name
        for t in titles_in(run):
            k = run.split("·")[0].rfind(t)
            if k >= 0:
                head += run[: k + len(t)]
                name = run[k + len(t):]
                break
        org, title = split_title(head, known_orgs)
        return Mention(name, "person", title=title, org=org,
                       country=country_of(head) or country_of(org or ""))
    chief = CHIEF_OFFICER_RE.fullmatch(text)
    if chief and is_chinese_name(chief.group("name")):
        # 优必选首席品牌官谭旻: chief officers of any kind, the title ending in 官 before the name
        org, title = split_title(chief.group("head"), known_orgs)
        return Mention(chief.group("name"), "person", title=title or chief.group("head"), org=org,
                       country=country_of(chief.group("head")))
    if REGNAL_RE.fullmatch(text) and not any(t in text for t in N.TITLES if len(t) > 1):
        return Mention(text, "person")
    latin = LATIN_NAME_END_RE.search(text)
    if latin and latin.start() > 0 and text[:latin.start()].endswith(N.TITLES):
        # 总编辑Tim Pringle, 主任Akira Igata: a name in Latin letters after its title
        org, title = split_title(text[:latin.start()].replace("《", "").replace("》", ""), known_orgs)
        return Mention(latin.group(), "person", title=title, org=org, country=country_of(text[:latin.start()]))
    if "《" in text and org_kind(text) == "media":
        outlet = re.search(r"《([^》]+)》", text).group(1)  # 日本《东京新闻》 → 东京新闻
        staff = outlet_staff(text, known_orgs, known_names)
        if staff is not None:
            return Mention(staff.name, "person", title=staff.title, org=outlet, country=staff.country)
        return Mention(outlet, "media", country=country_of(text) or N.MEDIA_NAMES.get(outlet))
    group = LISTED_GROUP_RE.fullmatch(text)
    if group:
        # 朱宏军、王丽君、徐飞等基层工作者: people named in a list speak as one group.
        members = [parse_mention(part, known_orgs, known_names) for part in group.group("list").split("、")]
        if all(members):
            return Mention(text, "collective", country=members[0].country)
    if is_anonymous(text):
        # 一名不愿具名的美国官员: the description keeps its country wherever it names it.
        place = COUNTRY_PREFIX_RE.search(text)
        return Mention(text, "anonymous", country=country_of(text) or (
            N.COUNTRIES[place.group(0)] if place else None))
    # NAME + TITLE (车俊常委, 王世杰常委代表民革中央, 王毅国务委员兼外长, 拜登总统).
    m = NAME_THEN_TITLE_RE.match(text)
    if m and is_chinese_name(m.group("name")) and not m.group("name").endswith(("村", "镇", "乡")):  # (吴营村|村支书)
        return Mention(m.group("name"), "person", title=m.group("title"),
                       org=m.group("org") or None, country=None)
    m = NAME_THEN_TITLES_RE.match(text)
    if m and not m.group("name").endswith(PLACE_ENDINGS) and (
            is_chinese_name(m.group("name")) or looks_transliterated(m.group("name"))
            and not common_noun(m.group("name")) or m.group("name") in known_names):
        return Mention(m.group("name"), "person", title=m.group("title"))
    if text.startswith(GROUP_PREFIXES) and text.endswith(N.TITLES):
        return Mention(text, "collective", country=country_of(text.lstrip("各")))
    # TITLE + NAME: the name is a 2-4 character tail after the last title word.
    for t in titles_in(text):
        k = text.rfind(t)
        if k < 0:
            continue
        tail = text[k + len(t):]
        if tail and (is_chinese_name(tail) or looks_transliterated(tail) or REGNAL_RE.fullmatch(tail)
                     # 主席黄家和, 总干事程鼎一: 和 and 一 end given names too, after a title
                     or (len(tail) == 3 and tail[0] in N.SURNAMES and tail[2] in "和一"
                         and tail[1] not in NOT_GIVEN_NAME and not in_dictionary(tail[1:]))
                     # 董事长谢国民, 主席王建国: a given name that is also a word (国民, 建国)
                     or (len(tail) == 3 and len(t) >= 2 and word_given_name(tail))
                     or (foreign_official(text[:k]) and plausible_foreign_name(tail, abroad=True))
                     # after a title, a short name with no word of the sentence in it (加央, 莉莲)
                     or (2 <= len(tail) <= 4 and plausible_foreign_name(tail) and not in_dictionary(tail)
                         and not (len(tail) == 4 and is_chinese_name(tail[:3])
                                  and tail[3] in NOT_GIVEN_NAME | STRAY_AFTER_NAME))):  # (陈志全|会后)
            org, title = split_title(text[: k + len(t)], known_orgs)
            return Mention(tail, "person", title=title, org=org,
                           country=country_of(text) or country_of(org or ""))
        if not tail:
            break
    for name, head in name_at_end(text):
        # 高级督察林威杰, 资产管理董事蔡碧林: a noun of the dictionary, then a name by its shape
        # (no word of the dictionary in it): the noun is the title.
        if not in_dictionary(name) and not in_dictionary(name[1:]) and not in_dictionary(name[:2]):
            words = tagged(head)
            if words and words[-1].flag[:1] == "n" and not words[-1].flag.startswith(("nr", "ns", "nt")) \
                    and len(words[-1].word) >= 2 and in_dictionary(words[-1].word) \
                    and not FUNCTION_CHARS.search(head):
                org, title = split_title(head, known_orgs)
                return Mention(name, "person", title=title or words[-1].word, org=org,
                               country=country_of(head) or country_of(org or ""))
    role = role_then_name(text)
    if role:
        # 巡视员达娃次仁, 旅发局总干事程鼎一: a word of the dictionary that names a role by its
        # ending, then a name.
        role_end, name = role
        org, title = split_title(text[:role_end], known_orgs)
        return Mention(name, "person", title=title, org=org, country=country_of(text) or country_of(org or ""))
    if text.endswith(N.TITLES):
        # A role without a name (美国国防部发言人, 外交部发言人): the role is the speaker,
        # provided what precedes the title names a body or a country.
        org, title = split_title(text, known_orgs)
        if org is None and title not in N.TITLES and not text.startswith(tuple(N.COLLECTIVES)):
            # A body with no telling ending before the title (港铁发言人, 长和主席): a noun
            # phrase of a few words with no verb, function word or numeral in it.
            role = next((t for t in titles_in(text) if text.endswith(t)), None)
            head = text[:-len(role)] if role else ""
            if TITLE_RANKS_RE.fullmatch(head):  # 总裁判官, 署理总裁判官: a rank of the title
                return Mention(text, "person", title=text)
            if not (2 <= len(head) <= 10 and not FUNCTION_CHARS.search(head) and not re.search(r"\s", head) and all(
                    w.flag[:1] in ("n", "j") or w.flag == "eng" for w in tagged(head))):
                return None
            org, title = head, role
        kind = "anonymous" if text.endswith(("官员", "高级官员", "人士")) else "person"
        return Mention(expand_abbreviation(text), kind, title=title, org=org, country=country_of(text))
    if text in N.COUNTRIES:
        return Mention(text, "government", country=N.COUNTRIES[text])  # 美国宣布……
    if text in N.CAPITALS:
        return Mention(text, "government", country=N.CAPITALS[text])  # 北京表示, 华盛顿警告
    if text in N.PROVINCES:
        return Mention(text, "government", country="CN")  # 陕西在总结……时表示: the province's government
    if re.fullmatch(r"[A-Z][A-Za-z0-9&.\- ]{1,30}", text):
        return Mention(text, "organization")  # ASML, CSIS: Latin-letter names of bodies
    latin = latin_name_after_noun(text)
    if latin:
        return latin
    kind = org_kind(text)
    if kind:
        return Mention(text.strip("《》"), kind, country=country_of(text))
    if text not in NOT_NAMES and (is_chinese_name(text) or (rank and re.fullmatch(rf"[{CJK}]{{2,4}}", text))):
        return Mention(text, "person", title=rank)
    if 3 <= len(text) <= 6 and looks_transliterated(text):
        return Mention(text, "person", title=rank)  # 约翰逊说: a foreign name with no title
    if len(text) == 2 and all(ch in N.TRANSLITERATION_CHARS for ch in text) and looks_transliterated(text) \
            and [w.flag for w in tagged(text)] in (["nr"], ["nrt"]):
        return Mention(text, "person", title=rank)  # 帕克说, 米勒说: two syllables jieba reads as a name
    return None


LATIN_TAIL_RE = re.compile(rf"(?P<head>[{CJK}《》、]{{2,24}}?)(?P<name>[A-Z][A-Za-z0-9&.'’-]*(?: [A-Z][A-Za-z0-9&.'’-]*){{0,3}})")


def latin_name_after_noun(text: str) -> Mention | None:
    """A noun phrase, then a name in Latin letters (市场研究公司Sensor Tower, 總編輯Tim Pringle,
    學者Calla Wiemer): the noun says what the name is (a body or a person), the name is kept as
    written. Names in Latin letters are common in Hong Kong and translated reporting."""
    m = LATIN_TAIL_RE.fullmatch(text)
    if not m:
        return None
    # 另一名委員、阿肯色州參議員Tom Cotton: of descriptions in a list, the one next to the name
    head, name = m.group("head").rsplit("、", 1)[-1], m.group("name")
    words = tagged(head.strip("《》"))
    # nouns, verbal nouns inside (市场|研究|公司), a noun at the end
    if FUNCTION_CHARS.search(head) or not words or words[-1].flag[:1] not in ("n", "j") or not all(
            w.flag[:1] in ("n", "j") or w.flag in ("vn", "eng") or w.word in "《》" for w in words):
        return None
    if head.endswith(tuple(N.TITLES) + AGENT_SUFFIXES + PERSON_NOUN_ENDINGS):
        org, title = split_title(head)
        return Mention(name, "person", title=title or head, org=org, country=country_of(head))
    if org_kind(head):
        return Mention(name, org_kind(head), country=country_of(head))
    return None


# Given-name characters and transliteration syllables that name women far more often than men
# (林郑月娥, 安娜, 玛丽亚; the names of 蔡英文 or 佩洛西 do not tell), and words of a title that
# say it. Used only to choose between people already named (他/她).
FEMALE_NAME_CHARS = set("娥婷婉娟娜媛嫣妍妮姗婕婧娴婵嫦媚芳芬萍莉莎蓉蕾薇凤霞雯琳琴瑶璐玲珊丽艳淑倩翠娇姣娅娃黛")
FEMALE_SYLLABLES = set("娃娅娜莎丽莉琳妮黛")  # 安娜, 玛丽亚, 莎拉 (菲利普 and 史蒂夫 are men)
FEMALE_WORDS_RE = re.compile(r"女|夫人|太太|小姐|妈妈|母亲|妻子|王后|皇后|公主|修女|姐姐|妹妹|阿姨|婆婆|奶奶")


def gender_of(info: Mention) -> str | None:
    """"f" when a person's name or title says she is a woman, else None (no evidence)."""
    if info.kind != "person":
        return None
    name = to_simplified(info.name)
    if FEMALE_WORDS_RE.search(to_simplified(info.title or "")):
        return "f"
    if is_chinese_name(name):
        return "f" if FEMALE_NAME_CHARS & set(name[1:] if len(name) < 4 else name[2:]) else None
    return "f" if FEMALE_SYLLABLES & set(name.split("·")[0]) else None


FOREIGN_NAME_AT_RE = re.compile(rf"[{CJK}]{{1,6}}(?:·[{CJK}]{{1,8}})+")


def name_at(text: str, pos: int) -> str | None:
    """The person's name that starts at `pos` (after a title: 议员林卓廷到现场), whatever
    follows it: a transliteration with dots, a married name (林郑月娥), or the person word
    jieba's tagger reads there."""
    foreign = FOREIGN_NAME_AT_RE.match(text, pos)
    if foreign:
        return foreign_name_in(foreign.group(0))
    if text[pos:pos + 1] not in N.SURNAMES:
        return None  # a Chinese name opens with its surname; anything else is read no further
    return chinese_name_in(text[pos:pos + 8])


@lru_cache(maxsize=65536)
def foreign_name_in(run: str) -> str | None:
    """The name in a run of dotted words: the last part ends where a word of the sentence
    begins (雅各布·弗雷|批评)."""
    head, last = run.rsplit("·", 1)
    kept = ""
    for word in tagged(last):
        if kept and (word.flag[:1] in ("v", "p", "d", "c", "u", "r", "t", "f", "m") or word.word in CLAUSE_OPENERS):
            break
        kept += word.word
    return f"{head}·{kept}" if kept else None


@lru_cache(maxsize=65536)
def chinese_name_in(window: str) -> str | None:
    """The Chinese name at the head of a few characters of text."""
    if len(window) >= 4 and window[:2] not in N.COMPOUND_SURNAMES and is_chinese_name(window[:4]):
        return window[:4]  # 林郑月娥, not 林郑月
    # Jieba's tagger recognises a Chinese name as one person word (林卓廷|到, 王晨|看望, never 向|习近平).
    first = next(iter(tagged(window)), None)
    three = len(window) >= 4 and (window[3] in STRAY_AFTER_NAME or window[3] in "今昨明前日") and is_chinese_name(window[:3]) \
        and not in_dictionary(window[:3])
    if first is not None and first.flag.startswith("nr") and 2 <= len(first.word) <= 3 \
            and is_chinese_name(first.word):
        return window[:3] if len(first.word) == 2 and three else first.word  # 李家超|今日, not 李家
    if three:
        return window[:3]  # 严建平|亦: a name jieba does not know, by its shape and what follows it
    return None


def short_forms(name: str) -> tuple[str, ...]:
    """How a later sentence refers to a person named in full: 雅各布·弗雷 → 弗雷; 林郑月娥 →
    林郑 (Hong Kong news calls a married woman by both surnames)."""
    if "·" in name:
        return (name.rsplit("·", 1)[-1],)
    if len(name) == 4 and is_chinese_name(name) and name[:2] not in N.COMPOUND_SURNAMES:
        return (name[:2],)
    return ()


# ---------------------------------------------------------------- is it a source?

# What a source's name never is: a piece of a sentence. It does not open with a preposition,
# conjunction or adverb (继美国政府, 就在“论坛”举办, 对选举), does not hold a reporting verb
# (科尔图诺夫刊文), a verb of the narration or a space (a glued headline), does not end with a
# particle, and its brackets and quote marks are balanced (“联合国, ）金州勇士队……).
FRAGMENT_START_RE = re.compile(r"^(?:致(?!公)|当(?!地|局)|自(?=\d|[今去上本前])|以及|这是|那是|难怪|些|透过|通过|经由|作为|[继就对在从把被让给于由随据如若因为和与及或而但并也还又再才都的是将已曾即不连则会遭到]|"
                               r"\d{2,4}年|\d{1,2}月)")  # 再有示威者, 2014年10月占领运动: a clause, a date
FRAGMENT_INSIDE_RE = re.compile(
    r"表示|指出|强调|透露|宣布|认为|声称|刊文|发文|撰文|赞赏|举办|举行|召开|出席|参加|访问|会见|"
    r"空袭|袭击|出现|发生|导致|造成|称|说|严辞|当务之急|推动|会面|会见|会谈|见面|通话|主张|介绍|重视|希望|"
    r"发声|委托|接受|开庭|发表|期间|日前|[两几]天前|告诉|回应|提到|一方面|注意到|致函|致信|联名|违反|了|[\s\d%％]")
FRAGMENT_END_RE = re.compile(r"(?:[的了着过是在对向与和及等之时第]|[一二三四五六七八九十两几多]名|以来|以后|之后|之前|以前|期间|之际)$")
BRACKET_PAIRS = ("“”", "「」", "『』", "（）", "()", "《》", "【】")


# A speaker phrase is a noun phrase: a word that opens a clause inside it (a preposition, an
# adverb, a time, a pronoun, a verb after a complete source) ends the phrase there. Closed
# lists, not jieba's tags alone: the tagger reads pieces of foreign names as verbs and
# adverbs (斯诺|登, 韩国|首尔/d).
CLAUSE_OPENERS = {
    # prepositions
    "向", "在", "对", "同", "跟", "给", "把", "被", "由", "从", "于", "就", "经", "通过", "利用",
    "借", "据", "针对", "对于", "关于", "至于", "随", "趁", "当着",
    # adverbs, modals
    "也", "又", "亦", "曾", "还", "都", "均", "则", "即", "仍", "再", "却", "便", "已", "已经", "正", "正在",
    "将", "将要", "愿", "一再", "再次", "多次", "一直", "也曾", "还曾", "高度",
    "充分", "积极", "严肃", "严厉", "坦率", "郑重", "公开", "明确", "亲自", "实地", "进一步",
    "一致", "纷纷", "先后", "首次", "不断", "始终", "自始至终", "其实", "从一开始", "连续", "分别",
    "原先", "原本", "突然", "仍然", "依然", "早已", "曾经", "随即", "立即", "当即", "旋即", "再度", "同时", "此外",
    "亦曾", "近来", "早在", "先前", "事先", "最终", "终于", "正式", "首先", "接着", "然后", "更是", "只是",
    # times
    "昨", "今", "昨天", "今天", "明天", "前日", "昨日", "今日", "日前", "近日", "近期", "当天", "当日", "此前",
    "随后", "最近", "本周", "上周", "下周", "本月", "上月", "去年", "今年", "明年", "年初", "年底", "当地时间", "上午",
    "下午", "晚上", "早前", "早些时候", "其后", "之后", "之前", "后来", "当时", "周一", "周二", "周三", "周四",
    "周五", "周六", "周日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日", "会上", "席间",
    # pronouns, conjunctions, particles
    "他", "她", "它", "他们", "她们", "我", "我们", "你", "你们", "自己", "因为", "所以", "但", "但是", "而",
    "而且", "并", "并且", "无论", "如果", "虽然", "所", "了", "着", "过", "地", "得",
}
# Verbs of acting and meeting, never inside a name: after a complete source they open its
# clause even when a name follows (阿方欢迎王毅国务委员兼外长). Other verbs do only where the
# phrase does not end as a name of a body does (国防部下属机构……合作局 stays whole).
ACTION_VERBS = {"欢迎", "感谢", "会见", "召见", "会晤", "致电", "致函", "致信", "去信", "签署", "发布", "质疑", "回应", "谴责",
                "敦促", "呼吁", "批评", "赞赏", "祝贺", "接见", "听取", "宣布", "批准", "否决", "加入", "访问",
                "出席", "主持", "率领", "回覆", "回复", "支持", "反对", "要求", "邀请", "任命"}
MANNER_WORDS = {"鲜明", "严肃", "强烈", "坦率", "明确", "郑重", "公开", "高度", "积极", "简短", "直接"}
# The first characters of cues and verbs cut in two (布林肯承[认], 佩洛西窜[访]): taken off the
# end of a foreign name.
CUT_VERB_CHARS = set("承窜接拒召回互致指称说讲谈问答邀派赴访抵率携呼表强透宣介")
OPENERS_LONGEST_FIRST = sorted(CLAUSE_OPENERS, key=len, reverse=True)
# Adverbs that end no Chinese given name: glued to a three-character name they are the
# clause's (律师文浩亦正向……证实 → 文浩), where 均 may end one (李志均).
NEVER_NAME_ENDS = set("亦也则并还都又")
# After a surname alone (沈續指), 续 (went on) too, which may end a full given name.
AFTER_SURNAME_ALONE = NEVER_NAME_ENDS | {"续"}
LONG_TITLES = tuple(t for t in N.TITLES if len(t) >= 2)
TITLE_ENDINGS = tuple(N.TITLES)


def _complete_source(prefix: str, last_flag: str) -> bool:
    """Words that name a source on their own: a person, a title, a side (中方)."""
    return len(prefix) >= 2 and (
        is_chinese_name(prefix) or prefix in N.COLLECTIVES or last_flag in ("nr", "nrfg", "nrt")
        or prefix.endswith(LONG_TITLES) or prefix.endswith(LONG_SOURCE_ENDINGS))


@lru_cache(maxsize=65536)
def clause_break(text: str) -> int | None:
    """Where a speaker phrase stops being a noun phrase (习近平主席|向论坛, 蔡英文|昨,
    南韩军方|又发现, 阿方|欢迎王毅): the offset of the word that opens a clause, else None.
    Names by their shape are left whole (jieba tags 陈永新's 永新 as an adverb)."""
    plain = to_simplified(text)
    if is_chinese_name(plain) or looks_like_chinese_name(plain) or REGNAL_RE.fullmatch(plain):
        return None
    words = [(w.word, w.flag) for w in tagged(plain)]
    pos = len(words[0][0]) if words else 0
    for i in range(1, len(words)):
        word, flag = words[i]
        prefix = plain[:pos]
        if word == "在" and plain[pos + 1:pos + 2] == "华":
            pass  # 在华商会: in China, a modifier
        elif word in CLAUSE_OPENERS and not (len(plain) == 3 and len(word) == 1 and plain[0] in N.SURNAMES
                                           and word not in STRAY_AFTER_NAME):
            return pos  # not 张维为: a given name may end with such a character
        elif flag[:1] == "v" and flag != "vn" and len(word) >= 2 and "驻" not in word \
                and _complete_source(prefix, words[i - 1][1]) and (word in ACTION_VERBS or not (
                    plain.endswith(LONG_SOURCE_ENDINGS) or org_kind(plain)
                    or prefix.endswith(TITLE_ENDINGS))):  # 外交大臣|拉布: a name after a title
            return pos  # 蔡英文感谢拜登政府, 中俄元首签署, 英方发布……报(告): a subject and its verb
        elif i == len(words) - 1 and len(word) >= 2 and _complete_source(prefix, words[i - 1][1]) and (
                word in MANNER_WORDS or flag in ("ad", "d") and word not in N.TITLES):
            return pos  # 习近平总书记鲜明(指出), 科米突然: the manner of saying; not 首相 (tagged d)
        elif i == len(words) - 1 and word in ("下", "上", "内", "中") and len(prefix) >= 3 \
                and _complete_source(prefix, words[i - 1][1]) \
                and not (word == "内" and ("·" in prefix or looks_transliterated(words[i - 1][0] + word))):
            return pos  # 陈健波下(午); but 伊丽莎白·伯尔内, 杜凯凯内 end in 内 (-ne)
        pos += len(word)
    return None


def common_noun(word: str) -> bool:
    """A word jieba knows as a common noun or verb, not a name (联邦 of 联邦议员; 拜登 is a name)."""
    words = tagged(word)
    return len(words) == 1 and in_dictionary(word) and not words[0].flag.startswith("nr")


@lru_cache(maxsize=65536)
def trailing_adverbial(name: str) -> str | None:
    """What was glued to the end of a name (伍德曾 → 曾, 沙希德严肃 → 严肃, 布林肯承 → 承), if
    what is left reads as a foreign name or a source; never a character that may end a
    Chinese given name (李志均)."""
    plain = to_simplified(name)
    if plain.endswith(SOURCE_ENDINGS):
        return None  # 霍普金斯大学中非研究所: the name of a body ends as it should
    for opener in OPENERS_LONGEST_FIRST:
        rest = plain[:-len(opener)]
        if plain.endswith(opener) and len(rest) >= 2 and (len(opener) >= 2 or (
                not is_chinese_name(plain) and not looks_like_chinese_name(plain)
                and (looks_transliterated(rest) or "·" in rest) and "等" not in rest)):
            return opener
    if plain[-1:] in NEVER_NAME_ENDS and len(plain) >= 3 and is_chinese_name(plain[-3:]) \
            and is_chinese_name(plain[-3:-1]):
        return plain[-1]
    if len(plain) == 2 and plain[0] in N.SURNAMES and plain[1] in AFTER_SURNAME_ALONE:
        return plain[1]  # 沈續指: a surname standing for a person named before, then 续 (went on)
    if plain[-1:] in CUT_VERB_CHARS and len(plain) >= 3 and (looks_transliterated(plain[:-1]) or "·" in plain) \
            and not is_chinese_name(plain):
        return plain[-1]
    return None


def source_head(mention: str) -> str | None:
    """The source at the head of a mention that runs on into a clause (习近平主席向论坛 →
    习近平主席, 达科塔·伍德曾 → 达科塔·伍德), or None when there is no such head."""
    cut = clause_break(mention)
    head = mention[:cut] if cut else mention
    adverbial = trailing_adverbial(head)
    if adverbial:
        head = head[:-len(adverbial)]
    if head == mention or len(head) < 2:
        return None
    return head


def surname_led_name(text: str) -> bool:
    """曾俊华, 于泽远, 连战: a surname that is also a word opening clauses (曾 once, 于 at, 连
    even), here opening a name jieba reads whole (or 曾刚, a pair it does not know at all)."""
    words = tagged(text)
    return 2 <= len(text) <= 3 and len(words) == 1 and words[0].flag == "nr" and is_chinese_name(text) \
        or bare_two_character_name(text)


def bare_two_character_name(text: str) -> bool:
    """A surname and a character that can end a given name, together no word jieba knows."""
    return len(text) == 2 and text[0] in N.SURNAMES and text[1] not in NOT_GIVEN_NAME \
        and text[1] not in ABBREVIATING_CHARS and re.fullmatch(rf"[{CJK}]", text[1]) is not None \
        and word_frequency(text) == 0


# Second characters of a short form, not of a given name (韩警, 韩股, 陆委, 港府, 台媒).
ABBREVIATING_CHARS = set("警股委方府军媒企商市省区党政院部局署会队校馆报台网社团厅处所司办行航协联")

def titled_name(name: str) -> bool:
    """A short name after its title that jieba reads as a word (多数党领袖舒默: 舒默 an adjective;
    局长曾国卫): a Chinese name that does not open with a conjunction or preposition (国王陛下和沙方),
    or a transliteration that is a rare word (明确 is a common one), with no adverb glued on."""
    if not re.fullmatch(rf"[{CJK}]{{2,3}}", name) or trailing_adverbial(name):
        return False
    words = tagged(name)
    if is_chinese_name(name) or len(name) == 3 and name[0] in N.SURNAMES and not in_dictionary(name):
        return words[0].flag[:1] not in ("c", "p", "u")  # (曾国衞: a variant jieba does not know)
    return looks_transliterated(name) and word_frequency(name) < 100



@lru_cache(maxsize=65536)
def is_source_name(name: str, kind: str | None = None) -> bool:
    """Whether a speaker name reads as a source (a person, body, outlet, group or an anonymous
    description), not as a fragment of a sentence, a cue or a list of several sources."""
    text = to_simplified(name or "").strip()
    if kind == "document":  # a title the text set in 《》 (or a work report by its place): whole
        return 2 <= len(text) <= 60 and "《" not in text and "》" not in text
    if len(text) < 2 and not text.isascii() or len(text) > 30 or not re.search(rf"[{CJK}A-Za-z]", text):
        return False
    if any(text.count(a) != text.count(b) for a, b in BRACKET_PAIRS):
        return False
    if kind == "anonymous":  # 一名不愿具名的美国官员, 不具名白宫官员: a description, kept whole
        return (not FRAGMENT_START_RE.match(text) or text.startswith(("不具名", "不愿具名", "不愿透露"))) \
            and not re.search(r"表示|称|说|指出|引述|[\s]", text)
    if re.match(r"[向对跟同给]", text) and len(text) >= 3 and (
            country_of(text[1:]) or any(place.startswith(text[1:]) for place in N.COUNTRIES)):
        return False  # 向埃塞(施压): a preposition and the country it governs, not 向 the surname
    if FRAGMENT_START_RE.match(text) and not (country_of(text) or text in N.COLLECTIVES
                                               or text.startswith(("当地", "当局", "与会", "以色列", "以军"))
                                               or kind == "collective" and text.startswith("不少")
                                               or kind == "person" and surname_led_name(text)
                                               or kind == "person" and text in N.TITLES):  # 被告
        return False
    if re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", text):
        return False  # words, a space, more words: a headline glued to the text
    cjk_only = re.sub(r"[A-Za-z0-9 .&'’·•・‧-]", "", text)
    if FRAGMENT_INSIDE_RE.search(cjk_only) or FRAGMENT_END_RE.search(text) and not (
            kind == "person" and len(text) == 3 and text[0] in N.SURNAMES):  # 黄家和: 和 ends a name
        return False
    if text.count("、") >= 3 or any(len(part) > 24 or len(part) < 2 for part in text.split("、")):
        return False  # a list of many sources is not one source; 爆眼少女、報(稱): a piece of one
    if "的" in text and kind == "person":
        return False
    if re.search(r"(?:信|函|书|文|报告|声明|讲话|致辞|采访|文章|社论|评论)[中里内]$", text):
        return False  # 信中, 联合声明里: where it was said, not who
    if re.match(r"(?:一(?:份|篇|项|封|则|段)|[0-9０-９一二三四五六七八九十]*月(?![份底初]?[\u3400-\u9fff]{0,2}$)|(?:综合)?本报)", text):
        return False  # 一份(报告), 月乔治·弗洛伊(德), 综合本报记者: a measure, a date, a byline
    if text in CLAUSE_OPENERS or clause_break(text) is not None or trailing_adverbial(text):
        return False  # 习近平主席向论坛, 伍德曾: a name run on into its clause (source_head mends it)
    words = list(tagged(text))
    if len(words) == 1 and words[0].flag[:1] in ("a", "b", "d", "t", "m") and not (
            kind == "person" and (looks_transliterated(text) and word_frequency(text) < 100
                                  or bare_two_character_name(text))):
        return False  # 自豪, 今天, 主要: one adjective, adverb, time or number word (舒默 is a rare one)
    if kind == "person" and len(cjk_only) <= 4:
        return True  # a short name: jieba splits rare names into "verbs" (佐敏吞)
    if kind == "organization" and meeting_name(cjk_only):
        return True  # 上海合作组织外长理事会会议: read word by word already (jieba: 组织 a verb)
    return not clause_shaped(cjk_only) and name_shaped(text, kind)




def noun_phrase(text: str) -> bool:
    """A few words, all nouns (名词, 地名, 机构名, 简称, Latin): 港铁, 国会山报, 太古集团."""
    words = list(tagged(text))
    return 0 < len(words) <= 5 and all(w.flag[:1] in ("n", "j") or w.flag == "eng" for w in words)


# The subject slot of a reporting frame (X表示，……) holds a noun phrase: modifiers, then a head
# that names who speaks. Jieba's tags of the words in it: nouns, names, places, bodies,
# abbreviations, Latin words, 们; a number with its measure word (11间) or an adjective
# (广大) may open it, and 及/和/与 join the words of a body's name (证券及期货专业总会).
PHRASE_OPENING_TAGS = ("m", "q", "mq", "a", "b", "s")
# Words that take some of a group, which jieba does not tag as numerals.
GROUP_QUANTIFIERS = {"不少", "有些", "好些", "众多", "大批"}
PHRASE_JOINERS = {"及", "和", "与"}
# Heads of a noun phrase that names people or a body: the title and body endings, and the
# agent suffixes of common nouns (研究者, 贸易商, 学界, 官媒).


def frame_subject(text: str) -> "Mention | None":
    """The source a bare noun phrase in a frame's subject slot names, read over segmented
    text: 二房长女何超琼 (a description, then a name: the person), 中央气象台 (a body jieba
    knows), 学者们, 广大文艺工作者, 证券及期货专业总会 (a head that names people or a body).
    None for anything with a verb, adverb or function word in it, or with no such head."""
    text = text.strip()
    quantifier = next((q for q in GROUP_QUANTIFIERS if text.startswith(q)), None)
    if quantifier and len(text) > len(quantifier) + 1:
        # 不少英国工商界人士, 有些议员: some of a group (jieba tags 不少 an adverb)
        group = text[len(quantifier):]
        found = frame_subject(group)
        if found and found.kind == "collective" or group.endswith(AGENT_SUFFIXES + PERSON_NOUN_ENDINGS) \
                and all(w.flag[:1] == "n" for w in tagged(group)):
            return Mention(text, "collective", country=country_of(group))
        return None
    if text.startswith("有") and not text.startswith("有何") and len(text) > 3:
        return frame_subject(text[1:])  # 有当地媒体(认为): some of them
    if "的" in text[1:-2]:
        # 正在校内筹备罢课的高中同学Kathy, 47岁的詹剑仑: a relative clause, then the one it describes.
        described = text.rsplit("的", 1)[1]
        if described[:1] in N.SURNAMES and is_chinese_name(described) or 3 <= len(described) <= 6 \
                and looks_transliterated(described):
            return Mention(described, "person")  # 领取勋章的玛亚姆
        return frame_subject(described)
    if not 2 <= len(text) <= 16 or not re.fullmatch(rf"[{CJK}A-Za-z·]+", text) \
            or FRAGMENT_START_RE.match(text) or text[0] in CUT_VERB_CHARS:
        return None  # 向陪审团, 指议员: a preposition or a cue at the head opens a clause
    words = [(w.word, w.flag) for w in tagged(text)]
    if not words or len(words) > 6:
        return None
    for i, (word, flag) in enumerate(words):
        if flag[:1] in ("n", "j") or flag in ("eng", "k") or (i == 0 and flag in PHRASE_OPENING_TAGS):
            continue
        if flag in ("vn", "b") and i < len(words) - 1 or flag == "b" and i > 0 and words[-1][1] == "k":
            continue  # 分析人士, 工作报告: a verbal noun modifying the head; 行政主任们: a role, plural
        if 0 < i < len(words) - 1 and word in PHRASE_JOINERS:
            continue
        return None
    last, last_flag = words[-1]
    if last_flag.startswith("nr") and (is_chinese_name(last) or looks_transliterated(last)) \
            and len(words) > 1 and last not in NOT_NAMES \
            and all(flag[:1] in ("n", "j") for _, flag in words[:-1]):  # a description: nouns (二房长女)
        head = text[:-len(last)]
        return Mention(last, "person", title=head, country=country_of(head))
    if last_flag == "eng" and re.fullmatch(r"[A-Z][a-z]+", last) and len(words) > 1 \
            and words[-2][0].endswith(PERSON_NOUN_ENDINGS):
        return Mention(last, "person", title=text[:-len(last)])  # 高中同学Kathy: a first name
    for name, head in name_at_end(text):
        # 公民党黎志强 (jieba: 公民|党黎|志强), 业内人士王玉山: a body or a role, then a name by its shape.
        if org_kind(head) or head.endswith(AGENT_SUFFIXES + PERSON_NOUN_ENDINGS):
            return Mention(name, "person", title=head, country=country_of(head))
    if last_flag == "nt" or (last_flag[:1] == "n" and org_kind(text)):
        return Mention(text, org_kind(text) or "organization", country=country_of(text))
    if text.endswith(AGENT_SUFFIXES) and (not in_dictionary(text) or is_role_noun(text)) \
            or text.endswith(("们", "界", "媒", "人士")) \
            or len(last) >= 2 and last.endswith(("民", "农")) and len(words) > 1:  # 当地村民, 当地柑农
        return Mention(text, "collective", country=country_of(text))
    return None


def is_role_noun(word: str) -> bool:
    """A word of the dictionary that names people by their work (消防员, 飞行员, 药剂师):
    a source in the subject slot, unlike 国家, 大家 or the reporter (记者)."""
    return word.endswith(("员", "师")) and len(word) >= 3 and word not in NOT_ROLE_NOUNS


NOT_ROLE_NOUNS = {"记者", "成员", "人员", "工作人员", "公务员", "委员", "议员", "官员", "教员"}


def name_shaped(text: str, kind: str | None) -> bool:
    """What a body's name looks like: an ending that names a body, a known name, a country or
    a short noun phrase (the positive side of is_source_name; people and groups pass)."""
    if kind in ("anonymous", None) or "、" in text:
        return True
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9&.'’ -]*", text):
        return True
    if kind == "person":
        # Persons are not held to a shape here: transliterations of every language (姆欽,
        # 巴尔加斯) defeat a character list; clause_shaped and the fragment patterns judge them.
        return True
    if kind == "media" and text.endswith("新闻") and len(text) >= 4:
        return True  # 每日新闻 (its brackets, read before, said it is an outlet)
    if kind in ("organization", "government", "media"):
        return (org_kind(text) is not None or country_of(text) is not None or text in N.COUNTRIES
                or text in N.REGIONS or text in N.MEDIA_NAMES or text in N.GOV_NAMES or noun_phrase(text)
                or bool(re.search(r"《[^》]+》", text)))
    return True  # collective: 中方, 双方, 以色列民众, 与会代表


SOURCE_ENDINGS = tuple(N.TITLES) + N.ORG_ENDINGS + N.GOV_ENDINGS + N.MEDIA_ENDINGS + N.ANONYMOUS_ENDINGS + (
    "方面", "方", "们", "者", "界", "人", "团", "组", "媒")
# Nouns for people that introduce a first name in Hong Kong features (同学Kathy, 市民Peter).
PERSON_NOUN_ENDINGS = ("同学", "学生", "市民", "居民", "女士", "先生", "小姐", "家长", "老师", "员", "者", "人",
                       "工", "妹", "哥", "姐")
# Agent suffixes of common nouns that name people by what they do (研究者, 工作者, 贸易商, 消防员).
AGENT_SUFFIXES = ("者", "员", "商", "家", "师", "生", "们", "界", "媒", "人士", "代表", "官员", "学子", "客")
# Endings of two characters or more: one character (报, 署, 省) also ends many words.
LONG_SOURCE_ENDINGS = tuple(e for e in SOURCE_ENDINGS if len(e) >= 2)


def clause_shaped(text: str) -> bool:
    """A name that jieba reads as a clause: a verb in it and no ending that names a body or a
    role (中方主张根据联合国, 古特雷斯发), or an adverb, time or position word at its end
    (克勒希两天前, 邢海明日前)."""
    if not re.search(rf"[{CJK}]", text) or text.endswith(SOURCE_ENDINGS) or text in N.COLLECTIVES:
        return False
    if is_chinese_name(text) or looks_transliterated(text) or REGNAL_RE.fullmatch(text) or "·" in text:
        return False  # a name by its shape (周永新, 迪托亚托, 费利佩六世), whatever jieba makes of it
    words = [(w.word, w.flag) for w in tagged(text)]
    if len(words) < 2:
        return False
    if words[-1][1][:1] in ("d", "p", "c", "u", "t", "f", "m", "q") or (
            words[-1][1][:1] == "v" and len(words[-1][0]) == 1):
        return True
    return any(f[:1] == "v" and len(w) >= 2 and f != "vn" for w, f in words[1:])


# ---------------------------------------------------------------- the registry

class Registry:
    """Canonical speakers by name and alias, as loaded from the registry file.

    Extraction reads only what was loaded (`find`), so an article's statements never depend
    on which articles were read before it. Speakers met in text are kept apart (`learned`,
    filled by `resolve` when rows are written) and never consulted by the rules."""

    def __init__(self, entries: list[dict] | None = None):
        self.speakers: dict[str, Speaker] = {}
        self.by_alias: dict[str, Speaker] = {}
        self.learned: dict[str, Speaker] = {}
        for entry in entries or []:
            self.add(registry_speaker(entry))

    @classmethod
    def load(cls, path: str | Path) -> "Registry":
        """The registry of a YAML file. Raises ValueError, one line naming every broken,
        duplicated or unreadable entry: a wrong registry must stop a build, not reassign
        a speaker's statements to another entry."""
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = yaml.safe_load(text) or []
            nodes = yaml.compose(text)
        except (OSError, UnicodeDecodeError) as err:
            raise ValueError(f"cannot read: {getattr(err, 'strerror', None) or err}") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise ValueError(f"invalid YAML{where}: {problem}") from None
        if isinstance(data, dict):
            if "speakers" not in data:
                raise ValueError("a mapping without `speakers:`; expected a list of entries")
            data = data["speakers"] or []
            nodes = next((v for k, v in nodes.value if k.value == "speakers"), None)
        if not isinstance(data, list):
            raise ValueError("not a list of speaker entries")
        lines = [n.start_mark.line + 1 for n in nodes.value] if nodes is not None else []
        problems, speakers, first_id, first_name, first_alias = [], [], {}, {}, {}
        for i, entry in enumerate(data):
            label = f"entry {i + 1} (line {lines[i]})" if i < len(lines) else f"entry {i + 1}"
            try:
                speaker = registry_speaker(entry)
            except ValueError as err:
                problems.append(f"{label}: {err}")
                continue
            label = f"{label} {speaker.name}"
            for seen, key, what in ((first_id, speaker.id, "id"), (first_name, speaker.name, "name")):
                if key in seen:
                    problems.append(f"duplicate {what} {key!r}: {seen[key]} and {label}")
                else:
                    seen[key] = label
            for alias in {to_simplified(a) for a in [speaker.name, *speaker.aliases]}:
                # one name for two entries would give one of them the other's statements
                if first_alias.get(alias, label) != label:
                    problems.append(f"the name {alias!r} is taken: {first_alias[alias]} and {label}")
                first_alias.setdefault(alias, label)
            speakers.append(entry)
        if problems:
            raise ValueError("; ".join(problems))
        return cls(speakers)

    def add(self, speaker: Speaker) -> Speaker:
        # Every registered name is known in both scripts: 毛宁 is also 毛寧.
        other = to_traditional(speaker.name)
        if other != speaker.name and other not in speaker.aliases:
            speaker.aliases = [*speaker.aliases, other]
        self.speakers[speaker.id] = speaker
        for alias in [speaker.name, *speaker.aliases]:
            self.by_alias.setdefault(alias, speaker)
        return speaker

    def find(self, name: str) -> Speaker | None:
        """The registry's speaker by name or alias, in either script (毛寧 is 毛宁)."""
        simplified = to_simplified(name)
        found = (self.by_alias.get(name) or self.by_alias.get(simplified)
                 or self.by_alias.get(expand_abbreviation(simplified)))
        place = next((p for p in ("香港", "澳门", "台湾", "中国") if simplified.startswith(p)), None)
        if found is None and place and len(simplified) > len(place) + 1:
            # 香港律政司: a body of the place its name opens with, named without it
            inner = self.by_alias.get(simplified[len(place):])
            if inner is not None and inner.kind != "person" and inner.country == country_of(place):
                return inner
        return found

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the registry as loaded: articles are re-extracted when it changes."""
        entries = sorted(repr(sorted(vars(s).items())) for s in self.speakers.values() if s.in_registry)
        return stable_id(*entries, length=12)

    @cached_property
    def orgs(self) -> tuple[str, ...]:
        """The registry's own bodies (not those added from text), which split a mention's
        organisation from its title. Fixed after loading, so that parses can be cached."""
        return tuple(s.name for s in self.speakers.values() if s.kind != "person" and s.in_registry)

    def resolve(self, mention: Mention) -> Speaker:
        """The registry's speaker for a parsed mention, else one made from the mention (the
        same one for the same name: its id is a hash of the name)."""
        simplified = key = to_simplified(mention.name)
        found = self.find(mention.name) or self.learned.get(key)
        if found and mention.country and found.country and found.country != mention.country:
            # 国防部 in news from Taiwan is Taiwan's ministry, not the registry's 中国国防部.
            key = f"{simplified} {mention.country}"
            found = self.learned.get(key)
        if found:
            return found
        # One speaker across scripts: the id is made from the Simplified form, the row is named
        # as the text first wrote it, and the other script is an alias.
        other = simplified if simplified != mention.name else to_traditional(mention.name)
        speaker = Speaker(
            id=stable_id("speaker", key, length=12), aliases=[other] if other != mention.name else [],
            name=mention.name, kind=mention.kind, country=mention.country,
            title=mention.title, org=mention.org,
            name_en=romanise(simplified) if mention.kind == "person" else None,
        )
        if mention.title or mention.org:
            speaker.roles = [{"title": mention.title, "org": mention.org}]
        self.learned[key] = speaker
        return speaker


def registry_speaker(entry: dict) -> Speaker:
    """A registry entry as a Speaker; ValueError saying what is wrong with a broken one."""
    if not isinstance(entry, dict):
        raise ValueError("not a mapping of fields")
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise ValueError("no name")
    for key in ("id", "name_en", "kind", "country", "title", "org", "wikidata"):
        if entry.get(key) is not None and not isinstance(entry[key], (str, int)):
            raise ValueError(f"{key} is not a text")
    if not isinstance(entry.get("aliases") or [], list) or not all(
            isinstance(alias, str) for alias in entry.get("aliases") or []):
        raise ValueError("aliases is not a list of names")
    roles = entry.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(role, dict) for role in roles):
        raise ValueError("roles is not a list of mappings")
    current = roles[0] if roles else {}
    return Speaker(
        id=entry.get("id"), name=entry["name"], kind=entry.get("kind", "person"),
        name_en=entry.get("name_en"), country=entry.get("country"),
        title=entry.get("title") or current.get("title"), org=entry.get("org") or current.get("org"),
        wikidata=entry.get("wikidata") or None, aliases=list(entry.get("aliases") or []),
        roles=roles, in_registry=True,
    )
