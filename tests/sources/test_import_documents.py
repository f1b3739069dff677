"""manage.py import_documents DIR: idempotent import of corpus-format JSON, all or nothing."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sources.models import ConnectorKind, Document, Passage


def run(directory) -> str:
    out = StringIO()
    call_command("import_documents", str(directory), stdout=out)
    return out.getvalue()


def test_it_imports_and_indexes_every_document(db, corpus_dir):
    output = run(corpus_dir)
    assert "Imported 10 new document(s), 0 already present" in output
    assert Document.objects.count() == 10
    assert set(Document.objects.values_list("connector", flat=True)) == {ConnectorKind.LOCAL}
    assert not Document.objects.filter(indexed_at=None).exists()
    assert Passage.objects.filter(search_vector__isnull=False).count() == Passage.objects.count() > 10
    audit = Document.objects.get(url="https://ledger.example.org/2024/02/01/riverton-lead-pipe-audit")
    assert audit.publisher == "Civic Ledger" and audit.published_at.date().isoformat() == "2024-02-01"
    assert audit.language == "en" and audit.title.startswith("Audit confirms")


def test_running_it_twice_changes_nothing(db, corpus_dir):
    run(corpus_dir)
    passages = sorted(Passage.objects.values_list("id", "start", "end"))
    output = run(corpus_dir)
    assert "Imported 0 new document(s), 10 already present; indexed 0 passage(s)" in output
    assert Document.objects.count() == 10
    assert sorted(Passage.objects.values_list("id", "start", "end")) == passages


def test_unknown_keys_are_ignored(db, corpus_dir):
    run(corpus_dir)  # 05-lead-singer-concert.json carries an extra "section" key
    assert Document.objects.filter(title="Lead singer cancels Riverton concert").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Invalid JSON"),
        ('["a list"]', "must be an object"),
        ('{"url": "https://x.example.org/a"}', "no 'text' string"),
        ('{"url": "https://x.example.org/a", "text": "   "}', "'text' is empty"),
        ('{"text": "Some text here."}', "'url' is missing"),
        ('{"url": "javascript:alert(1)", "text": "Some text here."}', r"Not an http\(s\) URL"),
    ],
)
def test_a_bad_file_aborts_the_import_with_nothing_written(db, corpus_dir, tmp_path, content, message):
    for path in corpus_dir.glob("*.json"):
        shutil.copy(path, tmp_path)
    (tmp_path / "99-broken.json").write_text(content)
    with pytest.raises(CommandError, match=message) as raised:
        run(tmp_path)
    assert "99-broken.json" in str(raised.value)
    assert "Nothing imported" in str(raised.value)
    assert Document.objects.count() == 0 and Passage.objects.count() == 0


def test_a_missing_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="not a directory"):
        run(tmp_path / "nope")


def test_an_empty_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"no \*\.json documents"):
        run(tmp_path)


def test_a_document_already_stored_under_another_url_is_not_duplicated(db, corpus_dir, tmp_path):
    run(corpus_dir)
    data = json.loads((corpus_dir / "07-ferry-fares-rise-march.json").read_text())
    data["url"] = "https://mirror.example.org/ferry-fares"
    (tmp_path / "copy.json").write_text(json.dumps(data))
    assert "0 new document(s), 1 already present" in run(tmp_path)
    assert Document.objects.count() == 10
