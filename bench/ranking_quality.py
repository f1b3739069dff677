"""Ranking quality on the shared corpus: rank of the first supporting document, top-3, MRR, distractors.

    .venv/bin/python bench/ranking_quality.py [CORPUS_DIR]     (default ../shared/corpus)

Loads CORPUS_DIR into the database ``claimtrack_bench_ranking`` (emptied first), then for each claim
ranks documents by their best passage (``search_passages(per_document=1)``) and reports:
rank of the first supporting document, whether one is in the top 3, reciprocal rank, and whether any
non-relevant document (a distractor) ranks above all supporting ones. Three claim sets:
``C1-C5`` from relevance.json (the development set), ``paraphrased`` (C1-C5 reworded without the
documents' key words) and ``held-out`` (claims on other documents of the corpus); the last two were
written once, before any run, and nothing was tuned on them. Modes: ``lexical`` (always), ``semantic``
(when the embeddings extra is installed), and ``ts_rank_cd only`` as the baseline. Also reports the
stance suggester's agreement with the corpus labels. Writes bench/results/ranking_quality.json.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from _benchdb import ROOT, use_bench_database, write_results

CORPUS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    raise SystemExit(f"No corpus at {CORPUS}: pass the corpus directory (../shared/corpus) as the first argument")

PARAPHRASED = {  # same gold documents as C1-C5, wording moved away from the articles'
    "P1": (
        "C1",
        "At their 2024 meeting in the US capital, allies wrote that Kyiv's road into the alliance cannot be undone.",
    ),
    "P2": ("C2", "The first American plan to end the war would have barred Ukraine from ever joining the alliance."),
    "P3": ("C3", "Alliance members do not all agree that Kyiv should become a member."),
    "P4": ("C4", "Negotiators from Kyiv and Washington met in Switzerland and later in Florida."),
    "P5": (
        "C5",
        "Questions touching the alliance will be settled on their own track, apart from the rest of the deal.",
    ),
}
HELD_OUT = {  # claims on documents that C1-C5 do not use; the document named supports the claim
    "H1": ("Sweden became the alliance's 32nd member in March 2024.", ["19-sweden-joins-nato-2024"]),
    "H2": ("Finland joined NATO as its 31st member in 2023.", ["20-finland-joins-nato-2023"]),
    "H3": ("NATO leaders agreed at The Hague to spend 5% of GDP on defence.", ["21-hague-summit-five-percent"]),
    "H4": ("Orbán said Hungary would not block NATO's plan to support Ukraine.", ["22-hungary-no-veto-nato-support"]),
    "H5": ("The record US government shutdown lasted 43 days.", ["26-us-shutdown-ends-43-days"]),
    "H6": ("Hurricane Melissa hit Jamaica as a Category 5 storm.", ["27-hurricane-melissa-jamaica-landfall"]),
    "H7": ("María Corina Machado won the 2025 Nobel Peace Prize.", ["28-nobel-peace-prize-machado"]),
    "H8": (
        "The EU proposed lending Ukraine 90 billion euros backed by frozen Russian assets.",
        ["25-eu-reparations-loan-90bn"],
    ),
}


def load_corpus(semantic: bool) -> dict[str, str]:
    """Empty the bench database, import the corpus; return {canonical url: document slug}."""
    from django.conf import settings
    from django.db import connection

    from sources.services.documents import collection_import
    from sources.text import canonicalize_url

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE sources_document CASCADE")
    settings.EMBEDDINGS_ENABLED = semantic
    started = time.perf_counter()
    summary = collection_import(directory=str(CORPUS))
    print(f"imported {summary.created} documents, {summary.passages} passages in {time.perf_counter() - started:.1f} s")
    slugs = {}
    for path in CORPUS.glob("*.json"):
        if path.name != "relevance.json":
            slugs[canonicalize_url(json.loads(path.read_text())["url"])] = path.stem
    return slugs


def ranked_documents(query: str, slugs: dict[str, str], *, semantic: bool, key: str) -> list[str]:
    from sources.search import search_passages

    # The find_evidence path: the best passage of each document (limit covers the whole corpus).
    hits = search_passages(query=query, limit=100, per_document=1, semantic=semantic)
    best: dict[str, float] = {}
    for hit in hits:
        value = hit.score if key == "score" else getattr(hit, key)
        best[slugs[hit.url]] = max(best.get(slugs[hit.url], -1.0), value)
    return [slug for slug, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))]


def judge(ranking: list[str], supporting: set[str], relevant: set[str]) -> dict:
    ranks = [i + 1 for i, slug in enumerate(ranking) if slug in supporting]
    first = ranks[0] if ranks else None
    distractor_ranks = [i + 1 for i, slug in enumerate(ranking) if slug not in relevant]
    first_distractor = distractor_ranks[0] if distractor_ranks else None
    return {
        "first_supporting_rank": first,
        "top3": bool(first and first <= 3),
        "rr": 1 / first if first else 0.0,
        "distractor_above_all_supporting": bool(first_distractor and (first is None or first_distractor < first)),
        "top3_documents": ranking[:3],
    }


def claim_sets() -> dict[str, list[tuple[str, str, set[str], set[str]]]]:
    gold = json.loads((CORPUS / "relevance.json").read_text())["claims"]
    dev = []
    by_id = {}
    for claim in gold:
        supporting = {r["doc"] for r in claim["relevant"] if r["stance"] == "supports"}
        relevant = {r["doc"] for r in claim["relevant"]}
        dev.append((claim["id"], claim["text"], supporting, relevant))
        by_id[claim["id"]] = (supporting, relevant)
    paraphrased = [(pid, text, *by_id[cid]) for pid, (cid, text) in PARAPHRASED.items()]
    held_out = [(hid, text, set(docs), set(docs)) for hid, (text, docs) in HELD_OUT.items()]
    return {"C1-C5": dev, "paraphrased": paraphrased, "held-out": held_out}


def evaluate(mode: str, slugs: dict[str, str]) -> dict:
    semantic, key = {"lexical": (False, "score"), "semantic": (True, "score"), "ts_rank_cd only": (False, "lexical")}[
        mode
    ]
    out = {}
    for set_name, claims in claim_sets().items():
        rows, started = {}, time.perf_counter()
        for cid, text, supporting, relevant in claims:
            rows[cid] = judge(ranked_documents(text, slugs, semantic=semantic, key=key), supporting, relevant)
        elapsed = (time.perf_counter() - started) / len(claims)
        out[set_name] = {
            "claims": rows,
            "mrr": round(sum(r["rr"] for r in rows.values()) / len(rows), 3),
            "top3": sum(r["top3"] for r in rows.values()),
            "n": len(rows),
            "distractor_failures": sum(r["distractor_above_all_supporting"] for r in rows.values()),
            "ms_per_query": round(elapsed * 1000, 1),
        }
    return out


def stance_agreement(slugs: dict[str, str]) -> dict:
    from sources.search import search_passages
    from sources.stance import stance_suggest

    gold = json.loads((CORPUS / "relevance.json").read_text())["claims"]
    confusion: Counter = Counter()
    for claim in gold:
        labels = {r["doc"]: r["stance"] for r in claim["relevant"]}
        for hit in search_passages(query=claim["text"], limit=1000, per_document=1, semantic=False):
            suggested = stance_suggest(claim=claim["text"], passage=hit.text).label
            confusion[(labels.get(slugs[hit.url], "unknown"), str(suggested))] += 1
    total = sum(confusion.values())
    agree = sum(n for (g, s), n in confusion.items() if g == s)
    majority = sum(n for (g, _), n in confusion.items() if g == "unknown")
    per_class = {}
    for label in ("supports", "context", "refutes", "unknown"):
        predicted = sum(n for (_, s), n in confusion.items() if s == label)
        actual = sum(n for (g, _), n in confusion.items() if g == label)
        hit = confusion[(label, label)]
        per_class[label] = {
            "precision": round(hit / predicted, 2) if predicted else None,
            "recall": round(hit / actual, 2) if actual else None,
            "gold": actual,
        }
    return {
        "pairs": total,
        "agreement": round(agree / total, 3),
        "baseline_always_unknown": round(majority / total, 3),
        "per_class": per_class,
        "confusion": {f"{g}->{s}": n for (g, s), n in sorted(confusion.items())},
    }


def main() -> None:
    database = use_bench_database("ranking")
    from sources import embeddings

    semantic = embeddings.installed()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    slugs = load_corpus(semantic)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    modes = ["ts_rank_cd only", "lexical"] + (["semantic"] if semantic else [])
    results = {mode: evaluate(mode, slugs) for mode in modes}
    print(f"\n{'mode':16} {'claim set':12} {'MRR':>5} {'top-3':>6} {'distractor fails':>17} {'ms/query':>9}")
    for mode, sets in results.items():
        for set_name, row in sets.items():
            print(
                f"{mode:16} {set_name:12} {row['mrr']:5.3f} {row['top3']:>3}/{row['n']:<2} "
                f"{row['distractor_failures']:>17} {row['ms_per_query']:9.1f}"
            )
    print("\nfirst supporting rank per claim:")
    for mode, sets in results.items():
        ranks = {cid: r["first_supporting_rank"] for rows in sets.values() for cid, r in rows["claims"].items()}
        print(f"  {mode:16} " + " ".join(f"{cid}={rank}" for cid, rank in ranks.items()))
    stance = stance_agreement(slugs)
    print(
        f"\nstance suggestions vs corpus labels: agreement {stance['agreement']:.3f} over {stance['pairs']} "
        f"(claim, document) pairs; always-'unknown' baseline {stance['baseline_always_unknown']:.3f} "
        f"(ratio {stance['agreement'] / stance['baseline_always_unknown']:.2f})"
    )
    for label, row in stance["per_class"].items():
        print(f"  {label:9} precision {row['precision']}  recall {row['recall']}  (gold {row['gold']})")
    path = write_results(
        "ranking_quality",
        {
            "database": database,
            "corpus": str(CORPUS),
            "embeddings_installed": semantic,
            "import_peak_rss_mb_increase": round((rss_after - rss_before) / 1024, 1),
            "modes": results,
            "stance": stance,
        },
    )
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
