"""Quality of claim extraction: precision, recall and F1 of check-worthy detection, and speaker accuracy.

    .venv/bin/python bench/extraction_eval.py [--articles DIR] [--gold DIR] [--seed-eval FILE]

Gold files (``bench/gold/extraction/*.json``) label every sentence of one article of ``--articles``
(corpus JSON format): ``{"article": NAME, "split": "tune"|"holdout", "sentences": [{"contains": TEXT,
"checkworthy": BOOL, "speaker": NAME|null}]}``. The weights in ``claims/extraction/checkworthiness.py``
were set on the ``tune`` split only; ``holdout`` articles were labelled before the extractor was run on
them. Speaker accuracy counts, over the gold check-worthy sentences that were detected, the share whose
predicted speaker is the gold one (same name or same surname; null must be null).

The baseline, measured in the same run, marks every sentence with a digit or a capitalised word after
the first as check-worthy (what a keyword filter would do). The seed article is scored against
``seed_claims.json``: every listed sentence detected with its speaker, none of the negatives detected.
Numbers are printed as a table and written to ``bench/results/extraction_eval.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

SHARED = ROOT.parent / "shared"


def main() -> int:
    args = parse_args()
    from claims.extraction.pipeline import extract_candidates

    if not args.articles.is_dir():
        print(f"No articles folder at {args.articles}; pass --articles", file=sys.stderr)
        return 2
    rows = {}
    for split in ("tune", "holdout"):
        golds = [g for g in load_gold(args.gold) if g["split"] == split]
        rows[split] = evaluate(golds, args.articles, extract_candidates)
    seed = evaluate_seed(args.seed_eval, extract_candidates) if args.seed_eval.is_file() else None
    print_table(rows, seed)
    write_results(rows, seed)
    return 0


def parse_args() -> argparse.Namespace:
    return gold_arguments(argparse.ArgumentParser(description=__doc__.split("\n\n")[0])).parse_args()


def gold_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--articles, --gold and --seed-eval, shared with ``fit_checkworthiness.py``."""
    parser.add_argument("--articles", type=Path, default=SHARED / "corpus")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "extraction")
    parser.add_argument("--seed-eval", type=Path, default=SHARED / "eval" / "seed_claims.json")
    return parser


def load_gold(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def evaluate(golds: list[dict], articles: Path, extract) -> dict:
    counts = {"model": [0, 0, 0], "baseline": [0, 0, 0]}  # tp, fp, fn
    speakers_right = speakers_total = sentences = 0
    for gold in golds:
        text = json.loads((articles / gold["article"]).read_text(encoding="utf-8"))["text"]
        candidates = extract(text)
        for label in gold["sentences"]:
            match = next((c for c in candidates if label["contains"] in c.sentence), None)
            if match is None:
                raise SystemExit(f"{gold['article']}: no sentence contains {label['contains']!r}")
            sentences += 1
            tally(counts["model"], predicted=match.checkworthy, actual=label["checkworthy"])
            tally(counts["baseline"], predicted=baseline(match.sentence), actual=label["checkworthy"])
            if label["checkworthy"] and match.checkworthy:
                speakers_total += 1
                speakers_right += same_speaker(match.speaker, label["speaker"])
    result = {name: prf(*c) for name, c in counts.items()}
    result["speaker_accuracy"] = round(speakers_right / speakers_total, 3) if speakers_total else None
    result["articles"], result["sentences"] = len(golds), sentences
    return result


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


def write_results(rows: dict, seed: dict | None) -> None:
    out = ROOT / "bench" / "results" / "extraction_eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"splits": rows, "seed": seed}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
