"""Statement normalisation: the assertion without dateline, attribution and quotation marks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction.statements import normalize_statement

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "BRUSSELS — NATO chief Mark Rutte confirmed on Tuesday that allies will decide separately.",
            "Allies will decide separately.",
        ),
        (
            "“This will be dealt with separately,” the head of the alliance said at a press conference.",
            "This will be dealt with separately.",
        ),
        (
            "The port handled 4.2 million containers in 2025, port director Erik Holm said on Wednesday.",
            "The port handled 4.2 million containers in 2025.",
        ),
        ("Prices rose 4% in March, said Jane Doe.", "Prices rose 4% in March."),
        ("“Taxes rose 4 percent in 2022,” said Senator Jane Doe.", "Taxes rose 4 percent in 2022."),
        ("“Is the war over?” said Jane Doe, a senator from Ohio.", "Is the war over?"),
        ("“She had taken eight,” her mother, Fiona, said in a statement yesterday.", "She had taken eight."),
        (
            "“It is even better,” Edward Arens, the project’s co-principal investigator, said on Monday.",
            "It is even better.",
        ),
        # a claim follows the verb: the quotation is not the whole statement
        (
            "“Yes,” the mayor, Jane Doe, confirmed the city had spent $4 million on the bridge.",
            "Yes, the mayor, Jane Doe, confirmed the city had spent $4 million on the bridge.",
        ),
        (
            "“Hamilton,” the musical, a hit since 2015, reported a record $4 million in weekly sales.",
            "Hamilton, the musical, a hit since 2015, reported a record $4 million in weekly sales.",
        ),
        # the quotation is part of the claim: "in that law" is the reporter's, not a speaker's appositive
        (
            "“We must pay attention to what is written” in that law, Azzouz said.",
            "We must pay attention to what is written in that law.",
        ),
        ("the storm killed 12 people", "The storm killed 12 people."),
        ("- The Stoxx Europe 600 Index added 0.9 percent", "The Stoxx Europe 600 Index added 0.9 percent."),
        ("• Oil fell 1 percent to $50.42 a barrel.", "Oil fell 1 percent to $50.42 a barrel."),
        ("-5 degrees was the lowest reading in Oslo in 2024.", "-5 degrees was the lowest reading in Oslo in 2024."),
        ("- -5 degrees was the lowest reading", "-5 degrees was the lowest reading."),
    ],
)
def test_the_statement_is_the_assertion_alone(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "“The plant built 38 jets in October,” Kelly Ortberg said, “and 42 in November.”",
            "The plant built 38 jets in October, and 42 in November.",
        ),
        (
            "“But,” Alito continued, as he addressed Prelogar, “is it not the case that vaccines have risks?”",
            "But, is it not the case that vaccines have risks?",
        ),
        (
            '"We built 38 jets," Ortberg said, "and 42 in November".',
            "We built 38 jets, and 42 in November.",
        ),
        ("“So,” Alito said, “I take it your answer is no?”", "So, I take it your answer is no?"),
        ("“So,” Alito said, “I’m not sure vaccines have risks.”", "So, I’m not sure vaccines have risks."),
    ],
)
def test_a_quotation_interrupted_by_its_attribution_is_the_whole_statement(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "“I like to go in front of judges,” Prelogar said about the experience on NPR’s “Wait, Wait”",
            "I like to go in front of judges.",
        ),
        (
            "“He is brilliant,” an Iowa Republican said, adding that Pence “should be the candidate.”",
            "He is brilliant.",
        ),
        ("“We will win,” Trump said, as supporters shouted, “Four more years!”", "We will win."),
        ("“Prices are rising,” Ortberg said, and Senator Cruz replied, “they are not.”", "Prices are rising."),
        ("“Why not?” Ortberg said, “we can do it.”", "Why not?"),
    ],
)
def test_a_later_quotation_that_does_not_continue_the_first_is_not_part_of_the_statement(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        ("Ortberg replied that the plant had built 38 jets.", "The plant had built 38 jets."),
        (
            "Prices continued to rise so fast that 38 shops closed.",
            "Prices continued to rise so fast that 38 shops closed.",
        ),
        ("Ortberg responded that way to 14 questions.", "Ortberg responded that way to 14 questions."),
        (
            "Ortberg testified that Tuesday before the committee.",
            "Ortberg testified that Tuesday before the committee.",
        ),
        ("Ortberg replied that workers had ratified the contract.", "Workers had ratified the contract."),
        ("Ortberg replied that if 38 jets were late, Boeing paid.", "If 38 jets were late, Boeing paid."),
        ("Ortberg replied that, in his view, 38 jets were late.", "38 jets were late."),
        ("Ortberg continued that tradition in 2025.", "Ortberg continued that tradition in 2025."),
        ("Ortberg responded that same day with a letter.", "Ortberg responded that same day with a letter."),
    ],
)
def test_a_verb_of_reply_is_an_attribution_only_before_a_that_clause(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        ("“She set the tone,” Putin continued.", "She set the tone."),
        (
            "The plant built 38 jets, “a record for October,” Ortberg responded.",
            "The plant built 38 jets, a record for October.",
        ),
        (
            "Senator Cruz called the 38 delayed jets “a scandal,” and Ortberg responded.",
            "Senator Cruz called the 38 delayed jets a scandal, and Ortberg responded.",
        ),
        (
            "“Hamilton” sold out in October, and the demand continued.",
            "Hamilton sold out in October, and the demand continued.",
        ),
        (
            "“Hamilton” on Broadway continued, selling 1,200 seats in October.",
            "Hamilton on Broadway continued, selling 1,200 seats in October.",
        ),
        ("Sales fell in October, and the decline continued.", "Sales fell in October, and the decline continued."),
        ("The strike ended on Monday, and Boeing responded.", "The strike ended on Monday, and Boeing responded."),
        (
            "“Hamilton” on Broadway continued to sell out in October.",
            "Hamilton on Broadway continued to sell out in October.",
        ),
        (
            "“The fire was contained,” and crews continued to work overnight.",
            "The fire was contained, and crews continued to work overnight.",
        ),
    ],
)
def test_a_verb_of_reply_ends_an_attribution_only_right_after_a_quotation(sentence, statement):
    assert normalize_statement(sentence) == statement


@pytest.mark.parametrize(
    ("sentence", "mention", "statement"),
    [
        (
            "Rutte said any NATO-related parts of a settlement would be handled separately.",
            "Rutte",
            "Any NATO-related parts of a settlement would be handled separately.",
        ),
        ("But he said it was simply a fact that allies disagree.", "he", "It was simply a fact that allies disagree."),
        (
            "Commission President Ursula von der Leyen said the sum would cover two-thirds of the need.",
            "President Ursula von der Leyen",
            "The sum would cover two-thirds of the need.",
        ),
        (
            "Microsoft Corp said on Thursday it aims to remove more carbon than it emits by 2030.",
            "Microsoft Corp",
            "It aims to remove more carbon than it emits by 2030.",
        ),
        (
            "Cross also said Jobs put a culture of innovation in place.",
            "Cross",
            "Jobs put a culture of innovation in place.",
        ),
        ("Kheradpir said eventually this will be unnecessary.", "Kheradpir", "Eventually this will be unnecessary."),
        (
            "President Donald Trump has said he expects an answer by Thursday.",
            "President Donald Trump",
            "He expects an answer by Thursday.",
        ),
    ],
)
def test_a_speaker_who_said_a_clause_without_that_is_left_out_of_the_statement(sentence, mention, statement):
    assert normalize_statement(sentence, mention) == statement


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("Rutte said goodbye to 32 allies in Brussels.", "Rutte"),
        ("She said it best in her 2019 memoir.", "She"),
        ("He said the word twice as he walked out of the hall.", "He"),
        (
            "Secretary General Jens Stoltenberg welcomed the new ally and said Sweden would join in 2024.",
            "Jens Stoltenberg",
        ),
        ("A GuideStar spokesman said the forms were uploaded by the law firm.", "GuideStar"),
        ("When she said no, Roof told her he had a gun.", "she"),
    ],
)
def test_a_said_is_kept_unless_the_speakers_mention_alone_says_a_clause(sentence, mention):
    assert normalize_statement(sentence, mention) == sentence


def test_without_the_speakers_mention_a_said_without_that_is_kept():
    sentence = "Rutte said any NATO-related parts of a settlement would be handled separately."

    assert normalize_statement(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "mention", "statement"),
    [
        ("Rutte said: “The alliance has 32 members.”", "Rutte", "The alliance has 32 members."),
        (
            "She told the crowd: “Unemployment fell to 3.4 percent last year.”",
            "She",
            "Unemployment fell to 3.4 percent last year.",
        ),
        (
            "The ministry said in a statement on Monday: prices rose 4% in March.",
            "The ministry",
            "Prices rose 4% in March.",
        ),
        ("Rutte told The Guardian: NATO has 32 members.", "Rutte", "NATO has 32 members."),
        ("He told the House Foreign Affairs Committee on Tuesday: “We lost 40 tanks.”", "He", "We lost 40 tanks."),
        ("She said in an interview with The New York Times on Sunday: the war will end.", "She", "The war will end."),
        ("Secretary General Mark Rutte said: NATO has 32 members.", "Mark Rutte", "NATO has 32 members."),
    ],
)
def test_an_attribution_that_ends_in_a_colon_is_left_out_of_the_statement(sentence, mention, statement):
    assert normalize_statement(sentence, mention) == statement


@pytest.mark.parametrize(
    ("sentence", "mention"),
    [
        ("He described the scene: a burning car and 40 injured.", "He"),
        ("He noted three reasons: cost, time and risk.", "He"),
        ("She said this: 40 died.", "She"),
        ("She wrote Ukraine: A History, which sold 40,000 copies in 2020.", "She"),
        ("He wrote in Ukraine: A History that the famine killed 3.9 million people.", "He"),
        ("Microsoft announced Windows 12: a version built around AI assistants.", "Microsoft"),
        ("Police described the crowd: about 40,000 people, mostly young.", "Police"),
        ("The official said Ukraine: 40 drones, Russia: 12 missiles.", "The official"),
        # the words before the verb are more than the speaker's mention: the claim comes first
        ("Sales fell 40 percent after Chief Executive Tom Hale said on Monday: the products are safe.", "Tom Hale"),
        ("What she said in 2019: emissions fell 12 percent.", "she"),
        ("After Tom Hale said: we will cut 400 jobs, shares rose 12 percent.", "Tom Hale"),
        ("SALES FELL AFTER TOM HALE SAID: OUR PRODUCTS ARE SAFE.", "TOM HALE"),
        # no speaker: nothing to take out
        ("Jobless claims in January: 230,000, the lowest since 2019.", None),
        ("Jobs added in January: 143,000, the most since 2022.", None),
    ],
)
def test_a_colon_that_does_not_end_the_speakers_attribution_keeps_the_sentence_whole(sentence, mention):
    assert normalize_statement(sentence, mention) == sentence


@pytest.mark.parametrize("words", [" to the press in the capital with the mayor at the hall" * 12, " With The" * 40])
def test_a_long_run_of_place_and_time_words_is_read_in_one_pass(words):
    # A pattern that could split these words in several ways doubles its time with each phrase: hours
    # for this sentence, against milliseconds. A separate process, so that such a pattern fails the test
    # instead of stopping the run (the regular-expression engine cannot be interrupted in-process).
    sentence = f"THE MINISTER SAID{words.upper()} AND LEFT."
    code = (
        "import sys; from claims.extraction.statements import normalize_statement as n; "
        "print(n(sys.argv[1], 'THE MINISTER'))"
    )

    done = subprocess.run(
        [sys.executable, "-c", code, sentence], capture_output=True, text=True, timeout=120, cwd=ROOT, check=True
    )

    assert done.stdout.strip() == sentence
