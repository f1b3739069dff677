"""Claim extraction: sentences, check-worthiness, speakers, quotes and statements from article text.

Modules: ``sentences`` (pysbd splitting, quotation spans), ``checkworthiness`` (scores in [0, 1] and the
threshold), ``speakers`` (attribution and in-article coreference), ``statements`` (normalised claim
text), ``nlp`` (the spaCy model), ``pipeline`` (``extract_candidates``). Nothing here touches the
database.
"""
