"""Who a sentence is attributed to: the patterns news copy uses (``patterns``) and the in-article
coreference that resolves them to a person or body (``tracker``)."""

from claims.extraction.speakers.tracker import Attribution, SpeakerTracker

__all__ = ["Attribution", "SpeakerTracker"]
