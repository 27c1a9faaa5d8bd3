"""A speaker phrase is a noun phrase: where a mention runs on into its clause, the source at
its head is kept (ingest/speakers.py: clause_break, trailing_adverbial, source_head)."""
from __future__ import annotations

import pytest

from quotecheck.ingest.extract import extract
from quotecheck.ingest.model import Article
from quotecheck.ingest.speakers import is_source_name, source_head


@pytest.mark.parametrize("mention, head", [
    ("习近平主席向论坛", "习近平主席"),          # a preposition opens the clause
    ("王毅外长向媒体", "王毅外长"),
    ("美国国务卿布林肯同菲律宾外长", "美国国务卿布林肯"),
    ("蔡英文昨", "蔡英文"),                      # a time word
    ("泽连斯基周五", "泽连斯基"),
    ("安德留斯·库比留斯当地时间", "安德留斯·库比留斯"),
    ("南韩军方又发现北韩在军", "南韩军方"),      # an adverb
    ("习近平总书记鲜明", "习近平总书记"),        # the manner of saying
    ("阿方欢迎王毅国务委员兼外长", "阿方"),      # a subject, its verb and a named object
    ("蔡英文感谢拜登政府", "蔡英文"),
    ("达科塔·伍德曾", "达科塔·伍德"),            # an adverb glued onto a foreign name
    ("沙希德严肃", "沙希德"),
    ("岸田文雄实地", "岸田文雄"),
    ("布林肯承", "布林肯"),                      # a cue cut in two (承认)
])
def test_the_source_at_the_head_of_a_run_on_mention(mention, head):
    assert not is_source_name(mention, "person")
    assert source_head(mention) == head
    assert is_source_name(head, "person")


@pytest.mark.parametrize("name, kind", [
    ("李志均", "person"), ("张维为", "person"), ("陈永新", "person"), ("张执中", "person"),
    ("斯诺登", "person"), ("克里斯·希普金斯", "person"), ("马吉德·谢赫里", "person"),
    ("日本防卫省", "government"), ("世卫组织发言人", "person"), ("一些外国在华商会", "organization"),
    ("缅甸当地媒体", "media"), ("美国约翰斯·霍普金斯大学中非研究所", "organization"),
    ("联合国政府间气候变化专门委员会", "government"), ("国家发展和改革委员会", "government"),
    ("波兰前总理", "person"), ("中国驻日大使", "person"), ("萨摩亚常驻联合国代表", "person"),
])
def test_names_whatever_the_tagger_makes_of_them_stay_whole(name, kind):
    assert is_source_name(name, kind)
    assert source_head(name) is None


@pytest.mark.parametrize("fragment", ["他也留意到部", "今天上午", "本周四", "至于你提到的澳大利亚个别媒体",
                                      "中国同共提国一道在人权理事会", "多次就"])
def test_fragments_with_no_source_at_their_head_are_refused(fragment):
    assert not is_source_name(fragment, "person")
    head = source_head(fragment)
    assert head is None or not is_source_name(head, "person")


@pytest.mark.parametrize("text, speaker", [
    ("习近平总书记鲜明指出：“法治建设既要抓末端、治已病，更要抓前端、治未病。”", "习近平"),
    ("日本首相岸田文雄实地考察福岛第一核电站时称，处理水排放是绝不能拖延的课题。", "岸田文雄"),
    ("美国传统基金会防务项目高级研究员达科塔·伍德曾指出，美国平均每15年就卷入一场战争。", "达科塔·伍德"),
])
def test_extraction_names_the_source_at_the_head(text, speaker):
    statements = extract(Article(source="t.txt", key="t.txt", body=text, published="2025-01-01"))
    assert [s.speaker for s in statements] == [speaker]


@pytest.mark.parametrize("mention, head", [
    ("科米突然", "科米"), ("英方发布有关种族问题报", "英方"), ("蔡英文感谢拜登政府", "蔡英文"),
])
def test_a_subject_then_its_verb_or_manner_keeps_the_subject(mention, head):
    assert source_head(mention) == head


@pytest.mark.parametrize("name", ["岸田文雄首相", "佐藤正久", "世界银行驻华代表处", "美国国防部下属机构防务安全合作局"])
def test_titles_and_names_the_tagger_reads_as_adverbs_or_verbs_stay_whole(name):
    assert source_head(name) is None


@pytest.mark.parametrize("place", ["信中", "声明中", "这位干部告诉记者"])
def test_where_it_was_said_is_not_who_said_it(place):
    assert not is_source_name(place, "person") and source_head(place) is None


@pytest.mark.parametrize("fragment", ["联合声明里", "一份联合国特别机制专家", "月乔治·弗洛伊", "综合本报驻外记者"])
def test_documents_measures_dates_and_bylines_are_not_speakers(fragment):
    assert not is_source_name(fragment, "person")
