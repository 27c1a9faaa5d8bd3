"""Mentions to speakers: names, titles, organisations, countries, kinds, English names."""
import pytest

from quotecheck.ingest.pipeline import load_registry
from quotecheck.ingest.speakers import Mention, Registry, expand_abbreviation, is_chinese_name, parse_mention, romanise
from quotecheck.site_folder import SPEAKERS, Site


@pytest.mark.parametrize("mention,name,kind,title,org,country", [
    ("华中科技大学国家治理研究院特聘研究员王鹏", "王鹏", "person", "特聘研究员", "华中科技大学国家治理研究院", None),
    ("外交部发言人毛宁", "毛宁", "person", "发言人", "中国外交部", "CN"),
    ("商务部发言人束珏婷", "束珏婷", "person", "发言人", "中国商务部", "CN"),
    ("国务委员、公安部部长王小洪", "王小洪", "person", "国务委员、公安部部长", "中国公安部", "CN"),
    ("中国国防部新闻发言人张晓刚大校", "张晓刚", "person", "新闻发言人", "中国国防部", "CN"),
    ("美国务院", "美国国务院", "government", None, None, "US"),
    ("美国防部发言人", "美国国防部发言人", "person", "发言人", "美国国防部", "US"),
    ("不具名白宫官员", "不具名白宫官员", "anonymous", None, None, None),
    ("美国政府高级官员", "美国政府高级官员", "anonymous", None, None, "US"),
    ("中方", "中方", "collective", None, None, "CN"),
    ("美方", "美方", "collective", None, None, "US"),
    ("路透社", "路透社", "media", None, None, "GB"),
    ("《环球时报》", "环球时报", "media", None, None, None),
    ("日本新任外相上川阳子", "上川阳子", "person", "新任外相", "日本", "JP"),
    ("王毅国务委员兼外长", "王毅", "person", "国务委员兼外长", None, None),
    ("多国人士", "多国人士", "collective", None, None, None),
])
def test_parse_mention(mention, name, kind, title, org, country):
    got = parse_mention(mention)
    assert got is not None
    assert (got.name, got.kind, got.title, got.org, got.country) == (name, kind, title, org, country)


@pytest.mark.parametrize("mention", ["全会", "高度评价", "事实再次", "针对美国总统特朗普近期", "我们", "各代表团团长高度评"])
def test_clauses_and_common_words_are_not_speakers(mention):
    assert parse_mention(mention) is None


@pytest.mark.parametrize("name,english", [
    ("毛宁", "Mao Ning"), ("张晓刚", "Zhang Xiaogang"), ("束珏婷", "Shu Jueting"),
    ("单雄信", "Shan Xiongxin"), ("曾国藩", "Zeng Guofan"), ("欧阳修", "Ouyang Xiu"),
    ("华春莹", "Hua Chunying"),
])
def test_romanise_uses_surname_readings(name, english):
    assert romanise(name) == english


@pytest.mark.parametrize("name", ["马约卡斯", "沃特·巴尔戎", "布林肯", "阿斯麦"])
def test_transliterated_names_are_not_romanised(name):
    assert not is_chinese_name(name)
    assert romanise(name) is None


def test_abbreviated_us_institutions_expand():
    assert expand_abbreviation("美国务院官网") == "美国国务院官网"
    assert expand_abbreviation("美国国防部") == "美国国防部"
    assert expand_abbreviation("美媒") == "美媒"


def test_registry_resolves_aliases_and_adds_new_speakers():
    registry = Registry([{"id": "mao-ning", "name": "毛宁", "name_en": "Mao Ning", "country": "CN",
                          "aliases": ["发言人毛宁"]}])
    assert registry.find("发言人毛宁").id == "mao-ning"
    new = registry.resolve(Mention("王小明", "person", title="研究员", org="某大学"))
    assert new.name_en == "Wang Xiaoming" and not new.in_registry
    assert registry.resolve(Mention("王小明", "person")) is new  # one row per source


def test_bundled_registry_is_consistent():
    registry = load_registry(Site().file(SPEAKERS))
    ids = [s.id for s in registry.speakers.values()]
    assert len(ids) == len(set(ids))
    for spokesperson in ("毛宁", "汪文斌", "华春莹", "赵立坚", "林剑"):
        speaker = registry.find(spokesperson)
        assert speaker.country == "CN" and speaker.org == "中国外交部" and speaker.name_en
    kinds = {s.kind for s in registry.speakers.values()}
    assert kinds <= {"person", "organization", "government", "media", "anonymous", "collective"}
    for speaker in registry.speakers.values():
        assert speaker.wikidata is None or speaker.wikidata.startswith("Q")


@pytest.mark.parametrize("mention,name,kind", [
    ("朱宏军、王丽君、徐飞等基层工作者", "朱宏军、王丽君、徐飞等基层工作者", "collective"),
    ("汤加国王图普六世", "图普六世", "person"),
    ("河内百科大学政治理论系原主任梅氏清", "梅氏清", "person"),
    ("日本立宪民主党众议员小泽一郎", "小泽一郎", "person"),
    ("乌克兰方面", "乌克兰方面", "government"),
    ("日本《东京新闻》", "东京新闻", "media"),
    ("路易斯维尔市市长", "路易斯维尔市市长", "person"),
])
def test_names_from_many_countries(mention, name, kind):
    got = parse_mention(mention)
    assert got is not None and (got.name, got.kind) == (name, kind)


@pytest.mark.parametrize("text", ["韩正出", "李强首", "成渝中", "复信兰蒂女", "蕾特诺在马尼拉"])
def test_a_name_with_a_stray_character_is_not_a_name(text):
    assert not is_chinese_name(text)
    got = parse_mention(text)
    assert got is None or got.name != text
