"""Agreement between two annotators of check-worthiness: how high a score the labels allow.

    .venv/bin/python bench/annotator_agreement.py [--articles DIR]

``bench/gold/agreement/`` holds a second, independent annotation of some articles of
``bench/gold/extraction/`` (made from the written standard alone, without the first annotator's files
or the extractor's output). For the sentences both labelled, prints the F1 of the second annotator
against the first (the ceiling a method judged against the first can expect), Cohen's kappa, and how
often the two name the same speaker for a sentence both call check-worthy (same name or surname).
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    from extraction_eval import prf, same_speaker

    from claims.extraction.sentences import split_sentences

    counts, speakers, articles = [0, 0, 0, 0], [0, 0], 0  # tp, fp, fn, tn (second vs first)
    for second_path in sorted((GOLD / "agreement").glob("*.json")):
        first = json.loads((GOLD / "extraction" / second_path.name).read_text(encoding="utf-8"))
        second = json.loads(second_path.read_text(encoding="utf-8"))
        text = json.loads((args.articles / first["article"]).read_text(encoding="utf-8"))["text"]
        articles += 1
        for sentence in split_sentences(text):
            a = next((s for s in first["sentences"] if s["contains"] in sentence.text), None)
            b = next((s for s in second["sentences"] if s["contains"] in sentence.text), None)
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


if __name__ == "__main__":
    sys.exit(main())
