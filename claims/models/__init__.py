"""Claims, who made them, where they appeared, the evidence for them and the verdicts on them.

Submodules, each re-exported here, so ``from claims.models import X`` is the way to import any of them:

- ``claims``: speakers, tags, claims and their status, appearances, reviewer URLs
- ``evidence``: stances, reviewer decisions, evidence
- ``verdicts``: the rating scale, verdict statuses, verdicts
- ``corroboration_runs``: run statuses and triggers, corroboration runs
- ``external_reviews``: other fact-checkers' ClaimReviews
- ``webhooks``: webhook events, subscriptions, deliveries and attempts
"""

# isort: off
# Imported in the order the models were defined when this was one module: Django registers models (and so
# creates their content types and permissions) in import order.
from claims.models.claims import Appearance, Claim, ClaimStatus, ClaimURL, Speaker, Tag
from claims.models.evidence import RANKING_HISTORY_REASON, Decision, Evidence, Stance
from claims.models.verdicts import ACTIVE_VERDICT_STATUSES, RatingLabel, Verdict, VerdictStatus
from claims.models.corroboration_runs import CorroborationRun, RunStatus, RunTrigger
from claims.models.external_reviews import ExternalReview, ExternalReviewSource
from claims.models.webhooks import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
    webhook_secret_generate,
)
# isort: on

# simple-history attaches the history models it generates to the submodule that defines the tracked model;
# named here too, they stay reachable as claims.models.Historical<Model>.
HistoricalClaim = Claim.history.model
HistoricalEvidence = Evidence.history.model
HistoricalVerdict = Verdict.history.model

__all__ = [
    "ACTIVE_VERDICT_STATUSES",
    "RANKING_HISTORY_REASON",
    "Appearance",
    "Claim",
    "ClaimStatus",
    "ClaimURL",
    "CorroborationRun",
    "Decision",
    "DeliveryStatus",
    "Evidence",
    "ExternalReview",
    "ExternalReviewSource",
    "HistoricalClaim",
    "HistoricalEvidence",
    "HistoricalVerdict",
    "RatingLabel",
    "RunStatus",
    "RunTrigger",
    "Speaker",
    "Stance",
    "Tag",
    "Verdict",
    "VerdictStatus",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "webhook_secret_generate",
]
