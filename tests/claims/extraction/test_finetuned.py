"""The fine-tuned scorer (EXTRACTION_SCORER = "finetuned"): a sentence model trained on labelled sentences.

The model here is trained on the guidance fixture's own labelled sentences (seconds on a CPU), saved
and loaded as ``bench/finetune_checkworthiness.py --write`` and ``EXTRACTION_MODEL_DIR`` do.
"""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from claims.extraction import finetuned
from claims.extraction.checkworthiness import THRESHOLD, cue_score
from claims.extraction.pipeline import extract_candidates
from claims.extraction.semantic import ScorerUnavailableError
from claims.models import Claim, Speaker
from claims.tasks import article_ingest_task
from sources.models import Article, FetchStatus
from tests.support.articles import GUIDANCE_CHECKWORTHY, GUIDANCE_NOT_CHECKWORTHY, article_path, article_text

EPOCHS = 10


@pytest.fixture(autouse=True)
def forget_loaded_models():
    yield
    finetuned._loaded.clear()  # each test's model directory is its own; do not keep them in memory


def guidance_sentences() -> tuple[list[str], list[float]]:
    """The guidance fixture's labelled sentences: the check-worthy ones 1, the listed non-claims 0."""
    texts, labels = [], []
    for candidate in extract_candidates(article_text("guidance.txt")):
        if any(phrase in candidate.sentence for phrase in GUIDANCE_CHECKWORTHY):
            texts.append(candidate.sentence)
            labels.append(1.0)
        elif any(phrase in candidate.sentence for phrase in GUIDANCE_NOT_CHECKWORTHY):
            texts.append(candidate.sentence)
            labels.append(0.0)
    return texts, labels


@pytest.fixture(scope="module")
def trained():
    texts, labels = guidance_sentences()
    model, tokenizer = finetuned.train(texts, labels, [1.0] * len(texts), epochs=EPOCHS)
    return model, tokenizer, len(texts)


@pytest.fixture(scope="module")
def model_dir(trained, tmp_path_factory):
    model, tokenizer, sentences = trained
    directory = tmp_path_factory.mktemp("finetuned")
    finetuned.save(model, tokenizer, directory, cues_share=0.0, trained_on={"sentences": sentences})
    return directory


def test_training_separates_the_labelled_sentences(trained):
    model, tokenizer, _ = trained
    texts, labels = guidance_sentences()

    probabilities = finetuned.probabilities(model, tokenizer, texts)

    assert len(texts) == len(GUIDANCE_CHECKWORTHY) + len(GUIDANCE_NOT_CHECKWORTHY)
    assert [p >= THRESHOLD for p in probabilities] == [label == 1.0 for label in labels]


def test_a_saved_model_scores_the_article_through_the_pipeline(model_dir):
    with override_settings(EXTRACTION_SCORER="finetuned", EXTRACTION_MODEL_DIR=str(model_dir)):
        candidates = extract_candidates(article_text("guidance.txt"))

    claims = [c for c in candidates if c.checkworthy]
    for contains in GUIDANCE_CHECKWORTHY:
        [match] = [c for c in claims if contains in c.sentence]
        assert match.speaker == "Anna Lindqvist", contains
    for phrase in GUIDANCE_NOT_CHECKWORTHY:
        assert not [c for c in claims if phrase in c.sentence], phrase
    dateline = next(c for c in candidates if c.sentence.startswith("Geneva, March 4"))
    assert dateline.score == 0.02  # boilerplate is settled before scoring, as with the cues


def test_the_saved_description_records_what_the_model_was_trained_on(model_dir):
    meta = json.loads((model_dir / finetuned.SCORER_FILE).read_text(encoding="utf-8"))

    assert meta["format"] == finetuned.FORMAT
    assert meta["trained_on"] == {"sentences": len(GUIDANCE_CHECKWORTHY) + len(GUIDANCE_NOT_CHECKWORTHY)}
    assert (model_dir / finetuned.HEAD_FILE).is_file()


def test_the_cues_share_mixes_the_cues_probability_into_the_score(trained, tmp_path):
    model, tokenizer, _ = trained
    finetuned.save(model, tokenizer, tmp_path, cues_share=0.5, trained_on={})
    sentence = "The agency published 12 reports in 2024, its director said."

    with override_settings(EXTRACTION_MODEL_DIR=str(tmp_path)):
        [score] = finetuned.finetuned_scores([sentence])

    meaning = float(score.reasons[-1].removeprefix("fine-tuned="))
    cues = cue_score(sentence)
    assert score.reasons[:-1] == cues.reasons
    assert score.value == pytest.approx(0.5 * cues.value + 0.5 * meaning, abs=0.006)
    assert score.checkworthy is (score.value >= THRESHOLD)


def test_a_cues_share_outside_zero_to_one_is_refused(trained, tmp_path):
    model, tokenizer, _ = trained

    with pytest.raises(ValueError, match="cues_share must be between 0 and 1"):
        finetuned.save(model, tokenizer, tmp_path, cues_share=1.5, trained_on={})
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def small_mpnet(tmp_path_factory):
    """A tiny untrained MPNet encoder (the architecture of all-mpnet-base-v2) with the extra's tokenizer."""
    from transformers import AutoTokenizer, MPNetConfig, MPNetModel

    directory = tmp_path_factory.mktemp("small-mpnet")
    tokenizer = AutoTokenizer.from_pretrained(finetuned.base_model_path())
    config = MPNetConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
    )
    MPNetModel(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def test_a_model_fine_tuned_from_another_encoder_is_saved_and_scores_with_it(small_mpnet, tmp_path):
    texts, labels = guidance_sentences()
    model, tokenizer = finetuned.train(texts, labels, [1.0] * len(texts), epochs=1, base=str(small_mpnet))
    finetuned.save(model, tokenizer, tmp_path / "model", cues_share=0.0, trained_on={"base": "small-mpnet"})

    loaded, _, _ = finetuned.load(str(tmp_path / "model"))
    with override_settings(EXTRACTION_MODEL_DIR=str(tmp_path / "model")):
        scores = finetuned.finetuned_scores(texts)

    assert (model.encoder.config.model_type, model.encoder.config.hidden_size) == ("mpnet", 32)
    assert (loaded.encoder.config.model_type, loaded.encoder.config.hidden_size) == ("mpnet", 32)
    expected = finetuned.probabilities(model, tokenizer, texts)
    assert [float(s.reasons[-1].removeprefix("fine-tuned=")) for s in scores] == pytest.approx(expected, abs=0.006)


def test_training_needs_one_label_and_one_weight_per_sentence():
    with pytest.raises(ValueError, match="one label and one weight per text"):
        finetuned.train(["The agency published 12 reports."], [1.0, 0.0], [1.0])
    with pytest.raises(ValueError, match="at least one text"):
        finetuned.train([], [], [])


def copy_model(source, target):
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())


def empty(model_dir, target):
    pass


def foreign_format(model_dir, target):
    (target / finetuned.SCORER_FILE).write_text(json.dumps({"format": "something-else/9"}), encoding="utf-8")


def damaged_weights(model_dir, target):
    copy_model(model_dir, target)
    (target / finetuned.HEAD_FILE).write_bytes(b"not safetensors")


def damaged_tokenizer(model_dir, target):
    copy_model(model_dir, target)
    (target / "tokenizer.json").write_text("{not json", encoding="utf-8")


def cues_share_not_a_number(model_dir, target):
    copy_model(model_dir, target)
    meta = json.loads((target / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    (target / finetuned.SCORER_FILE).write_text(json.dumps({**meta, "cues_share": "x"}), encoding="utf-8")


BAD_DIRECTORIES = {
    empty: "holds no fine-tuned model",
    foreign_format: "is not a claimtrack-checkworthiness/1 model description",
    damaged_weights: "the model could not be loaded",
    damaged_tokenizer: "the model could not be loaded",
    cues_share_not_a_number: "cues_share must be a number between 0 and 1, got 'x'",
}


@pytest.mark.parametrize("spoil", BAD_DIRECTORIES, ids=lambda spoil: spoil.__name__)
def test_a_directory_that_holds_no_usable_model_is_a_clear_error(spoil, model_dir, tmp_path):
    spoil(model_dir, tmp_path)

    with (
        override_settings(EXTRACTION_MODEL_DIR=str(tmp_path)),
        pytest.raises(ScorerUnavailableError, match=re.escape(BAD_DIRECTORIES[spoil])),
    ):
        finetuned.finetuned_scores([])  # even with nothing to score: a misconfiguration is not hidden


def test_rebuilding_a_model_replaces_the_directory_whole(trained, tmp_path):
    model, tokenizer, _ = trained
    target = tmp_path / "model"
    finetuned.save(model, tokenizer, target, cues_share=0.0, trained_on={"round": 1})
    (target / "left-over.bin").write_bytes(b"from an earlier layout")

    finetuned.save(model, tokenizer, target, cues_share=0.5, trained_on={"round": 2})

    meta = json.loads((target / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    assert (meta["cues_share"], meta["trained_on"]) == (0.5, {"round": 2})
    assert not (target / "left-over.bin").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["model"]  # no building or retired copy left behind


@override_settings(EXTRACTION_MODEL_DIR="")
def test_the_scorer_without_a_model_directory_names_the_setting():
    with pytest.raises(ScorerUnavailableError, match="EXTRACTION_MODEL_DIR is not set"):
        finetuned.finetuned_scores(["The agency published 12 reports in 2024."])


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["extract_claims", "ingest"])
@pytest.mark.parametrize("spoil", [empty, damaged_weights, damaged_tokenizer], ids=lambda spoil: spoil.__name__)
def test_the_commands_fail_with_a_clear_message_when_the_model_is_unusable(command, spoil, model_dir, tmp_path):
    spoil(model_dir, tmp_path)

    with (
        override_settings(EXTRACTION_SCORER="finetuned", EXTRACTION_MODEL_DIR=str(tmp_path)),
        pytest.raises(CommandError, match=re.escape(BAD_DIRECTORIES[spoil])),
    ):
        call_command(command, str(article_path("guidance.txt")), stdout=StringIO())

    assert Article.objects.count() == Claim.objects.count() == Speaker.objects.count() == 0


@pytest.mark.django_db
def test_the_task_records_a_missing_model_on_the_row(tmp_path):
    article = Article.objects.create(text=article_text("guidance.txt"))

    with override_settings(EXTRACTION_SCORER="finetuned", EXTRACTION_MODEL_DIR=str(tmp_path)):
        article_ingest_task.apply(args=[article.id])

    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "holds no fine-tuned model" in article.fetch_error
    assert Claim.objects.count() == 0
