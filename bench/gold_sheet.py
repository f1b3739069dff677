"""Labelling sheets: the sentences of an article to label, and the gold file made from the labels.

    .venv/bin/python bench/gold_sheet.py sheet ARTICLE.json > SHEET.tsv
    .venv/bin/python bench/gold_sheet.py build ARTICLE.json SHEET.tsv --split NAME > GOLD.json

``sheet`` prints one line per sentence, as the project's splitter cuts it
(``claims.extraction.sentences.split_sentences``): ``N<TAB>label<TAB>speaker<TAB>sentence``, with the
label and speaker columns empty. An annotator fills them in from ``bench/gold/STANDARD.md`` alone: the
label is ``yes`` or ``no``; the speaker is the full name, or empty for none.

``build`` checks the filled-in sheet against the article (every sentence labelled once, in order, the
sentence text unchanged, a label of yes or no, a speaker only on a yes) and prints the gold file in
``bench/gold/`` format. Each sentence is named by its first 70 characters, which
``bench/extraction_eval.py`` matches in order. A sheet that fails a check is refused with the line
number and the reason, and exit code 2.
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

CONTAINS_CHARS = 70
LABELS = {"yes": True, "no": False}


class SheetError(ValueError):
    """A filled-in sheet that does not match its article or the format."""


def sentences_of(article: Path) -> list[str]:
    from claims.extraction.sentences import split_sentences

    text = json.loads(article.read_text(encoding="utf-8"))["text"]
    return [s.text for s in split_sentences(text)]


def _flat(text: str) -> str:
    return " ".join(text.split())  # one line, no tabs: a sheet row


def sheet_lines(sentences: list[str]) -> list[str]:
    return [f"{n}\t\t\t{_flat(sentence)}" for n, sentence in enumerate(sentences, 1)]


def build_gold(article_name: str, split: str, sentences: list[str], sheet: list[str]) -> dict:
    while sheet and not sheet[-1].strip():
        sheet = sheet[:-1]  # a trailing newline or two
    if len(sheet) != len(sentences):
        raise SheetError(f"the sheet has {len(sheet)} lines, the article {len(sentences)} sentences")
    labelled = []
    for line_no, (line, sentence) in enumerate(zip(sheet, sentences, strict=True), 1):
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4:
            raise SheetError(f"line {line_no}: expected 4 tab-separated columns, found {len(fields)}")
        number, label, speaker, text = (field.strip() for field in fields)
        if number != str(line_no):
            raise SheetError(f"line {line_no}: numbered {number!r}")
        if _flat(text) != _flat(sentence):
            raise SheetError(f"line {line_no}: the sentence text differs from the article's")
        if label.lower() not in LABELS:
            raise SheetError(f"line {line_no}: label {label!r} is not yes or no")
        checkworthy = LABELS[label.lower()]
        if speaker and not checkworthy:
            raise SheetError(f"line {line_no}: a speaker on a sentence labelled no")
        labelled.append({"contains": sentence[:CONTAINS_CHARS], "checkworthy": checkworthy, "speaker": speaker or None})
    return {"article": article_name, "split": split, "sentences": labelled}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sheet = commands.add_parser("sheet", help="print the sentences of ARTICLE to label")
    sheet.add_argument("article", type=Path)
    build = commands.add_parser("build", help="print the gold file made from a filled-in sheet")
    build.add_argument("article", type=Path)
    build.add_argument("sheet", type=Path)
    build.add_argument("--split", required=True)
    args = parser.parse_args(argv)

    sentences = sentences_of(args.article)
    if args.command == "sheet":
        print("\n".join(sheet_lines(sentences)))
        return 0
    try:
        gold = build_gold(args.article.name, args.split, sentences, args.sheet.read_text(encoding="utf-8").splitlines())
    except SheetError as error:
        print(f"{args.sheet}: {error}", file=sys.stderr)
        return 2
    print(json.dumps(gold, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
