"""bench/finetune_checkworthiness.py: bad input is refused with a message, before anything is trained or written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "bench" / "finetune_checkworthiness.py"), *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)


def join(*arguments: str) -> subprocess.CompletedProcess:
    return run("--join", *arguments)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (["one"], "--join takes two or more model directories and needs --write DIR"),
        (["one", "two"], "holds no fine-tuned model"),
    ],
    ids=["one model", "folders that hold no model"],
)
def test_joining_what_cannot_be_an_ensemble_exits_with_a_message_and_writes_nothing(members, message, tmp_path):
    for name in members:
        (tmp_path / name).mkdir()

    result = join(*(str(tmp_path / name) for name in members), "--write", str(tmp_path / "ensemble"))

    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(members)


def test_join_without_a_target_exits_with_a_message(tmp_path):
    result = join(str(tmp_path), str(tmp_path))

    assert (result.returncode, "needs --write DIR" in result.stderr) == (2, True)


def test_join_with_a_training_option_exits_with_a_message(tmp_path):
    result = join(str(tmp_path / "a"), str(tmp_path / "b"), "--write", str(tmp_path / "c"), "--random-seed", "8")

    assert result.returncode == 2
    assert "--join trains nothing; these options are for training: --random-seed" in result.stderr


def test_write_into_a_folder_that_holds_something_else_is_refused_before_training(tmp_path):
    (tmp_path / "notes.txt").write_text("a reviewer's notes", encoding="utf-8")

    result = run("--write", str(tmp_path))

    assert result.returncode == 2
    assert "holds files but no model (scorer.json); a model is not written over it" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
