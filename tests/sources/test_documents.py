"""document_store / document_fetch / document_index: deduplication, failures on the row, passages."""

from __future__ import annotations

import itertools
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from claims.models import Decision, Evidence
from sources.connectors.base import FoundDocument
from sources.models import Document, FetchStatus, Passage
from sources.services import documents
from sources.services.documents import (
    DocumentInputError,
    document_fetch,
    document_index,
    document_store,
    sentence_spans,
    split_passages,
)
from sources.tasks import document_index_task
from tests.factories import EvidenceFactory

TEXT = (
    "The council met on Monday. It approved the budget for 2025.\n\n"
    "Dr. Smith said the plan was sound. Critics disagreed strongly. The vote was 7 to 2.\n\n"
    "A final review is due in May."
)


def found(url="https://news.example.org/a", text=TEXT, **extra) -> FoundDocument:
    return FoundDocument(url=url, text=text, **extra)


def test_it_stores_a_new_document_with_canonical_url_and_hash(db):
    document, created = document_store(
        found=found("HTTPS://News.Example.org/a/?utm_source=x", title="T"), connector="local"
    )
    assert created
    assert document.url == "https://news.example.org/a"
    assert document.fetch_status == FetchStatus.FETCHED
    assert len(document.content_hash) == 64


def test_it_deduplicates_by_canonical_url(db):
    first, _ = document_store(found=found("https://news.example.org/a"), connector="local")
    second, created = document_store(found=found("https://news.example.org/a?utm_campaign=z#top"), connector="gdelt")
    assert not created and second.pk == first.pk
    assert Document.objects.count() == 1


def test_it_deduplicates_by_content_hash_across_urls(db):
    first, _ = document_store(found=found("https://a.example.org/x"), connector="local")
    second, created = document_store(found=found("https://b.example.org/y", text=TEXT.upper()), connector="rss")
    assert not created and second.pk == first.pk
    assert Document.objects.count() == 1


def test_it_fills_missing_fields_but_never_overwrites(db):
    document_store(found=found(title="", publisher="Wire"), connector="local")
    document, _ = document_store(
        found=found(title="New title", publisher="Other", text="Changed text."), connector="local"
    )
    assert document.title == "New title"
    assert document.publisher == "Wire"
    assert document.text.startswith("The council met")


def test_a_url_only_hit_is_pending_and_later_hits_add_text(db):
    pending, _ = document_store(found=found(text=""), connector="url")
    assert pending.fetch_status == FetchStatus.PENDING and pending.content_hash == ""
    filled, created = document_store(found=found(), connector="local")
    assert not created and filled.pk == pending.pk
    assert filled.fetch_status == FetchStatus.FETCHED and filled.text.startswith("The council")


@pytest.mark.parametrize(
    ("url", "connector", "message"),
    [
        ("", "local", "no URL"),
        ("ftp://files.example.org/a", "local", r"Not an http\(s\) URL"),
        ("https://news.example.org/a", "carrier-pigeon", "Unknown connector"),
    ],
)
def test_it_rejects_unusable_hits_and_writes_nothing(db, url, connector, message):
    with pytest.raises(DocumentInputError, match=message):
        document_store(found=found(url), connector=connector)
    assert Document.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_stores_of_one_document_leave_one_row():
    barrier = threading.Barrier(6)
    results, errors = [], []

    def store(i: int) -> None:
        try:
            barrier.wait()
            results.append(document_store(found=found(f"https://news.example.org/a?utm_source={i}"), connector="local"))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=store, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Document.objects.count() == 1
    assert sum(created for _, created in results) == 1
    assert {document.pk for document, _ in results} == {Document.objects.get().pk}


# --------------------------------------------------------------------------------------- passages


def test_sentence_spans_respect_abbreviations_and_paragraphs():
    sentences = [TEXT[s.start : s.end] for s in sentence_spans(TEXT)]
    assert "Dr. Smith said the plan was sound." in sentences
    assert sentences[1] == "It approved the budget for 2025."
    assert all(not s[0].isspace() and not s[-1].isspace() for s in sentences)


def test_passages_are_overlapping_sentence_windows_covering_the_text():
    spans = split_passages(TEXT)
    sentences = sentence_spans(TEXT)
    assert len(spans) > 1
    starts = {s.start for s in sentences}
    assert all(span.start in starts for span in spans)  # a passage never starts mid-sentence
    assert all(a.end > b.start for a, b in itertools.pairwise(spans))  # consecutive windows overlap
    covered = set().union(*(range(span.start, span.end) for span in spans))
    assert all(set(range(s.start, s.end)) <= covered for s in sentences)


def test_indexing_creates_passages_with_offsets_and_search_vectors(db):
    document, _ = document_store(found=found(title="Council budget"), connector="local")
    count = document_index(document=document)
    passages = list(Passage.objects.filter(document=document))
    assert count == len(passages) > 1
    for passage in passages:
        assert document.text[passage.start : passage.end] == passage.text
        assert passage.search_vector is not None and passage.embedding is None
    document.refresh_from_db()
    assert document.indexed_at is not None
    assert "budget" in str(passages[0].search_vector)


def test_reindexing_is_idempotent(db):
    document, _ = document_store(found=found(), connector="local")
    document_index(document=document)
    before = list(Passage.objects.filter(document=document).values_list("position", "start", "end", "text"))
    assert document_index(document=document) == len(before)
    after = list(Passage.objects.filter(document=document).values_list("position", "start", "end", "text"))
    assert after == before


def test_indexing_an_indexed_document_again_keeps_its_passages_and_the_evidence_decided_on_them(db, reviewer):
    """A redelivered index job, or the one a fetch queued after a run had indexed the document."""
    document, _ = document_store(found=found(), connector="local")
    document_index(document=document)
    passages = list(Passage.objects.filter(document=document).order_by("position").values_list("pk", flat=True))
    evidence = EvidenceFactory(
        passage_id=passages[0], decision=Decision.ACCEPTED, decided_by=reviewer, decided_at=timezone.now()
    )
    document_index_task(document.pk)
    assert list(Passage.objects.filter(document=document).order_by("position").values_list("pk", flat=True)) == passages
    assert Evidence.objects.get(pk=evidence.pk).decision == Decision.ACCEPTED


def test_a_new_split_replaces_passages_unless_evidence_points_at_them(db, monkeypatch):
    kept, _ = document_store(found=found(), connector="local")
    replaced, _ = document_store(
        found=found(url="https://news.example.org/b", text=TEXT + " Again."), connector="local"
    )
    for document in (kept, replaced):
        document_index(document=document)
    evidence = EvidenceFactory(passage=Passage.objects.filter(document=kept).first())
    before = {
        d.pk: list(Passage.objects.filter(document=d).values_list("pk", "start", "end")) for d in (kept, replaced)
    }
    monkeypatch.setattr(documents, "PASSAGE_SENTENCES", 1)
    monkeypatch.setattr(documents, "PASSAGE_OVERLAP", 0)
    for document in (kept, replaced):
        document_index(document=document)
    assert list(Passage.objects.filter(document=kept).values_list("pk", "start", "end")) == before[kept.pk]
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    after = list(Passage.objects.filter(document=replaced).values_list("pk", "start", "end"))
    assert len(after) > len(before[replaced.pk])  # one sentence a passage now


def test_index_documents_indexes_the_stored_documents_never_indexed_and_only_those(db):
    indexed, _ = document_store(found=found(), connector="local")
    document_index(document=indexed)
    kept = list(Passage.objects.values_list("id", flat=True))
    for n in range(2):
        document_store(
            found=found(url=f"https://news.example.org/new-{n}", text=f"{TEXT} Item {n}."), connector="local"
        )
    out = StringIO()

    call_command("index_documents", stdout=out)

    assert out.getvalue().startswith("Indexed 2 documents (never indexed): ")
    assert not Document.objects.filter(indexed_at=None).exists()
    assert set(kept) <= set(Passage.objects.values_list("id", flat=True))
    again = StringIO()
    call_command("index_documents", stdout=again)
    assert again.getvalue() == "Indexed 0 documents (never indexed): 0 passages.\n"


def test_a_document_without_text_gets_no_passages(db):
    document, _ = document_store(found=found(text=""), connector="url")
    assert document_index(document=document) == 0
    assert not Passage.objects.exists()


# ------------------------------------------------------------------------------------------ fetch

ARTICLE_HTML = """<html><head><title>Budget approved</title></head><body><article>
<h1>Budget approved</h1>
<p>The council met on Monday and approved the budget for 2025 after a long debate about road repairs.</p>
<p>Dr. Smith said the plan was sound, while critics said the spending on repairs came too late for the
winter. The vote was seven to two, and the budget takes effect in January.</p>
<p>A final review of the road programme is due in May, when the council will publish its progress report.</p>
</article></body></html>"""


@pytest.fixture
def fetch_settings(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_POLITENESS_DELAY = 0
    settings.FETCH_RETRIES = 0
    return settings


def test_fetch_stores_the_extracted_text(db, fixture_server, fetch_settings):
    url = fixture_server.add("/budget.html", body=ARTICLE_HTML)
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    fetched = document_fetch(document=document)
    assert fetched.fetch_status == FetchStatus.FETCHED
    assert "approved the budget for 2025" in fetched.text
    assert fetched.title == "Budget approved"
    assert fetched.content_hash and fetched.fetch_error == ""


def test_fetch_reads_a_page_in_the_charset_it_declares(db, fixture_server, fetch_settings):
    page = ARTICLE_HTML.replace("Dr. Smith", "Dr. Müller-Brême").encode("iso-8859-1")
    url = fixture_server.add("/budget-latin1.html", body=page, content_type="text/html; charset=iso-8859-1")
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    fetched = document_fetch(document=document)
    assert fetched.fetch_status == FetchStatus.FETCHED, fetched.fetch_error
    assert "Dr. Müller-Brême said the plan was sound" in fetched.text


def test_fetch_of_a_page_that_is_not_in_its_declared_charset_is_a_readable_failure(db, fixture_server, fetch_settings):
    url = fixture_server.add("/budget-bad.html", body=ARTICLE_HTML.encode("utf-8") + b"\xff", content_type="text/html")
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    failed = document_fetch(document=document)
    assert failed.fetch_status == FetchStatus.FAILED
    assert (
        failed.fetch_error
        == f"No article text could be extracted: The page is not valid UTF-8 (bad byte at offset {len(ARTICLE_HTML)})."
    )


def test_fetch_of_a_page_declaring_a_charset_that_is_no_text_encoding_reads_it_as_utf8(
    db, fixture_server, fetch_settings
):
    url = fixture_server.add("/budget-zip.html", body=ARTICLE_HTML, content_type="text/html; charset=zip")
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    fetched = document_fetch(document=document)
    assert fetched.fetch_status == FetchStatus.FETCHED, fetched.fetch_error
    assert "approved the budget for 2025" in fetched.text


def test_an_unexpected_error_while_fetching_is_recorded_on_the_row_not_left_fetching(
    db, fixture_server, fetch_settings, monkeypatch
):
    def broken(html, url=""):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr("sources.text.extract_html", broken)
    url = fixture_server.add("/budget-crash.html", body=ARTICLE_HTML)
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    failed = document_fetch(document=document)
    assert (failed.fetch_status, failed.fetch_error) == (
        FetchStatus.FAILED,
        "Fetch failed: RuntimeError: parser crashed",
    )


def test_fetch_failure_is_recorded_on_the_row(db, fixture_server, fetch_settings):
    url = fixture_server.url("/missing.html")
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    failed = document_fetch(document=document)
    assert failed.fetch_status == FetchStatus.FAILED
    assert failed.fetch_error.startswith("Fetch failed:") and "404" in failed.fetch_error
    assert failed.text == ""


def test_fetch_of_a_page_without_article_text_is_a_readable_failure(db, fixture_server, fetch_settings):
    url = fixture_server.add("/empty.html", body="<html><body></body></html>")
    document, _ = document_store(found=FoundDocument(url=url), connector="url")
    failed = document_fetch(document=document)
    assert failed.fetch_status == FetchStatus.FAILED
    assert "No article text" in failed.fetch_error


def test_fetch_of_a_duplicate_text_names_the_original(db, fixture_server, fetch_settings):
    first_url = fixture_server.add("/one.html", body=ARTICLE_HTML)
    second_url = fixture_server.add("/two.html", body=ARTICLE_HTML)
    first = document_fetch(document=document_store(found=FoundDocument(url=first_url), connector="url")[0])
    second = document_fetch(document=document_store(found=FoundDocument(url=second_url), connector="url")[0])
    assert first.fetch_status == FetchStatus.FETCHED
    assert second.fetch_status == FetchStatus.FAILED
    assert f"document #{first.pk}" in second.fetch_error
    assert Document.objects.filter(content_hash=first.content_hash).count() == 1


def test_fetch_skips_a_document_that_already_has_text(db, fixture_server, fetch_settings):
    document, _ = document_store(found=found(fixture_server.url("/never.html")), connector="local")
    assert document_fetch(document=document).text == document.text
    assert fixture_server.requests == []
