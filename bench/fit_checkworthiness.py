"""Fit the check-worthiness weights: logistic regression on labelled sentences, pulled towards a prior.

    .venv/bin/python bench/fit_checkworthiness.py [--train SET:SPLIT[,SPLIT] ...] [--seed-eval FILE]

Training rows are the sentences of the chosen gold splits (``--train``, by default ``TRAIN``: the whole
corpus set and the ``dev`` split of the real-news set; see ``extraction_eval.GOLD_SETS``) and of the
seed article (``seed_claims.json`` lists its check-worthy ones) that ``hard_negative`` does not already
settle; the features are ``claims.extraction.checkworthiness.features``. Splits not named are never
read: the real-news ``test`` split is the held-out measure. The L2 penalty pulls each weight towards
``PRIOR`` (not towards zero); its strength is chosen by leave-one-article-out cross-validation (F1 at
``THRESHOLD``), then the model is refitted on all training rows. Prints the cross-validation table and
the weights, ready to paste into ``BIAS`` and ``WEIGHTS``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

# The seed article is the product's reference: all of its check-worthy sentences must be found (issue
# #3). Its sentences count this many times in the fit, so a few hundred others cannot outvote them.
SEED_WEIGHT = 10.0
# Cues the issue names as marks of a non-claim (obligations, predictions, opinions): their penalty is
# this many times stronger, so labels that count a law's requirements as facts ("must be registered")
# cannot fit them away.
SPEC_CUES = ("obligation", "prediction", "opinion")
PINNED = 10.0
TRAIN = ("corpus:tune,holdout", "realnews:dev")
PENALTIES = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
# The prior the weights are pulled towards: the hand-set weights of the first version of the scorer,
# which encode the definition (numbers, events, attribution up; obligations, predictions,
# hopes, opinions, conditionals, second person down). Cues it did not have start from the cue they
# resemble (wish ~ prediction, reaction ~ opinion), from -1.0 (scheduled) or from 0 (quoted, future).
# A cue the training sentences rarely show (second person, obligations in quotations) keeps roughly its
# prior weight instead of falling to zero.
PRIOR = {
    "facts": 1.3,
    "named": 0.45,
    "events": 0.7,
    "attributed": 0.6,
    "digit": 0.5,
    "existential": 1.0,
    "comparison": 1.2,
    "obligation": -1.6,
    "prediction": -1.3,
    "wish": -1.3,
    "future": 0.0,
    "opinion": -0.9,
    "conditional": -1.4,
    "second_person": -1.2,
    "reaction": -0.9,
    "quoted": 0.0,
    "scheduled": -1.0,
    "no_comment": -1.0,
}


def main() -> int:
    args = parse_args()
    from claims.extraction.checkworthiness import FEATURES, THRESHOLD

    rows = training_rows(args)
    groups = sorted({group for group, _, _ in rows})
    x = np.array([[feats[name] for name in FEATURES] for _, feats, _ in rows], dtype=float)
    y = np.array([label for _, _, label in rows], dtype=float)
    weight = row_weights([group for group, _, _ in rows])
    group_of = np.array([groups.index(group) for group, _, _ in rows])
    prior, strength = lexical_prior()
    print(f"{len(rows)} sentences from {len(groups)} articles, {int(y.sum())} check-worthy")
    print(f"{'L2 penalty':>10} {'P':>6} {'R':>6} {'F1':>6}  (leave one article out)")
    results = []
    for penalty, probability in cross_validate(x, y, group_of, weight):
        p, r, f1 = prf((probability >= THRESHOLD).astype(float), y)
        results.append((f1, penalty))
        print(f"{penalty:10.2f} {p:6.3f} {r:6.3f} {f1:6.3f}")
    penalty = choose_penalty(results)
    bias, w = fit(x, y, penalty * strength, prior, weight=weight)
    print(f"chosen penalty {penalty}; fitted on all {len(rows)} sentences:")
    print(f"BIAS = {bias:.2f}")
    print("WEIGHTS = {")
    for name, weight in zip(FEATURES, w, strict=True):
        print(f'    "{name}": {weight:.2f},')
    print("}")
    return 0


def row_weights(groups: list[str]) -> np.ndarray:
    """Each training row's weight in the fit: ``SEED_WEIGHT`` for the seed article, 1 otherwise."""
    return np.array([SEED_WEIGHT if group == "seed" else 1.0 for group in groups])


def lexical_prior() -> tuple[np.ndarray, np.ndarray]:
    """``PRIOR`` in feature order, and each feature's penalty multiplier (``PINNED`` for ``SPEC_CUES``)."""
    from claims.extraction.checkworthiness import FEATURES

    prior = np.array([PRIOR[name] for name in FEATURES])
    return prior, np.array([PINNED if name in SPEC_CUES else 1.0 for name in FEATURES])


def cross_validate(
    x: np.ndarray, y: np.ndarray, group_of: np.ndarray, weight: np.ndarray
) -> list[tuple[float, np.ndarray]]:
    """(penalty, leave-one-article-out probabilities) of the lexical model for each of ``PENALTIES``."""
    prior, strength = lexical_prior()
    return [
        (penalty, held_out_probability(x, y, group_of, penalty=penalty * strength, prior=prior, weight=weight))
        for penalty in PENALTIES
    ]


def held_out_probability(
    x: np.ndarray, y: np.ndarray, group_of: np.ndarray, *, penalty: np.ndarray, prior: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """Each row's probability from a model fitted without its article (leave one article out)."""
    probability = np.zeros_like(y)
    for g in np.unique(group_of):
        test = group_of == g
        bias, w = fit(x[~test], y[~test], penalty, prior, weight=weight[~test])
        probability[test] = 1.0 / (1.0 + np.exp(-(bias + x[test] @ w)))
    return probability


def choose_penalty(results: list[tuple[float, float]]) -> float:
    """The most regularised model whose F1 is within 0.01 of the best.

    A difference that small is one or two sentences, noise rather than a better model, and smaller
    weights generalise.
    """
    best_f1 = max(f1 for f1, _ in results)
    return max(penalty for f1, penalty in results if f1 >= best_f1 - 0.01)


def parse_args(parser: argparse.ArgumentParser | None = None, *, train: tuple[str, ...] = TRAIN) -> argparse.Namespace:
    """--train (default ``train``) and --seed-eval, added to ``parser`` (``semantic_checkworthiness.py``
    adds its own options and default)."""
    from extraction_eval import SHARED

    parser = parser or argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", action="append", metavar="SET:SPLIT[,SPLIT]", help=f"default: {' '.join(train)}")
    parser.add_argument("--seed-eval", type=Path, default=SHARED / "eval" / "seed_claims.json")
    args = parser.parse_args()
    args.train = args.train or list(train)
    return args


def training_rows(args: argparse.Namespace) -> list[tuple[str, dict, bool]]:
    """(article, features, check-worthy) for every labelled, scorable sentence of the chosen splits and the seed."""
    from claims.extraction.checkworthiness import features

    return [(article, features(text), label) for article, text, label in training_sentences(args)]


def training_sentences(args: argparse.Namespace) -> list[tuple[str, str, bool]]:
    """(article, sentence, check-worthy) for every labelled sentence ``hard_negative`` does not settle."""
    from extraction_eval import GOLD_SETS, load_gold

    from claims.extraction.checkworthiness import hard_negative
    from claims.extraction.sentences import split_sentences

    labelled: list[tuple[str, str, list[tuple[str, bool]]]] = []
    for spec in args.train:
        name, _, splits = spec.partition(":")
        if name not in GOLD_SETS or not splits:
            raise SystemExit(f"--train {spec!r}: expected SET:SPLIT[,SPLIT] with SET one of {sorted(GOLD_SETS)}")
        gold_dir, articles = GOLD_SETS[name]
        for gold in load_gold(gold_dir):
            if gold["split"] not in splits.split(","):
                continue
            text = json.loads((articles / gold["article"]).read_text(encoding="utf-8"))["text"]
            labels = [(s["contains"], s["checkworthy"]) for s in gold["sentences"]]
            labelled.append((f"{name}/{gold['article']}", text, labels))
    if args.seed_eval.is_file():
        # "A sentence not listed here is not check-worthy": every sentence of the seed is labelled.
        spec = json.loads(args.seed_eval.read_text(encoding="utf-8"))
        text = (args.seed_eval.parent / spec["article"]).read_text(encoding="utf-8")
        listed = [item["contains"] for item in spec["checkworthy"]]
        labels = [(s.text, any(c in s.text for c in listed)) for s in split_sentences(text)]
        labelled.append(("seed", text, labels))
    rows = []
    for article, text, labels in labelled:
        sentences, position = split_sentences(text), 0
        for contains, checkworthy in labels:
            # In the article's order, as in extraction_eval.evaluate.
            found = next((i for i in range(position, len(sentences)) if contains in sentences[i].text), None)
            if found is None:
                raise SystemExit(f"{article}: no sentence after #{position} contains {contains!r}")
            sentence, position = sentences[found], found + 1
            if not hard_negative(sentence.text, whole_line=sentence.whole_line):
                rows.append((article, sentence.text, checkworthy))
    return rows


def fit(
    x: np.ndarray,
    y: np.ndarray,
    penalty: np.ndarray,
    prior: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    iterations: int = 50,
) -> tuple[float, np.ndarray]:
    """Newton's method on the weighted log-likelihood with an L2 penalty towards ``prior`` (the bias is free)."""
    weight = np.ones(len(y)) if weight is None else weight
    design = np.hstack([np.ones((len(x), 1)), x])
    ridge = np.diag(np.concatenate([[0.0], penalty]))
    ridge[0, 0] = 0.0
    centre = np.concatenate([[0.0], prior])

    def loss(beta: np.ndarray) -> float:
        z = design @ beta
        return float(weight @ np.logaddexp(0.0, z) - (weight * y) @ z + 0.5 * (beta - centre) @ ridge @ (beta - centre))

    beta = centre.copy()
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        gradient = design.T @ (weight * (p - y)) + ridge @ (beta - centre)
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + ridge + np.eye(len(beta)) * 1e-9
        step = np.linalg.solve(hessian, gradient)
        scale, before = 1.0, loss(beta)
        while loss(beta - scale * step) > before and scale > 1e-4:
            scale /= 2  # damped Newton: never a step that makes the fit worse
        beta -= scale * step
        if np.abs(scale * step).max() < 1e-8:
            break
    return float(beta[0]), beta[1:]


def prf(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float, float]:
    tp = float((predicted * actual).sum())
    fp = float((predicted * (1 - actual)).sum())
    fn = float(((1 - predicted) * actual).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    sys.exit(main())
