"""Throughput of claim extraction on ~4 KB news articles, one process, one thread, model load excluded.

    .venv/bin/python bench/extraction_throughput.py [--articles N] [--corpus DIR] [--rounds N]
                                                   [--scorer cues|embeddings|finetuned]

Articles are built from the development corpus (or, without it, from tests/fixtures/articles) by joining
documents until each is about 4 KB. Three main passes over the same articles, in the same run:

- baseline: sentence splitting only (pysbd), the floor any extractor pays;
- batched: ``extract_many`` (the whole pipeline, spaCy over all sentences with ``nlp.pipe``);
- one by one: ``extract_candidates`` per article (what a Celery task does).

They are interleaved: 20 articles at a time, the three passes take turns in a rotating order, for
``--rounds`` rounds over all the articles (default 3). The speed of a shared machine can drift by half
within minutes; interleaved, the drift weighs on the three passes alike, so their ratios hold, and the
slowest and fastest rounds show how far it moved. Then, one after the other:

- the entity recogniser alone over what the pipeline gives it (``claims.extraction.model_text``: the
  sentences that need it, their quotations' words and the words far from a speaker cut), with thinc's
  stock blis backend and with numpy's BLAS; over the same sentences whole (what it read before the
  cuts); and over every sentence (what it cost before the score stopped depending on it).

Reports articles/second by wall clock and by CPU time of this process (the CPU figure does not depend on
other load on the machine), the ratio to the baseline, and the peak resident memory of the process.
``--scorer embeddings`` (or ``finetuned``, with ``EXTRACTION_MODEL_DIR`` set) times the pipeline with that
``EXTRACTION_SCORER`` (needs the extra). Numbers go to ``bench/results/extraction_throughput.json``
(``-embeddings.json`` or ``-finetuned.json`` for those scorers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

# One core: keep numpy/BLAS from spreading over several threads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings")

TARGET_BYTES = 4096
# Articles per turn when the main passes are interleaved (``interleaved``).
CHUNK = 20


def main() -> int:
    args = parse_args()
    os.environ["EXTRACTION_SCORER"] = args.scorer
    import django

    django.setup()  # the embeddings scorer reads sources.embeddings, which needs the apps
    from claims.extraction.nlp import build_nlp, load_nlp
    from claims.extraction.pipeline import _Article, extract_candidates, extract_many
    from claims.extraction.sentences import split_sentences

    articles = build_articles(args.corpus, args.articles)
    rss_before_model = peak_rss_mb()
    nlp = load_nlp()  # excluded from the timings
    extract_many(articles[:2])  # warm-up
    read = [_Article.read(a) for a in articles]
    gated = [m.text for r in read for m in r.model_texts() if m.may_name_someone]  # what the pipeline gives the model
    whole = [s.text for r in read for s, n in zip(r.sentences, r.needs_model, strict=True) if n]
    every = [s.text for r in read for s, hard in zip(r.sentences, r.hard, strict=True) if not hard]
    passes = {
        "baseline_split_only": lambda chunk: [split_sentences(a) for a in chunk],
        "batched_extract_many": extract_many,
        "one_by_one": lambda chunk: [extract_candidates(a) for a in chunk],
    }
    rows = interleaved(passes, articles, args.rounds)
    peak_pipeline = peak_rss_mb()  # before the second model below is loaded
    stock = build_nlp(blas=False)
    list(stock.pipe(gated[:10]))  # warm-up
    rows |= {
        "ner_gated_numpy_blas": timed(lambda: list(nlp.pipe(gated, batch_size=128)), len(articles)),
        "ner_whole_sentences": timed(lambda: list(nlp.pipe(whole, batch_size=128)), len(articles)),
        "ner_gated_stock_blis": timed(lambda: list(stock.pipe(gated, batch_size=128)), len(articles)),
        "ner_every_sentence_blis": timed(lambda: list(stock.pipe(every, batch_size=128)), len(articles)),
    }
    base = rows["baseline_split_only"]["articles_per_cpu_second"]
    for row in rows.values():
        row["ratio_to_baseline"] = round(row["articles_per_cpu_second"] / base, 4)
    summary = {
        "articles": len(articles),
        "mean_article_bytes": round(sum(len(a.encode()) for a in articles) / len(articles)),
        "peak_rss_mb_before_model": rss_before_model,
        "peak_rss_mb": peak_pipeline,
        "share_of_sentence_words_through_the_model": round(
            sum(len(t.split()) for t in gated) / sum(len(t.split()) for t in every), 3
        ),
        "target_articles_per_second": 20,
        "scorer": args.scorer,
        "rows": rows,
    }
    print_table(summary)
    suffix = "" if args.scorer == "cues" else f"-{args.scorer}"
    out = ROOT / "bench" / "results" / f"extraction_throughput{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--scorer", choices=("cues", "embeddings", "finetuned"), default="cues")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the main passes (default 3)")
    return parser.parse_args()


def source_texts(corpus: Path) -> list[str]:
    if corpus.is_dir():
        return [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(corpus.glob("[0-9]*.json"))]
    fixtures = ROOT / "tests" / "fixtures" / "articles"
    return [fixtures.joinpath(name).read_text(encoding="utf-8") for name in ("guidance.txt",)] + [
        json.loads(fixtures.joinpath("storm.json").read_text(encoding="utf-8"))["text"]
    ]


def build_articles(corpus: Path, count: int) -> list[str]:
    """``count`` articles of about 4 KB, each a different rotation of the source texts."""
    texts = source_texts(corpus)
    articles = []
    for i in range(count):
        parts, size, j = [], 0, i
        while size < TARGET_BYTES:
            text = texts[j % len(texts)]
            parts.append(text)
            size += len(text.encode()) + 2
            j += 1
        articles.append(cut_to_size("\n\n".join(parts)))
    return articles


def cut_to_size(text: str) -> str:
    cut = text.rfind("\n", 0, TARGET_BYTES)
    return text[: cut if cut > TARGET_BYTES // 2 else TARGET_BYTES]


def interleaved(passes: dict, articles: list[str], rounds: int, chunk: int = CHUNK) -> dict:
    """Each pass over all ``articles`` ``rounds`` times, interleaved ``chunk`` articles at a time.

    The passes take turns on each chunk, in an order that rotates from chunk to chunk, so a change in
    the machine's speed during the run weighs on all of them alike and their ratios stay comparable.
    Each row also gives the slowest and fastest round (articles per CPU second).
    """
    totals = {name: {"wall": 0.0, "cpu": 0.0, "rounds": []} for name in passes}
    for round_index in range(rounds):
        cpu_this_round = dict.fromkeys(passes, 0.0)
        for k, start in enumerate(range(0, len(articles), chunk)):
            part = articles[start : start + chunk]
            names = list(passes)
            turn = (k + round_index) % len(names)
            for name in names[turn:] + names[:turn]:
                wall, cpu = time.perf_counter(), time.process_time()
                passes[name](part)
                totals[name]["wall"] += time.perf_counter() - wall
                cpu_this_round[name] += time.process_time() - cpu
        for name, cpu in cpu_this_round.items():
            totals[name]["cpu"] += cpu
            totals[name]["rounds"].append(round(len(articles) / cpu, 2))
    n = len(articles) * rounds
    return {
        name: {
            "seconds_wall": round(t["wall"], 3),
            "seconds_cpu": round(t["cpu"], 3),
            "articles_per_second": round(n / t["wall"], 2),
            "articles_per_cpu_second": round(n / t["cpu"], 2),
            "rounds_articles_per_cpu_second": t["rounds"],
        }
        for name, t in totals.items()
    }


def timed(run, n: int) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "seconds_wall": round(wall, 3),
        "seconds_cpu": round(cpu, 3),
        "articles_per_second": round(n / wall, 2),
        "articles_per_cpu_second": round(n / cpu, 2),
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def print_table(summary: dict) -> None:
    print(
        f"{summary['articles']} articles, mean {summary['mean_article_bytes']} bytes; one process, one thread; "
        f"scorer {summary['scorer']}"
    )
    print(f"{'pass':22} {'art/s wall':>10} {'art/s cpu':>10} {'x baseline':>10}  rounds (art/s cpu)")
    for name, row in summary["rows"].items():
        rounds = row.get("rounds_articles_per_cpu_second")
        spread = f"  {min(rounds):.2f}-{max(rounds):.2f}" if rounds else ""
        print(
            f"{name:22} {row['articles_per_second']:10.2f} {row['articles_per_cpu_second']:10.2f} "
            f"{row['ratio_to_baseline']:10.4f}{spread}"
        )
    print(f"words through the entity recogniser: {summary['share_of_sentence_words_through_the_model']:.1%}")
    print(f"peak RSS: {summary['peak_rss_mb']} MB (before model load: {summary['peak_rss_mb_before_model']} MB)")


if __name__ == "__main__":
    sys.exit(main())
