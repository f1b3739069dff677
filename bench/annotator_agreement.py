"""Agreement between two annotators of check-worthiness: how high a score the labels allow.

    .venv/bin/python bench/annotator_agreement.py [--set corpus|realnews]

``bench/gold/agreement/`` (corpus) and ``bench/gold/agreement-realnews/`` (real news) hold a second,
independent annotation of some articles of the gold set (made from ``bench/gold/STANDARD.md`` alone,
without the first annotator's files or the extractor's output). For the sentences both labelled, prints
the F1 of the second annotator against the first (the ceiling a method judged against the first can
expect), Cohen's kappa, and how often the two name the same speaker for a sentence both call
check-worthy (same name or surname).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")
GOLD = ROOT / "bench" / "gold"


AGREEMENT = {"corpus": GOLD / "agreement", "realnews": GOLD / "agreement-realnews"}


def main() -> int:
    from extraction_eval import GOLD_SETS, prf, same_speaker

    from claims.extraction.sentences import split_sentences

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(AGREEMENT), default="corpus")
    args = parser.parse_args()
    gold_dir, article_dir = GOLD_SETS[args.set]

    counts, speakers, articles = [0, 0, 0, 0], [0, 0], 0  # tp, fp, fn, tn (second vs first)
    for second_path in sorted(AGREEMENT[args.set].glob("*.json")):
        first = json.loads((gold_dir / second_path.name).read_text(encoding="utf-8"))
        second = json.loads(second_path.read_text(encoding="utf-8"))
        sentences = split_sentences(json.loads((article_dir / first["article"]).read_text(encoding="utf-8"))["text"])
        articles += 1
        for a, b in zip(aligned(first["sentences"], sentences), aligned(second["sentences"], sentences), strict=True):
            if a is None or b is None:
                continue
            index = {(True, True): 0, (False, True): 1, (True, False): 2, (False, False): 3}
            counts[index[(a["checkworthy"], b["checkworthy"])]] += 1
            if a["checkworthy"] and b["checkworthy"]:
                speakers[0] += same_speaker(b["speaker"], a["speaker"])
                speakers[1] += 1
    tp, fp, fn, tn = counts
    n = sum(counts)
    scores = prf(tp, fp, fn)
    observed = (tp + tn) / n
    chance = ((tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)) / n**2
    kappa = (observed - chance) / (1 - chance)
    print(f"{articles} articles, {n} sentences labelled by both; first: {tp + fn} check-worthy, second: {tp + fp}")
    print(f"second vs first: P {scores['precision']:.3f} R {scores['recall']:.3f} F1 {scores['f1']:.3f}")
    print(f"raw agreement {observed:.3f}, Cohen's kappa {kappa:.3f}")
    print(f"same speaker on sentences both call check-worthy: {speakers[0] / speakers[1]:.3f} of {speakers[1]}")
    return 0


def aligned(labels: list[dict], sentences: list) -> list[dict | None]:
    """For each sentence, its label (labels are in the article's order; a sentence may have none)."""
    out: list[dict | None] = []
    position = 0
    for sentence in sentences:
        match = next((i for i in range(position, len(labels)) if labels[i]["contains"] in sentence.text), None)
        out.append(None if match is None else labels[match])
        position = position if match is None else match + 1
    return out


if __name__ == "__main__":
    sys.exit(main())
