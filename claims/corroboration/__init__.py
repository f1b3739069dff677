"""Corroboration: search connectors on a claim's behalf, store what they find, rank the evidence.

The life of a run (one connector for one claim), each step safe to repeat:

1. ``claim_corroborate`` records a ``queued`` run per connector and, once the transaction commits,
   sends its job. A job the broker did not take leaves ``enqueued_at`` empty: the outbox
   (``runs_send_pending``, on a schedule and at worker start) sends it later.
2. ``run_execute`` claims the row with a compare-and-swap (``queued`` -> ``running``); while it works
   a thread refreshes ``heartbeat_at``. A second delivery of the job finds the row running: with a
   fresh heartbeat it waits (``RunBusy``); with a stale one the worker died and it takes over.
3. The connector searches with the claim's query (``claims.services.search_query``); its hits are
   upserted as documents (unique URL / content hash), fetched and indexed; ``claim_rank_evidence``
   upserts the top passages as Evidence (unique per claim + passage).

Submodules (import from the package; every public name is re-exported here):

- ``requesting``: ``claim_corroborate``, ``claim_url_add`` (reviewer URLs), ``OPEN_STATUSES``.
- ``outbox``: ``runs_send``, ``runs_send_pending`` (the sweeper).
- ``execution``: ``run_acquire``, ``run_execute``, ``document_prepare``, ``RunBusy``,
  ``RunTransientError``, ``RunOutcome``.
- ``ranking``: ``claim_rank_evidence``.
"""

from claims.corroboration.execution import (
    RunBusy,
    RunOutcome,
    RunTransientError,
    document_prepare,
    run_acquire,
    run_execute,
)
from claims.corroboration.outbox import runs_send, runs_send_pending
from claims.corroboration.ranking import _flag_new_evidence as _flag_new_evidence  # tests call it directly
from claims.corroboration.ranking import claim_rank_evidence
from claims.corroboration.requesting import OPEN_STATUSES, claim_corroborate, claim_url_add

__all__ = [
    "OPEN_STATUSES",
    "RunBusy",
    "RunOutcome",
    "RunTransientError",
    "claim_corroborate",
    "claim_rank_evidence",
    "claim_url_add",
    "document_prepare",
    "run_acquire",
    "run_execute",
    "runs_send",
    "runs_send_pending",
]
