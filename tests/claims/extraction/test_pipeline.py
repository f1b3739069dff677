"""The whole extraction on the project's own news-style fixture articles."""

from __future__ import annotations

import json

import pytest

from claims.extraction.pipeline import extract_candidates, extract_many
from sources.text import parse_corpus_document
from tests.support.articles import GUIDANCE_CHECKWORTHY, GUIDANCE_NOT_CHECKWORTHY, article_text


def test_all_checkworthy_sentences_are_found_with_the_resolved_speaker():
    claims = [c for c in extract_candidates(article_text("guidance.txt")) if c.checkworthy]

    for contains in GUIDANCE_CHECKWORTHY:
        matches = [c for c in claims if contains in c.sentence]
        assert len(matches) == 1, contains
        assert matches[0].speaker == "Anna Lindqvist", contains
    assert len(claims) == len(GUIDANCE_CHECKWORTHY)


def test_none_of_the_idioms_obligations_predictions_or_headlines_is_checkworthy():
    claims = [c for c in extract_candidates(article_text("guidance.txt")) if c.checkworthy]

    for phrase in GUIDANCE_NOT_CHECKWORTHY:
        assert not [c for c in claims if phrase in c.sentence], phrase


def test_offsets_sentences_statements_and_quotes_are_consistent():
    text = article_text("guidance.txt")
    candidates = extract_candidates(text)

    for c in candidates:
        assert text[c.start : c.end] == c.sentence
        assert 0.0 <= c.score <= 1.0
        assert c.statement
    quoted = next(c for c in candidates if "this will be reviewed separately" in c.sentence)
    assert quoted.quote.startswith("When it comes to the parts of the guidance")
    assert quoted.statement.startswith("When it comes to the parts of the guidance")
    assert "“" not in quoted.statement and "said" not in quoted.statement
    first = next(c for c in candidates if "confirmed today" in c.sentence)
    assert first.statement.startswith("The agency will only publish")
    assert first.speaker_mention == "Director-General Anna Lindqvist"


def test_the_two_sentence_quotation_is_one_quote_on_both_sentences():
    candidates = extract_candidates(article_text("guidance.txt"))

    opening = next(c for c in candidates if c.sentence.startswith("She pointed out"))
    closing = next(c for c in candidates if "already held in Nairobi" in c.sentence)
    assert opening.quote == closing.quote == "You have to begin somewhere. It is necessary to have drafts on the table,"
    assert closing.speaker == "Anna Lindqvist"


def test_a_quotation_in_single_marks_is_read_as_one_and_the_sentences_keep_their_own_marks():
    text = (
        "Finance Minister Jane Smith spoke in Paris on Monday. ‘We built 40 bridges in 2020. Unemployment fell "
        "to 4.1% in March,’ Smith said. ‘We don’t know yet,’ she added.\n"
        "“Pence is too ‘Cracker Barrel’ for the suburbs,” a strategist said."
    )
    candidates = extract_candidates(text)

    assert [c.sentence for c in candidates][1:3] == [
        "‘We built 40 bridges in 2020.",
        "Unemployment fell to 4.1% in March,’ Smith said.",
    ]
    assert all(text[c.start : c.end] == c.sentence for c in candidates)
    both = "We built 40 bridges in 2020. Unemployment fell to 4.1% in March,"
    assert [(c.quote, c.speaker) for c in candidates[1:3]] == [(both, "Jane Smith"), (both, "Jane Smith")]
    assert candidates[1].statement == "We built 40 bridges in 2020."
    assert (candidates[3].quote, candidates[3].speaker) == ("We don’t know yet,", "Jane Smith")
    nested = candidates[4]
    assert nested.quote == "Pence is too ‘Cracker Barrel’ for the suburbs,"  # single marks inside double ones stay


@pytest.mark.parametrize(
    ("text", "quote", "statement"),
    [
        (
            "‘The teachers’ pay rose 5% in 2024,’ said the minister.",
            "The teachers’ pay rose 5% in 2024,",
            "The teachers’ pay rose 5% in 2024.",
        ),
        (
            "In the ‘90s unemployment doubled to 12%, the workers’ council said.",
            None,
            "In the ‘90s unemployment doubled to 12%.",
        ),
        (
            "‘1,200 jobs will go at the plant by March,’ said union leader Jo Smith.",
            "1,200 jobs will go at the plant by March,",
            "1,200 jobs will go at the plant by March.",
        ),
        (
            "The ‘24 budget raised taxes by 2%, the ‘25 budget cut them,’ he said.",
            None,
            "The ‘24 budget raised taxes by 2%, the ‘25 budget cut them,’ he said.",
        ),
    ],
    ids=[
        "plural possessive inside",
        "a decade and a possessive, no quotation",
        "a quotation opening with a figure",
        "years, no quotation",
    ],
)
def test_single_quotation_marks_are_told_from_apostrophes(text, quote, statement):
    [candidate] = extract_candidates(text)

    assert (candidate.sentence, candidate.quote, candidate.statement) == (text, quote, statement)


def test_a_corpus_document_gets_numbers_and_attributions():
    doc = parse_corpus_document(article_text("storm.json"))
    claims = {c.sentence: c for c in extract_candidates(doc.text) if c.checkworthy}

    brooks = next(c for s, c in claims.items() if "925 millibars" in s)
    assert brooks.speaker == "Dana Brooks"
    assert any("20,000 people" in s for s in claims)
    assert not any("Will the power grid hold" in s or "must stay indoors" in s for s in claims)
    assert not any("long way to go" in s for s in claims)


def test_batched_extraction_gives_the_same_result_as_one_at_a_time():
    texts = [article_text("guidance.txt"), parse_corpus_document(article_text("storm.json")).text]

    assert extract_many(texts) == [extract_candidates(t) for t in texts]


def test_the_json_contract_has_exactly_the_documented_keys():
    item = extract_candidates(article_text("guidance.txt"))[2].as_json()

    assert set(item) == {"start", "end", "sentence", "statement", "speaker", "quote", "score", "checkworthy"}
    json.dumps(item)


def test_a_speaker_named_before_an_appositive_is_found():
    text = (
        "Harbourcity Mayor Elena Lind spoke to reporters on Friday. "
        "Lind, a former civil engineer, said the council had replaced 42 kilometres of mains since 2023."
    )
    claim = next(c for c in extract_candidates(text) if "42 kilometres" in c.sentence)
    assert claim.speaker == "Elena Lind"


def test_a_comparison_that_data_can_settle_scores_higher_than_the_same_sentence_without_it():
    with_comparison = "The regulator said Harbourcity ranked fourth of nine cities on household bills."
    without = "The regulator said Harbourcity published a report on household bills."
    scored = {c.sentence: c.score for c in extract_candidates(f"{with_comparison} {without}")}
    assert scored[with_comparison] > scored[without]


def test_the_entity_recogniser_reads_only_speech_quotes_and_sentences_opening_with_a_name():
    from claims.extraction.pipeline import _Article

    text = (
        "Harbourcity Mayor Elena Lind opened the new pumping station on Friday. "
        "The station cost 12 million euros. "
        "Lind said the council had replaced 42 kilometres of mains since 2023. "
        "“The leaks are down by a third,” she added. "
        "The plan was called a “bridge” by critics."
    )

    article = _Article.read(text)

    assert article.needs_model == [True, False, True, True, False]
    assert article.attributed == [False, False, True, True, False]


def test_the_entity_recogniser_skips_the_words_of_a_quotation_and_its_entities_keep_their_offsets():
    from claims.extraction.model_text import ModelText
    from claims.extraction.pipeline import _Article

    text = (
        "“I met Angela Merkel in Berlin on Monday and we agreed on the plan,” said Paul Brandt, the envoy. "
        "“The talks went well,” he added, “and Berlin will host the next round.” "
        "The plan was called a “bridge” by critics."
    )
    article = _Article.read(text)
    first, second, third = (ModelText.reporting(s, q) for s, q in zip(article.sentences, article.quotes, strict=True))

    assert first.text == "“…” said Paul Brandt, the envoy."
    assert first.text.replace("…", article.quotes[0].text) == article.sentences[0].text
    start = first.text.index("Paul")
    assert article.sentences[0].text[first.position(start) :].startswith("Paul Brandt, the envoy.")
    assert second.text == "“The talks went well,” he added, “…”"  # two quotations: the longest is cut
    assert third.text == article.sentences[2].text  # a scare quote is read as it is
    assert first.spans_cut(1, 3) and not first.spans_cut(start, start + 11)
    assert [c.speaker for c in extract_candidates(text)[:2]] == ["Paul Brandt", "Paul Brandt"]


@pytest.mark.parametrize(
    ("text", "quote_start", "quote_end", "model_text"),
    [
        # a quotation begun in an earlier sentence, a quotation that goes on into the next one, and a
        # sentence wholly inside a quotation (quote offsets relative to the sentence)
        ("the four of us won.” said Ana Ruiz in Lima.", -30, 20, "…” said Ana Ruiz in Lima."),
        ("Ana Ruiz said in Lima “we won four of six", 22, 90, "Ana Ruiz said in Lima “…"),
        ("we won four of the six seats in Lima", -30, 90, "…"),
    ],
)
def test_a_quotation_that_crosses_the_sentence_is_cut_at_its_edge_and_entities_map_back(
    text, quote_start, quote_end, model_text
):
    from types import SimpleNamespace

    from claims.extraction.model_text import ModelText
    from claims.extraction.pipeline import _entities
    from claims.extraction.sentences import Quote, Sentence

    sentence = Sentence(100, 100 + len(text), text, False, 0)
    cut = ModelText.reporting(sentence, Quote(100 + quote_start, 100 + quote_end, "we won four of the six seats"))
    found = [n for n in ("Ana Ruiz", "Lima") if n in cut.text]
    ents = [
        SimpleNamespace(text=n, label_="PERSON", start_char=cut.text.index(n), end_char=cut.text.index(n) + len(n))
        for n in found
    ]
    after_cut = cut.text.index("…") + 1
    ents.append(SimpleNamespace(text="x…", label_="PERSON", start_char=max(0, after_cut - 2), end_char=after_cut))

    entities = _entities(cut, SimpleNamespace(ents=ents))

    assert cut.text == model_text
    assert [(e.text, text[e.start : e.end]) for e in entities] == [(n, n) for n in found]  # the one over "…" dropped


def test_a_narrative_sentence_has_no_speaker_but_makes_its_subject_the_next_he():
    text = (
        "Tomas Brandt chaired the water board for ten years. "
        "Brandt called the repairs overdue and thanked the crews. "
        "He said the board had approved 30 million euros for new mains in 2024."
    )

    candidates = extract_candidates(text)

    assert [c.speaker for c in candidates] == [None, None, "Tomas Brandt"]
    assert candidates[2].checkworthy is True


def test_a_place_opening_a_narrative_sentence_does_not_become_the_next_he():
    text = (
        "Mark Rutte said 32 allies had met in Brussels on Tuesday. "
        "South Korea joined the talks as a partner in 2022. "
        "He said the allies had agreed to raise spending to 5 percent."
    )

    candidates = extract_candidates(text)

    assert candidates[2].speaker == "Mark Rutte"


def test_an_idiom_in_a_quotation_still_passes_its_speaker_to_the_next_quotation():
    text = (
        "“It takes two to tango,” Mark Rutte said on Tuesday. "
        "“We need all 32 allies at the table, and 31 of them have signed already.”"
    )

    candidates = extract_candidates(text)

    assert candidates[0].checkworthy is False
    assert candidates[1].speaker == "Mark Rutte"


def test_a_sentence_ending_in_said_and_a_colon_passes_its_speaker_to_the_quotation_that_follows():
    text = (
        "Senator Jane Doe spoke at the rally in Ohio on Friday. She said:\n\n"
        "“Our state added 40,000 jobs in 2023, more than any year since 1999.”"
    )

    quotation = extract_candidates(text)[-1]

    assert quotation.speaker == "Jane Doe"
    assert quotation.statement == "Our state added 40,000 jobs in 2023, more than any year since 1999."


def test_a_quotation_after_a_colon_that_names_no_speaker_stays_without_one():
    text = "Senator Jane Doe spoke at the rally in Ohio on Friday. Key points:\n\n“Taxes rose 4 percent in 2022.”"

    assert extract_candidates(text)[-1].speaker is None


def test_each_quotation_after_a_colon_goes_to_the_one_who_introduced_it():
    text = (
        "Senator Mark Smith met Governor Tom Jones on Monday. Smith told Jones:\n\n“You cut 400 jobs in 2023.”"
        "\n\nJones replied:\n\n“We cut 40 jobs, not 400.”"
    )

    candidates = extract_candidates(text)

    assert [c.speaker for c in candidates if c.sentence.startswith("“")] == ["Mark Smith", "Tom Jones"]


@pytest.mark.parametrize(
    "text",
    [
        # the sentence after "He said:" is not the quotation
        "Governor Mike Brown spoke first. He said:\n\nSenator Jane Doe then took the stage.\n\n"
        "“Our state added 40,000 jobs in 2023.”",
        # the colon ends what her father told her, not an attribution of hers
        "Mayor Elena Lind opened the station on Monday. She recalled what her father told her in 1980:\n\n"
        "“This town will never have a railway.”",
        # someone not found replies: the quotation is not the earlier speaker's
        "Smith and Jones spoke on Monday. Smith told Jones:\n\n“You cut 400 jobs in 2023.”\n\nJones replied:"
        "\n\n“We cut 40 jobs, not 400.”",
        # the quotation before is attributed to someone not found: the earlier speaker stops there
        "Prime Minister Keir Starmer spoke on Wednesday. Starmer told MPs:\n\n“We have cut waiting lists by"
        " 200,000.”\n\n“That is simply false,” a spokesman for the opposition said.\n\n"
        "“Waiting lists rose by 100,000 in 2024.”",
    ],
)
def test_a_quotation_that_no_one_introduced_gets_no_earlier_speaker(text):
    assert extract_candidates(text)[-1].speaker is None


@pytest.mark.parametrize(
    "attribution",
    [
        "The 52-year-old Democrat added:\n\n",  # a description the tracker cannot resolve, not someone else
        "“They will rise 6 percent in 2024,” the Ohio Democrat said. ",
    ],
)
def test_an_unresolved_definite_description_keeps_the_speaker_of_the_quotation_before(attribution):
    text = f"“Taxes rose 4 percent in 2022,” said Senator Jane Doe. {attribution}“And 8 percent in 2025.”"

    assert extract_candidates(text)[-1].speaker == "Jane Doe"


@pytest.mark.parametrize(
    "attribution",
    [
        "A spokesman said:\n\n",
        "“They fell 2 percent,” said a Virginia Democrat. ",
        "Senator Tom Hale, her rival, said the figures were wrong. ",
    ],
)
def test_someone_else_speaking_in_between_stops_the_earlier_speaker(attribution):
    text = f"“Taxes rose 4 percent in 2022,” said Senator Jane Doe. {attribution}“They fell 2 percent in 2022.”"

    assert extract_candidates(text)[-1].speaker is None


def test_a_speaker_named_before_an_age_and_a_relative_clause_is_found():
    text = (
        "Mayor Elena Lind said the pumping station had reopened on Friday. "
        "Tomas Brandt, 36, who owns a bakery near the station, said he saw water on the street at 6 a.m."
    )

    claim = next(c for c in extract_candidates(text) if "bakery" in c.sentence)

    assert claim.speaker == "Tomas Brandt"


def test_the_pronoun_after_said_is_the_reported_subject_not_the_speaker():
    text = (
        "Mayor Elena Lind said the pumping station had reopened on Friday. "
        "The owner of the bakery, who lives nearby, said he saw water on the street at 6 a.m."
    )

    claim = next(c for c in extract_candidates(text) if "bakery" in c.sentence)

    assert claim.speaker is None


def test_a_name_right_after_said_is_the_reported_subject_not_the_speaker():
    text = (
        "Police in Milan shot Anis Amri dead on Friday. "
        "Initial reports said Amri had arrived in Milan on a train from France on Thursday."
    )

    claim = next(c for c in extract_candidates(text) if "train" in c.sentence)

    assert claim.speaker is None


def test_an_inverted_name_after_said_is_the_speaker():
    text = "“The station pumped 4,000 litres a second in 2024,” said Elena Lind, the city's mayor."

    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "Elena Lind"


def test_a_passive_report_names_no_speaker_not_even_its_subject():
    text = (
        "Nikki Haley resigned as ambassador to the United Nations on Tuesday. "
        "Ms. Haley is said to have met the president 12 times in 2018."
    )

    claim = next(c for c in extract_candidates(text) if "12 times" in c.sentence)

    assert claim.speaker is None


def test_was_say_in_a_quotation_is_not_a_passive_report():
    text = (
        "“I looked at the first reaction of our partners,” Vladimir Putin said in 2011. "
        "“The first thing that the secretary of state did was say that 2 of the votes were not honest.\n\n"
        "“She set the tone,” Putin continued."
    )

    claim = next(c for c in extract_candidates(text) if "votes" in c.sentence)

    assert claim.speaker == "Vladimir Putin"


def test_an_inverted_pronoun_after_said_is_the_speaker():
    text = (
        "Mayor Elena Lind visited the pumping station on Friday. "
        "“The station pumped 4,000 litres a second in 2024,” said she."
    )

    claim = next(c for c in extract_candidates(text) if "litres" in c.sentence)

    assert claim.speaker == "Elena Lind"


@pytest.mark.parametrize(
    "text",
    [
        "The city will replace 40 kilometres of water mains by March, said Harbourcity Mayor Elena Lindqvist.",
        "“Residents have waited since 2019 for this,” said Harbourcity Mayor Elena Lindqvist.",
        "The council voted 9 to 2 for the plan on Monday, according to Harbourcity Mayor Elena Lindqvist.",
    ],
)
def test_a_place_and_title_before_the_name_are_not_part_of_the_speaker(text):
    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "Elena Lindqvist"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Anne Armstrong filled the role in 1973 for President Richard Nixon, according to the New York Times.",
            "New York Times",
        ),
        ("The city was blanketed by smoke from fires raging in the Amazon, according to local news reports.", None),
    ],
)
def test_according_to_names_the_source_after_it_never_the_name_before_it(text, speaker):
    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == speaker


def test_a_lower_case_role_between_said_and_the_name_is_not_in_the_way():
    text = (
        "Her mother, Fiona Parry, said the tablets were bought online in 2023. "
        "“We are working with 4 partner agencies on the case,” said chief inspector Jennifer Mattinson."
    )

    claim = next(c for c in extract_candidates(text) if "partner agencies" in c.sentence)

    assert claim.speaker == "Jennifer Mattinson"


def test_a_body_is_named_with_the_legal_form_the_article_gives_it():
    text = (
        "Apple Inc. said on Monday that it sold 20 million phones in 2024.\n\n"
        "Apple said it paid 10.4 billion dollars in income taxes last year."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Apple Inc.", "Apple Inc."]


def test_every_sentence_of_a_quotation_gets_the_speaker_named_at_its_end():
    text = (
        "“A colleague and I found the site in 2023. "
        "The hill had never been explored before,” Robin Lund said in a statement."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Robin Lund", "Robin Lund"]


def test_a_quotation_opened_after_an_attribution_keeps_that_speaker():
    text = (
        "“I think our best example is the Customs Service,” Elizabeth Prelogar said. "
        "“The first Congress created the Customs Service in 1789. "
        "It gave the service its own funding from the duties it collected.”"
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Elizabeth Prelogar"] * 3


def test_the_end_of_a_quotation_names_its_own_speaker_over_the_quotation_before():
    text = (
        "“The budget grew by 4 percent in 2024,” said Elena Lind.\n\n"
        "“Why did the auditors not see it in prior years? "
        "They signed every return,” Philip Hackney said."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Elena Lind", "Philip Hackney", "Philip Hackney"]


@pytest.mark.parametrize("title", ["President-elect", "Professor", "Justice"])
def test_a_title_before_the_name_is_not_part_of_the_speaker(title):
    text = f"“The office will shape him within 100 days,” said {title} Karen Hult."

    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "Karen Hult"


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [("the commission staff reported", "California Energy Commission"), ("the company said", None)],
)
def test_the_body_a_noun_refers_to_is_the_last_one_named_with_it(mention, speaker):
    text = (
        "The California Energy Commission said on Tuesday it would vote on the rules in 2025.\n\n"
        f"Switching to efficient TVs could save the state 8.1 billion dollars, {mention}."
    )

    claim = next(c for c in extract_candidates(text) if "8.1 billion" in c.sentence)

    assert claim.speaker == speaker


@pytest.mark.parametrize("mention", ["The company said", "The firm said"])
def test_the_company_is_the_body_named_last_when_it_is_named_with_its_legal_form(mention):
    text = (
        "The Air Force said the planes would cost 3.2 billion dollars, the Washington Post reported.\n\n"
        "Trump said on Tuesday that a contract with Boeing Co. to build two planes was too expensive.\n\n"
        f"{mention} it was under contract for 170 million dollars to study the planes."
    )

    claim = next(c for c in extract_candidates(text) if "170 million" in c.sentence)

    assert claim.speaker == "Boeing Co."


@pytest.mark.parametrize(
    "earlier",
    [
        # another body named after the company
        "Boeing Co. delivered 30 jets in March.\n\n"
        "The Air Force said it would buy two of them, according to the Washington Post.",
        # legal forms that are something else here
        "Missouri AG Andrew Bailey sued the drugmaker in federal court on Monday.",
        "The family lives in Ballybunion, Co. Kerry, where the plant employs 300 people.",
        "The protest took place outside 1600 Pennsylvania Ave SE on Monday.",
        "Apple Inc. cut prices in March.\n\nApple released the Apple Watch SE in 2020.",
    ],
)
def test_the_company_is_no_one_unless_the_body_named_last_is_a_company(earlier):
    text = f"{earlier}\n\nThe company said it expects to deliver 720 jets this year."

    claim = next(c for c in extract_candidates(text) if "720 jets" in c.sentence)

    assert claim.speaker is None


@pytest.mark.parametrize(
    ("earlier", "company"),
    [
        ("Over the years, Bank of America Corp. has grown its branch network.", "Bank of America Corp."),
        ("In 2023, HSBC Holdings Plc moved its headquarters review forward.", "HSBC Holdings Plc"),
    ],
)
def test_the_company_is_a_bank_of_a_place_or_a_plc_named_before(earlier, company):
    text = f"{earlier}\n\nThe company said it opened 38 branches in 2024."

    claim = next(c for c in extract_candidates(text) if "38 branches" in c.sentence)

    assert claim.speaker == company


def test_a_firm_described_by_its_trade_is_not_the_company_named_before():
    text = (
        "Apple Inc. sold 50 million phones last quarter, the research firm Counterpoint estimated.\n\n"
        "Sales of Samsung phones fell 8 percent, the research firm said."
    )

    claim = next(c for c in extract_candidates(text) if "Samsung" in c.sentence)

    assert claim.speaker is None


def test_words_before_a_company_that_cannot_start_a_name_are_not_part_of_it():
    text = "On Monday Boeing Co. delivered 30 jets.\n\nThe company said it expects to deliver 720 jets this year."

    claim = next(c for c in extract_candidates(text) if "720 jets" in c.sentence)

    assert claim.speaker == "Boeing Co."


def test_a_company_named_in_a_narrative_sentence_is_known_to_later_ones():
    text = (
        "Over the years, Apple Inc. has become the poster child for multinationals with profits abroad.\n\n"
        "The company said it paid 10.4 billion dollars in income taxes last year.\n\n"
        "Apple said it held 246 billion dollars in cash in 2016."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == [None, "Apple Inc.", "Apple Inc."]


def test_the_body_a_noun_refers_to_is_the_one_named_last():
    text = (
        "The California Energy Commission said on Monday it would vote on the rules in 2025.\n\n"
        "The European Commission said it had set similar limits in 2019.\n\n"
        "The California Energy Commission said the vote would come in March.\n\n"
        "Switching to efficient TVs could save the state 8.1 billion dollars, the commission staff reported."
    )

    claim = next(c for c in extract_candidates(text) if "8.1 billion" in c.sentence)

    assert claim.speaker == "California Energy Commission"


def test_a_quotation_whose_attribution_names_no_one_has_no_speaker_in_any_sentence():
    text = (
        "“Revenue rose 5 percent in 2024,” said Jane Roe.\n\n"
        "“It was a good year for us. It was a great year for the whole industry,” said the company."
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Jane Roe", None, None]


def test_two_speakers_named_in_one_quotation_each_keep_their_own():
    text = "Anna Berg said: “We met 4 times in 2023. The plan failed in May,” Tom Holt added."

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Anna Berg", "Tom Holt"]


def test_a_straight_quote_after_the_closing_mark_does_not_hide_the_speaker():
    text = (
        "“The budget grew by 4 percent in 2024,” said Elena Lind.\n\n"
        "“Why did the auditors not see it in prior years? "
        'They signed every return,” Philip Hackney said, calling it "a puzzle".'
    )

    claims = extract_candidates(text)

    assert [c.speaker for c in claims] == ["Elena Lind", "Philip Hackney", "Philip Hackney"]


def test_she_after_a_titled_speaker_is_that_speaker():
    text = (
        "The city will replace 40 kilometres of water mains by March, said Harbourcity Mayor Elena Lindqvist.\n\n"
        "The work will cost 12 million euros, she said."
    )

    claim = next(c for c in extract_candidates(text) if "12 million" in c.sentence)

    assert claim.speaker == "Elena Lindqvist"


@pytest.mark.parametrize(
    "text",
    [
        "Captain Tomas Brandt of the Harbourcity Police Department told reporters that 3 men were arrested.",
        "Special Agent Tomas Brandt of the FBI said that 3 men were arrested on Friday.",
    ],
)
def test_a_person_of_an_organisation_is_the_speaker_not_the_organisation(text):
    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "Tomas Brandt"


def test_a_spokesperson_speaks_for_the_organisation():
    text = "A Europol spokesman said the servers were seized in 2024 in three countries."

    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "Europol"


def test_a_passive_speech_verb_attributes_nothing():
    text = "Reporters were told Tomas Brandt would attend the summit on 3 June."

    claim = next(iter(extract_candidates(text)))

    assert claim.speaker is None


def test_is_according_to_still_names_the_source():
    text = "The figure of 42 deaths is according to the National Weather Service."

    claim = next(iter(extract_candidates(text)))

    assert claim.speaker == "National Weather Service"


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        (
            "Ortberg replied that the plant in Renton had built 38 jets a month since June.",
            "The plant in Renton had built 38 jets a month since June.",
        ),
        (
            "“The plant in Renton built 38 jets in October,” Ortberg responded.",
            "The plant in Renton built 38 jets in October.",
        ),
        (
            "“The union ratified the contract on November 4,” Ortberg replied.",
            "The union ratified the contract on November 4.",
        ),
        (
            "Ortberg testified that the plant in Renton had built 38 jets in October.",
            "The plant in Renton had built 38 jets in October.",
        ),
    ],
)
def test_a_reply_or_testimony_names_its_speaker_and_the_statement_drops_the_attribution(sentence, statement):
    text = f"Kelly Ortberg became Boeing's chief executive in August 2024. {sentence}"

    claim = next(c for c in extract_candidates(text) if c.sentence == sentence)

    assert (claim.speaker, claim.statement) == ("Kelly Ortberg", statement)


def test_continued_before_a_colon_names_the_speaker():
    text = (
        "Kelly Ortberg became Boeing's chief executive in August 2024. "
        "Ortberg continued: the union ratified the contract on November 4."
    )

    claim = next(c for c in extract_candidates(text) if "ratified" in c.sentence)

    assert claim.speaker == "Kelly Ortberg"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ortberg responded to 412 calls from analysts in October.",
        "Ortberg, however, continued to cut 17,000 jobs in October.",
        "Production halted in September, but Ortberg continued.",
        "Ortberg continued, with 38 jets built in October.",
        "Ortberg responded, sending 400 engineers to Renton in October.",
        "Ortberg responded that way to 14 questions from analysts on Tuesday.",
        "Ortberg testified that Tuesday before the Senate commerce committee.",
        "Ortberg continued that tradition in 2025, visiting the Renton plant 12 times.",
        "Ortberg responded that same day with a letter to 400 engineers.",
        "Senator Cruz called the 38 delayed jets “a scandal,” and Ortberg responded.",
        "Ortberg testified before the Senate commerce committee on June 18.",
    ],
)
def test_a_reply_verb_in_its_other_sense_attributes_nothing(sentence):
    text = f"Kelly Ortberg became Boeing's chief executive in August 2024. {sentence}"

    claim = next(c for c in extract_candidates(text) if c.sentence == sentence)

    assert claim.speaker is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ortberg quickly said that the plant in Renton had built 38 jets in October.",
        "Ms. Ortberg testily responded that the plant in Renton had built 38 jets in October.",
        "“The plant in Renton built 38 jets in October,” Ortberg later firmly said.",
    ],
)
def test_an_adverb_between_the_speaker_and_a_verb_introducing_what_was_said_is_skipped(sentence):
    text = f"Kelly Ortberg became Boeing's chief executive in August 2024. {sentence}"

    claim = next(c for c in extract_candidates(text) if c.sentence == sentence)

    assert claim.speaker == "Kelly Ortberg"


def test_an_act_reported_with_an_adverb_and_no_content_keeps_no_speaker():
    text = (
        "Benjamin Netanyahu won the election in March 2015. "
        "Netanyahu strongly warned against the deal in his address to Congress on March 3."
    )

    claim = next(c for c in extract_candidates(text) if "March 3" in c.sentence)

    assert claim.speaker is None


@pytest.mark.parametrize(
    "subject",
    ["The Ortberg family", "A close Ortberg ally", "The family"],
)
def test_a_noun_ending_in_ly_is_not_skipped_as_an_adverb(subject):
    text = (
        "Kelly Ortberg became Boeing's chief executive in August 2024. "
        f"{subject} said that the plant in Renton had built 38 jets in October."
    )

    claim = next(c for c in extract_candidates(text) if "Renton" in c.sentence)

    assert claim.speaker is None


def test_a_statement_loses_the_attribution_of_a_named_speaker_even_without_that():
    text = (
        "NATO Secretary General Mark Rutte spoke in Brussels on Tuesday. "
        "Rutte said the alliance had 32 members in 2024. "
        "Officials said the summit would cost €40 million."
    )

    by_sentence = {c.sentence: c for c in extract_candidates(text)}

    named = by_sentence["Rutte said the alliance had 32 members in 2024."]
    unnamed = by_sentence["Officials said the summit would cost €40 million."]
    assert (named.speaker, named.statement) == ("Mark Rutte", "The alliance had 32 members in 2024.")
    assert (unnamed.speaker, unnamed.statement) == (None, "Officials said the summit would cost €40 million.")
