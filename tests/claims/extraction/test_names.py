"""Names as the speaker tracker reads them: titled mentions and the legal forms of bodies."""

from __future__ import annotations

import pytest

from claims.extraction.names import (
    Entity,
    company_guesses,
    guesses,
    is_company,
    organisation_key,
    person_after_title,
)


@pytest.mark.parametrize(
    ("mention", "label", "name"),
    [
        ("Harbourcity Mayor Elena Lindqvist", "ORG", "Elena Lindqvist"),
        ("Secretary of State Marco Rubio", "PERSON", "Marco Rubio"),
        ("Attorney General Pam Bondi", "ORG", "Pam Bondi"),
        ("Bank of America Chief Executive Brian Moynihan", "ORG", "Brian Moynihan"),
        ("Italian Admiral Giuseppe Cavo Dragone", "PERSON", "Giuseppe Cavo Dragone"),
    ],
)
def test_the_name_after_the_last_title_is_the_person_with_its_own_offsets(mention, label, name):
    sentence = f"The plan works, said {mention}."
    start = sentence.index(mention)

    found = person_after_title(Entity(mention, label, start, start + len(mention)))

    assert (found.text, found.label) == (name, "PERSON")
    assert sentence[found.start : found.end] == name


@pytest.mark.parametrize(
    ("mention", "label"),
    [
        ("General Motors", "ORG"),
        ("NATO Allied Command Transformation", "ORG"),
        ("Prime Minister", "PERSON"),
        ("King Charles", "PERSON"),
        ("Mark Rutte", "PERSON"),
        ("State Department Press Office", "ORG"),
        ("State Street Global Advisors", "ORG"),
        ("Judge Business School", "ORG"),
        ("King Fahd Causeway", "FAC"),
    ],
)
def test_a_mention_with_no_person_after_a_role_title_is_left_as_it_is(mention, label):
    ent = Entity(mention, label, 10, 10 + len(mention))

    assert person_after_title(ent) == ent


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Apple Inc.", "apple"),
        ("Apple", "apple"),
        ("Boeing Co.", "boeing"),
        ("JPMorgan Chase & Co.", "jpmorgan chase"),
        ("the Associated Press", "associated press"),
        ("Coca-Cola", "coca-cola"),
        ("Agence France-Presse", "agence france-presse"),
    ],
)
def test_a_bodys_key_drops_only_its_legal_form_and_article(name, key):
    assert organisation_key(name) == key


def test_a_company_is_guessed_by_its_legal_form_and_a_hyphenated_word_is_not_one():
    text = "Devices that turned Apple Inc. into a giant, said Boeing Co. and Credit Suisse Group AG. A Co-founder left."

    guesses = company_guesses(text)

    assert [(e.text, e.label) for e in guesses] == [
        ("Apple Inc.", "ORG"),
        ("Boeing Co.", "ORG"),
        ("Credit Suisse Group AG", "ORG"),
    ]
    assert all(text[e.start : e.end] == e.text for e in guesses)


def test_a_legal_form_at_the_end_of_a_sentence_leaves_the_full_stop_out():
    text = "The shares were sold to Siemens AG. Kinder Morgan Energy L.P. bought the rest."

    found = company_guesses(text)

    assert [e.text for e in found] == ["Siemens AG", "Kinder Morgan Energy L.P."]


def test_guesses_are_persons_and_companies_in_text_order_without_a_company_taken_for_a_person():
    text = "Shares of Credit Suisse Group AG fell after Mark Rutte spoke, said Boeing Co."

    found = guesses(text)

    assert [(e.text, e.label) for e in found] == [
        ("Credit Suisse Group AG", "ORG"),
        ("Mark Rutte", "PERSON"),
        ("Boeing Co.", "ORG"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Missouri AG Andrew Bailey sued.",
        "The family lives in Ballybunion, Co. Kerry.",
        "The protest was outside 1600 Pennsylvania Ave SE.",
        "Apple released the Apple Watch SE in 2020.",
    ],
)
def test_a_legal_form_that_is_something_else_here_gives_no_company(text):
    assert company_guesses(text) == []


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Over the years, Bank of America Corp. has grown.", "Bank of America Corp."),
        ("Since 2019 the Bank of New York Mellon Corp. has grown.", "Bank of New York Mellon Corp."),
        ("In 2023, HSBC Holdings Plc moved its review forward.", "HSBC Holdings Plc"),
        ("Shares of Apple Inc. rose on Monday.", "Apple Inc."),
    ],
)
def test_a_bank_of_a_place_and_the_plc_form_are_whole_companies(text, company):
    assert [e.text for e in company_guesses(text)] == [company]


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("Apple Inc.", True),
        ("Boeing Co", True),
        ("Kinder Morgan Energy L.P.", True),
        ("HSBC Holdings Plc", True),
        ("Apple", False),
        ("Washington Post", False),
        ("Co-op Bank", False),
        ("Missouri AG", False),
        ("Apple Watch SE", False),
    ],
)
def test_a_company_is_a_name_with_a_legal_form_only_a_company_has(name, company):
    assert is_company(name) is company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("AT&T Inc. said it would cut prices.", "AT&T Inc."),
        ("Under Armour Inc. said it would cut prices.", "Under Armour Inc."),
        ("All Nippon Airways Co. said it would cut prices.", "All Nippon Airways Co."),
        ("March Networks Corp. said it would cut prices.", "March Networks Corp."),
        ("Procter & Gamble Co. said it would cut prices.", "Procter & Gamble Co."),
        ("JPMorgan Chase & Co. said it would cut prices.", "JPMorgan Chase & Co."),
        ("Kinder Morgan Energy Partners, L.P. said it would cut prices.", "Kinder Morgan Energy Partners, L.P."),
        ("On Monday Boeing Co. said it would cut prices.", "Boeing Co."),
        ("In March Apple Inc. said it would cut prices.", "Apple Inc."),
        ("Yesterday Apple Inc. said it would cut prices.", "Apple Inc."),
    ],
)
def test_a_company_is_guessed_whole_and_without_the_time_phrase_before_it(text, company):
    assert [e.text for e in company_guesses(text)] == [company]


@pytest.mark.parametrize("text", ["The Co. said so.", "On Inc. it said."])
def test_a_legal_form_after_function_words_only_is_no_company(text):
    assert company_guesses(text) == []
