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


def test_a_body_stored_by_its_initials_takes_its_full_name_when_an_article_ties_the_two():
    initials = speaker_resolve(name="NATO", mention="NATO", is_person=False)

    full = speaker_resolve(name="North Atlantic Treaty Organization", mention="NATO", is_person=False)

    assert full == initials
    speaker = Speaker.objects.get()
    assert speaker.name == "North Atlantic Treaty Organization"
    assert speaker.aliases == ["NATO"]
    assert speaker.is_organisation is True


def test_a_full_name_alone_does_not_claim_a_body_stored_by_the_same_initials():
    speaker_resolve(name="CIA", mention="the CIA", is_person=False)

    speaker_resolve(name="Culinary Institute of America", mention="the Culinary Institute of America", is_person=False)

    assert sorted(Speaker.objects.values_list("name", "aliases")) == [
        ("CIA", []),
        ("Culinary Institute of America", []),
    ]


def test_a_body_stored_by_its_abbreviation_is_found_from_the_full_name_the_article_ties_to_it():
    speaker_resolve(name="DMV", mention="the DMV", is_person=False)

    speaker_resolve(name="California Department of Motor Vehicles", mention="the DMV", is_person=False)

    assert list(Speaker.objects.values_list("name", "aliases")) == [
        ("California Department of Motor Vehicles", ["DMV"])
    ]


def test_persons_and_bodies_are_looked_up_apart():
    person = speaker_resolve(name="Michael Bloomberg", mention="Michael Bloomberg")
    company = speaker_resolve(name="Bloomberg L.P.", mention="Bloomberg", is_person=False)

    assert speaker_resolve(name="Bloomberg", mention="Bloomberg", is_person=False) == company
    assert speaker_resolve(name="Bloomberg", mention="Bloomberg") == person
    assert company != person


@pytest.mark.parametrize("mention", ["the commission staff", "The Commission", "the Energy Commission"])
def test_a_body_named_by_a_description_learns_no_alias(mention):
    body = speaker_resolve(name="California Energy Commission", mention=mention, is_person=False)

    assert body.aliases == []


def test_a_body_keeps_its_name_without_the_legal_form_as_an_alias():
    body = speaker_resolve(name="Apple Inc.", mention="Apple", is_person=False)

    assert body.aliases == ["Apple"]


def test_a_name_longer_than_the_column_is_cut_once_and_found_again():
    name = "Association of " + "Very " * 60 + "Long Names"
    first = speaker_resolve(name=name, mention=name, is_person=False)

    again = speaker_resolve(name=name, mention=name, is_person=False)

    assert again == first
    assert len(again.name) <= 200
    assert again.aliases == []


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
