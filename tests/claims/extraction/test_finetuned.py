"""The fine-tuned scorer (EXTRACTION_SCORER = "finetuned"): a sentence model trained on labelled sentences.

The model here is trained on the guidance fixture's own labelled sentences (seconds on a CPU), saved
and loaded as ``bench/finetune_checkworthiness.py --write`` and ``EXTRACTION_MODEL_DIR`` do.
"""

from __future__ import annotations

import json
import math
import re
import shutil
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


@pytest.fixture(scope="module")
def two_seeds(small_mpnet, tmp_path_factory):
    """Two small models fine-tuned from one encoder with different random seeds, saved as --write does."""
    texts, labels = guidance_sentences()
    directories = []
    for seed in (7, 8):
        model, tokenizer = finetuned.train(
            texts, labels, [1.0] * len(texts), epochs=1, seed=seed, base=str(small_mpnet)
        )
        directory = tmp_path_factory.mktemp(f"seed-{seed}")
        finetuned.save(model, tokenizer, directory, cues_share=0.25, trained_on={"random_seed": seed})
        directories.append(directory)
    return directories


def test_an_ensemble_scores_with_the_mean_of_its_members_probabilities(two_seeds, tmp_path):
    texts, _ = guidance_sentences()
    finetuned.join(two_seeds, tmp_path / "ensemble")

    each = []
    for member in two_seeds:
        model, tokenizer, _ = finetuned.load(str(member))
        each.append(finetuned.probabilities(model, tokenizer, texts))
    ensemble, tokenizer, cues_share = finetuned.load(str(tmp_path / "ensemble"))
    with override_settings(EXTRACTION_MODEL_DIR=str(tmp_path / "ensemble")):
        scores = finetuned.finetuned_scores(texts)

    mean = [(first + second) / 2 for first, second in zip(*each, strict=True)]
    assert max(abs(first - second) for first, second in zip(*each, strict=True)) > 0.001  # two different models
    assert finetuned.probabilities(ensemble, tokenizer, texts) == pytest.approx(mean, abs=1e-5)
    expected = [round(0.25 * cue_score(text).value + 0.75 * p, 4) for text, p in zip(texts, mean, strict=True)]
    assert (cues_share, [s.value for s in scores]) == (0.25, pytest.approx(expected, abs=2e-4))
    meta = json.loads((tmp_path / "ensemble" / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    assert meta["members"] == ["member-1", "member-2"]
    assert meta["trained_on"] == [{"random_seed": 7}, {"random_seed": 8}]


def with_cues_share(source, target, share):
    shutil.copytree(source, target)
    meta = json.loads((target / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    (target / finetuned.SCORER_FILE).write_text(json.dumps({**meta, "cues_share": share}), encoding="utf-8")
    return target


def with_another_tokenizer(source, target):
    from transformers import AutoTokenizer

    shutil.copytree(source, target)
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    tokenizer.add_tokens(["ClaimTrackOnlyToken"])
    tokenizer.save_pretrained(str(target))
    return target


def with_damaged_weights(source, target):
    shutil.copytree(source, target)
    (target / finetuned.HEAD_FILE).write_bytes(b"not safetensors")
    return target


def joined(seeds, target):
    finetuned.join(seeds, target)
    return target


JOIN_REFUSALS = {
    "one model": (lambda seeds, tmp: seeds[:1], "an ensemble joins at least two models"),
    "one model twice": (lambda seeds, tmp: [seeds[0], seeds[0]], "the same model is given twice"),
    "different cues shares": (
        lambda seeds, tmp: [seeds[0], with_cues_share(seeds[1], tmp / "half", 0.5)],
        "different cues_share values: [0.25, 0.5]",
    ),
    "not a model": (lambda seeds, tmp: [seeds[0], tmp / "empty"], "holds no fine-tuned model"),
    "an ensemble among them": (
        lambda seeds, tmp: [seeds[0], joined(seeds, tmp / "pair")],
        "is an ensemble already: join the models it holds",
    ),
    # these two are found only after the members were copied: the half-built ensemble is removed
    "different tokenizers": (
        lambda seeds, tmp: [seeds[0], with_another_tokenizer(seeds[1], tmp / "other")],
        "use different tokenizers",
    ),
    "damaged weights": (
        lambda seeds, tmp: [seeds[0], with_damaged_weights(seeds[1], tmp / "damaged")],
        "the model could not be loaded",
    ),
}


@pytest.mark.parametrize("case", JOIN_REFUSALS)
def test_joining_models_that_cannot_make_one_ensemble_is_refused_and_the_target_is_left_as_it_was(
    case, two_seeds, tmp_path
):
    (tmp_path / "empty").mkdir()
    members, message = JOIN_REFUSALS[case]
    chosen = members(two_seeds, tmp_path)
    target = joined(two_seeds, tmp_path / "ensemble")  # an earlier ensemble, to be kept
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    with pytest.raises((ValueError, ScorerUnavailableError), match=re.escape(message)):
        finetuned.join(chosen, target)

    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("where", ["a member", "inside a member", "around a member"])
def test_an_ensemble_is_not_written_over_inside_or_around_a_model_it_joins(where, two_seeds, tmp_path):
    first = shutil.copytree(two_seeds[0], tmp_path / "models" / "seed-7")
    second = shutil.copytree(two_seeds[1], tmp_path / "models" / "seed-8")
    target = {"a member": first, "inside a member": first / "ensemble", "around a member": tmp_path / "models"}[where]
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    with pytest.raises(ValueError, match="cannot be written over, inside or around a model it joins"):
        finetuned.join([first, second], target)

    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_a_model_is_not_written_over_a_directory_that_holds_something_else(trained, tmp_path):
    model, tokenizer, _ = trained
    (tmp_path / "notes.txt").write_text("a reviewer's notes", encoding="utf-8")

    with pytest.raises(ValueError, match="holds files but no model"):
        finetuned.save(model, tokenizer, tmp_path, cues_share=0.0, trained_on={})

    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_ensemble_gives_the_mean_of_its_members_probabilities_not_of_their_logits():
    import torch
    from transformers import AutoTokenizer

    class Fixed(torch.nn.Module):
        def __init__(self, logit):
            super().__init__()
            self.logit = logit

        def forward(self, batch):
            return torch.full((batch["input_ids"].shape[0],), self.logit)

    model = finetuned.ensemble([Fixed(0.0), Fixed(4.0)])
    tokenizer = AutoTokenizer.from_pretrained(finetuned.base_model_path())
    (probability,) = finetuned.probabilities(model, tokenizer, ["The agency published 12 reports."])

    assert probability == pytest.approx((0.5 + 1 / (1 + math.exp(-4.0))) / 2, abs=1e-6)  # 0.7410, not 0.8808


def rewrite_members(ensemble, members):
    meta = json.loads((ensemble / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    (ensemble / finetuned.SCORER_FILE).write_text(json.dumps({**meta, "members": members}), encoding="utf-8")


def member_made_an_ensemble(ensemble):
    meta = json.loads((ensemble / finetuned.SCORER_FILE).read_text(encoding="utf-8"))
    member = ensemble / "member-2" / finetuned.SCORER_FILE
    member.write_text(json.dumps({**meta, "members": ["member-1", "member-2"]}), encoding="utf-8")


def member_linked_outside(ensemble):
    moved = ensemble.parent / "outside"
    (ensemble / "member-2").rename(moved)
    (ensemble / "member-2").symlink_to(moved)


BAD_ENSEMBLES = {
    "a member missing": (lambda ensemble: shutil.rmtree(ensemble / "member-2"), "holds no fine-tuned model"),
    "the parent as a member": (
        lambda ensemble: rewrite_members(ensemble, ["member-1", ".."]),
        "members must list two or more folders named member-N, got ['member-1', '..']",
    ),
    "a path as a member": (
        lambda ensemble: rewrite_members(ensemble, ["member-1", "../elsewhere"]),
        "members must list two or more folders named member-N",
    ),
    "one member twice": (
        lambda ensemble: rewrite_members(ensemble, ["member-1", "member-1"]),
        "members must list two or more folders named member-N",
    ),
    "a member that is an ensemble": (member_made_an_ensemble, "member-2 is an ensemble; a member is a single model"),
    "a member linked outside": (member_linked_outside, "member-2 is not a folder inside it"),
}


@pytest.mark.parametrize("case", BAD_ENSEMBLES)
def test_an_ensemble_with_a_bad_member_is_a_clear_error(case, two_seeds, tmp_path):
    spoil, message = BAD_ENSEMBLES[case]
    finetuned.join(two_seeds, tmp_path / "ensemble")
    spoil(tmp_path / "ensemble")

    with (
        override_settings(EXTRACTION_MODEL_DIR=str(tmp_path / "ensemble")),
        pytest.raises(ScorerUnavailableError, match=re.escape(message)),
    ):
        finetuned.finetuned_scores([])
