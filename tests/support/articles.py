"""Paths of the project's own fixture articles (tests never read ../shared)."""

from __future__ import annotations

from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def article_path(name: str) -> Path:
    return ARTICLES / name


def article_text(name: str) -> str:
    return article_path(name).read_text(encoding="utf-8")
