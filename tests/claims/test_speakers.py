"""Speakers: one row per person or body, whatever spelling an article uses (name, surname, title,
abbreviation)."""

from __future__ import annotations

import pytest

from claims.models import Claim, Speaker
from claims.services.ingestion import article_claims_ingest
from claims.services.speakers import speaker_resolve

pytestmark = pytest.mark.django_db


def test_speaker_spellings_merge_into_one_speaker():
    full = speaker_resolve(name="Mark Rutte", mention="NATO Secretary General Mark Rutte")
    surname = speaker_resolve(name="Rutte", mention="Rutte")
    titled = speaker_resolve(name="NATO Secretary General Mark Rutte", mention="NATO Secretary General Mark Rutte")

    assert full == surname == titled
    speaker = Speaker.objects.get()
    assert speaker.name == "Mark Rutte"
    assert speaker.role == "NATO Secretary General"
    assert {"Rutte", "NATO Secretary General Mark Rutte"} <= set(speaker.aliases)


def test_a_surname_seen_first_grows_into_the_full_name():
    speaker_resolve(name="Rutte", mention="Rutte")

    speaker = speaker_resolve(name="Mark Rutte", mention="Mark Rutte")

    assert Speaker.objects.count() == 1
    assert speaker.name == "Mark Rutte"
    assert "Rutte" in speaker.aliases


def test_a_body_abbreviated_in_one_article_is_found_by_its_abbreviation_in_the_next():
    first = speaker_resolve(name="California Department of Motor Vehicles", mention="the DMV", is_person=False)

    later = speaker_resolve(name="DMV", mention="the DMV", is_person=False)

    assert later == first
    assert Speaker.objects.get().name == "California Department of Motor Vehicles"
    assert "DMV" in first.aliases


def test_an_abbreviation_in_brackets_becomes_an_alias_of_the_body():
    mention = "Universities and Colleges Employers’ Association (UCEA)"
    body = speaker_resolve(name="Universities and Colleges Employers’ Association", mention=mention, is_person=False)

    assert body.aliases == ["UCEA"]
    assert speaker_resolve(name="UCEA", mention="UCEA", is_person=False) == body


def test_a_body_stored_by_its_initials_takes_its_full_name_when_spelled_out():
    initials = speaker_resolve(name="NATO", mention="NATO", is_person=False)

    full = speaker_resolve(
        name="North Atlantic Treaty Organization", mention="the North Atlantic Treaty Organization", is_person=False
    )

    assert full == initials
    speaker = Speaker.objects.get()
    assert speaker.name == "North Atlantic Treaty Organization"
    assert speaker.aliases == ["NATO"]
    assert speaker.is_organisation is True


def test_two_bodies_with_the_same_initials_stay_apart():
    speaker_resolve(name="AMA", mention="AMA", is_person=False)
    medical = speaker_resolve(
        name="American Medical Association", mention="American Medical Association", is_person=False
    )

    marketing = speaker_resolve(
        name="American Marketing Association", mention="American Marketing Association", is_person=False
    )

    assert marketing != medical
    assert sorted(Speaker.objects.values_list("name", flat=True)) == [
        "American Marketing Association",
        "American Medical Association",
    ]


def test_a_body_named_by_a_role_description_learns_no_alias():
    body = speaker_resolve(name="California Energy Commission", mention="the commission staff", is_person=False)

    assert body.aliases == []


def test_articles_that_spell_a_body_out_and_abbreviate_it_share_one_speaker(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(
        "Twenty companies hold permits, the California Department of Motor Vehicles said on 14 December.\n"
        "“Twenty manufacturers have already obtained permits to test 300 cars,” the DMV noted.\n"
    )
    second = tmp_path / "second.txt"
    second.write_text("The DMV said 45 permits were suspended in 2024 after 12 crashes.\n")
    article_claims_ingest(source=str(first))

    article_claims_ingest(source=str(second))

    body = Speaker.objects.get()
    assert body.name == "California Department of Motor Vehicles"
    assert body.aliases == ["DMV"]
    assert Claim.objects.filter(speaker=body).count() == 3
