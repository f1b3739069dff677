"""The claims side of the REST API: articles, claims, evidence, verdicts, runs, match, ClaimReview feed.

Each action is: validate the input -> call a service (writes) or a selector (reads) -> serialize.
The workflow rules and the role checks of writes live in ``claims/services/workflow/``, shared with
the admin; ``RolePermission`` refuses early with the same permissions so that the answer is 403/404
before any work is done.

Submodules:
- ``common``: the ``If-Match`` schema parameter and input validation, shared by the others.
- ``claims``: ``ClaimViewSet``, claims with their workflow actions (accept, reject, assign, tags,
  corroborate, add a URL).
- ``evidence``: ``ClaimEvidenceViewSet`` (one claim's evidence) and ``EvidenceViewSet`` (with ``decide``).
- ``verdicts``: ``VerdictViewSet``, propose, update, approve, publish, send back, retract, reopen.
- ``runs``: ``RunViewSet``, corroboration runs.
- ``articles``: ``ArticleViewSet``, articles and their submission by URL or text.
- ``match``: ``MatchView``, "has this been checked?".
- ``claimreview``: ``ClaimReviewViewSet``, the public ClaimReview JSON-LD feed.
- ``extras``: webhook subscriptions and deliveries, and imported ClaimReview records.
"""

from claims.apis.articles import ArticleViewSet
from claims.apis.claimreview import ClaimReviewViewSet
from claims.apis.claims import ClaimViewSet
from claims.apis.evidence import ClaimEvidenceViewSet, EvidenceViewSet
from claims.apis.match import MatchView
from claims.apis.runs import RunViewSet
from claims.apis.verdicts import VerdictViewSet

__all__ = [
    "ArticleViewSet",
    "ClaimEvidenceViewSet",
    "ClaimReviewViewSet",
    "ClaimViewSet",
    "EvidenceViewSet",
    "MatchView",
    "RunViewSet",
    "VerdictViewSet",
]
