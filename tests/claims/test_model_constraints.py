"""The database itself refuses invalid claims, evidence and verdicts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Evidence, RatingLabel, Verdict, VerdictStatus
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    PassageFactory,
    SpeakerFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def rejects(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_checkworthiness_outside_zero_to_one_is_rejected():
    rejects(lambda: ClaimFactory(checkworthiness=1.5))
    rejects(lambda: ClaimFactory(checkworthiness=-0.1))


def test_an_unknown_claim_status_is_rejected():
    rejects(lambda: ClaimFactory(status="maybe"))


def test_a_rejected_claim_needs_a_reason():
    rejects(lambda: ClaimFactory(status=ClaimStatus.REJECTED))
    claim = ClaimFactory(status=ClaimStatus.REJECTED, rejection_reason="Opinion, not a factual claim")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_the_same_passage_is_evidence_for_a_claim_only_once():
    evidence = EvidenceFactory()
    rejects(lambda: Evidence.objects.create(claim=evidence.claim, passage=evidence.passage, score=0.1, rank=2))


def test_a_decided_piece_of_evidence_records_when():
    rejects(lambda: EvidenceFactory(decision="accepted", decided_at=None))
    assert EvidenceFactory(decision="accepted", decided_at=timezone.now()).pk


def test_an_appearance_span_must_be_non_empty_and_unique():
    appearance = AppearanceFactory()
    rejects(lambda: AppearanceFactory(claim=appearance.claim, article=appearance.article, start=0, end=5))
    rejects(lambda: AppearanceFactory(start=10, end=10))


def test_a_claim_has_at_most_one_active_verdict():
    verdict = VerdictFactory()
    rejects(lambda: VerdictFactory(claim=verdict.claim))
    verdict.status = VerdictStatus.RETRACTED
    verdict.retraction_reason = "Superseded"
    verdict.save()
    assert VerdictFactory(claim=verdict.claim).pk


def test_the_author_cannot_approve_their_own_verdict():
    verdict = VerdictFactory()
    verdict.approver = verdict.author
    rejects(verdict.save)


def test_a_published_verdict_needs_an_approver_a_date_and_a_rationale():
    author, approver = UserFactory(), UserFactory()
    rating = RatingLabel.objects.get(slug="true")
    claim = ClaimFactory()
    base = {"claim": claim, "rating": rating, "author": author, "status": VerdictStatus.PUBLISHED}
    rejects(lambda: Verdict.objects.create(**base, rationale="r", published_at=timezone.now()))
    rejects(lambda: Verdict.objects.create(**base, approver=approver, rationale="r"))
    rejects(lambda: Verdict.objects.create(**base, approver=approver, published_at=timezone.now()))
    ok = Verdict.objects.create(**base, approver=approver, rationale="r", published_at=timezone.now())
    assert ok.pk


def test_speaker_wikidata_ids_are_well_formed_and_unique():
    rejects(lambda: SpeakerFactory(name="A", wikidata_id="57792"))
    SpeakerFactory(name="Mark Rutte", wikidata_id="Q57792")
    rejects(lambda: SpeakerFactory(name="M. Rutte", wikidata_id="Q57792"))


def test_the_rating_scale_is_seeded_with_claimreview_values():
    values = dict(RatingLabel.objects.values_list("slug", "rating_value"))
    assert values == {"true": 5, "mostly-true": 4, "half-true": 3, "mostly-false": 2, "false": 1}


def test_a_passage_cannot_be_empty():
    rejects(lambda: PassageFactory(start=5, end=5))
