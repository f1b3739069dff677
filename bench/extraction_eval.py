"""Quality of claim extraction: precision, recall and F1 of check-worthy detection, and speaker accuracy.

    .venv/bin/python bench/extraction_eval.py [--set corpus|realnews] [--split NAME ...] [--errors]
                                              [--scorer cues|embeddings|finetuned]

A gold set is a folder of gold files and the folder of articles they label (``GOLD_SETS``):

- ``corpus``: ``bench/gold/extraction`` over ``../shared/corpus`` (splits ``tune`` and ``holdout``);
- ``realnews``: ``bench/gold/realnews`` over ``bench/data/realnews``, real published news articles that
  ``bench/fetch_realnews.py`` rebuilds from package-registry test fixtures (splits ``dev``, ``test`` and
  ``train``).

Each gold file labels every sentence of one article (corpus JSON format), following
``bench/gold/STANDARD.md``: ``{"article": NAME, "split": NAME, "sentences": [{"contains": TEXT,
"checkworthy": BOOL, "speaker": NAME|null}]}``. ``--split`` scores only the named splits; without it
every split but ``test`` is scored, so the held-out split is printed only when asked for by name.
``--errors`` lists the sentences the model gets wrong; ``--scorer`` picks the check-worthiness scorer
(``EXTRACTION_SCORER``; ``finetuned`` reads its model from ``EXTRACTION_MODEL_DIR``). Speaker accuracy
counts, over the gold check-worthy sentences that were detected, the share whose predicted speaker is
the gold one (same name or same surname; null must be null).

The baseline, measured in the same run, marks every sentence with a digit or a capitalised word after
the first as check-worthy (what a keyword filter would do). The seed article is scored against
``seed_claims.json``: every listed sentence detected with its speaker, none of the negatives detected.
Numbers are printed as a table and written to ``bench/results/extraction_eval-<set>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.extraction.pipeline import Candidate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

SHARED = ROOT.parent / "shared"
HELD_OUT = "test"
GOLD_SETS = {
    "corpus": (ROOT / "bench" / "gold" / "extraction", SHARED / "corpus"),
    "realnews": (ROOT / "bench" / "gold" / "realnews", ROOT / "bench" / "data" / "realnews"),
}


def main() -> int:
    args = parse_args()
    os.environ["EXTRACTION_SCORER"] = args.scorer  # the command line wins over the environment
    import django

    django.setup()  # the embeddings scorer reads sources.embeddings, which needs the apps
    from claims.extraction.pipeline import extract_candidates

    gold_dir, articles = GOLD_SETS[args.set]
    if not articles.is_dir():
        hint = "run bench/fetch_realnews.py first" if args.set == "realnews" else "is ../shared beside the project?"
        print(f"No articles folder at {articles}; {hint}", file=sys.stderr)
        return 2
    golds = load_gold(gold_dir)
    # The held-out split is scored only when asked for by name (--split test), not on every run.
    splits = args.split or [s for s in dict.fromkeys(g["split"] for g in golds) if s != HELD_OUT]
    rows = {}
    for split in splits:
        chosen = [g for g in golds if g["split"] == split]
        if not chosen:
            print(f"No gold file of split {split!r} in {gold_dir}", file=sys.stderr)
            return 2
        rows[split] = evaluate(chosen, articles, extract_candidates, errors=args.errors)
    seed = evaluate_seed(args.seed_eval, extract_candidates) if args.seed_eval.is_file() else None
    print_table(rows, seed)
    write_results(f"{args.set}-{args.scorer}" if args.scorer != "cues" else args.set, rows, seed)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(GOLD_SETS), default="corpus")
    parser.add_argument("--split", action="append", help="score only this split (repeatable)")
    parser.add_argument("--errors", action="store_true", help="list the sentences the model gets wrong")
    parser.add_argument("--scorer", choices=("cues", "embeddings", "finetuned"), default="cues")
    parser.add_argument("--seed-eval", type=Path, default=SHARED / "eval" / "seed_claims.json")
    return parser.parse_args()


def load_gold(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def evaluate(golds: list[dict], articles: Path, extract: Callable[[str], list], *, errors: bool = False) -> dict:
    counts = {"model": [0, 0, 0], "baseline": [0, 0, 0]}  # tp, fp, fn
    speakers_right = speakers_total = sentences = 0
    for gold in golds:
        text = json.loads((articles / gold["article"]).read_text(encoding="utf-8"))["text"]
        candidates = extract(text)
        position = 0
        for label in gold["sentences"]:
            # Labels are in the article's order: the first sentence at or after the previous match that
            # contains the label's text (a short fragment may also occur inside an earlier sentence).
            index, match = next(
                ((i, c) for i, c in enumerate(candidates[position:], position) if label["contains"] in c.sentence),
                (position, None),
            )
            if match is None:
                raise SystemExit(f"{gold['article']}: no sentence contains {label['contains']!r}")
            position = index + 1  # one label per sentence
            sentences += 1
            tally(counts["model"], predicted=match.checkworthy, actual=label["checkworthy"])
            if errors:
                print_error(gold["article"], match, label)
            tally(counts["baseline"], predicted=baseline(match.sentence), actual=label["checkworthy"])
            if label["checkworthy"] and match.checkworthy:
                speakers_total += 1
                speakers_right += same_speaker(match.speaker, label["speaker"])
    result = {name: prf(*c) for name, c in counts.items()}
    result["speaker_accuracy"] = round(speakers_right / speakers_total, 3) if speakers_total else None
    result["articles"], result["sentences"] = len(golds), sentences
    return result


def print_error(article: str, match: Candidate, label: dict) -> None:
    wrong_label = match.checkworthy != label["checkworthy"]
    wrong_speaker = label["checkworthy"] and match.checkworthy and not same_speaker(match.speaker, label["speaker"])
    if wrong_label or wrong_speaker:
        kind = "FP" if wrong_label and match.checkworthy else "FN" if wrong_label else "SPK"
        speakers = f" speaker {match.speaker!r} gold {label['speaker']!r}" if wrong_speaker else ""
        print(f"{kind:3} {article[:2]} {match.score:.2f}{speakers} {match.sentence}")


def tally(counts: list[int], *, predicted: bool, actual: bool) -> None:
    if predicted and actual:
        counts[0] += 1
    elif predicted:
        counts[1] += 1
    elif actual:
        counts[2] += 1


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def baseline(sentence: str) -> bool:
    """A keyword filter: a digit, or a capitalised word after the first word."""
    return bool(re.search(r"\d", sentence) or re.search(r"\s[A-Z][a-z]", sentence))


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted is gold
    return predicted == gold or predicted.split()[-1] == gold.split()[-1]


def evaluate_seed(path: Path, extract) -> dict:
    spec = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / spec["article"]).read_text(encoding="utf-8")
    claims = [c for c in extract(text) if c.checkworthy]
    found = [
        item["contains"]
        for item in spec["checkworthy"]
        if any(item["contains"] in c.sentence and c.speaker == item["speaker"] for c in claims)
    ]
    wrongly = [phrase for phrase in spec["not_checkworthy_examples"] if any(phrase in c.sentence for c in claims)]
    return {
        "checkworthy_expected": len(spec["checkworthy"]),
        "found_with_speaker": len(found),
        "negatives_detected": wrongly,
        "extra_checkworthy": len(claims) - len(found),
        "passed": len(found) == len(spec["checkworthy"]) and not wrongly,
    }


def print_table(rows: dict, seed: dict | None) -> None:
    print(f"{'split':8} {'method':9} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'articles':>8} {'sentences':>9}")
    for split, row in rows.items():
        for method in ("model", "baseline"):
            m = row[method]
            speaker = f"{row['speaker_accuracy']:.3f}" if method == "model" and row["speaker_accuracy"] else "-"
            print(
                f"{split:8} {method:9} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {speaker:>8} "
                f"{row['articles']:8d} {row['sentences']:9d}"
            )
        base = row["baseline"]["f1"]
        print(f"{split:8} F1 ratio model/baseline: {row['model']['f1'] / base:.2f}" if base else "")
    if seed:
        print(
            f"seed: {seed['found_with_speaker']}/{seed['checkworthy_expected']} check-worthy found with speaker, "
            f"negatives detected: {seed['negatives_detected'] or 'none'}, extra: {seed['extra_checkworthy']}, "
            f"{'PASS' if seed['passed'] else 'FAIL'}"
        )


def write_results(gold_set: str, rows: dict, seed: dict | None) -> None:
    out = ROOT / "bench" / "results" / f"extraction_eval-{gold_set}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"splits": rows, "seed": seed}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
