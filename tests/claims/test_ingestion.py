"""Article to claims: Claim rows, speakers with aliases, appearances, commands and the Celery task."""

from __future__ import annotations

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Appearance, Claim, ClaimStatus, Speaker
from claims.services.ingestion import article_claims_ingest, article_submit
from claims.tasks import ARTICLE_INGEST_MAX_RETRIES, article_ingest_task
from sources.models import Article, FetchStatus
from sources.text import TextInputError
from tests.factories import AppearanceFactory
from tests.support.articles import article_path, article_text
from tests.support.fetch_support import MappingResolver, fetch_environment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_fetching(settings):
    settings.FETCH_RETRIES = 0
    with fetch_environment(settings, allowed_hosts=["127.0.0.1"], resolver=MappingResolver({})):
        yield


def assert_nothing_stored():
    assert (Article.objects.count(), Claim.objects.count(), Appearance.objects.count()) == (0, 0, 0)
    assert Speaker.objects.count() == 0


def test_an_article_becomes_candidate_claims_with_speaker_quote_and_span():
    result = article_claims_ingest(source=str(article_path("guidance.txt")))

    article = Article.objects.get()
    assert result.created is True
    assert Claim.objects.count() == 6 == result.new_claims
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.CANDIDATE}
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Anna Lindqvist"}
    for appearance in Appearance.objects.all():
        assert article.text[appearance.start : appearance.end] == appearance.sentence
        assert 0.5 <= appearance.claim.checkworthiness <= 1.0
    quoted = Appearance.objects.get(sentence__contains="this will be reviewed separately")
    assert quoted.quote.startswith("When it comes to the parts of the guidance")


def test_the_speaker_keeps_title_and_surname_spellings_as_aliases():
    article_claims_ingest(source=str(article_path("guidance.txt")))

    speaker = Speaker.objects.get()
    assert speaker.name == "Anna Lindqvist"
    assert "Lindqvist" in speaker.aliases
    assert speaker.is_organisation is False


def test_ingesting_the_same_article_twice_creates_no_second_set_of_claims():
    article_claims_ingest(source=str(article_path("storm.json")))
    counts = (Article.objects.count(), Claim.objects.count(), Appearance.objects.count())

    again = article_claims_ingest(source=str(article_path("storm.json")))

    assert again.created is False
    assert again.new_claims == 0
    assert len(again.appearances) == counts[2]
    assert (Article.objects.count(), Claim.objects.count(), Appearance.objects.count()) == counts


def test_a_similar_claim_in_another_article_becomes_another_appearance(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(
        "The Port of Halden handled 4.2 million containers in 2025, port director Erik Holm said on Wednesday.\n"
    )
    second = tmp_path / "second.txt"
    second.write_text(
        "Port director Erik Holm said on Thursday that the Port of Halden handled 4.2 million containers in 2025.\n"
    )
    article_claims_ingest(source=str(first))

    result = article_claims_ingest(source=str(second))

    claim = Claim.objects.get()
    assert result.new_claims == 0
    assert claim.appearances.count() == 2
    assert Article.objects.count() == 2


def test_each_appearance_keeps_who_made_the_claim_there(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(
        "The Port of Halden handled 4.2 million containers in 2025, port director Erik Holm said on Wednesday.\n"
    )
    second = tmp_path / "second.txt"
    second.write_text(
        "Harbour minister Lena Dahl said on Thursday that the Port of Halden handled 4.2 million containers in 2025.\n"
    )
    article_claims_ingest(source=str(first))

    article_claims_ingest(source=str(second))

    claim = Claim.objects.get()
    assert [a.speaker.name for a in claim.appearances.order_by("id")] == ["Erik Holm", "Lena Dahl"]
    assert claim.speaker.name == "Erik Holm"  # the claim keeps the first attribution


def test_naming_a_speaker_for_a_claim_that_had_none_leaves_unattributed_appearances_unattributed(reviewer):
    from claims.services import workflow as wf
    from tests.factories import ClaimFactory

    claim = ClaimFactory(speaker=None)
    blank = [AppearanceFactory(claim=claim, speaker=None) for _ in range(2)]

    wf.claim_update(
        claim=claim.pk, user=reviewer, statement=claim.statement, speaker=Speaker.objects.create(name="Jo Smith")
    )

    assert Claim.objects.get(pk=claim.pk).speaker.name == "Jo Smith"
    assert [Appearance.objects.get(pk=a.pk).speaker for a in blank] == [None, None]


def test_correcting_a_claims_speaker_corrects_the_appearances_that_carried_the_wrong_one(tmp_path, reviewer):
    from claims.services import workflow as wf

    path = tmp_path / "first.txt"
    path.write_text("The Port of Halden handled 4.2 million containers in 2025, port director Erik Holm said.\n")
    article_claims_ingest(source=str(path))
    claim = Claim.objects.get()
    other = AppearanceFactory(claim=claim, speaker=Speaker.objects.create(name="Lena Dahl"))
    right = Speaker.objects.create(name="Erika Holm")

    wf.claim_update(claim=claim.pk, user=reviewer, statement=claim.statement, speaker=right)

    speakers = {a.pk: a.speaker.name for a in Appearance.objects.filter(claim=claim)}
    assert speakers.pop(other.pk) == "Lena Dahl"  # someone else's attribution is not touched
    assert set(speakers.values()) == {"Erika Holm"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Unemployment in Norway fell to 3.9 percent in March, the statistics office said on Friday.",
            "Unemployment in Norway fell to 4.9 percent in March, the statistics office said on Friday.",
        ),
        (
            "There is no consensus within the alliance for Ukraine to join, Rutte said on Tuesday.",
            "There is consensus within the alliance for Ukraine to join, Rutte said on Tuesday.",
        ),
        (
            "The Port of Halden handled two million containers in 2025, the port said on Wednesday.",
            "The Port of Halden handled three million containers in 2025, the port said on Wednesday.",
        ),
    ],
    ids=["another figure", "a negation", "another number word"],
)
def test_a_near_identical_wording_that_states_other_facts_is_a_new_claim(tmp_path, first, second):
    (tmp_path / "first.txt").write_text(first + "\n")
    (tmp_path / "second.txt").write_text(second + "\n")
    article_claims_ingest(source=str(tmp_path / "first.txt"))

    result = article_claims_ingest(source=str(tmp_path / "second.txt"))

    assert result.new_claims == 1
    assert Claim.objects.count() == 2
    assert all(claim.appearances.count() == 1 for claim in Claim.objects.all())


def test_a_different_claim_is_stored_as_a_new_claim(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("The Port of Halden handled 4.2 million containers in 2025, the port said on Wednesday.\n")
    second = tmp_path / "second.txt"
    second.write_text("Unemployment in Norway fell to 3.9 percent in March, the statistics office said on Friday.\n")
    article_claims_ingest(source=str(first))

    article_claims_ingest(source=str(second))

    assert Claim.objects.count() == 2


@pytest.mark.parametrize(
    ("make", "code_text"),
    [
        (lambda tmp: tmp / "empty.txt", "empty"),
        (lambda tmp: tmp / "german.txt", "unsupported language"),
    ],
)
def test_bad_input_leaves_no_article_or_claim(tmp_path, make, code_text):
    path = make(tmp_path)
    path.write_text("" if path.name == "empty.txt" else article_text("german.txt"))

    with pytest.raises(Exception, match=code_text):
        article_claims_ingest(source=str(path))

    assert_nothing_stored()


# ----------------------------------------------------------------------------------- commands


def test_extract_claims_prints_the_json_contract_and_writes_nothing():
    out = StringIO()

    call_command("extract_claims", str(article_path("guidance.txt")), "--format", "json", stdout=out)

    items = json.loads(out.getvalue())
    assert len(items) == 6
    assert all(item["checkworthy"] for item in items)
    assert {item["speaker"] for item in items} == {"Anna Lindqvist"}
    assert set(items[0]) == {"start", "end", "sentence", "statement", "speaker", "quote", "score", "checkworthy"}
    assert_nothing_stored()


def test_extract_claims_all_prints_every_sentence():
    out = StringIO()

    call_command("extract_claims", str(article_path("guidance.txt")), "--format", "json", "--all", stdout=out)

    items = json.loads(out.getvalue())
    assert len(items) == 15
    assert sum(item["checkworthy"] for item in items) == 6
    assert items[0]["start"] == 0


@pytest.mark.parametrize("suffix", [".txt", ".json"])
def test_extract_claims_offsets_index_the_text_exactly_as_given(tmp_path, suffix):
    """A leading blank line, CRLF endings, doubled and no-break spaces, a zero-width space and a
    decomposed accent: normalised before extraction, yet every offset reads the caller's own text."""
    given = "\r\n" + article_text("guidance.txt").replace("\n", "\r\n").replace(". ", ".  ", 3)
    given = (
        given.replace(" the ", " the\u00a0", 2)
        .replace("Lindqvist", "Lind\u200bqvist", 1)
        .replace("Geneva", "Gene\u0300va", 1)
    )
    path = tmp_path / f"given{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"title": "Guidance", "text": given}), encoding="utf-8")
    else:
        path.write_bytes(given.encode("utf-8"))
    out = StringIO()

    call_command("extract_claims", str(path), "--format", "json", "--all", stdout=out)

    items = json.loads(out.getvalue())
    assert len(items) == 15
    assert all(given[item["start"] : item["end"]] == item["sentence"] for item in items)
    assert items[0]["start"] == 2  # after the leading CRLF
    assert sum(item["checkworthy"] for item in items) == 6


def test_ingest_stores_and_prints_what_it_stored():
    out = StringIO()

    call_command("ingest", str(article_path("storm.json")), stdout=out)

    article = Article.objects.get()
    printed = out.getvalue()
    assert f"Article {article.id} (stored)" in printed
    assert f"{Claim.objects.count()} new claims" in printed
    assert "speaker=Dana Brooks" in printed


def test_ingest_twice_says_nothing_changed():
    call_command("ingest", str(article_path("storm.json")), stdout=StringIO())
    out = StringIO()

    call_command("ingest", str(article_path("storm.json")), stdout=out)

    assert "already stored, nothing changed" in out.getvalue()
    assert "0 new claims" in out.getvalue()


@pytest.mark.parametrize("command", ["extract_claims", "ingest"])
def test_commands_fail_with_a_clear_message_on_bad_input(command, tmp_path):
    path = tmp_path / "blob.html"
    path.write_bytes(b"\x00\x01\x02binary")

    with pytest.raises(CommandError, match="binary file"):
        call_command(command, str(path))

    assert_nothing_stored()


@pytest.mark.parametrize("command", ["extract_claims", "ingest"])
def test_commands_fail_with_a_clear_message_on_an_error_page(command, fixture_server):
    url = fixture_server.add("/missing", body="no", status=404)

    with pytest.raises(CommandError, match="Could not fetch the article"):
        call_command(command, url)

    assert_nothing_stored()


# --------------------------------------------------------------------------------------- task


def test_the_task_fills_a_pending_article_from_its_url_and_stores_claims(fixture_server):
    url = fixture_server.add("/port", body=article_path("harbour.html").read_bytes())
    article = Article.objects.create(submitted_url=url)

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FETCHED
    assert article.title.startswith("Port of Halden")
    assert Appearance.objects.filter(article=article).count() == Claim.objects.count() >= 3


def test_the_task_records_a_permanent_failure_on_the_row(fixture_server):
    url = fixture_server.add("/gone", body="gone", status=410)
    article = Article.objects.create(submitted_url=url)

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert article.fetch_error.startswith("Could not fetch the article (permanent)")
    assert "410" in article.fetch_error
    assert Claim.objects.count() == 0


def test_the_task_records_unsupported_text_on_the_row():
    article = Article.objects.create(text=article_text("german.txt"))

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "unsupported language" in article.fetch_error
    assert Claim.objects.count() == 0


def test_the_task_does_nothing_for_a_row_that_is_not_pending_or_gone():
    article = Article.objects.create(text=article_text("guidance.txt"), fetch_status=FetchStatus.FAILED)

    article_ingest_task.apply(args=[article.id])
    article_ingest_task.apply(args=[article.id + 1000])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert Claim.objects.count() == 0


def test_a_pending_duplicate_is_marked_failed_naming_the_stored_article():
    stored = article_claims_ingest(source=str(article_path("guidance.txt"))).article
    duplicate = Article.objects.create(text=article_text("guidance.txt"))

    article_ingest_task.apply(args=[duplicate.id])

    duplicate.refresh_from_db()
    assert duplicate.fetch_status == FetchStatus.FAILED
    assert duplicate.fetch_error == f"Already ingested as article {stored.id}."
    assert Appearance.objects.filter(article=duplicate).count() == 0


def test_the_task_retries_a_timeout_then_records_it_on_the_row(fixture_server, settings):
    settings.FETCH_READ_TIMEOUT = 0.2
    settings.FETCH_TOTAL_TIMEOUT = 0.5

    def slow(request):
        time.sleep(0.8)
        request.send_response(200)
        request.end_headers()

    url = fixture_server.add("/slow", handler=slow)
    article = Article.objects.create(submitted_url=url)

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert article.fetch_error.startswith("Could not fetch the article (temporary)")
    assert "timed out" in article.fetch_error
    assert len(fixture_server.requests_to("/slow")) == 1 + ARTICLE_INGEST_MAX_RETRIES
    assert Claim.objects.count() == 0


# ------------------------------------------------------------------------------------- submit


def test_submitting_a_url_creates_a_pending_row_and_enqueues_the_task_on_commit(
    fixture_server, django_capture_on_commit_callbacks
):
    url = fixture_server.add("/port", body=article_path("harbour.html").read_bytes())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article, created = article_submit(url=url)

    assert created is True
    assert article.fetch_status == FetchStatus.PENDING
    assert article.submitted_url == url
    assert len(callbacks) == 1
    article_ingest_task.apply(args=[article.id])
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FETCHED


def test_submitting_an_already_stored_article_returns_it_and_enqueues_nothing(django_capture_on_commit_callbacks):
    stored = article_claims_ingest(source=str(article_path("guidance.txt"))).article

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article, created = article_submit(text=article_text("guidance.txt"))

    assert (article, created) == (stored, False)
    assert callbacks == []
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "invalid"),
        ({"url": "ftp://example.org/a"}, "invalid_url"),
        ({"url": "https://x.example.org", "text": "t"}, "invalid"),
    ],
)
def test_a_bad_submission_is_refused_and_nothing_is_stored(kwargs, code):
    with pytest.raises(TextInputError) as error:
        article_submit(**kwargs)

    assert error.value.code == code
    assert_nothing_stored()


def test_extract_claims_reads_a_url_through_the_fetching_module(fixture_server):
    url = fixture_server.add("/port", body=article_path("harbour.html").read_bytes())
    out = StringIO()

    call_command("extract_claims", url, "--format", "json", stdout=out)

    items = json.loads(out.getvalue())
    assert any("4.2 million containers" in item["sentence"] and item["speaker"] == "Erik Holm" for item in items)
    assert not any("Subscribe" in item["sentence"] or "should invest" in item["sentence"] for item in items)
    assert fixture_server.requests_to("/port")
    assert_nothing_stored()


def test_an_unexpected_extraction_error_is_recorded_on_the_row_not_left_fetching(monkeypatch):
    def broken(text):
        raise RuntimeError("model file is damaged")

    monkeypatch.setattr("claims.services.ingestion.extract_candidates", broken)
    article = Article.objects.create(text=article_text("guidance.txt"))

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert article.fetch_error == "Extraction failed: RuntimeError: model file is damaged"
    assert Claim.objects.count() == Speaker.objects.count() == 0


@pytest.mark.parametrize("given", ["mailto:desk@example.org", "https://example.org/" + "a" * 2100])
def test_a_fetched_json_article_with_an_unusable_url_ends_failed_on_the_row(fixture_server, given):
    body = json.dumps({"url": given, "text": article_text("guidance.txt")})
    article = Article.objects.create(
        submitted_url=fixture_server.add("/doc", body=body, content_type="application/json")
    )

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "URL" in article.fetch_error
    assert Claim.objects.count() == Appearance.objects.count() == 0


def failing_on_the_second_candidate(monkeypatch):
    """Make the store of an article's claims fail after its first claim was written."""
    from claims.services import ingestion

    calls = []
    real = ingestion.claim_find_similar

    def second_fails(*, statement):
        calls.append(statement)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(statement=statement)

    monkeypatch.setattr(ingestion, "claim_find_similar", second_fails)
    return calls


def test_a_store_that_fails_halfway_leaves_no_article_claim_or_speaker(monkeypatch):
    calls = failing_on_the_second_candidate(monkeypatch)

    with pytest.raises(RuntimeError):
        call_command("ingest", str(article_path("guidance.txt")), stdout=StringIO())

    assert len(calls) == 2
    assert_nothing_stored()


def test_a_task_whose_store_fails_halfway_records_it_and_keeps_no_claim(monkeypatch):
    calls = failing_on_the_second_candidate(monkeypatch)
    article = Article.objects.create(text=article_text("guidance.txt"))

    article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert len(calls) == 2
    assert (article.fetch_status, article.fetch_error) == (
        FetchStatus.FAILED,
        "Storing failed: RuntimeError: database went away",
    )
    assert article.content_hash == ""  # the fill of the row was rolled back with the claims
    assert Claim.objects.count() == Appearance.objects.count() == Speaker.objects.count() == 0
