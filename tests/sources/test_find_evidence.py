"""manage.py find_evidence "CLAIM" --top K --format json."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

KEYS = {"url", "title", "publisher", "published", "passage", "start", "end", "score", "stance"}


def find(*args) -> str:
    out = StringIO()
    call_command("find_evidence", *args, stdout=out)
    return out.getvalue()


def test_it_prints_a_json_array_best_first(imported_corpus):
    results = json.loads(find("Riverton replaced 4,000 lead pipes in 2023.", "--top", "4", "--format", "json"))
    assert len(results) == 4
    assert all(KEYS <= set(item) for item in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert results[0]["url"].endswith(("riverton-lead-pipe-audit", "riverton-council-pipe-replacement"))
    assert results[0]["stance"] == "supports" and results[0]["stance_is_suggestion"] is True
    assert results[0]["published"] in {"2024-02-01", "2024-01-15"}
    assert len({r["url"] for r in results}) == 4  # one passage per document


def test_the_passage_offsets_point_into_the_document_text(imported_corpus):
    from sources.models import Document

    for item in json.loads(find("Harbour ferry fares will rise by 10 percent in March.", "--top", "3")):
        document = Document.objects.get(url=item["url"])
        assert document.text[item["start"] : item["end"]] == item["passage"]


def test_the_date_window_options_filter_documents(imported_corpus):
    results = json.loads(find("Riverton lead pipes", "--since", "2024-02-01", "--until", "2024-12-31"))
    assert results and all("2024-02-01" <= r["published"] <= "2024-12-31" for r in results)


def test_text_format_is_readable(imported_corpus):
    output = find("Harbour ferry fares will rise by 10 percent in March.", "--top", "1", "--format", "text")
    assert output.startswith("1. [") and "suggested" in output and "harbour-ferry-fares-rise" in output


def test_no_match_prints_an_empty_array(imported_corpus):
    assert json.loads(find("zebra xylophone quokka")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "empty"),
        (["pipes", "--top", "0"], "--top must be between 1 and 100"),
        (["pipes", "--top", "101"], "--top must be between 1 and 100"),
        (["pipes", "--since", "last tuesday"], "--since must be a date"),
    ],
)
def test_bad_arguments_get_a_clear_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        find(*args)
