"""Article text: main text and metadata from HTML, canonical URLs, content hashes, input validation.

Everything here is pure (no database, no network) so the ingestion services, the connectors and the
ranking code can share it. HTML is handed to trafilatura, a maintained main-text extractor; this module
never walks the HTML tree itself.

Contract for callers:

- ``extract_html(html, url=...) -> ExtractedText`` raises ``TextInputError`` when the page has no
  article body (menus, cookie walls, error pages).
- ``decode_text(data)`` / ``read_input_file(path)`` refuse binary data, invalid UTF-8 and input larger
  than ``MAX_INPUT_BYTES`` (checked on the size before anything is read).
- ``parse_corpus_document(data)`` reads the ``url, title, publisher, published, language, text`` JSON
  format; unknown keys are ignored.
- ``validate_article_text(text, language=...)`` refuses empty text and languages other than English.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from claimtrack.exceptions import ApplicationError

# 5 MB. A long news article is 20–100 KB of HTML; 5 MB leaves room for heavy pages while refusing
# dumps and binaries before they reach the parser. Files are refused by their size on disk, unread.
MAX_INPUT_BYTES = 5 * 1024 * 1024

# An error page served with status 200 (a "soft 404"): a short body whose title or first sentence is
# nothing but an error notice ("Page not found | Daily News", "We are sorry, an unexpected error has
# occurred."). Headlines that merely start with such words ("404 migrants rescued", "Server error
# blamed for outage", "Access denied – the families shut out of benefits") are not notices: the whole
# line must be one, apart from the site's name after a title ("| Daily News", "- The Times of India";
# "– the families shut out of benefits" is a subtitle).
ERROR_PAGE_MAX_CHARS = 1000
# A site name after a title: anything after " | ", or a domain after a dash ("- theguardian.com").
_SITE_NAME = re.compile(r"\s+\|\s+[^|]{1,60}$|\s+[-–—]\s+[\w-]+(?:\.[\w-]+)+$")
_STATUS = r"(?:(?:http\s+)?error\s*)?(?:4\d\d|5\d\d)(?:\s*error)?"
_YOU_WANTED = r"you(?:\s+were|\s+are|[’']re)?\s+(?:looking\s+for|requested)"
_NOT_FOUND = r"(?:was\s+not|wasn[’']t|is\s+not|could\s+not\s+be|cannot\s+be|can\s+not\s+be|can[’']t\s+be)\s+found"
_PAGE = rf"(?:the\s+|this\s+|that\s+)?(?:page(?:\s+{_YOU_WANTED})?|(?:file|resource|url)\s+{_YOU_WANTED})"
_NOTICE = (
    r"(?:page\s+|file\s+)?not\s+found|forbidden|access\s+denied|unauthori[sz]ed|bad\s+gateway|"
    r"(?:internal\s+)?server\s+error|service\s+(?:temporarily\s+)?unavailable|"
    rf"{_PAGE}\s+(?:{_NOT_FOUND}|(?:is\s+)?unavailable|(?:does\s+not|doesn[’']t)\s+exist|(?:has\s+been\s+)?removed)|"
    rf"we\s+(?:could\s+not|couldn[’']t|can\s*not|can[’']t)\s+find\s+{_PAGE}|"
    r"something\s+went\s+wrong|an?\s+(?:unexpected\s+)?error\s+(?:has\s+)?occurred(?:\s+while\s+processing\s+your\s+request)?"
)
_ERROR_NOTICE = re.compile(
    rf"(?:(?:(?:we\s+are|we[’']re)\s+)?sorry|oops)?[,.!]*\s*(?:but\s+)?"
    rf"(?:{_STATUS}(?:\s*[-:–—]\s*|\s+))?(?:{_NOTICE})(?:\s*\(?{_STATUS}\)?)?"
    rf"|{_STATUS}|(?:(?:we\s+are|we[’']re)\s+)?sorry|oops",
    re.IGNORECASE,
)


def _error_notice(line: str, *, title: bool = False, site: str = "") -> bool:
    """Whether ``line`` (a first sentence, or a ``title`` without its site name) is nothing but an error
    notice. ``site`` (``og:site_name``) is taken off a title after a dash ("Page not found - The Times of
    India"); other words after a dash are a subtitle, part of the headline."""
    line = line.strip()
    if title:
        if site.strip():
            line = re.sub(rf"\s+[-–—:]\s+{re.escape(site.strip())}$", "", line, flags=re.IGNORECASE)
        line = _SITE_NAME.sub("", line)
    return bool(_ERROR_NOTICE.fullmatch(line.rstrip(" .!?:")))


def _error_page_notice(title: str, text: str, *, site: str) -> str | None:
    """The title, or else the text's first sentence, when it is nothing but an error notice."""
    if _error_notice(title, title=True, site=site):
        return title
    first_sentence = re.split(r"(?<=[.!?])\s+", text.splitlines()[0], maxsplit=1)[0]
    return first_sentence if _error_notice(first_sentence) else None


# The longest URL stored (the URL columns' length); browsers and crawlers agree on about 2,000.
MAX_URL_CHARS = 2000

# The claim extractor's model (en_core_web_sm) and its check-worthiness cues are English only.
SUPPORTED_LANGUAGES = frozenset({"en"})

# Shortest body we accept as an article: below this, extraction found a menu or an error page.
MIN_ARTICLE_CHARS = 80

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "cmpid",
        "spm",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "s_kwcid",
        "ncid",
        "ito",
        "soc_src",
        "soc_trk",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}


class TextInputError(ApplicationError):
    """The input cannot become an article; ``code`` says why (``empty``, ``binary``, ``too_large``...)."""


@dataclass(frozen=True)
class ExtractedText:
    """An article's main text and what is known about it."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    language: str = ""
    outlet: str = ""
    url: str = ""
    # Plain text and JSON: the text as given (a BOM dropped), which ``text`` normalises. Offsets that a
    # caller reads against its own file are mapped back to it with ``source_spans``.
    source: str = ""

    @property
    def sitename(self) -> str:
        return self.outlet


# ---------------------------------------------------------------------------------------------- URLs


def canonicalize_url(url: str) -> str:
    """The URL two submissions of the same article share.

    Lower-cases scheme and host, drops the default port, the fragment, tracking parameters (``utm_*``,
    ``fbclid``, ``gclid``...) and a trailing slash on non-root paths, and sorts the remaining query.
    Returns ``""`` for an empty input; raises ``TextInputError`` for a URL that is not http(s), is
    malformed (a port out of range, an unclosed IPv6 bracket) or is longer than ``MAX_URL_CHARS``.
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port out of range or not a number
    except ValueError as exc:
        raise TextInputError(f"Not a valid URL ({exc}): {url[:200]}", code="invalid_url") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise TextInputError(f"Not an http(s) URL: {url[:200]}", code="invalid_url")
    host = parts.hostname.lower().rstrip(".")
    netloc = host if ":" not in host else f"[{host}]"
    if port and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    canonical = urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
    if len(canonical) > MAX_URL_CHARS:
        raise TextInputError(f"The URL is longer than {MAX_URL_CHARS} characters: {url[:200]}...", code="invalid_url")
    return canonical


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


# ----------------------------------------------------------------------------------------- text/hash


def normalize_text(text: str) -> str:
    """NFC, unified line endings, no trailing spaces, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def source_spans(source: str, text: str) -> list[tuple[int, int]] | None:
    """For each character of ``text == normalize_text(source)``, the span of ``source`` it came from.

    Normalising only drops whitespace and zero-width spaces, turns line endings and no-break spaces
    into plain ones and composes characters (NFC), so one pass aligns the two. None if they do not
    align (never for text that ``normalize_text`` made from ``source``).
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(source)
    for char in text:
        while i < n:
            width = _aligned_width(source, i, char)
            if width:
                spans.append((i, i + width))
                i += width
                break
            if not (source[i].isspace() or source[i] == "\u200b"):
                return None
            i += 1
        else:
            return None
    return spans


def _aligned_width(source: str, i: int, char: str) -> int:
    """How many characters of ``source`` from ``i`` normalise to ``char`` (0 if they do not)."""
    current = source[i]
    if current == char:
        return 1
    if char == " " and current in "\t\u00a0":
        return 1
    if char == "\n" and current == "\r" and source[i + 1 : i + 2] != "\n":
        return 1
    for width in range(1, 5):
        if unicodedata.normalize("NFC", source[i : i + width]) == char:
            return width
    return 0


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the text with case, whitespace and typographic quotes normalised away.

    Two copies of one article that differ only in layout or quote style get the same hash.
    """
    folded = normalize_text(text).casefold()
    folded = folded.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}))
    folded = re.sub(r"\s+", " ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------- raw input


def check_size(size: int, *, what: str = "input") -> None:
    """Raise ``TextInputError(code="too_large")`` when ``size`` bytes exceed ``MAX_INPUT_BYTES``."""
    if size > MAX_INPUT_BYTES:
        raise TextInputError(
            f"The {what} is {size / 1_048_576:.1f} MB; the limit is {MAX_INPUT_BYTES // 1_048_576} MB.",
            code="too_large",
            extra={"size": size, "limit": MAX_INPUT_BYTES},
        )


def decode_text(data: bytes, *, what: str = "input", encoding: str | None = None) -> str:
    """Decode bytes in their declared ``encoding``; without one, UTF-16 or UTF-32 when the data opens with
    their byte-order mark, else UTF-8 (a BOM is dropped). Refuse oversized, binary and undecodable data."""
    check_size(len(data), what=what)
    encoding = encoding or _wide_bom_encoding(data)
    codec = (encoding or "utf-8").replace("-", "").lower()
    wide = codec.startswith(("utf16", "utf32"))
    if not wide and _looks_binary(data):
        raise TextInputError(f"The {what} is a binary file, not text or HTML.", code="binary")
    if codec != "utf8":
        try:
            text = data.decode(encoding)
        except UnicodeError as exc:  # UnicodeDecodeError, and the plain UnicodeError of codecs such as idna
            raise TextInputError(f"The {what} is not valid {encoding}.", code="invalid_encoding") from exc
        except LookupError as exc:  # a charset name Python knows as something else ("zip") or not at all
            raise TextInputError(
                f"The {what} declares {encoding!r}, not a text encoding.", code="invalid_encoding"
            ) from exc
        if wide and _looks_binary(text[:8192].encode("utf-8", "surrogatepass")):
            raise TextInputError(f"The {what} is a binary file, not text or HTML.", code="binary")
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextInputError(
            f"The {what} is not valid UTF-8 (bad byte at offset {exc.start}).", code="invalid_encoding"
        ) from exc


def _wide_bom_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 when ``data`` opens with its byte-order mark (a text editor's "Unicode" save)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: an image, a PDF, an archive."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def read_input_file(path: str | Path) -> str:
    """Read a text/HTML/JSON file as UTF-8, refusing it by its size on disk before reading it."""
    path = Path(path)
    if path.is_dir():
        raise TextInputError(f"{path} is a directory; give an article file.", code="not_found")
    if not path.is_file():
        raise TextInputError(f"No such file: {path}", code="not_found")
    check_size(path.stat().st_size, what=f"file {path.name}")
    return decode_text(path.read_bytes(), what=f"file {path.name}")


# -------------------------------------------------------------------------------------------- HTML


def extract_html(html: str | bytes, *, url: str = "") -> ExtractedText:
    """Main text and metadata of an HTML page, by trafilatura.

    Raises ``TextInputError(code="no_article_body")`` when no article text is found. A first line
    that repeats the title is dropped so the headline is not mistaken for a sentence of the body.
    """
    import trafilatura

    if isinstance(html, bytes):
        html = decode_text(html, what="HTML")
    check_size(len(html.encode("utf-8", "surrogatepass")), what="HTML")
    if not html.strip():
        raise TextInputError("The HTML is empty.", code="empty")
    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False)
    text = normalize_text((doc.text if doc is not None else "") or "")
    title = normalize_text(doc.title or "") if doc is not None else ""
    text = _drop_repeated_title(text, title)
    if len(text) < MIN_ARTICLE_CHARS:
        raise TextInputError("The page has no article body that could be extracted.", code="no_article_body")
    said = _error_page_notice(title, text, site=doc.sitename or "") if len(text) < ERROR_PAGE_MAX_CHARS else None
    if said is not None:
        raise TextInputError(f"The page is an error page, not an article: {said[:100]!r}.", code="no_article_body")
    return ExtractedText(
        text=text,
        title=title,
        authors=_split_authors(doc.author),
        published_at=parse_date(doc.date),
        language=_html_language(html, doc.language),
        outlet=(doc.sitename or "").strip(),
        url=url,
    )


def _drop_repeated_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.casefold() and rest.strip():
        return rest.strip()
    return text


def _split_authors(value: str | None) -> list[str]:
    return [name.strip() for name in re.split(r";|\band\b", value or "") if name.strip()]


_LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _html_language(html: str, detected: str | None) -> str:
    """The page's declared language (``<html lang>``), else trafilatura's guess, else empty."""
    match = _LANG_ATTR.search(html[:4096])
    return (match.group(1).lower() if match else (detected or "")).lower()


def parse_date(value: str | date | datetime | None) -> datetime | None:
    """An ISO date or datetime as an aware UTC datetime; ``None`` for empty or unparseable input."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -------------------------------------------------------------------------------------------- JSON


def parse_corpus_document(data: str | bytes | dict) -> ExtractedText:
    """An article in the corpus JSON format (``url, title, publisher, published, language, text``).

    Only ``text`` is required; unknown keys are ignored. Raises ``TextInputError`` for JSON that is not
    an object or has no usable text.
    """
    if isinstance(data, bytes):
        data = decode_text(data, what="JSON document")
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise TextInputError(f"Invalid JSON: {exc.msg} (line {exc.lineno})", code="invalid_json") from exc
    if not isinstance(data, dict):
        raise TextInputError("The JSON document must be an object with a 'text' key.", code="invalid_json")
    text = data.get("text")
    if not isinstance(text, str):
        raise TextInputError("The JSON document has no 'text' string.", code="invalid_json")
    return ExtractedText(
        text=normalize_text(text),
        source=text.removeprefix("\ufeff"),
        title=_str(data.get("title")),
        authors=_authors_field(data.get("authors") or data.get("author")),
        published_at=parse_date(_str(data.get("published"))),
        language=_str(data.get("language")).lower(),
        outlet=_str(data.get("publisher")),
        url=_str(data.get("url")),
    )


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _authors_field(value: object) -> list[str]:
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return _split_authors(value if isinstance(value, str) else None)


def from_plain_text(text: str, *, title: str = "", url: str = "") -> ExtractedText:
    """A plain-text article (its title is ``title``; the text's first line stays part of the text)."""
    return ExtractedText(text=normalize_text(text), source=text.removeprefix("\ufeff"), title=title, url=url)


# --------------------------------------------------------------------------------------- validation


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, a compact model shipped with the package)."""
    import py3langid

    return py3langid.classify(text[:5000])[0]


def validate_article_text(extracted: ExtractedText) -> ExtractedText:
    """The article with its language filled in; raises ``TextInputError`` for empty or unsupported text.

    A declared language (HTML ``lang``, JSON ``language``) is trusted only when it agrees with detection
    on the text; the detected language decides.
    """
    if not extracted.text.strip():
        raise TextInputError("The article text is empty.", code="empty")
    if len(extracted.text) < MIN_ARTICLE_CHARS // 4 or not re.search(r"[^\W\d_]{2,}", extracted.text):
        raise TextInputError("The article text is too short to contain a claim.", code="empty")
    language = detect_language(extracted.text)
    if language not in SUPPORTED_LANGUAGES:
        raise TextInputError(
            f"The article is in an unsupported language ({language!r}); supported: "
            f"{', '.join(sorted(SUPPORTED_LANGUAGES))}.",
            code="unsupported_language",
            extra={"language": language},
        )
    return replace(extracted, language=language)
