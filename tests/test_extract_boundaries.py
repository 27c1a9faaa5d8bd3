"""Where a statement's content ends: at the speaker's next point, at the reporter's voice, at
another source; and where it does not (ATTRIBUTION-GUIDELINES §2). Sentences written for the
tests, in the shapes the development gold sets show."""
from __future__ import annotations

import pytest

from quotecheck.ingest.extract import extract
from quotecheck.ingest.model import Article
from quotecheck.ingest.spans import sentence_end, sentence_start


def found(registry, body):
    return [(s.speaker, s.text) for s in extract(Article(source="t.txt", key="t", body=body,
                                                         published="2024-01-12"), registry)]


@pytest.mark.parametrize("body, first, second", [
    # ……，又认为……: the same speaker's next point is a statement of its own
    ("香港行政会议召集人陈智思认为，港独的问题复杂，社会应了解学生为何有此想法，又认为政府及社会均无真正准备。",
     "港独的问题复杂，社会应了解学生为何有此想法", "政府及社会均无真正准备。"),
    # Traditional script, 又說 after an inline cue
    ("瑞銀投資總監胡一帆估計，內地第4季經濟增長4.8%，又估計明年經濟增長目標設定於5%左右。",
     "內地第4季經濟增長4.8%", "明年經濟增長目標設定於5%左右。"),
    # 并 opening the next sentence: ……。并表示……
    ("对于疫情何时才会放缓，美国总统特朗普指可能要到今年7月。并表示美国经济可能走向衰退。",
     "可能要到今年7月。", "美国经济可能走向衰退。"),
    # ……。他又指……: the next sentence's pronoun and cue end the first statement
    ("英国首相施纪贤形容，国家处于危急时期，英国必须继续支持乌克兰。他又指有说法认为英国要在美欧之间作出选择，但这种想法是完全错误。",
     "国家处于危急时期，英国必须继续支持乌克兰。", "有说法认为英国要在美欧之间作出选择，但这种想法是完全错误。"),
    # the quote closed the speaker's sentence: 「……。」並表示：「……」
    ("特首林鄭月娥形容，開展全民測試「這個能力是來自中央的。」並表示：「我代表香港市民係表示衷心感謝。」",
     "開展全民測試「這個能力是來自中央的。」", "我代表香港市民係表示衷心感謝。"),
])
def test_the_speakers_next_point_ends_the_content(registry, body, first, second):
    statements = found(registry, body)
    speakers = {speaker for speaker, _ in statements}
    assert [text for _, text in statements] == [first, second]
    assert len(speakers) == 1


@pytest.mark.parametrize("body, content", [
    # 并 inside a sentence joins a second verb to the first: one statement (guidelines §2)
    ("国际奥委会主席巴赫表示，国际奥委会期待同世卫组织紧密合作，并呼吁各国政府将体育纳入发展项目。",
     "国际奥委会期待同世卫组织紧密合作，并呼吁各国政府将体育纳入发展项目。"),
    ("美國總統特朗普指可能要到今年7月，並表示美國經濟可能走向衰退。",
     "可能要到今年7月，並表示美國經濟可能走向衰退。"),
])
def test_a_second_verb_joined_by_bing_stays_in_the_statement(registry, body, content):
    assert [text for _, text in found(registry, body)] == [content]


@pytest.mark.parametrize("body, content", [
    # 担心 is thinking, not saying: the ones who worry are 人才, and the sentence is the speaker's
    ("人才办总监刘镇汉表示，不少人才不熟悉香港教育制度，亦担心子女难以适应本港学习生活。",
     "不少人才不熟悉香港教育制度，亦担心子女难以适应本港学习生活。"),
    # the speaker's own 他认为 inside the sentence stays inside it
    ("英伟达首席执行官黄仁勋表示，公司尚未收到相关信息，他认为中国方面仍在完成许可程序。",
     "公司尚未收到相关信息，他认为中国方面仍在完成许可程序。"),
])
def test_words_inside_the_sentence_stay_inside(registry, body, content):
    assert [text for _, text in found(registry, body)][0] == content


def test_a_person_is_he_to_the_reporter_so_narration_resumes(registry):
    statements = found(registry, "南非学者萨姆·马西尼尼表示，南非与中国的合作日益密切。他曾在北京大学访学两年，研究中国经济。")
    assert statements[0] == ("萨姆·马西尼尼", "南非与中国的合作日益密切。")


def test_a_quote_after_a_colon_belongs_to_the_sentence_that_opened_it(registry):
    body = ("支联会副主席邹幸彤说，支联会正正是要超脱爱国身分，参与活动的人可能是受各种情感驱动：「可能有国族身分认同，"
            "我们不会预先设限。」她又指，如果参与运动都要认同主办方的所有理念，很多运动都不能发生。")
    statements = found(registry, body)
    assert statements[0] == ("邹幸彤", "支联会正正是要超脱爱国身分，参与活动的人可能是受各种情感驱动：「可能有国族身分认同，"
                                      "我们不会预先设限。」")
    assert ("邹幸彤", "如果参与运动都要认同主办方的所有理念，很多运动都不能发生。") in statements


def test_a_quote_that_ends_its_own_sentence_ends_the_sentence():
    text = "吴卫东表示，长者不会领取综援，「点解仲要减佢哋福利？」根据资料，贫穷率维持三成。"
    assert text[:sentence_end(text, 6)].endswith("福利？」")
    assert sentence_end("他说，「这是“一国两制”的原则」，会坚持。", 3) == len("他说，「这是“一国两制”的原则」，会坚持。")
    after = text.index("」") + 1
    assert sentence_start(text, after + 3) == after


def test_another_source_at_the_head_of_a_clause_ends_the_content(registry):
    body = "国家主席习近平会见英国首相斯塔默时表示，中国愿同英国发展长期稳定的全面战略伙伴关系；斯塔默则呼吁建立更加成熟的中英关系。"
    statements = found(registry, body)
    assert statements[0] == ("习近平", "中国愿同英国发展长期稳定的全面战略伙伴关系")
    assert ("斯塔默", "建立更加成熟的中英关系。") in statements


def test_a_quotation_that_ends_its_sentence_stays_a_quotation(registry):
    body = "美国总统特朗普在社交媒体平台发声称，“有一支庞大的舰队正驶向伊朗，行动迅速。”他表示，希望伊朗回到谈判桌前。"
    statements = found(registry, body)
    assert ("特朗普", "有一支庞大的舰队正驶向伊朗，行动迅速。") in statements
    assert ("特朗普", "希望伊朗回到谈判桌前。") in statements


def test_the_one_met_is_not_the_speaker(registry):
    body = "伊朗总统佩泽希齐扬当天与沙特阿拉伯王储兼首相穆罕默德通话时表示，美国对伊朗的威胁只会导致动荡。"
    assert found(registry, body) == [("佩泽希齐扬", "美国对伊朗的威胁只会导致动荡。")]


def test_a_links_spaces_around_the_cue_do_not_hide_it(registry):
    body = "前特首在施政報告提出改革。政府周一（7日） 公布 ，有關安排將由今年2月1日起實施。"
    assert ("政府", "有關安排將由今年2月1日起實施。") in found(registry, body)


@pytest.mark.parametrize("body, content", [
    ("美國國務卿蓬佩奧在Twitter貼文說，「拘捕民主派人士令人深感憂慮」（Arrests of activists are deeply concerning）。",
     "拘捕民主派人士令人深感憂慮"),
    ("美国参议员加德纳在声明中说：“我们必须控制这种病毒”（We must contain this virus）",
     "我们必须控制这种病毒"),
])
def test_the_original_in_brackets_after_a_translated_quote_is_left_out(registry, body, content):
    assert [text for _, text in found(registry, body)] == [content]


@pytest.mark.parametrize("body, first, second", [
    # a sentence that names another source, even one of no name, ends the words before it
    ("澳大利亚总理莫里森表示，林火已经造成至少24人遇难。据报道，这场大火过火面积约600万公顷。",
     "林火已经造成至少24人遇难。", None),
    ("羅偉光表示，今早有三名警員到大樓放下兩份命令文件；據報指，五名警員今早到《獨立媒體》辦公室。",
     "今早有三名警員到大樓放下兩份命令文件", None),
    # the statement named again is its author's next statement
    ("七個傳媒組織發表聯合聲明，關注過去一周發生的三件事。聲明表示：「過去一周是言論自由史上的黑暗日子。」",
     "關注過去一周發生的三件事。", "過去一周是言論自由史上的黑暗日子。"),
])
def test_another_source_ends_the_words(registry, body, first, second):
    found = [s.text for s in extract(Article(source="t.txt", key="t", body=body), registry)]
    assert found[0] == first
    assert (second is None and len(found) == 1) or found[1:] == [second]
