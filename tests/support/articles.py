"""Paths of the project's own fixture articles (tests never read ../shared)."""

from __future__ import annotations

from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

# guidance.txt mirrors the seed article: a named speaker with a title, then "the head of the
# organisation", "she", "the former Swedish health minister"; a quotation over two sentences, idioms,
# obligations, a prediction and a headline line in the middle.
GUIDANCE_CHECKWORTHY = [
    "confirmed today, Monday, that the agency will only publish",
    "this will be reviewed separately, and this of course will include the donors",
    "the agency coordinated closely with the British delegation",
    "already held in Nairobi two weeks ago and recently in Brasília",
    "resolution of the 2023 World Health Assembly",
    "there is no agreement among the donors on the cap",
]
GUIDANCE_NOT_CHECKWORTHY = [
    "You have to begin somewhere.",
    "It takes two to tango",
    "If the guidance is delayed, clinics must receive interim advice",
    "it is necessary to ensure that clinics",
    "avoided predicting whether a final text would be adopted",
    "We need the companies at the table.",
]


def article_path(name: str) -> Path:
    return ARTICLES / name


def article_text(name: str) -> str:
    return article_path(name).read_text(encoding="utf-8")
