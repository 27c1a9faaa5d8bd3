"""Tests for ingest.readers: input paths to Article records."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quotecheck.ingest.readers import ReadError, decode_bytes, iter_input_files, read_articles

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MFA = SHARED / "corpus" / "mfa-press-zh" / "raw"
XWLB = SHARED / "corpus" / "xinwenlianbo-zh" / "news"
SEED = SHARED / "articles" / "000_38f35daf7d300dd1.txt"

WRAPPED_IMAGE = "![](https://inews.gtimg.com/news_bt/OyMVDMFMQtCDio9abP2l7tuehmnaZq-9bTY-\nzUcF1opbcAA/1000)"

MARKDOWN = f"""---
title: 关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤
published: 2024-01-12
outlet: 深圳卫视直新闻
---
# 关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤

# 关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤

根据[美国务院](https://www.state.gov/)公布的消息，布林肯将与刘建超举行会晤。

**关键时刻 中美高官将举行会晤**

{WRAPPED_IMAGE}

美媒引述消息人士的话称，会谈将持续1小时左右。
![图](https://example.com/a.png)

作者丨 朱恩地 ， 深圳卫视直新闻记者

编辑丨郭锦池，深圳卫视直新闻主编

排版丨苏瑞雪，深圳卫视直新闻编辑
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def read_one(path: str, **kwargs):
    articles = read_articles(path, **kwargs)
    assert len(articles) == 1
    return articles[0]


def read_error(path: str, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_articles(path, **kwargs)
    return info.value


# --------------------------------------------------------------------------- Markdown / text


def test_markdown_front_matter_and_body_cleaning(tmp_path):
    path = write(tmp_path, "seed.md", MARKDOWN)
    article = read_one(path)

    assert article.title == "关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤"
    assert article.published == "2024-01-12"
    assert article.outlet == "深圳卫视直新闻"
    assert article.format == "markdown"
    assert article.lang == "zh"
    assert article.source == path
    assert article.key == f"file:{os.path.abspath(path)}"

    body = article.body
    for syntax in ("![", "](", "丨", "**", "#", "inews.gtimg.com", "zUcF1opbcAA"):
        assert syntax not in body, syntax
    assert body.startswith("根据美国务院公布的消息")  # repeated title dropped, link text kept
    assert "\n\n关键时刻 中美高官将举行会晤\n\n" in body  # bold heading stays its own paragraph
    assert body.endswith("会谈将持续1小时左右。")
    assert "\n\n\n" not in body

    assert article.author == "朱恩地"
    assert article.byline == {
        "作者": "朱恩地 ， 深圳卫视直新闻记者",
        "编辑": "郭锦池，深圳卫视直新闻主编",
        "排版": "苏瑞雪，深圳卫视直新闻编辑",
    }


def test_first_heading_becomes_title_without_front_matter(tmp_path):
    path = write(tmp_path, "a.txt", "# 外交部发言人答记者问\r\n\r\n\r\n\r\n问：中方有何评论？  \r\n答：中方欢迎。\r\n")
    article = read_one(path)
    assert article.title == "外交部发言人答记者问"
    # CRLF normalised, blank lines collapsed, trailing spaces stripped, single newline kept
    assert article.body == "问：中方有何评论？\n答：中方欢迎。"
    assert article.format == "text"
    assert article.published is None


def test_body_left_alone_when_first_line_is_not_a_heading(tmp_path):
    text = "王毅表示，中方愿同各方一道努力。\n\n# 小标题\n\n第二段。"
    article = read_one(write(tmp_path, "a.md", text))
    assert article.title is None
    assert article.body == "王毅表示，中方愿同各方一道努力。\n\n小标题\n\n第二段。"


def test_date_alias_and_published_argument(tmp_path):
    with_date = write(tmp_path, "a.md", '---\ndate: "2024/1/5 08:00"\nauthor: 李明\nlang: zh-Hant\n---\n內容。\n')
    article = read_one(with_date, published="2020-01-01")
    assert article.published == "2024-01-05"  # the file's own date wins
    assert article.author == "李明"
    assert article.lang == "zh-Hant"

    without_date = write(tmp_path, "b.md", "Body text only.\n")
    article = read_one(without_date, published="2024-02-03")
    assert article.published == "2024-02-03"
    assert article.lang == "en"
    assert read_one(without_date).published is None  # never guessed


def test_byline_with_other_separators_and_source_label(tmp_path):
    text = "记者：张三，北京报道\n\n正文第一段。\n\n来源：新华社\n责任编辑: 李四"
    article = read_one(write(tmp_path, "a.md", text))
    assert article.body == "正文第一段。"
    assert article.author == "张三"
    assert article.outlet == "新华社"
    assert article.byline == {"记者": "张三，北京报道", "来源": "新华社", "责任编辑": "李四"}


def test_question_turn_is_not_taken_for_a_byline(tmp_path):
    text = "记者：中方对此有何评论？\n答：中方表示欢迎。"
    article = read_one(write(tmp_path, "a.md", text))
    assert article.body == text
    assert article.byline == {}
    assert article.author is None


def test_full_width_and_traditional_characters_untouched(tmp_path):
    text = "「臺灣」問題，ＡＢＣ１２３　全形。"
    assert read_one(write(tmp_path, "a.txt", text)).body == text


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("gb18030", "外交部发言人毛宁表示，中方坚决反对美方的错误做法。"),
        ("gbk", "毛宁：中方欢迎。"),  # short GBK is easily mistaken for Korean cp949
        ("gb2312", "新华社北京1月12日电，国务院总理李强会见德国总理。"),
        ("big5", "外交部發言人毛寧表示，中方堅決反對任何形式的干涉。臺灣問題是中國內政。"),
        ("utf-8-sig", "带BOM的文本：中美关系。"),
        ("utf-16", "UTF-16 文本：中美关系。"),
    ],
)
def test_chinese_encodings_decode_to_the_original_text(tmp_path, encoding, text):
    path = write(tmp_path, f"{encoding}.txt", text.encode(encoding))
    assert read_one(path).body == text
    assert decode_bytes(text.encode(encoding)) == text


def test_big5_stays_traditional(tmp_path):
    text = "臺灣關係法與兩岸對話：發言人說，這是國際社會的共識。"
    body = read_one(write(tmp_path, "big5.txt", text.encode("big5"))).body
    assert body == text
    assert "台湾" not in body and "发言人" not in body


def test_decode_bytes_rejects_binary():
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n ", "empty file"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "binary file, not text"),
        ("noext", bytes(range(256)) * 4, "binary file, not text"),
        ("broken.md", "---\ntitle: [unclosed\npublished: 2024-01-12\n---\n正文。\n", "broken front matter"),
        ("unclosed.md", "---\ntitle: 标题\n正文。\n", "broken front matter"),
        ("bad.json", "{'id': 1,}", "invalid JSON"),
        ("nothing.json", "   \n", "empty file"),
    ],
)
def test_broken_inputs_raise_read_error(tmp_path, name, content, words):
    path = write(tmp_path, name, content)
    err = read_error(path)
    assert words in err.reason
    assert err.path == path
    assert str(err) == f"{path}: {err.reason}"
    assert "\n" not in err.reason


def test_invalid_json_reason_names_position(tmp_path):
    err = read_error(write(tmp_path, "bad.json", "not json"))
    assert err.reason == "invalid JSON: Expecting value at line 1 column 1"


def test_missing_path_and_directory(tmp_path):
    missing = str(tmp_path / "nope.md")
    assert read_error(missing).reason == "no such file or directory"
    assert str(read_error(missing)).startswith(missing)
    assert read_error(str(tmp_path)).reason == "is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "secret.md", "正文。")
    os.chmod(path, 0)
    try:
        assert read_error(path).reason == "permission denied"
    finally:
        os.chmod(path, 0o644)


# --------------------------------------------------------------------------- JSON


ITEM = {
    "id": "2025-10-31-0",
    "date": "2025-10-31",
    "title": "习近平出席亚太经合组织领导人非正式会议",
    "content": "当地时间10月31日上午，会议在韩国庆州举行。习近平指出，各方要同舟共济。",
    "sourceUrl": "https://cn.govopendata.com/xinwenlianbo/20251031",
    "scrapedAt": "2025-11-01T00:00:00Z",
}


def test_json_single_object_field_mapping(tmp_path):
    path = write(tmp_path, "item.json", json.dumps(ITEM, ensure_ascii=False))
    article = read_one(path, published="1999-01-01")
    assert article.body == ITEM["content"]
    assert article.title == ITEM["title"]
    assert article.published == "2025-10-31"
    assert article.url == ITEM["sourceUrl"]
    assert article.outlet is None
    assert article.format == "json"
    assert article.key == f"{os.path.abspath(path)}#2025-10-31-0"


def test_json_alternative_field_names(tmp_path):
    item = {"text": "正文。", "pubDate": "Fri, 12 Jan 2024 10:00:00 +0800", "link": "https://x.cn/1", "source": "新华社", "author": "王五"}
    article = read_one(write(tmp_path, "alt.json", json.dumps(item, ensure_ascii=False)))
    assert (article.body, article.published, article.url, article.outlet, article.author) == (
        "正文。", "2024-01-12", "https://x.cn/1", "新华社", "王五",
    )
    assert article.key.endswith("alt.json#1")  # no id: the item's position


def test_json_array_gives_one_article_per_item(tmp_path):
    items = [dict(ITEM, id=f"n{i}", content=f"第{i}条新闻。") for i in range(3)]
    path = write(tmp_path, "items.json", json.dumps(items, ensure_ascii=False))
    articles = read_articles(path)
    assert [a.body for a in articles] == ["第0条新闻。", "第1条新闻。", "第2条新闻。"]
    assert len({a.key for a in articles}) == 3
    assert all(a.source == path for a in articles)


@pytest.mark.parametrize("name", ["items.jsonl", "items.ndjson", "lines.json"])
def test_json_lines(tmp_path, name):
    lines = [json.dumps(dict(ITEM, id=f"n{i}", content=f"第{i}条。"), ensure_ascii=False) for i in range(2)]
    articles = read_articles(write(tmp_path, name, "\n".join(lines) + "\n\n"))
    assert [a.body for a in articles] == ["第0条。", "第1条。"]


def test_json_lines_one_bad_line_fails_the_file(tmp_path):
    good = json.dumps(ITEM, ensure_ascii=False)
    err = read_error(write(tmp_path, "items.jsonl", f"{good}\n{{broken\n{good}\n"))
    assert "invalid JSON" in err.reason and "line 2" in err.reason


def test_json_item_without_content_is_named(tmp_path):
    items = [ITEM, dict(ITEM, id="x"), {"id": "empty", "title": "只有标题", "content": "  "}]
    err = read_error(write(tmp_path, "items.json", json.dumps(items, ensure_ascii=False)))
    assert err.reason.startswith("item 3")
    assert "has no content" in err.reason


def test_json_item_that_is_only_page_script_is_rejected(tmp_path):
    content = "首页\n|\n简\n|\n繁\n|\nEN\n|\n登录\nfunction goSearch(event) {\nvar e = window.event || event;\n}"
    err = read_error(write(tmp_path, "chrome.json", json.dumps(dict(ITEM, content=content), ensure_ascii=False)))
    assert "no article text" in err.reason


@pytest.mark.parametrize(
    "title, content, expected",
    [
        ("李强会见德国总理默茨", "李强会见德国总理默茨新华社约翰内斯堡11月23日电，李强表示。", "新华社约翰内斯堡11月23日电，李强表示。"),
        (  # glued without the headline's own punctuation and spaces
            "丁薛祥在山东调研时强调：确保规划圆满收官 为开局打好基础",
            "丁薛祥在山东调研时强调确保规划圆满收官为开局打好基础新华社石家庄电，丁薛祥表示。",
            "新华社石家庄电，丁薛祥表示。",
        ),
        ("李强会见德国总理默茨", "李强会见德国总理默茨\n            \n      正文。", "正文。"),
        ("李强会见德国总理默茨", "当地时间23日，李强会见德国总理默茨。", "当地时间23日，李强会见德国总理默茨。"),
    ],
)
def test_glued_headline_is_stripped(tmp_path, title, content, expected):
    item = dict(ITEM, title=title, content=content)
    assert read_one(write(tmp_path, "a.json", json.dumps(item, ensure_ascii=False))).body == expected


def test_gov_cn_page_header_and_footer_removed(tmp_path):
    content = (
        "李强会见德国总理默茨\n            \n   2025-11-23 23:11\n   来源： \n      新华社\n"
        "   字号：默认\n   大\n   超大\n   |\n\t\t打印\n   |\n\n"
        "   李强会见德国总理默茨新华社约翰内斯堡11月23日电，李强表示。\n\n【我要纠错】责任编辑：王洋\n\n相关稿件\n  "
    )
    item = dict(ITEM, title="李强会见德国总理默茨", content=content)
    article = read_one(write(tmp_path, "a.json", json.dumps(item, ensure_ascii=False)))
    assert article.body == "新华社约翰内斯堡11月23日电，李强表示。"
    assert article.outlet == "新华社"
    assert article.byline == {"来源": "新华社", "责任编辑": "王洋"}


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="SiteName" content="中华人民共和国外交部">
<meta name="ArticleTitle" content="外交部发言人就某事答记者问">
<meta name="PubDate" content="2024-01-12 17:00">
<meta name="Url" content="https://www.mfa.gov.cn/web/t1.shtml">
<title>外交部发言人就某事答记者问_中华人民共和国外交部</title></head><body>
<div class="nav"><ul><li><a href="/a">首页</a></li><li><a href="/b">驻外机构</a></li><li><a href="/c">外交部长</a></li></ul></div>
<div class="article"><h1>外交部发言人就某事答记者问</h1>
<p>问：据报道，美国领导人多次表示坚持一个中国政策。中方对此有何评论？</p>
<p>答：我们注意到有关报道。中方希望美方将这一表态落到实处，停止一切错误做法，维护台海和平稳定。</p>
<p>中方坚定维护国家主权和领土完整的决心是坚定不移的，任何人都不要低估这一点，这是中方一贯的立场。</p>
</div>
<div class="footer"><p>版权所有：中华人民共和国外交部 京ICP备06035104号</p></div>
</body></html>"""


def test_html_metadata_and_main_text(tmp_path):
    path = write(tmp_path, "page.shtml", HTML_PAGE)
    article = read_one(path)
    assert article.title == "外交部发言人就某事答记者问"
    assert article.published == "2024-01-12"
    assert article.url == article.key == "https://www.mfa.gov.cn/web/t1.shtml"
    assert article.outlet == "中华人民共和国外交部"
    assert article.format == "html"
    lines = article.body.split("\n")
    assert lines[0].startswith("问：据报道")
    assert any(line.startswith("答：我们注意到") for line in lines)
    for chrome in ("首页", "驻外机构", "京ICP备", "版权所有"):
        assert chrome not in article.body


def test_html_sniffed_without_extension_and_gbk_charset(tmp_path):
    html = HTML_PAGE.replace('charset="utf-8"', 'charset="gb2312"')
    article = read_one(write(tmp_path, "60", html.encode("gb18030")))
    assert article.format == "html"
    assert "美国领导人多次表示坚持一个中国政策" in article.body


def test_html_list_page_raises(tmp_path):
    items = "\n".join(
        f'<li><a href="/t{i}.shtml">2024年1月{i}日外交部发言人毛宁主持例行记者会</a><span>2024-01-{i:02d}</span></li>'
        for i in range(1, 21)
    )
    html = f"<!DOCTYPE html><html><head><title>发言人表态_中华人民共和国外交部</title></head><body><ul class='list'>{items}</ul></body></html>"
    err = read_error(write(tmp_path, "609", html))
    assert err.reason == "list page: no article text"


# --------------------------------------------------------------------------- input files


def test_iter_input_files_recurses_sorted_and_skips_hidden(tmp_path):
    for name in ["b/2.md", "b/10.md", "a.json", "c/d/e.txt", ".git/config", "b/.hidden.md", "z/.cache/x.md"]:
        write(tmp_path, name, "x")
    single = write(tmp_path, "single.md", "x")
    root = str(tmp_path / "")
    missing = str(tmp_path / "missing.md")
    found = list(iter_input_files([single, str(tmp_path), missing]))
    rel = [os.path.relpath(p, root) for p in found[1:-1]]
    assert found[0] == single and found[-1] == missing
    assert rel == ["a.json", "single.md", "b/10.md", "b/2.md", "c/d/e.txt"]
    assert all(p.startswith(str(tmp_path)) for p in found)


def test_iter_input_files_keeps_relative_paths(tmp_path, monkeypatch):
    write(tmp_path, "in/x.md", "正文。")
    monkeypatch.chdir(tmp_path)
    found = list(iter_input_files(["in"]))
    assert found == [os.path.join("in", "x.md")]
    assert read_one(found[0]).source == os.path.join("in", "x.md")


# --------------------------------------------------------------------------- shared corpus


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared corpus not present")


@needs_shared
def test_seed_article():
    if not SEED.is_file():
        pytest.skip("seed article not present")
    article = read_one(str(SEED))
    assert article.title == "关键时刻，美国务卿布林肯与中联部部长刘建超举行会晤"
    assert article.author == "朱恩地"
    assert article.body.startswith("根据美国务院公布的消息")
    for syntax in ("![", "](", "丨", "**", "# "):
        assert syntax not in article.body


@needs_shared
def test_mfa_press_conference_page():
    page = MFA / "60"
    if not page.is_file():
        pytest.skip("MFA page 60 not present")
    article = read_one(str(page))
    assert article.title == "2024年1月12日外交部发言人毛宁主持例行记者会"
    assert article.published == "2024-01-12"
    assert article.url == "https://www.mfa.gov.cn/web/wjdt_674879/fyrbt_674889/202401/t20240112_11222890.shtml"
    assert article.outlet == "中华人民共和国外交部"
    assert "美国领导人多次表示坚持一个中国政策" in article.body
    for chrome in ("驻外机构", "京ICP备", "相关链接"):
        assert chrome not in article.body
    lines = article.body.split("\n")
    # each transcript turn is its own line
    assert any(line.startswith("毛宁：") for line in lines)
    assert any(line.startswith("法新社记者：") and line.endswith("？") for line in lines)


@needs_shared
def test_mfa_page_without_metadata_still_reads():
    # The corpus README calls pages 609-617 list pages, but each holds a full transcript
    # (only the <meta> tags are missing), so they are read, with trafilatura's metadata.
    page = MFA / "609"
    if not page.is_file():
        pytest.skip("MFA page 609 not present")
    article = read_one(str(page))
    assert article.title == "2022年1月25日外交部发言人赵立坚主持例行记者会"
    assert article.published == "2022-01-25"
    assert article.body.startswith("总台央视记者：")
    assert "驻外机构" not in article.body


@needs_shared
def test_mfa_related_links_directory_is_not_body():
    page = MFA / "616"  # trafilatura's default settings keep its 相关链接 directory
    if not page.is_file():
        pytest.skip("MFA page 616 not present")
    body = read_one(str(page)).body
    assert body.startswith("问：1月15日，汤加海域火山持续爆发")
    for chrome in ("相关链接", "驻外机构", "地方外办"):
        assert chrome not in body


@needs_shared
def test_xinwenlianbo_item():
    item = XWLB / "2025-10-31-0.json"
    if not item.is_file():
        pytest.skip("xinwenlianbo item not present")
    article = read_one(str(item))
    assert article.published == "2025-10-31"
    assert article.title == "习近平出席亚太经合组织第三十二次领导人非正式会议并发表重要讲话"
    assert article.body.startswith("当地时间10月31日上午")
    assert article.key.endswith("2025-10-31-0.json#2025-10-31-0")
