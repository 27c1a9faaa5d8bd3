"""A small, realistic quotecheck database for the site tests.

Stand-in for a database made by `quotecheck build`: the same schema (db/schema.py), rows
written with sqlite-utils upserts, and `ensure_db_shape` at the end (indexes, FTS, view,
refreshed facet columns). The text is copied from real sources — the seed article
(/work/shared/articles/000_38f35daf7d300dd1.txt, Shenzhen TV 直新闻, 2024-01-12) and two
MFA press-conference transcripts — so that search, facets and labels behave as they will on
real data. Every statement's `text` is exactly `article.body[start:end]`.

Tests must not depend on the exact counts here: the same tests run on a real build.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import sqlite_utils

from quotecheck.db.schema import ensure_db_shape, ensure_tables


def _id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


SEED_KEY = "articles/000_38f35daf7d300dd1.txt"
MFA_20240112 = "https://www.mfa.gov.cn/web/wjdt_674879/fyrbt_674889/202401/t20240112_11222890.shtml"
MFA_20231024 = "https://www.mfa.gov.cn/web/wjdt_674879/fyrbt_674889/202310/t20231024_11167095.shtml"

# Paragraphs copied verbatim from the sources (a subset of each article).
ARTICLES = [
    {
        "key": SEED_KEY,
        "source": SEED_KEY,
        "title": "关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤",
        "published": "2024-01-12",
        "url": None,
        "outlet": "深圳卫视直新闻",
        "author": "朱恩地",
        "format": "markdown",
        "byline": {"作者": "朱恩地", "编辑": "郭锦池", "排版": "苏瑞雪"},
        "paragraphs": [
            "路透社称，此次会面安排在极有可能对中美关系产生变数的台湾地区领导人选举投票日前一天，意义十分重大。"
            "不过，报道也引述美国政府高级官员的话称，中美关系的健康状况不能视为两岸紧张局势的衍生物，"
            "该名官员还补充说，此次会谈的目的是管理紧张局势并尽量避免发生意外。",
            "直新闻注意到，临近台湾地区领导人选举投票日，美方频频就台海议题对外“放风”。"
            "白宫国安会当地时间10日晚，罕见就此次台湾地区选举召开专题简报会，不具名白宫官员表示，"
            "美方坚持一个中国政策，不支持“台独”，支持两岸对话，只要以和平方式解决两岸分歧，美方对最终解决方案不持立场。",
            "在12日的中国外交部例行记者会上，发言人毛宁表示，美国领导人多次表示坚持一个中国政策，"
            "不支持“台独”，不支持“两个中国”“一中一台”，不寻求把台湾问题作为工具遏制中国。"
            "我们希望美方恪守承诺，慎重、妥善处理涉台问题，停止美台官方往来，停止向“台独”分裂势力发出任何错误信号，"
            "不得以任何形式介入台湾地区选举。如果美方真心希望维护台海和平稳定，那就应该明确反对“台独”、支持中国和平统一。",
            "华中科技大学国家治理研究院特聘研究员王鹏向直新闻分析指出，台湾议题在中美关系中是底线中的底线、"
            "红线中的红线，不把这个问题谈妥，或者双方没有一个基本的规则和行为底线，"
            "在其他领域中美关系就没有办法发展、没有办法保持平稳。",
            "商务部发言人束珏婷也在当天的例行发布会上强调，中国高度关注美国直接介入、干扰荷兰企业对华出口光刻机问题。",
            "美国商务部在稍晚发布的消息稿中表示，雷蒙多和王文涛强调了利用商务部门建立工作组解决共同关注的商业问题的重要性，"
            "并讨论了工作组举行面对面对话的计划。不过，美方消息稿仍然强调，所谓“国家安全”不容谈判。",
            "王鹏也表示，美方的一系列对华芯片禁令已经对包括中国在内的全球半导体产业链供应链构成了极大冲击，"
            "而中方目前还是希望以合作谈判的方式妥善解决这方面的问题。但他预测，在未来至少一年之内，"
            "美方的措施不太乐观，很大可能仍将沿用“两面派”的手段。",
        ],
    },
    {
        "key": MFA_20240112,
        "source": "corpus/mfa-press-zh/raw/60",
        "title": "2024年1月12日外交部发言人毛宁主持例行记者会",
        "published": "2024-01-12",
        "url": MFA_20240112,
        "outlet": "中华人民共和国外交部",
        "format": "html",
        "byline": {},
        "paragraphs": [
            "总台国广记者：日前，美国白宫国安会就中国台湾地区选举问题举行专题媒体电话简报会。"
            "白宫不具名官员表示，美方坚持一个中国政策，不支持“台独”，支持两岸对话。"
            "只要以和平方式解决两岸分歧，美方对最终解决方案不持立场。发言人对此有何评论？",
            "毛宁：我们注意到美方有关表态。一个中国原则是国际社会的普遍共识，也是中美关系的政治基础。"
            "“台独”是台海和平稳定的最大威胁，是一条注定失败的不归路。",
            "美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持“两个中国”“一中一台”，"
            "不寻求把台湾问题作为工具遏制中国。我们希望美方恪守承诺，慎重、妥善处理涉台问题，停止美台官方往来，"
            "停止向“台独”分裂势力发出任何错误信号，不得以任何形式介入台湾地区选举。"
            "如果美方真心希望维护台海和平稳定，那就应该明确反对“台独”、支持中国和平统一。",
        ],
    },
    {
        "key": MFA_20231024,
        "source": "corpus/mfa-press-zh/raw/120",
        "title": "2023年10月24日外交部发言人毛宁主持例行记者会",
        "published": "2023-10-24",
        "url": MFA_20231024,
        "outlet": "中华人民共和国外交部",
        "format": "html",
        "byline": {},
        "paragraphs": [
            "路透社记者：台湾“副总统”赖清德批评中国大陆对富士康公司的税务调查，赖表示大陆应该珍惜台湾公司对经济发展的帮助，"
            "不要在台湾选举期间给这些公司施加压力。国台办没有对赖的言论发表评论。外交部对此有何评论？",
            "毛宁：台湾没有什么“副总统”，这也不是一个外交问题。",
        ],
    },
]

SPEAKERS = [
    dict(name="毛宁", name_en="Mao Ning", kind="person", country="CN", title="发言人",
         org="中国外交部", aliases=["发言人毛宁", "外交部发言人毛宁", "中国外交部发言人毛宁"],
         roles=[{"title": "发言人", "org": "中国外交部"}], in_registry=1),
    dict(name="王鹏", kind="person", country="CN", title="特聘研究员",
         org="华中科技大学国家治理研究院", aliases=["研究员王鹏", "特聘研究员王鹏"], in_registry=0),
    dict(name="束珏婷", name_en="Shu Jueting", kind="person", country="CN", title="发言人",
         org="中国商务部", aliases=["商务部发言人束珏婷"], in_registry=1),
    dict(name="不具名白宫官员", name_en="anonymous White House official", kind="anonymous",
         country="US", org="白宫", aliases=["白宫不具名官员", "白宫官员"], in_registry=0),
    dict(name="美国政府高级官员", name_en="senior US administration official", kind="anonymous",
         country="US", aliases=["高级官员", "该名官员"], in_registry=0),
    dict(name="美国领导人", name_en="US leaders", kind="collective", country="US", in_registry=0),
    dict(name="美国商务部", name_en="U.S. Department of Commerce", kind="government",
         country="US", aliases=["商务部"], in_registry=1),
    dict(name="路透社", name_en="Reuters", kind="media", country="GB", aliases=["路透"],
         in_registry=1),
    dict(name="总台国广记者", kind="media", country="CN", in_registry=0),
]

# (article key, speaker, mention, cue, kind, text, said_on, via, nested in (speaker of the
#  enclosing statement in the same article), speaker_title, speaker_org)
STATEMENTS = [
    (SEED_KEY, "路透社", "路透社", "称", "indirect",
     "此次会面安排在极有可能对中美关系产生变数的台湾地区领导人选举投票日前一天，意义十分重大",
     None, None, None, None, None),
    (SEED_KEY, "美国政府高级官员", "美国政府高级官员", "称", "indirect",
     "中美关系的健康状况不能视为两岸紧张局势的衍生物", None, "路透社", None, None, None),
    (SEED_KEY, "不具名白宫官员", "不具名白宫官员", "表示", "indirect",
     "美方坚持一个中国政策，不支持“台独”，支持两岸对话，只要以和平方式解决两岸分歧，美方对最终解决方案不持立场",
     "2024-01-10", None, None, None, "白宫"),
    (SEED_KEY, "毛宁", "发言人毛宁", "表示", "indirect",
     "美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持“两个中国”“一中一台”，不寻求把台湾问题作为工具遏制中国。"
     "我们希望美方恪守承诺，慎重、妥善处理涉台问题，停止美台官方往来，停止向“台独”分裂势力发出任何错误信号，"
     "不得以任何形式介入台湾地区选举。如果美方真心希望维护台海和平稳定，那就应该明确反对“台独”、支持中国和平统一。",
     "2024-01-12", None, None, "发言人", "中国外交部"),
    (SEED_KEY, "美国领导人", "美国领导人", "表示", "indirect",
     "坚持一个中国政策，不支持“台独”，不支持“两个中国”“一中一台”，不寻求把台湾问题作为工具遏制中国",
     None, None, "毛宁", None, None),
    (SEED_KEY, "王鹏", "华中科技大学国家治理研究院特聘研究员王鹏", "分析指出", "indirect",
     "台湾议题在中美关系中是底线中的底线、红线中的红线，不把这个问题谈妥，或者双方没有一个基本的规则和行为底线，"
     "在其他领域中美关系就没有办法发展、没有办法保持平稳。",
     None, None, None, "特聘研究员", "华中科技大学国家治理研究院"),
    (SEED_KEY, "束珏婷", "商务部发言人束珏婷", "强调", "indirect",
     "中国高度关注美国直接介入、干扰荷兰企业对华出口光刻机问题。",
     "2024-01-11", None, None, "发言人", "商务部"),
    (SEED_KEY, "美国商务部", "美国商务部", "表示", "indirect",
     "雷蒙多和王文涛强调了利用商务部门建立工作组解决共同关注的商业问题的重要性，并讨论了工作组举行面对面对话的计划。",
     "2024-01-11", None, None, None, None),
    (SEED_KEY, "美国商务部", "美方消息稿", "强调", "indirect",
     "所谓“国家安全”不容谈判。", None, None, None, None, None),
    (SEED_KEY, "王鹏", "王鹏", "表示", "indirect",
     "美方的一系列对华芯片禁令已经对包括中国在内的全球半导体产业链供应链构成了极大冲击，"
     "而中方目前还是希望以合作谈判的方式妥善解决这方面的问题。",
     None, None, None, None, None),
    (SEED_KEY, "王鹏", "他", "预测", "indirect",
     "在未来至少一年之内，美方的措施不太乐观，很大可能仍将沿用“两面派”的手段。",
     None, None, None, None, None),
    (MFA_20240112, "总台国广记者", "总台国广记者", "：", "question",
     "日前，美国白宫国安会就中国台湾地区选举问题举行专题媒体电话简报会。"
     "白宫不具名官员表示，美方坚持一个中国政策，不支持“台独”，支持两岸对话。"
     "只要以和平方式解决两岸分歧，美方对最终解决方案不持立场。发言人对此有何评论？",
     "2024-01-12", None, None, None, None),
    (MFA_20240112, "毛宁", "毛宁", "：", "indirect",
     "我们注意到美方有关表态。一个中国原则是国际社会的普遍共识，也是中美关系的政治基础。"
     "“台独”是台海和平稳定的最大威胁，是一条注定失败的不归路。\n\n"
     "美国领导人多次表示坚持一个中国政策，不支持“台独”，不支持“两个中国”“一中一台”，"
     "不寻求把台湾问题作为工具遏制中国。我们希望美方恪守承诺，慎重、妥善处理涉台问题，停止美台官方往来，"
     "停止向“台独”分裂势力发出任何错误信号，不得以任何形式介入台湾地区选举。"
     "如果美方真心希望维护台海和平稳定，那就应该明确反对“台独”、支持中国和平统一。",
     "2024-01-12", None, None, "发言人", "外交部"),
    (MFA_20231024, "路透社", "路透社记者", "：", "question",
     "台湾“副总统”赖清德批评中国大陆对富士康公司的税务调查，赖表示大陆应该珍惜台湾公司对经济发展的帮助，"
     "不要在台湾选举期间给这些公司施加压力。国台办没有对赖的言论发表评论。外交部对此有何评论？",
     "2023-10-24", None, None, None, None),
    (MFA_20231024, "毛宁", "毛宁", "：", "indirect",
     "台湾没有什么“副总统”，这也不是一个外交问题。",
     "2023-10-24", None, None, "发言人", "外交部"),
]


def article_id(key: str) -> str:
    return _id("article", key)


def speaker_id(name: str) -> str:
    return _id("speaker", name)


def make_sample_db(path: str | Path) -> Path:
    """Write the sample database to `path` (replacing any file there) and return the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    db = sqlite_utils.Database(path)
    ensure_tables(db)

    bodies = {}
    for art in ARTICLES:
        body = "\n\n".join(art["paragraphs"])
        bodies[art["key"]] = body
        row = {k: v for k, v in art.items() if k != "paragraphs"}
        row.update(
            id=article_id(art["key"]), body=body, lang="zh", chars=len(body),
            byline=json.dumps(art["byline"], ensure_ascii=False),
            content_hash=hashlib.sha1(body.encode("utf-8")).hexdigest(),
        )
        db["articles"].upsert(row, pk="id")

    for sp in SPEAKERS:
        row = dict(sp)
        row["id"] = speaker_id(sp["name"])
        row["aliases"] = json.dumps(sp.get("aliases", []), ensure_ascii=False)
        row["roles"] = json.dumps(sp.get("roles", []), ensure_ascii=False)
        db["speakers"].upsert(row, pk="id")

    ids_by_speaker: dict[tuple[str, str], str] = {}
    cursor: dict[str, int] = {}
    for (key, speaker, mention, cue, kind, text, said_on, via, nested, title, org) in STATEMENTS:
        body = bodies[key]
        # Nested statements sit inside their container: search from its start.
        start = body.find(text, cursor.get(key, 0) if nested is None else 0)
        if nested is not None:
            outer = db["statements"].get(ids_by_speaker[(key, nested)])
            start = body.find(text, outer["start"])
        assert start >= 0, f"not in the article body: {text[:20]}"
        end = start + len(text)
        if nested is None:
            cursor[key] = end
        sid = _id("statement", article_id(key), start, end)
        ids_by_speaker.setdefault((key, speaker), sid)
        db["statements"].upsert({
            "id": sid, "article_id": article_id(key), "speaker_id": speaker_id(speaker),
            "mention": mention, "cue": cue, "text": text, "kind": kind,
            "start": start, "end": end, "said_on": said_on,
            "via_id": speaker_id(via) if via else None,
            "nested_in": ids_by_speaker[(key, nested)] if nested else None,
            "speaker_title": title, "speaker_org": org,
        }, pk="id")

    ensure_db_shape(db)
    db.conn.close()
    return path


def add_hostile_rows(path: str | Path, payload: str = "<script>alert(1)</script>") -> dict:
    """Add an article, a speaker and a statement whose text carries `payload`.

    Works on any quotecheck database (sample or real build): used to check that the site
    escapes what it shows. Returns the ids of the new rows.
    """
    db = sqlite_utils.Database(path)
    body = f"测试员表示，{payload}这是一条测试。"
    text = f"{payload}这是一条测试。"
    aid, spid = _id("article", "hostile"), _id("speaker", "hostile")
    db["articles"].upsert({
        "id": aid, "key": "test://hostile", "source": "test", "title": f"测试文章{payload}",
        "published": "2024-02-01", "outlet": "测试", "body": body, "chars": len(body),
    }, pk="id")
    db["speakers"].upsert({"id": spid, "name": f"测试员{payload}", "kind": "person",
                           "country": "CN", "aliases": "[]", "roles": "[]", "in_registry": 0},
                          pk="id")
    start = body.index(text)
    sid = _id("statement", aid, start)
    db["statements"].upsert({
        "id": sid, "article_id": aid, "speaker_id": spid, "mention": "测试员", "cue": "表示",
        "text": text, "kind": "indirect", "start": start, "end": start + len(text),
        "said_on": "2024-02-01",
    }, pk="id")
    ensure_db_shape(db)
    db.conn.close()
    return {"article_id": aid, "speaker_id": spid, "statement_id": sid}


if __name__ == "__main__":  # python -m tests.site_fixture /tmp/sample.db
    import sys

    print(make_sample_db(sys.argv[1] if len(sys.argv) > 1 else "sample.db"))
