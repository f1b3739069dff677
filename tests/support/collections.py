"""Write small local document collections (the corpus JSON format) for corroboration tests."""

from __future__ import annotations

import json
from pathlib import Path

HARBOUR_DOCUMENTS = [
    {
        "url": "https://wire.example.org/2025/03/harbour-bridge-budget",
        "title": "Harbour bridge budget tripled, audit finds",
        "publisher": "Example Wire",
        "published": "2025-03-02",
        "text": (
            "The audit office said on Monday that the Harbour Bridge budget tripled between 2021 and 2024. "
            "Mayor Alice Marsh had promised the bridge would cost 40 million euros. "
            "Auditors found the final cost was 120 million euros, three times the promise."
        ),
    },
    {
        "url": "https://gazette.example.org/harbour-bridge-costs",
        "title": "Council defends Harbour Bridge costs",
        "publisher": "Harbour Gazette",
        "published": "2025-03-04",
        "text": (
            "The council of Portwell defended the Harbour Bridge spending. A spokesperson said the cost rose "
            "because of steel prices. Mayor Alice Marsh did not comment on the audit."
        ),
    },
    {
        "url": "https://sports.example.org/regatta",
        "title": "Regatta returns to Portwell",
        "publisher": "Sports Desk",
        "published": "2025-02-20",
        "text": "The annual regatta returns to Portwell harbour this summer with forty boats entered.",
    },
]

HARBOUR_CLAIM = "The Harbour Bridge cost 120 million euros, three times what Mayor Alice Marsh promised."


def write_collection(directory: Path, documents: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for index, document in enumerate(documents):
        (directory / f"{index:04d}.json").write_text(json.dumps(document), encoding="utf-8")
    return directory


def bulk_documents(count: int) -> list[dict]:
    """``count`` distinct documents that all match the harbour claim's terms (for long-running runs)."""
    filler = " ".join(
        f"Paragraph {n} reviews the Harbour Bridge accounts, line by line, for the audit." for n in range(40)
    )
    return [
        {
            "url": f"https://archive.example.org/harbour/{n}",
            "title": f"Harbour Bridge audit, part {n}",
            "publisher": "Archive",
            "published": "2025-03-01",
            "text": f"Part {n}. Mayor Alice Marsh and the Harbour Bridge cost of 120 million euros. {filler}",
        }
        for n in range(count)
    ]
