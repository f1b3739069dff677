"""sources.text: canonical URLs, content hashes, HTML extraction, corpus JSON and input validation."""

from __future__ import annotations

import codecs
import json
import unicodedata

import pytest

from sources.text import (
    MAX_INPUT_BYTES,
    TextInputError,
    canonicalize_url,
    content_hash,
    decode_text,
    extract_html,
    from_plain_text,
    normalize_text,
    parse_corpus_document,
    read_input_file,
    source_spans,
    validate_article_text,
)
from tests.support.articles import article_path, article_text


def test_canonical_urls_drop_tracking_parameters_fragments_and_default_ports():
    url = "HTTPS://News.Example.org:443/a/b/?utm_source=x&b=2&fbclid=1&gclid=2&a=1&mc_eid=3#comments"

    assert canonicalize_url(url) == "https://news.example.org/a/b?a=1&b=2"
    assert canonicalize_url("http://news.example.org:8080/") == "http://news.example.org:8080/"
    assert canonicalize_url("") == ""


def test_a_non_http_url_is_refused():
    with pytest.raises(TextInputError) as error:
        canonicalize_url("javascript:alert(1)")

    assert error.value.code == "invalid_url"


@pytest.mark.parametrize("url", ["http://example.org:99999/story", "http://example.org:port/", "http://[::1/x"])
def test_a_url_with_a_bad_port_or_host_is_refused_as_invalid(url):
    with pytest.raises(TextInputError) as error:
        canonicalize_url(url)

    assert error.value.code == "invalid_url"


def test_the_content_hash_ignores_layout_case_and_quote_style():
    assert content_hash("He said “yes”.\n\n\nThen  left.") == content_hash('he said "yes". then left.')
    assert content_hash("Prices rose 4%.") != content_hash("Prices rose 5%.")


def test_html_extraction_gives_main_text_and_metadata():
    extracted = extract_html(article_path("harbour.html").read_bytes(), url="https://news.example.org/port")

    assert extracted.title == "Port of Halden handled a record 4.2 million containers in 2025"
    assert extracted.text.startswith("HALDEN — The Port of Halden handled 4.2 million containers")
    assert "Subscribe" not in extracted.text and "Home" not in extracted.text
    assert extracted.authors == ["Mia Sørensen"]
    assert extracted.published_at.date().isoformat() == "2026-01-14"
    assert extracted.outlet == extracted.sitename == "Harbour Gazette"
    assert extracted.language == "en"


def test_html_without_an_article_body_is_refused():
    with pytest.raises(TextInputError) as error:
        extract_html(article_text("no_body.html"))

    assert error.value.code == "no_article_body"


def test_corpus_json_is_read_and_unknown_keys_are_ignored():
    extracted = parse_corpus_document(article_text("storm.json"))

    assert extracted.title == "Storm Maris makes landfall as a Category 4 hurricane"
    assert extracted.outlet == "Coastal Courier"
    assert extracted.published_at.date().isoformat() == "2025-10-28"
    assert extracted.language == "en"
    assert extracted.text.startswith("KINGSTON — Hurricane Maris made landfall")


@pytest.mark.parametrize("data", ["[1, 2]", '{"title": "no text"}', "{not json", '{"text": 42}'])
def test_corpus_json_without_a_text_string_is_refused(data):
    with pytest.raises(TextInputError) as error:
        parse_corpus_document(data)

    assert error.value.code == "invalid_json"


@pytest.mark.parametrize("text", ["", "   \n\t  \n"])
def test_empty_or_whitespace_text_is_refused(text):
    with pytest.raises(TextInputError) as error:
        validate_article_text(from_plain_text(text))

    assert error.value.code == "empty"
    assert "empty" in error.value.message


def test_an_unsupported_language_is_refused_with_the_language_named():
    with pytest.raises(TextInputError) as error:
        validate_article_text(from_plain_text(article_text("german.txt")))

    assert error.value.code == "unsupported_language"
    assert "'de'" in error.value.message


def test_binary_data_and_invalid_utf8_are_refused():
    with pytest.raises(TextInputError) as binary:
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(TextInputError) as invalid:
        decode_text("Préface: the minister said 12 people died.".encode("latin-1"))

    assert binary.value.code == "binary"
    assert invalid.value.code == "invalid_encoding"
    assert "not valid UTF-8" in invalid.value.message


def test_an_oversized_file_is_refused_by_its_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 50 MB file: cheap to make, refused before reading
        handle.truncate(50 * 1024 * 1024)

    with pytest.raises(TextInputError) as error:
        read_input_file(huge)

    assert error.value.code == "too_large"
    assert error.value.extra == {"size": 50 * 1024 * 1024, "limit": MAX_INPUT_BYTES}
    assert "50.0 MB" in error.value.message


def test_the_english_fixture_passes_validation():
    validated = validate_article_text(parse_corpus_document(json.loads(article_text("storm.json"))))

    assert validated.language == "en"


def test_source_spans_lead_each_normalised_character_back_to_the_text_as_given():
    given = "\r\n  Caf\u0065\u0301 \u00a0opens\u200b\ton 3 May.  \r\n\r\n\r\nIt  closes."
    text = normalize_text(given)
    spans = source_spans(given, text)

    assert text == "Café opens on 3 May.\n\nIt closes."
    assert [given[start:end] for start, end in spans][:5] == ["C", "a", "f", "e\u0301", " "]
    assert "".join(unicodedata.normalize("NFC", given[start:end]) for start, end in spans).replace("\t", " ") == text
    assert source_spans("something else", text) is None


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_text_saved_as_utf16_or_utf32_with_a_byte_order_mark_is_read(codec):
    data = "Café prices rose 4% in 2024.".encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data

    assert decode_text(data) == "Café prices rose 4% in 2024."


def test_a_directory_given_as_the_article_file_is_named_as_one(tmp_path):
    with pytest.raises(TextInputError) as error:
        read_input_file(tmp_path)

    assert error.value.message == f"{tmp_path} is a directory; give an article file."


@pytest.mark.parametrize(
    ("html", "named"),
    [
        (
            "<html><head><title>Page not found | Daily News</title></head><body><main><h1>Page not found</h1>"
            "<p>Sorry, the page you were looking for could not be found. It may have been moved or deleted on "
            "12 March 2024.</p></main></body></html>",
            "Page not found",
        ),
        (
            "<html><head><title>Daily News</title></head><body><main><p>We are sorry, an unexpected error has "
            "occurred. Please try again later, or go back to the home page and search for the story.</p>"
            "</main></body></html>",
            "We are sorry, an unexpected error has occurred.",
        ),
    ],
    ids=["not found", "unexpected error"],
)
def test_an_error_page_served_as_a_page_is_not_an_article(html, named):
    with pytest.raises(TextInputError) as error:
        extract_html(html)

    assert error.value.code == "no_article_body"
    assert error.value.message.startswith(f"The page is an error page, not an article: '{named}")


def test_a_declared_charset_that_is_not_a_text_encoding_is_a_clear_error():
    with pytest.raises(TextInputError) as error:
        decode_text(b"<p>hello</p>", what="page", encoding="zlib")

    assert (error.value.code, error.value.message) == (
        "invalid_encoding",
        "The page declares 'zlib', not a text encoding.",
    )


def test_bytes_a_codec_cannot_read_are_invalid_in_it_whatever_error_the_codec_raises():
    with pytest.raises(TextInputError) as error:
        decode_text(b"<p>x</p>.xn--zz", what="page", encoding="idna")

    assert (error.value.code, error.value.message) == ("invalid_encoding", "The page is not valid idna.")


def test_utf16_text_with_nul_characters_is_refused_as_binary():
    data = codecs.BOM_UTF16_LE + "Prices rose 4%.\x00\x01\x02\x00\x00".encode("utf-16-le")

    with pytest.raises(TextInputError) as error:
        decode_text(data)

    assert error.value.code == "binary"


@pytest.mark.parametrize(
    "headline",
    [
        "404 migrants rescued off Lampedusa",
        "Server error blamed for NHS booking outage",
        "Service unavailable in 40% of rural areas, Ofcom says",
        "Sorry state of the rail network",
        "Server error – why NHS bookings went down",
        "Access denied – the families shut out of benefits",
        "Server Error – Why NHS Bookings Went Down",
    ],
)
def test_a_short_article_whose_headline_starts_with_error_words_is_still_an_article(headline):
    html = (
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
        "<p>The coastguard said on Tuesday that the figure was the highest this year, and that a second vessel "
        "had been towed to the harbour of Lampedusa by an Italian patrol boat.</p></article></body></html>"
    )

    assert extract_html(html).title == headline


@pytest.mark.parametrize(
    "notice",
    [
        "The page you requested was not found.",
        "Sorry, we couldn’t find the page you were looking for.",
        "Sorry, this page doesn't exist.",
        "An error occurred while processing your request.",
        "Oops, something went wrong.",
        "We can’t find the page you’re looking for.",
        "We're sorry, but something went wrong.",
    ],
)
def test_a_page_whose_body_opens_with_an_error_notice_is_an_error_page(notice):
    html = (
        "<html><head><title>Daily News</title></head><body><main>"
        f"<p>{notice} Go back to the home page, or search the archive for the story you wanted to read.</p>"
        "</main></body></html>"
    )

    with pytest.raises(TextInputError) as error:
        extract_html(html)

    assert error.value.message == f"The page is an error page, not an article: {notice!r}."


def test_an_error_title_followed_by_the_site_name_marks_an_error_page():
    """WordPress sets og:title to "Page not found - <site>"; the site name comes off, the notice remains."""
    html = (
        "<html><head><title>Page not found - The Times of India</title>"
        '<meta property="og:title" content="Page not found - The Times of India">'
        '<meta property="og:site_name" content="The Times of India"></head><body><main><p>Nothing to see here. '
        "Go back to the home page, or search the archive for the story you wanted to read.</p></main></body></html>"
    )

    with pytest.raises(TextInputError) as error:
        extract_html(html)

    assert error.value.message == "The page is an error page, not an article: 'Page not found - The Times of India'."
