"""Documents, passage search, connectors and feeds through the API."""

from __future__ import annotations

import json

import pytest

from sources.models import Connector, Feed, Passage
from tests.api_support import error_of
from tests.factories import DocumentFactory, PassageFactory

pytestmark = pytest.mark.django_db


def test_editor_sets_a_connector_key_that_is_never_shown_again(client_for, editor, viewer):
    connector = Connector.objects.get(kind="factcheck")
    response = client_for(editor).patch(
        f"/api/v1/connectors/{connector.pk}/", {"api_key": "s3cret", "max_results": 20}, format="json"
    )
    assert response.status_code == 200
    assert "api_key" not in response.json()
    assert response.json()["has_api_key"] is True
    connector.refresh_from_db()
    assert (connector.api_key, connector.max_results) == ("s3cret", 20)
    listed = client_for(viewer).get("/api/v1/connectors/").json()
    assert all("api_key" not in row for row in listed)


def test_connector_limits_out_of_range_are_field_errors_and_nothing_changes(client_for, editor):
    connector = Connector.objects.get(kind="gdelt")
    before = connector.max_results
    response = client_for(editor).patch(
        f"/api/v1/connectors/{connector.pk}/", {"max_results": 1000, "base_url": "not a url"}, format="json"
    )
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"max_results", "base_url"}
    connector.refresh_from_db()
    assert connector.max_results == before


@pytest.mark.parametrize(
    "options",
    [{"path": "/srv/\u0000corpus"}, {"\u0000": 1}, {"q": ["ok", "\ud800"]}],
    ids=["nul", "nul key", "surrogate"],
)
def test_connector_options_that_postgresql_cannot_store_are_a_field_error(client_for, editor, options):
    connector = Connector.objects.get(kind="local")
    before = connector.options
    body = json.dumps({"options": options})  # \u escapes, as a client sends them
    response = client_for(editor).patch(f"/api/v1/connectors/{connector.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["options"]
    connector.refresh_from_db()
    assert connector.options == before


def test_connector_kind_cannot_be_changed(client_for, editor):
    connector = Connector.objects.get(kind="gdelt")
    response = client_for(editor).patch(f"/api/v1/connectors/{connector.pk}/", {"kind": "rss"}, format="json")
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"kind": ["Unknown field."]}
    connector.refresh_from_db()
    assert connector.kind == "gdelt"


def test_editor_adds_changes_and_removes_a_feed(client_for, editor):
    client = client_for(editor)
    created = client.post("/api/v1/feeds/", {"url": "https://example.org/rss.xml", "title": "Example"}, format="json")
    assert created.status_code == 201
    url = f"/api/v1/feeds/{created.json()['id']}/"
    assert client.patch(url, {"enabled": False}, format="json").json()["enabled"] is False
    assert client.delete(url).status_code == 204
    assert not Feed.objects.exists()


def test_a_duplicate_feed_is_a_field_error(client_for, editor):
    Feed.objects.create(url="https://example.org/rss.xml")
    response = client_for(editor).post("/api/v1/feeds/", {"url": "https://example.org/rss.xml"}, format="json")
    assert response.status_code == 400
    assert "url" in error_of(response)["fields"]
    assert Feed.objects.count() == 1


def test_documents_list_and_passage_search(client_for, viewer):
    document = DocumentFactory(title="Labour statistics", text="Unemployment fell to 11 percent in Spain in 2024.")
    passage = PassageFactory(document=document, position=0)
    from django.contrib.postgres.search import SearchVector

    type(passage).objects.filter(pk=passage.pk).update(search_vector=SearchVector("text", config="english"))
    client = client_for(viewer)
    assert [row["id"] for row in client.get("/api/v1/documents/").json()["results"]] == [document.pk]
    hits = client.get("/api/v1/documents/search/?q=unemployment+Spain&limit=5").json()
    assert [hit["passage_id"] for hit in hits] == [passage.pk]
    assert 0 < hits[0]["score"] <= 1


def test_passage_search_keeps_the_documents_of_the_connector_asked_for(client_for, viewer):
    from django.contrib.postgres.search import SearchVector

    found = {}
    for kind, text in [
        ("rss", "Harbour bridge tolls rose by ten percent in 2024."),
        ("wikipedia", "Harbour bridge tolls were cut in 2023."),
    ]:
        document = DocumentFactory(connector=kind, text=text)
        found[kind] = PassageFactory(document=document, position=0, text=text)
    Passage.objects.update(search_vector=SearchVector("text", config="english"))
    client = client_for(viewer)

    both = client.get("/api/v1/documents/search/", {"q": "harbour bridge tolls"}).json()
    rss = client.get("/api/v1/documents/search/", {"q": "harbour bridge tolls", "connector": "rss"}).json()

    assert {hit["passage_id"] for hit in both} == {found["rss"].pk, found["wikipedia"].pk}
    assert [hit["passage_id"] for hit in rss] == [found["rss"].pk]


def test_passage_search_without_a_query_is_a_400(client_for, viewer):
    response = client_for(viewer).get("/api/v1/documents/search/?limit=5")
    assert response.status_code == 400
    assert "q" in error_of(response)["fields"]


def test_an_editor_adds_a_document_by_url_and_a_fetch_job_is_queued(
    client_for, editor, django_capture_on_commit_callbacks
):
    from sources.models import Document, FetchStatus

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(editor).post("/api/v1/documents/", {"url": "https://example.org/report"}, format="json")
    assert response.status_code == 202, response.content
    document = Document.objects.get()
    assert (document.url, document.connector, document.fetch_status) == (
        "https://example.org/report",
        "url",
        FetchStatus.PENDING,
    )
    assert len(callbacks) == 1
    again = client_for(editor).post("/api/v1/documents/", {"url": "https://example.org/report"}, format="json")
    assert again.status_code == 200
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    "payload", [{}, {"url": "file:///etc/passwd"}, {"url": "nope"}, {"url": "https://e.org/", "extra": 1}]
)
def test_adding_a_document_refuses_bad_input_with_field_errors(client_for, editor, payload):
    from sources.models import Document

    response = client_for(editor).post("/api/v1/documents/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    assert not Document.objects.exists()


def test_a_reviewer_cannot_add_documents(client_for, reviewer):
    from sources.models import Document

    response = client_for(reviewer).post("/api/v1/documents/", {"url": "https://example.org/x"}, format="json")
    assert response.status_code == 403
    assert not Document.objects.exists()
