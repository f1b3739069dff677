"""Check-worthiness scores: factual assertions high, the usual non-claims low."""

from __future__ import annotations

import pytest

from claims.extraction.checkworthiness import THRESHOLD, score_sentence
from claims.extraction.pipeline import extract_candidates


def scored(sentence: str):
    return next(c for c in extract_candidates(sentence) if c.sentence == sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment fell to 4.1 percent in March, the statistics office said on Friday.",
        "The company sold 1.2 million cars in 2024, up 8 percent from the year before.",
        "The minister confirmed that the bridge was closed for six weeks after the flood in Lyon.",
    ],
)
def test_factual_assertions_are_checkworthy(sentence):
    candidate = scored(sentence)

    assert candidate.checkworthy is True
    assert THRESHOLD <= candidate.score <= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "You need two to tango.",
        "Will the government survive the vote?",
        "Ukraine must receive security guarantees, the minister said.",
        "It is necessary to have proposals on the table.",
        "I think this is the best plan we have ever seen.",
        "The minister predicted that the economy might recover next year.",
        "Copyright 2026 Example Wire, all rights reserved.",
    ],
)
def test_idioms_questions_obligations_opinions_predictions_and_boilerplate_are_not(sentence):
    candidate = scored(sentence)

    assert candidate.checkworthy is False
    assert 0.0 <= candidate.score < THRESHOLD


def test_a_headline_line_without_full_stop_is_not_checkworthy():
    score = score_sentence("Ukraine must receive security guarantees, NATO chief says", whole_line=True)

    assert score.checkworthy is False
    assert score.reasons == ("headline",)


def test_the_same_sentence_inside_a_paragraph_is_scored_on_its_content():
    score = score_sentence("The storm killed 12 people in 2024", whole_line=False)

    assert score.checkworthy is True


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to our newsletter",
        "Sign up for our daily briefing here.",
        "© 2026 Harbour Gazette",
        "All rights reserved.",
        "This site uses cookies to improve your experience.",
        "Advertisement",
        "Read more:",
        "Follow us on Mastodon",
        "Share this article",
        "Click here to read the full report.",
        "Photo © John Smith/Reuters.",
        "Become a subscriber for just $1 a week.",
        "Get the Morning Briefing newsletter delivered to your inbox every day.",
        "By continuing to browse the site you agree to our use of cookies.",
        "Story continues below advertisement.",
        "Follow Harbour Gazette on X, Facebook and Instagram for 24/7 updates.",
    ],
)
def test_page_furniture_is_settled_as_boilerplate(line):
    assert score_sentence(line, whole_line=False).reasons == ("boilerplate",)


@pytest.mark.parametrize(
    "sentence",
    [
        "The new app allows Fios TV subscribers to stream live TV onto an iPad from March 2024.",
        "The lawsuit alleges copyright infringement of 40 songs released between 2019 and 2022.",
        "Girl Scout cookie sales fell 3 percent in 2023, the organisation said.",
        "Advertisements for the drug fell by 40 percent after the 2021 ban, the regulator said.",
        "Tap water prices rose 4 percent in Berlin in 2024.",
        "Tap to Pay on iPhone launched in the US in 2022 and reached 40 countries by 2024.",
        "“Archive records show 200 arrests in 1989,” the historian said.",
        "Advertisement spending in Germany rose 4 percent in 2023, the trade association said.",
        "Netflix subscribers rose to 230 million in 2023, the company said.",
    ],
)
def test_reporting_that_mentions_subscribers_copyright_cookies_or_ads_is_scored_on_its_content(sentence):
    score = score_sentence(sentence, whole_line=False)

    assert "boilerplate" not in score.reasons
    assert score.checkworthy is True


def test_a_list_item_longer_than_a_headline_is_scored_on_its_content():
    item = "- The Stoxx Europe 600 Index added 0.9 percent as mining companies and banks rallied"
    score = score_sentence(item, whole_line=True)

    assert "headline" not in score.reasons
    assert score.checkworthy is True


@pytest.mark.parametrize(
    "item", ["- Oil prices hit $100 for first time since 2014", "• Biden visits Kyiv in surprise trip"]
)
def test_a_list_of_headlines_stays_headlines(item):
    assert score_sentence(item, whole_line=True).reasons == ("headline",)


def test_an_idiom_is_settled_before_scoring_whatever_else_the_sentence_holds():
    score = score_sentence("In 2024 the minister said it takes two to tango with 32 allies.", whole_line=False)

    assert score.checkworthy is False
    assert score.reasons == ("idiom",)


def test_a_scheduled_meeting_scores_lower_than_the_same_meeting_reported_as_held():
    scheduled = score_sentence("The ministers of the 32 allies will meet in Brussels on Wednesday.", whole_line=False)
    held = score_sentence("The ministers of the 32 allies met in Brussels on Wednesday.", whole_line=False)

    assert held.checkworthy is True
    assert scheduled.value < held.value
    assert "scheduled" in scheduled.reasons


def test_every_feature_has_a_fitted_weight_and_the_reasons_name_the_cues_that_fired():
    from claims.extraction.checkworthiness import WEIGHTS, features

    values = features("Unemployment fell to 4.1 percent in March, the statistics office said on Friday.")

    assert set(values) == set(WEIGHTS)
    reasons = score_sentence(
        "Unemployment fell to 4.1 percent in March, the statistics office said on Friday.", whole_line=False
    ).reasons
    assert "attributed" in reasons and "digit" in reasons and any(r.startswith("facts=") for r in reasons)


def test_a_non_answer_is_not_checkworthy_and_scores_lower_than_an_answer():
    fall = score_sentence("Unemployment declined to 4.1 percent in March.", whole_line=False)
    silence = score_sentence("The ministry did not respond to a request for comment.", whole_line=False)
    declined = score_sentence("The ministry declined to comment on the 42 closures on Tuesday.", whole_line=False)
    answer = score_sentence("The ministry confirmed the 42 closures on Tuesday.", whole_line=False)

    assert silence.checkworthy is False
    assert "no_comment" in silence.reasons
    assert "no_comment" in declined.reasons
    assert declined.value < answer.value
    assert "no_comment" not in fall.reasons  # a fall in value is not a non-answer
    assert fall.checkworthy is True


def test_a_trial_scheduled_to_begin_scores_lower_than_one_that_began():
    scheduled = score_sentence("The second trial is scheduled to begin in Harbourcity.", whole_line=False)
    began = score_sentence("The second trial began in Harbourcity.", whole_line=False)

    assert "scheduled" in scheduled.reasons
    assert scheduled.checkworthy is False
    assert scheduled.value < began.value


def test_a_four_word_report_is_scored_and_a_three_word_one_is_too_short():
    four = score_sentence("Nobody was injured, officials.", whole_line=False)
    three = score_sentence("He remains silent.", whole_line=False)

    assert four.reasons != ("too short",)
    assert three.reasons == ("too short",)
