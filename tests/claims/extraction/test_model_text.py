"""What the entity recogniser reads of a sentence: the words a speaker can be named in."""

from __future__ import annotations

import pytest

from claims.extraction.model_text import WORDS_CUT, ModelText
from claims.extraction.pipeline import _Article, extract_candidates
from claims.extraction.sentences import Sentence


def _sentence(text: str) -> Sentence:
    return Sentence(40, 40 + len(text), text, False, 0)


LONG_REPORT = (
    "Mark Rutte, who led the Dutch government for fourteen years, said on Tuesday that the allies had "
    "agreed to spend five percent of their output on defence by 2035 and that most of the money would go "
    "to air defence, drones, artillery shells and training for the Ukrainian armed forces next spring."
)

QUOTED_REPORT = (
    "“We will keep supplying weapons, ammunition and training for as long as it takes,” Rutte told "
    "reporters in Brussels on Tuesday after a long meeting of the ministers of defence of the thirty-two "
    "allies and of the partners from the Indo-Pacific region who had been invited as guests."
)


def test_a_long_report_is_read_at_its_opening_and_around_its_speech_verb_and_the_rest_is_cut():
    sentence = _sentence(LONG_REPORT)

    read = ModelText.reporting(sentence, None)

    assert read.text.startswith("Mark Rutte, who led the Dutch government for fourteen years, said on Tuesday")
    assert "artillery" not in read.text and "2035" not in read.text
    assert len(read.text.split()) < len(LONG_REPORT.split()) / 2
    tuesday = read.text.index("Tuesday")
    assert LONG_REPORT[read.position(tuesday) :].startswith("Tuesday that the allies")


def test_a_short_report_is_read_whole():
    text = "Mark Rutte said on Tuesday that the allies had agreed to spend more."

    assert ModelText.reporting(_sentence(text), None).text == text


def test_a_gap_of_a_few_words_is_read_rather_than_cut():
    # the opening ten words, four more, then the ten before the verb: the four are read with the rest
    text = (
        "The minister, who took office in the small Baltic republic in spring of 2024 after a long career "
        "in the army and in diplomacy, told reporters so."
    )

    assert ModelText.reporting(_sentence(text), None).text == text


def test_a_name_that_a_kept_stretch_ends_inside_is_read_to_its_end():
    # the tenth word, where the opening and the verb's stretch end, is "Mark"
    text = (
        "The spokesperson said afterwards that talks were led by Mark Rutte of the Netherlands and that "
        "nothing had been decided about the money for the next three years of the programme."
    )

    read = ModelText.reporting(_sentence(text), None)

    assert read.text.split()[9] == "Mark"
    assert read.text.startswith("The spokesperson said afterwards that talks were led by Mark Rutte")
    assert "programme" not in read.text


def test_an_entity_over_a_stand_in_is_dropped_and_one_beside_it_is_kept():
    read = ModelText.reporting(_sentence(LONG_REPORT), None)
    last_word = read.text.rsplit(" ", 1)[-1]

    assert read.cuts[-1][:2] == (len(read.text), len(read.text))  # the end left off
    assert not read.spans_cut(len(read.text) - len(last_word), len(read.text))
    assert not read.spans_cut(0, len("Mark Rutte"))
    quoted = ModelText.reporting(_sentence(QUOTED_REPORT), _quote_of(QUOTED_REPORT))
    assert quoted.spans_cut(0, 3)  # "“…”"
    middle = ModelText.reporting(_sentence(MIDDLE_CUT), None)
    stand_in = middle.text.index(WORDS_CUT)
    assert middle.spans_cut(stand_in - 3, stand_in + 2)
    assert not middle.spans_cut(stand_in - 3, stand_in)


MIDDLE_CUT = (
    "The minister of the small Baltic republic took office in the spring of 2024 after a long career in the "
    "army and in the diplomatic service of his country and then told reporters in Tallinn so."
)


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("Birol", "Birol"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("Władysław Kosiniak-Kamysz", "Władysław Kosiniak-Kamysz"),
    ],
)
def test_a_speaker_before_a_long_appositive_is_read(name, speaker):
    text = (
        "Global demand for oil will peak before the end of this decade and then fall slowly, "
        f"{name}, who has led the agency in Paris since the autumn of 2015, said on Tuesday."
    )

    read = ModelText.reporting(_sentence(text), None)

    assert name in read.text
    assert extract_candidates(text)[0].speaker.endswith(speaker.split()[-1])


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        (
            "The spokesperson said afterwards that talks were led by Mark Rutte of the Netherlands and that "
            "nothing had been decided about the money for the next three years of the programme.",
            ("Mark Rutte", "PERSON"),
        ),
        (
            "The figures for the third quarter were higher than expected, according to a statement released by "
            "the European Commission and published on its website late on Tuesday evening.",
            ("European Commission", "ORG"),
        ),
    ],
)
def test_a_name_at_the_edge_of_what_is_read_is_read_whole_and_its_entity_kept(text, entity):
    from claims.extraction.nlp import load_nlp
    from claims.extraction.pipeline import _entities

    read = ModelText.reporting(_sentence(text), None)

    found = [(e.text, e.label) for e in _entities(read, load_nlp()(read.text))]

    assert len(read.text) < len(text)
    assert any(entity[0] in name and label == entity[1] for name, label in found), found


@pytest.mark.parametrize(
    ("text", "guessed", "later_speaker"),
    [
        (
            "The alliance’s spokesperson said on Tuesday that the ministers would meet in Brussels next week "
            "and that the long meeting would as usual be chaired by Secretary General Mark Rutte of the "
            "Netherlands. Rutte said the allies had agreed to spend more on air defence.",
            ("Mark Rutte", "PERSON"),
            "Mark Rutte",
        ),
        (
            "Steve Jobs, the mind behind the iPhone, iPad and other devices that turned Apple Inc. into one of "
            "the most powerful companies in the world, resigned as chief executive on Wednesday, saying he "
            "could no longer do the job. Apple said Jobs was elected board chairman.",
            ("Apple Inc.", "ORG"),
            "Apple Inc.",
        ),
    ],
)
def test_a_name_only_in_the_cut_words_still_gives_a_later_mention_its_full_name(text, guessed, later_speaker):
    first = _Article.read(text).model_texts()[0]

    candidates = extract_candidates(text)

    assert guessed[0] not in first.text  # the model never read it
    assert guessed in [(e.text, e.label) for e in first.guessed]
    assert candidates[1].speaker == later_speaker


def test_a_narrative_sentence_is_read_for_the_name_it_opens_with_and_a_few_words_after():
    text = (
        "Mark Rutte chaired the long meeting of the defence ministers in the Turkish city of Istanbul on "
        "Monday evening after the talks in Geneva had ended without any agreement on the exchange. "
        "He said the next round would take place in Riyadh in the spring."
    )
    article = _Article.read(text)

    read = article.model_texts()[0]
    candidates = extract_candidates(text)

    assert article.attributed[0] is False and article.needs_model[0] is True
    assert read.text == "Mark Rutte chaired the long meeting of the defence ministers"
    assert candidates[1].speaker == "Mark Rutte"


def test_a_quotation_is_cut_and_the_words_long_after_its_speaker_are_cut_too():
    text = QUOTED_REPORT

    read = ModelText.reporting(_sentence(text), _quote_of(text))

    assert read.text.startswith("“…” Rutte told reporters in Brussels")
    assert "Indo-Pacific" not in read.text
    assert extract_candidates(text)[0].speaker == "Rutte"


def _quote_of(text: str):
    from claims.extraction.sentences import find_quotes

    (quote,) = find_quotes(text)
    return type(quote)(quote.start + 40, quote.end + 40, quote.text)


@pytest.mark.parametrize(
    ("text", "may_name"),
    [
        ("He said the talks had ended on time.", False),
        ("“The minister told reporters the vote would be held in two weeks,” she said.", False),
        ("Rutte said the talks had ended on time.", True),
        ("He said the talks with NATO had ended on time.", True),
        ("Élodie said the talks had ended.", True),
        ("the iPhone sold well, he said.", True),
    ],
)
def test_only_words_with_a_capital_past_an_opening_function_word_can_name_someone(text, may_name):
    read = ModelText.reporting(_sentence(text), None)

    assert read.may_name_someone is may_name


def test_the_recogniser_reads_only_what_can_name_someone_and_pronouns_still_resolve(monkeypatch):
    from claims.extraction import pipeline
    from claims.extraction.nlp import load_nlp

    model = load_nlp()
    read: list[str] = []

    class Spy:
        def pipe(self, texts, **kwargs):
            texts = list(texts)
            read.extend(texts)
            return model.pipe(texts, **kwargs)

    monkeypatch.setattr(pipeline, "load_nlp", Spy)
    text = (
        "Mark Rutte said on Tuesday that 32 allies had agreed to spend 5 percent on defence.\n\n"
        "He said the money would be spent over ten years."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Mark Rutte", "Mark Rutte"]
    assert len(read) == 1 and read[0].startswith("Mark Rutte said")
