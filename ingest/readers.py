"""Turn input paths into `Article` records.

One file gives one article (Markdown, plain text, HTML) or several (a JSON array or JSON
Lines). Everything that would shift character offsets (image and link syntax, repeated
titles, bylines, page chrome, whitespace) is cleaned here, before `Article.body` is fixed,
because statements point into the body by offset.

Formats, chosen by extension and then by content (files without an extension are sniffed):

* Markdown / text (``.md``, ``.markdown``, ``.txt``, anything else that is not HTML or JSON):
  optional YAML front matter between ``---`` lines with ``id``, ``title``, ``published``
  (alias ``date``), ``url``, ``outlet``, ``author``, ``lang``. Byline lines such as ``作者丨…`` or
  ``编辑：…`` at the start or end go to ``Article.byline``.
* HTML (``.html``, ``.htm``, ``.shtml``, ``.xhtml`` or content starting with ``<!DOCTYPE html``
  / ``<html``): main text by trafilatura; metadata from ``<meta name="ArticleTitle" | "PubDate"
  | "Url" | "SiteName" | "Author">`` first, then trafilatura's metadata, then ``<title>``.
* JSON (``.json``: one object, an array of objects, or JSON Lines) and JSON Lines
  (``.jsonl``, ``.ndjson``). Field mapping, first non-empty field wins:

  ========== ==========================================================
  Article    JSON item
  ========== ==========================================================
  body       ``content``, ``body``, ``text``
  title      ``title``
  published  ``date``, ``published``, ``pubDate``, ``datetime`` (normalised to YYYY-MM-DD)
  url        ``sourceUrl``, ``url``, ``link``
  outlet     ``outlet``, ``source``, ``site`` (else None)
  author     ``author``
  lang       ``lang``, ``language`` (else detected)
  key        ``<absolute path>#<id>``, or ``#<n>`` (1-based position) without ``id``
  ========== ==========================================================

  A headline glued to the start of ``content`` (with or without its punctuation) is removed.

`Article.key`: the front matter's ``id`` (or ``url``) for Markdown/text, the page URL for
HTML that names one, ``<abspath>#<id>`` for JSON items, else ``file:<abspath>``. `published` comes from the file, else from the caller's
``published`` argument, else None: it is never guessed from today's date or from the text.
"""
from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import json
import os
import re
from collections.abc import Callable, Iterator

import charset_normalizer
import lxml.html
import trafilatura
import yaml

from .model import Article

MARKDOWN_EXTENSIONS = {".md", ".markdown"}
TEXT_EXTENSIONS = {".txt", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml"}
JSON_EXTENSIONS = {".json"}
JSON_LINES_EXTENSIONS = {".jsonl", ".ndjson"}

# Labels that head a byline line in Chinese news; longer labels first so 责任编辑 wins over 编辑.
BYLINE_LABELS = ("责任编辑", "通讯员", "作者", "记者", "编辑", "责编", "排版", "校对", "审核", "监制", "来源", "摄影")
AUTHOR_LABELS = ("作者", "记者")
BYLINE_RE = re.compile(
    r"^[ \t\u3000]*(?:【[^】\n]{0,10}】)?[ \t\u3000]*"  # 【我要纠错】 precedes 责任编辑 on gov.cn pages
    rf"({'|'.join(BYLINE_LABELS)})[ \t\u3000]*[丨|｜：:][ \t\u3000]*(\S.*?)[ \t\u3000]*$"
)
# A byline value is short and is not a sentence; this keeps a Q&A turn like
# "记者：中方对此有何评论？" in the body.
BYLINE_MAX_VALUE = 40
SENTENCE_END = re.compile(r"[。？！?!]")

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")

# Markdown syntax removed from the body. The URL part may wrap over lines (the seed article
# has one), so it matches anything up to the closing parenthesis, within a sane length.
MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)]{0,2000}\)")
MD_LINK_RE = re.compile(r"\[([^\]\n]+)\]\([^)\s]{0,2000}(?:\s*\n?[^)\s]{0,2000})?(?:\s+\"[^\"\n]*\")?\)")
MD_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
MD_BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

# Punctuation and spaces a glued headline may lose or keep; used when matching it.
TITLE_FILLER_CHARS = frozenset("\u3000:：,，、。;；!！?？\"'“”‘’《》〈〉()（）[]【】·•-—–|｜_")  # and spaces

GB_ENCODINGS = {"gb2312", "gbk", "gb18030", "hz", "euc_cn", "cp936"}
BIG5_ENCODINGS = {"big5", "big5hkscs", "cp950"}

LIST_PAGE_REASON = "list page: no article text"
MIN_ARTICLE_CHARS = 50  # below this a page without article metadata has no article text


class ReadError(Exception):
    """An input that cannot be read as articles; `reason` is one short human line."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = _one_line(reason)
        super().__init__(f"{self.path}: {self.reason}")


# --------------------------------------------------------------------------- input paths


def iter_input_files(paths: list[str]) -> Iterator[str]:
    """Yield the files to read: files as given, directories expanded recursively in sorted
    order without hidden entries. A missing path is yielded as is so reading it reports it."""
    for path in paths:
        if os.path.isdir(path):
            yield from _walk_sorted(path)
        else:
            yield path


def _walk_sorted(directory: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(directory):
        # os.walk descends in the order left in dirnames, so sorting it sorts the whole walk.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


# --------------------------------------------------------------------------- entry point


def read_articles(path: str, published: str | None = None,
                  warn: Callable[[str], None] | None = None) -> list[Article]:
    """Read one file into its articles. Raises ReadError for anything broken; `warn` is
    told (one line) of metadata that could not be read, such as a date that is no date."""
    warn = warn or (lambda reason: None)
    data = _read_bytes(path)
    if not data.strip() or not data.lstrip(codecs.BOM_UTF8).strip():
        raise ReadError(path, "empty file")
    try:
        kind = _detect_format(path, data)
        if kind == "html":
            articles = [_read_html(path, data, warn)]
        elif kind in ("json", "jsonl"):
            articles = _read_json(path, _decode(path, data), lines=kind == "jsonl", warn=warn)
        else:
            articles = [_read_markdown(path, _decode(path, data), kind, warn)]
    except ReadError:
        raise
    except Exception as exc:  # bad input must surface as ReadError, never as a traceback
        raise ReadError(path, f"could not read: {type(exc).__name__}: {exc}") from exc
    for article in articles:
        if article.published is None and published:
            article.published = normalise_date(published)
    return articles


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ReadError(path, "no such file or directory") from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory") from None
    except PermissionError:
        # Windows reports a directory as PermissionError; say what it really is.
        raise ReadError(path, "is a directory" if os.path.isdir(path) else "permission denied") from None
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None


def _detect_format(path: str, data: bytes) -> str:
    """markdown | text | html | json | jsonl, by extension, else by sniffing the content."""
    ext = os.path.splitext(path)[1].lower()
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in JSON_EXTENSIONS:
        return "json"
    if ext in JSON_LINES_EXTENSIONS:
        return "jsonl"
    if ext in MARKDOWN_EXTENSIONS:
        return "markdown"
    if ext in TEXT_EXTENSIONS:
        return "text"
    head = data[:512].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"{", b"[")) and _parses_as_json(data):
        return "json"
    return "text"


def _parses_as_json(data: bytes) -> bool:
    # An extensionless file that starts with "[" may be prose ("[视频]…"); only call it JSON
    # when it parses (whole, or its first line for JSON Lines).
    try:
        text = decode_bytes(data)
    except ValueError:
        return False
    for candidate in (text, text.lstrip().split("\n", 1)[0]):
        try:
            json.loads(candidate)
            return True
        except ValueError:
            continue
    return False


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), else the encoding charset-normalizer detects, with
    GB18030 for any GB detection and a Big5 variant for Big5. Raises ValueError for binary
    data. Characters are never converted (Traditional Chinese stays Traditional)."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    encoding = _detect_encoding(data)
    if encoding is None:
        raise ValueError("binary file, not text")
    family = _encoding_family(encoding)
    if family == "gb":
        return data.decode("gb18030")  # a superset of GBK and GB2312
    if family == "big5":
        return _decode_big5(data)
    return data.decode(encoding)


def _detect_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring a Chinese encoding when one is nearly as good:
    short GBK text is often taken for cp949 or Shift_JIS, and this project reads Chinese first."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    chinese = [m for m in matches if any(_encoding_family(e) for e in m.could_be_from_charset)]
    if chinese:
        top = min(chinese, key=lambda m: m.chaos)  # min keeps the detector's order on ties
        if top.chaos <= best.chaos + 0.1:
            return next(e for e in top.could_be_from_charset if _encoding_family(e))
    return best.encoding


def _encoding_family(encoding: str) -> str | None:
    name = codecs.lookup(encoding).name.replace("-", "_")
    if name in GB_ENCODINGS:
        return "gb"
    if name in BIG5_ENCODINGS:
        return "big5"
    return None


def _decode_big5(data: bytes) -> str:
    # Plain Big5 lacks common characters (e.g. 碁, 銹) that cp950 and Big5-HKSCS add.
    for encoding in ("big5", "cp950", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("undecodable Big5 text")


def _decode(path: str, data: bytes) -> str:
    try:
        return decode_bytes(data)
    except (ValueError, LookupError) as exc:
        raise ReadError(path, str(exc) if "binary" in str(exc) else f"cannot decode text: {exc}") from None


# --------------------------------------------------------------------------- Markdown / text


def _read_markdown(path: str, text: str, kind: str, warn: Callable[[str], None]) -> Article:
    text = _normalise_newlines(text)
    meta, text = _split_front_matter(path, text)
    title = _clean_value(meta.get("title"))
    body, title = _take_title(_strip_markdown(text), title)
    body, byline = _take_bylines(body)
    body = _normalise_whitespace(body)
    if not body:
        raise ReadError(path, "no article text")
    author = _clean_value(meta.get("author")) or _author_from_byline(byline)
    # An `id` (or `url`) in the front matter keeps the article's identity wherever the file lives.
    ident = _clean_value(meta.get("id"))
    url = _clean_value(meta.get("url"))
    return Article(
        source=path,
        key=f"id:{ident}" if ident else (url or _file_key(path)),
        body=body,
        title=title,
        published=_published(meta.get("published", meta.get("date")), warn),
        url=_clean_value(meta.get("url")),
        outlet=_clean_value(meta.get("outlet")) or byline.get("来源"),
        author=author,
        lang=_clean_value(meta.get("lang")) or detect_lang(body),
        format="markdown" if kind == "markdown" else "text",
        byline=byline,
    )


def _split_front_matter(path: str, text: str) -> tuple[dict, str]:
    """YAML front matter (as a dict) and the rest of the text."""
    if not text.startswith("---"):
        return {}, text
    match = FRONT_MATTER_RE.match(text)
    if not match:
        if re.match(r"---[ \t]*\n", text):
            raise ReadError(path, "broken front matter: no closing ---")
        return {}, text  # "----" or "--- text" is not front matter
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise ReadError(path, f"broken front matter: {_yaml_problem(exc)}") from None
    if not isinstance(meta, dict):
        raise ReadError(path, "broken front matter: not a mapping of fields")
    return meta, text[match.end():]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} at line {mark.line + 2}"  # +1 for 1-based, +1 for the opening ---
    return str(exc).strip().splitlines()[0]


def _strip_markdown(text: str) -> str:
    """Remove image syntax, keep link text, drop heading and bold markers."""
    text = MD_IMAGE_RE.sub("", text)
    text = MD_LINK_RE.sub(r"\1", text)
    return MD_BOLD_RE.sub(lambda m: m.group(1) or m.group(2), text)


def _take_title(text: str, title: str | None) -> tuple[str, str | None]:
    """Drop the title where it is repeated as the first line(s); without a given title, a
    leading `# heading` is the title. Heading markers go from all other lines."""
    lines = text.split("\n")
    first = _first_content_line(lines, 0)
    if title is None and first is not None and MD_HEADING_RE.match(lines[first]):
        title = _heading_text(lines[first])
    if title:
        wanted = _comparable(title)
        while first is not None and _comparable(_heading_text(lines[first])) == wanted:
            del lines[: first + 1]
            first = _first_content_line(lines, 0)
    body = MD_HEADING_RE.sub(r"\1", "\n".join(lines))
    return body, title


def _first_content_line(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _heading_text(line: str) -> str:
    match = MD_HEADING_RE.match(line)
    return (match.group(1) if match else line).strip()


def _comparable(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _take_bylines(body: str) -> tuple[str, dict]:
    """Move byline lines at the start and at the end of the body into a dict."""
    lines = body.split("\n")
    found: dict[bool, list] = {False: [], True: []}
    for from_end in (False, True):
        while True:
            i = _edge_line(lines, from_end)
            parsed = _parse_byline(lines[i]) if i is not None else None
            if not parsed:
                break
            found[from_end].append(parsed)
            del lines[i]
    byline: dict = {}
    for label, value in found[False] + found[True][::-1]:  # in reading order
        byline.setdefault(label, value)
    return "\n".join(lines), byline


def _edge_line(lines: list[str], from_end: bool) -> int | None:
    order = range(len(lines) - 1, -1, -1) if from_end else range(len(lines))
    return next((i for i in order if lines[i].strip()), None)


def _parse_byline(line: str) -> tuple[str, str] | None:
    match = BYLINE_RE.match(line)
    if not match:
        return None
    label, value = match.group(1), match.group(2).strip()
    if len(value) > BYLINE_MAX_VALUE or SENTENCE_END.search(value):
        return None
    return label, value


def _author_from_byline(byline: dict) -> str | None:
    for label in AUTHOR_LABELS:
        if byline.get(label):
            name = re.split(r"[，,]", byline[label], maxsplit=1)[0].strip()
            return name or None
    return None


# --------------------------------------------------------------------------- HTML


def _read_html(path: str, data: bytes, warn: Callable[[str], None]) -> Article:
    html = _decode_html(path, data)
    tree = _parse_html(html)
    meta = _html_meta(tree)
    # favor_precision: without it trafilatura keeps the MFA "相关链接" site directory
    # (55 of 960 corpus pages); with it no page of that corpus lost article text.
    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    anchors = _anchor_texts(tree)
    if _looks_like_list_page(body, anchors, has_article_meta=bool(meta.get("articletitle"))):
        raise ReadError(path, LIST_PAGE_REASON)
    body, byline = _take_bylines(_drop_trailing_chrome(_normalise_newlines(body), anchors))
    body = _normalise_whitespace(body)
    if not body:
        raise ReadError(path, "no article text")
    found = trafilatura.extract_metadata(html, extensive=False)  # extensive date search guesses
    outlet = meta.get("sitename") or (found.sitename if found else None)
    title = meta.get("articletitle") or (found.title if found else None) or _html_title(tree)
    url = meta.get("url") or (found.url if found else None)
    published = normalise_date(meta.get("pubdate")) or normalise_date(found.date if found else None)
    if published is None:
        _published(meta.get("pubdate"), warn)
    return Article(
        source=path,
        key=url or _file_key(path),
        body=body,
        title=_strip_site_suffix(title, outlet),
        published=published,
        url=url,
        outlet=outlet or byline.get("来源"),
        author=meta.get("author") or (found.author if found else None) or _author_from_byline(byline),
        lang=detect_lang(body),
        format="html",
        byline=byline,
    )


def _decode_html(path: str, data: bytes) -> str:
    """Use the charset the page declares when it decodes cleanly, else detect."""
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            encoding = "gb18030" if _encoding_family(name) == "gb" else name
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(path, data)


def _parse_html(html: str):
    try:
        return lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):
        return None  # trafilatura still gets its own try; only metadata is lost


def _html_meta(tree) -> dict[str, str]:
    """`<meta name=… content=…>` pairs, names lower-cased, empty values left out."""
    if tree is None:
        return {}
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        name = (element.get("name") or element.get("property") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if name and content:
            meta.setdefault(name, content)
    return meta


def _html_title(tree) -> str | None:
    element = tree.find(".//title") if tree is not None else None
    return _clean_value(element.text_content()) if element is not None else None


def _strip_site_suffix(title: str | None, outlet: str | None) -> str | None:
    # <title> often reads "headline_中华人民共和国外交部"; the outlet is stored separately.
    if title and outlet:
        title = re.sub(rf"\s*[_|｜\-–—]\s*{re.escape(outlet)}\s*$", "", title)
    return _clean_value(title)


def _looks_like_list_page(body: str, anchors: set[str], has_article_meta: bool) -> bool:
    """No article here: little or no text without article metadata, or text that is mostly
    the page's own link labels (an index of headlines)."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines:
        return True
    if not has_article_meta and sum(len(line) for line in lines) < MIN_ARTICLE_CHARS:
        return True
    linked = sum(1 for line in lines if _is_link_line(line, anchors))
    return len(lines) >= 3 and linked / len(lines) >= 0.5


def _anchor_texts(tree) -> set[str]:
    if tree is None:
        return set()
    return {re.sub(r"\s+", " ", a.text_content()).strip() for a in tree.iter("a")} - {""}


def _is_link_line(line: str, anchors: set[str]) -> bool:
    # A list entry is a link label, maybe bulleted and followed by its date: "- 标题 2024-01-12".
    line = re.sub(r"^[-*•·]\s+", "", line.strip())
    label = re.sub(r"[\s(（]*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[)）]?\s*$", "", line).strip()
    return label in anchors or line in anchors


# Section labels and buttons a page puts after the article ("相关稿件", "【我要纠错】").
TRAILING_CHROME_RE = re.compile(r"^(相关(稿件|新闻|链接|附件|阅读|报道|文章)[:：]?|【?(我要)?纠错】?|打印(本页)?|关闭(窗口)?|分享到?[:：]?|返回顶部)$")


def _drop_trailing_chrome(text: str, anchors: set[str] = frozenset()) -> str:
    """Drop trailing lines that are page furniture: related-links headings and link labels."""
    lines = text.split("\n")
    while lines:
        last = lines[-1].strip()
        if last and not TRAILING_CHROME_RE.match(last) and not (anchors and _is_link_line(last, anchors)):
            break
        lines.pop()
    return "\n".join(lines)


# --------------------------------------------------------------------------- JSON


def _read_json(path: str, text: str, lines: bool, warn: Callable[[str], None]) -> list[Article]:
    items = _json_items(path, text, lines)
    if not items:
        raise ReadError(path, "no items in JSON")
    return [_json_article(path, item, n, warn) for n, item in enumerate(items, start=1)]


def _json_items(path: str, text: str, lines: bool) -> list:
    if not lines:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise ReadError(path, f"invalid JSON: {_json_problem(exc)}") from None
            lines = True  # several values one after another: JSON Lines in a .json file
        else:
            return _as_item_list(path, value)
    return _json_lines(path, text)


def _json_lines(path: str, text: str) -> list:
    items = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            # One bad line fails the file: a half-read file would silently drop items.
            raise ReadError(path, f"invalid JSON on line {number}: {exc.msg} at column {exc.colno}") from None
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ReadError(path, f"item {number} is not a JSON object")
    return items


def _as_item_list(path: str, value) -> list:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise ReadError(path, f"item {number} is not a JSON object")
        return value
    raise ReadError(path, "JSON is neither an object nor an array of objects")


def _json_problem(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} at line {exc.lineno} column {exc.colno}"


def _json_article(path: str, item: dict, number: int, warn: Callable[[str], None]) -> Article:
    raw = _first_field(item, "content", "body", "text")
    title = _clean_value(_first_field(item, "title"))
    ident = _first_field(item, "id", "_id", "guid")
    if not isinstance(raw, str) or not raw.strip():
        label = f"item {number}" + (f" (id {ident})" if ident is not None else "")
        raise ReadError(path, f"{label} has no content")
    body, outlet_seen, byline = _clean_json_body(raw, title)
    if not body or _is_page_chrome(body):
        label = f"item {number}" + (f" (id {ident})" if ident is not None else "")
        raise ReadError(path, f"{label} has no article text, only page navigation or script")
    return Article(
        source=path,
        key=f"{os.path.abspath(path)}#{ident if ident not in (None, '') else number}",
        body=body,
        title=title,
        published=_published(_first_field(item, "date", "published", "pubDate", "datetime"),
                             lambda reason: warn(f"item {number}: {reason}")),
        url=_clean_value(_first_field(item, "sourceUrl", "url", "link")),
        outlet=_clean_value(_first_field(item, "outlet", "source", "site")) or outlet_seen,
        author=_clean_value(_first_field(item, "author")) or _author_from_byline(byline),
        lang=_clean_value(_first_field(item, "lang", "language")) or detect_lang(body),
        format="json",
        byline=byline,
    )


def _first_field(item: dict, *names: str):
    for name in names:
        value = item.get(name)
        if value not in (None, ""):
            return value
    return None


def _clean_json_body(raw: str, title: str | None) -> tuple[str, str | None, dict]:
    """Scraped content: drop the source page's indentation, a glued headline, the gov.cn
    header block (date, 来源, 字号, 打印) and trailing bylines."""
    text = "\n".join(line.strip(" \t") for line in _normalise_newlines(raw).split("\n"))
    text = _normalise_whitespace(text)
    text = _strip_glued_title(text, title)
    text, outlet = _strip_page_header(text)
    text = _strip_glued_title(text, title)
    text, byline = _take_bylines(_drop_trailing_chrome(text))
    if outlet and "来源" not in byline:
        byline["来源"] = outlet
    return _normalise_whitespace(text), outlet, byline


def _strip_glued_title(text: str, title: str | None) -> str:
    """Remove the headline from the start of the text, even when glued to the first sentence
    and stripped of its own spaces and punctuation."""
    if not title:
        return text
    chars = [c for c in title if c.isalnum()]
    if len(chars) < 4:  # too short to tell a headline from an ordinary opening
        return text
    # The headline's characters in order, any filler before, between and after them (no
    # pattern compiled per title: filler never is a headline character, so a run of filler
    # is taken whole).
    at = _past_filler(text, 0)
    for char in chars:
        if at == len(text) or text[at] != char:
            return text
        at = _past_filler(text, at + 1)
    return text[at:]


def _past_filler(text: str, at: int) -> int:
    while at < len(text) and (text[at].isspace() or text[at] in TITLE_FILLER_CHARS):
        at += 1
    return at


# Script or markup left in scraped content; a line like this is not prose.
CODE_LINE_RE = re.compile(
    r"\bfunction\b|document\.|window\.|\bvar\s+\w+\s*=|;\s*$|[{}]\s*$|^\s*[{}]|^\s*//|\w\s*=\s*['\"/]|==|\bif\s*\("
)
MIN_PROSE_LINE = 20


def _is_page_chrome(text: str) -> bool:
    """Some scraped items are a whole page's menus and scripts without the story: no line of
    prose, and script or a long run of short menu lines. A short real item is not chrome."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines or any(len(line) >= MIN_PROSE_LINE and not CODE_LINE_RE.search(line) for line in lines):
        return False
    return any(CODE_LINE_RE.search(line) for line in lines) or len(lines) >= 10


# The header gov.cn pages put between headline and text: time, 来源, font-size switch, print.
PAGE_HEADER_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?|来源[：:].*|字号[：:].*|默认|大|超大|中|小|\||打印|分享到?[：:]?.*)$")


def _strip_page_header(text: str) -> tuple[str, str | None]:
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()][:20]
    header = [i for i in content if PAGE_HEADER_LINE.match(lines[i].strip())]
    if not any(lines[i].startswith("字号") for i in header):
        return text, None
    # The block runs from the first content line through the last header line; the line
    # after an empty "来源：" is the source's name.
    end, outlet = 0, None
    for i in content:
        line = lines[i].strip()
        if PAGE_HEADER_LINE.match(line):
            end = i + 1
            source = re.match(r"来源[：:]\s*(.*)", line)
            if source:
                outlet = source.group(1).strip() or None
        elif outlet is None and i > 0 and re.fullmatch(r"来源[：:]", lines[_prev_content(lines, i)].strip()):
            outlet, end = line, i + 1
        else:
            break
    return "\n".join(lines[end:]), outlet


def _prev_content(lines: list[str], i: int) -> int:
    return next((j for j in range(i - 1, -1, -1) if lines[j].strip()), 0)


# --------------------------------------------------------------------------- shared helpers


def _published(value, warn: Callable[[str], None]) -> str | None:
    """normalise_date(value); a value that is not empty and not a date is told to `warn`,
    as it is stored as unknown."""
    date = normalise_date(value)
    if date is None and value not in (None, ""):
        warn(_one_line(f"published {str(value)!r} is not a date: stored as unknown"))
    return date


def normalise_date(value) -> str | None:
    """A date as YYYY-MM-DD from a date, datetime or common string form; None if unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()  # RSS style
    except (TypeError, ValueError, IndexError):
        return None


def detect_lang(text: str) -> str:
    return "zh" if CJK_RE.search(text) else "en"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalise_whitespace(text: str) -> str:
    """Strip trailing spaces, keep at most one blank line between paragraphs."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _clean_value(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _file_key(path: str) -> str:
    return f"file:{os.path.abspath(path)}"


def _one_line(text: str) -> str:
    first = str(text).strip().splitlines()
    return first[0].strip() if first else "unknown error"
