"""The reviewers' admin: list page, claim page, workflow buttons, bulk actions, messages."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Decision, Evidence, RatingLabel, Verdict, VerdictStatus
from claims.services import workflow as wf
from tests.claims.workflow_support import claim_in_review, claim_with_evidence, proposed_verdict, published_verdict
from tests.factories import AppearanceFactory, ArticleFactory, ClaimFactory, EvidenceFactory, PassageFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/claims/claim/"


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def act(client: Client, claim, action: str, **data):
    url = reverse("admin:claims_claim_workflow", args=[claim.pk, action])
    response = client.post(url, data, follow=True)  # following the redirect consumes the messages
    return response, [str(m) for m in response.context["messages"]] if response.context else []


def test_claim_page_highlights_the_sentence_in_the_article(reviewer):
    article = ArticleFactory(text="Intro sentence. The minister said unemployment halved. Closing line.")
    claim = AppearanceFactory(article=article, start=16, end=54).claim
    html = browser(reviewer).get(page(claim)).content.decode()
    assert "Intro sentence. <mark id=" in html
    assert ">The minister said unemployment halved.</mark> Closing line." in html


def test_claim_page_shows_each_passage_in_context_and_labels_machine_suggestions(reviewer):
    claim, _ = claim_with_evidence()
    passage = PassageFactory(
        document__text="A" * 400 + "The passage itself." + "B" * 400, start=400, end=419, text="The passage itself."
    )
    EvidenceFactory(claim=claim, passage=passage, rank=2, score=0.42, suggested_stance="refutes")
    html = browser(reviewer).get(page(claim)).content.decode()
    assert "…" + "A" * 300 + "<mark>The passage itself.</mark>" + "B" * 300 + "…" in html
    assert "Machine suggestion: score 0.42, stance refutes" in html
    assert html.count('class="button accept-evidence"') == 2


def test_claim_list_does_not_query_per_row(reviewer, django_assert_max_num_queries):
    for _ in range(3):
        claim_in_review(reviewer)
    client = browser(reviewer)
    with django_assert_max_num_queries(30) as few:
        assert client.get(LIST_URL).status_code == 200
    baseline = len(few.captured_queries)
    for _ in range(40):
        claim, _e = claim_with_evidence()
        wf.claim_accept(claim=claim, user=reviewer)
    with django_assert_max_num_queries(baseline) as many:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 43
    assert len(many.captured_queries) <= baseline


def test_claim_list_filters_and_search(reviewer, second_reviewer, editor):
    mine, _ = claim_in_review(reviewer)
    theirs, _ = claim_in_review(second_reviewer)
    published = published_verdict(reviewer, editor)
    client = browser(reviewer)

    def ids(query: str) -> set[int]:
        response = client.get(LIST_URL + query)
        assert response.status_code == 200
        return {c.pk for c in response.context["cl"].result_list}

    assert ids("?queue=mine") == {mine.pk}
    false = RatingLabel.objects.get(slug="false")
    assert ids(f"?rating={false.pk}") == {published.claim_id}
    outlet = theirs.appearances.get().article.outlet
    assert ids(f"?outlet={outlet.pk}") == {theirs.pk}
    assert ids(f"?assignee__id__exact={second_reviewer.pk}") == {theirs.pk}
    assert ids(f"?status__exact={ClaimStatus.PUBLISHED}") == {published.claim_id}
    assert ids("?checkworthiness=high") == {mine.pk, theirs.pk, published.claim_id}
    assert ids("?checkworthiness=low") == set()
    Claim.objects.filter(pk=mine.pk).update(new_evidence_since_verdict=True)
    assert ids("?new_evidence_since_verdict__exact=1") == {mine.pk}
    assert ids(f"?speaker__id__exact={mine.speaker_id}") == {mine.pk}
    Claim.objects.filter(pk=theirs.pk).update(statement="Harbourcity replaced 42 kilometres of water mains.")
    assert ids("?q=42 kilometres of water") == {theirs.pk}


def test_a_forbidden_transition_shows_a_clear_error(reviewer):
    claim = ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="Opinion")
    response, messages = act(browser(reviewer), claim, "accept")
    assert response.redirect_chain == [(page(claim), 302)]
    assert messages == ["Cannot accept a claim that is rejected (allowed from: Candidate)."]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_a_stale_page_is_refused_with_a_message(reviewer, second_reviewer):
    claim = ClaimFactory(status=ClaimStatus.ACCEPTED)
    act(browser(reviewer), claim, "assign", assignee="me", expected_version=1)
    _, messages = act(browser(second_reviewer), claim, "assign", assignee="me", expected_version=1)
    assert "changed by someone else" in messages[0]
    assert Claim.objects.get(pk=claim.pk).assignee == reviewer


def test_editing_the_claim_form_from_a_stale_version_is_refused(reviewer, second_reviewer):
    claim, _ = claim_in_review(reviewer)
    form = {"statement": "First wording.", "speaker": claim.speaker_id, "expected_version": claim.version}
    assert browser(reviewer).post(page(claim), form).status_code == 302
    response = browser(second_reviewer).post(page(claim), {**form, "statement": "Second wording."})
    assert response.status_code == 302
    assert "changed by someone else" in str(next(iter(get_messages(response.wsgi_request))))
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.statement == "First wording."
    assert stored.history.latest().history_user == reviewer


def test_the_verdict_buttons_follow_the_role_and_the_two_person_rule(reviewer, editor, second_editor):
    verdict = proposed_verdict(editor)
    assert 'id="action-approve"' not in browser(editor).get(page(verdict.claim)).content.decode()
    assert "Two-person rule" in browser(editor).get(page(verdict.claim)).content.decode()
    assert 'id="action-approve"' not in browser(reviewer).get(page(verdict.claim)).content.decode()
    assert 'id="action-approve"' in browser(second_editor).get(page(verdict.claim)).content.decode()
    _, messages = act(browser(editor), verdict.claim, "approve", verdict=verdict.pk)
    assert messages == ["Two-person rule: the author of a verdict cannot approve it; another editor must."]


def test_proposing_through_the_form_with_bad_input_writes_nothing(reviewer):
    claim, evidence = claim_in_review(reviewer)
    client = browser(reviewer)
    _, messages = act(client, claim, "propose", rating="", rationale="x", evidence_ids=[evidence.pk])
    assert messages == ["The form is missing a valid rating."]
    rating = RatingLabel.objects.get(slug="false").pk
    _, messages = act(client, claim, "propose", rating=rating, rationale="Because.", evidence_ids=["abc"])
    assert messages == ["Cite at least one piece of accepted evidence."]
    assert not Verdict.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).version == claim.version


def test_an_unknown_action_or_a_get_is_refused(reviewer):
    claim = ClaimFactory()
    client = browser(reviewer)
    assert client.post(reverse("admin:claims_claim_workflow", args=[claim.pk, "explode"])).status_code == 404
    assert client.get(reverse("admin:claims_claim_workflow", args=[claim.pk, "accept"])).status_code == 405


def test_evidence_of_another_claim_cannot_be_decided_from_this_page(reviewer):
    claim, _ = claim_with_evidence()
    _, foreign = claim_with_evidence()
    _, messages = act(browser(reviewer), claim, "accept-evidence", evidence=foreign.pk)
    assert messages == ["That evidence does not belong to this claim."]
    assert Evidence.objects.get(pk=foreign.pk).decision == Decision.PENDING


def test_run_corroboration_now_queues_a_run_per_enabled_connector(reviewer):
    from claims.models import CorroborationRun, RunTrigger
    from sources.models import Connector

    claim = ClaimFactory()
    _, messages = act(browser(reviewer), claim, "corroborate")
    assert messages == ["Corroboration requested; new evidence appears here when the run finishes."]
    runs = CorroborationRun.objects.filter(claim=claim)
    enabled = set(Connector.objects.filter(enabled=True).values_list("kind", flat=True))
    assert set(runs.values_list("connector", flat=True)) == enabled
    assert set(runs.values_list("trigger", flat=True)) == {RunTrigger.MANUAL}
    assert set(runs.values_list("requested_by", flat=True)) == {reviewer.pk}


def test_bulk_accept_and_bulk_reject_with_a_reason(reviewer):
    claims = ClaimFactory.create_batch(3)
    client = browser(reviewer)
    selected = [c.pk for c in claims]
    response = client.post(LIST_URL, {"action": "bulk_accept", "_selected_action": selected[:2]})
    assert response.status_code == 302
    assert set(Claim.objects.filter(pk__in=selected[:2]).values_list("status", flat=True)) == {ClaimStatus.ACCEPTED}

    form = client.post(LIST_URL, {"action": "bulk_reject", "_selected_action": selected})
    assert form.status_code == 200 and b'name="reason"' in form.content
    response = client.post(LIST_URL, {"action": "bulk_reject", "_selected_action": selected, "apply": "1"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["A reason is required to reject claims."]
    client.post(LIST_URL, {"action": "bulk_reject", "_selected_action": selected, "apply": "1", "reason": "Duplicate"})
    assert set(Claim.objects.filter(pk__in=selected).values_list("status", "rejection_reason")) == {
        (ClaimStatus.REJECTED, "Duplicate")
    }


def test_bulk_assign_refuses_all_when_one_claim_is_not_accepted(reviewer, second_reviewer):
    accepted = ClaimFactory(status=ClaimStatus.ACCEPTED)
    candidate = ClaimFactory()
    client = browser(reviewer)
    data = {"action": "bulk_assign", "_selected_action": [accepted.pk, candidate.pk], "apply": "1"}
    response = client.post(LIST_URL, {**data, "assignee": second_reviewer.pk})
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Nothing was changed: 1 of the 2 selected claims cannot be assigned")
    assert Claim.objects.get(pk=accepted.pk).assignee is None
    client.post(LIST_URL, {**data, "_selected_action": [accepted.pk], "assignee": second_reviewer.pk})
    assert Claim.objects.get(pk=accepted.pk).assignee == second_reviewer


def test_history_panel_and_history_page_name_the_user(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    client = browser(editor)
    html = client.get(page(verdict.claim)).content.decode()
    assert f"<td>{editor.username}</td>" in html and "published" in html
    history = client.get(reverse("admin:claims_claim_history", args=[verdict.claim_id]))
    assert history.status_code == 200 and reviewer.username in history.content.decode()
    verdict_history = client.get(reverse("admin:claims_verdict_history", args=[verdict.pk]))
    assert verdict_history.status_code == 200 and editor.username in verdict_history.content.decode()


def test_retracting_from_the_page_needs_a_reason(reviewer, editor):
    verdict = published_verdict(reviewer, editor)
    client = browser(editor)
    _, messages = act(client, verdict.claim, "retract", verdict=verdict.pk, reason="")
    assert messages == ["A reason is required to retract a verdict."]
    _, messages = act(client, verdict.claim, "retract", verdict=verdict.pk, reason="Figure revised")
    assert messages == ["Verdict retracted; it is no longer in the public feed."]
    assert Verdict.objects.get(pk=verdict.pk).status == VerdictStatus.RETRACTED


def test_speakers_are_searchable_for_the_claim_form_autocomplete(reviewer):
    claim = ClaimFactory(speaker__name="Jane Doe", speaker__aliases=["J. Doe"])
    client = browser(reviewer)
    response = client.get("/admin/claims/speaker/?q=Doe")
    assert response.status_code == 200
    assert [s.pk for s in response.context["cl"].result_list] == [claim.speaker_id]
    autocomplete = client.get(
        "/admin/autocomplete/", {"term": "Jane", "app_label": "claims", "model_name": "claim", "field_name": "speaker"}
    )
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Jane Doe"]
