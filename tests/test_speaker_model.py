"""The learned speaker reader (ingest/speaker_model.py): a CRF over the clause before a cue,
trained on the development gold sets, used where no rule reads the speaker phrase."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT, SHARED
from quotecheck.ingest import extract as extract_module, speaker_model
from quotecheck.ingest.extract import extract
from quotecheck.ingest.subjects import adverbials_only, learned_mention
from quotecheck.ingest.model import Article
from quotecheck.ingest.pipeline import load_registry


def statements(registry, body):
    return extract(Article(source="t.txt", key="t", body=body, published="2024-01-12"), registry)


def test_one_feature_list_per_character():
    pre = "恒生银行首席市场策略员温灼培"
    rows = speaker_model.features(pre, "表示")
    assert len(rows) == len(pre)
    assert "c=温" in rows[-3] and "cue=表示" in rows[-3] and "d=1" in rows[-1]


def test_the_model_ships_with_the_package_and_loads_once():
    assert speaker_model.MODEL.is_file()
    assert speaker_model.MODEL.parent.name == "models"
    assert speaker_model.tagger() is speaker_model.tagger()


@pytest.mark.parametrize("pre, cue, span", [
    ("恒生银行首席市场策略员温灼培", "表示", "恒生银行首席市场策略员温灼培"),  # as written, with the role
    ("前众议院议长、民主党重量级人物佩洛西", "认为", "前众议院议长、民主党重量级人物佩洛西"),
    ("共和党内一名特朗普支持者", "透露", "共和党内一名特朗普支持者"),
])
def test_the_model_reads_the_speaker_nearest_the_cue(pre, cue, span):
    start, end, probability = speaker_model.speaker_span(pre, cue)
    assert pre[start:end] == span
    assert 0.6 <= probability <= 1.0


def test_no_speaker_in_a_clause_of_narration():
    assert speaker_model.speaker_span("", "表示") is None
    assert speaker_model.speaker_span("这一做法的结果", "表明") is None


# Speaker phrases the rules do not read (an unregistered name after a long role, people
# described with a numeral, an unknown name after a title the rules do not list); made up.
@pytest.mark.parametrize("body, speaker, kind", [
    ("恒生银行首席市场策略员温灼培表示，今次加息是由于通胀升势急。", "温灼培", "person"),
    ("前众议院议长、民主党重量级人物佩洛西认为，如果总统早点退选，民主党的表现会更好。", "佩洛西", "person"),
    ("共和党内一名特朗普支持者透露，特朗普的盟友正推动新的法案。", "共和党内一名特朗普支持者", "anonymous"),
])
def test_the_model_finds_speakers_the_rules_miss(body, speaker, kind, monkeypatch):
    found = statements(load_registry(), body)
    assert [(s.speaker, s.speaker_kind) for s in found] == [(speaker, kind)]
    monkeypatch.setattr(extract_module, "LEARNED_MIN_PROBABILITY", 2.0)  # the rules alone
    assert statements(load_registry(), body) == []


@pytest.mark.parametrize("body", [
    "李柱铭亦守承诺，在立法会辩论时不发言。",  # 守|承诺: an act, not speech
    "教育局副局长蔡若莲当时未有正面回应建议，只说要考虑必要性。",  # 未有正面回应|建议
    "文章引述美国多个民调指拜登领先，但选举并非靠普选票。",  # 美国 is not the head of 美国多个民调
    "一名听障家庭主妇疑因听不到警员警告，尝试穿越警方防线。",  # a description with a verb in it
    "副总裁执行董事小泽秀树对记者表示，中国的市场很重要。",  # jieba cuts 小泽秀|树: no cut name
])
def test_the_model_s_span_must_stand_as_a_subject(registry, body):
    assert [s.speaker for s in statements(registry, body)
            if s.speaker in ("李柱铭", "蔡若莲", "美国", "小泽秀") or "主妇" in s.speaker] == []


@pytest.mark.parametrize("between, ok", [
    ("", True), ("则", True), ("随后", True), ("对记者", True), ("今天特别透过脸书", True),
    ("被问到是否认为经济正陷入衰退时", True), ("统计", True), ("谴责这些报道并", True),
    ("多个民调", False), ("亦守", False), ("当时未有正面回应", False), ("年", False), ("被控方", False),
])
def test_what_may_stand_between_a_learned_speaker_and_its_cue(between, ok):
    assert adverbials_only(between) is ok


@pytest.mark.parametrize("text, name, kind, country", [
    ("一名不愿具名的美国官员", "一名不愿具名的美国官员", "anonymous", "US"),
    ("参议院多数党领袖舒默", "舒默", "person", None),
    ("Calla Wiemer", "Calla Wiemer", "person", None),
    ("有日本媒体", "日本媒体", "media", "JP"),
])
def test_what_a_learned_span_names(text, name, kind, country):
    mention = learned_mention(text)
    assert (mention.name, mention.kind, mention.country) == (name, kind, country)


@pytest.mark.parametrize("text", ["一名听障家庭主妇疑因听不到警员", "参加宣介会的驻华使节", "长和"])
def test_a_learned_span_the_rules_cannot_name_is_no_speaker(text):
    assert learned_mention(text) is None


@pytest.mark.skipif(not (SHARED / "tools").is_dir(), reason="needs ../shared (the gold sets' articles)")
def test_the_shipped_model_is_the_one_the_gold_sets_train(tmp_path):
    """Training is deterministic: a change of the gold sets or the features needs a retrain."""
    spec = importlib.util.spec_from_file_location("train_speaker_model", ROOT / "benchmarks" / "train_speaker_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_speaker_model"] = module
    spec.loader.exec_module(module)
    module.main(["--shared", str(SHARED), "--out", str(tmp_path / "model.crfsuite")])
    assert (tmp_path / "model.crfsuite").read_bytes() == speaker_model.MODEL.read_bytes()


def test_a_retrained_model_reads_stored_articles_again(tmp_path):
    """The rules' version, which decides whether a stored article is extracted again, covers
    the model as it covers the code."""
    from quotecheck.ingest.rows import EXTRACTOR_VERSION, rules_version
    code = speaker_model.MODEL.parents[1] / "ingest"
    assert rules_version(code, speaker_model.MODEL) == EXTRACTOR_VERSION
    retrained = tmp_path / "speaker_crf.crfsuite"
    retrained.write_bytes(speaker_model.MODEL.read_bytes() + b"\0")
    assert rules_version(code, retrained) != EXTRACTOR_VERSION
