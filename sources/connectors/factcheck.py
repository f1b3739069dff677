"""Google Fact Check Tools ``claims:search``: existing fact-checks (ClaimReview) by other publishers.

README section 3 of the connector reference (../shared/connectors). The key comes from the Connector row, else from
``settings.GOOGLE_FACTCHECK_API_KEY``; without one the connector is off and says so
(``disabled_reason``). One FoundDocument per ClaimReview; its rating and publisher are in ``extra``.
Errors follow Google's model ``{"error": {"code", "message", "status", "details": [ErrorInfo]}}``:
429 / RESOURCE_EXHAUSTED and 5xx are transient, the rest (bad key, API disabled) permanent.
"""

from __future__ import annotations

import json

from django.conf import settings

from sources.connectors.base import ConnectorError, FoundDocument, SearchQuery
from sources.connectors.common import JSON_TYPES, BaseConnector, parse_timestamp, query_terms
from sources.fetching import FetchError

DEFAULT_ENDPOINT = "https://factchecktools.googleapis.com/v1alpha1/claims:search"
MAX_PAGES = 5


class FactCheckConnector(BaseConnector):
    kind = "factcheck"
    service = "Google Fact Check Tools"

    @property
    def api_key(self) -> str:
        return self.config.api_key or settings.GOOGLE_FACTCHECK_API_KEY or ""

    @property
    def disabled_reason(self) -> str | None:
        if not self.api_key:
            return "no API key: set GOOGLE_FACTCHECK_API_KEY or the key on the factcheck connector"
        return super().disabled_reason

    def run(self, query: SearchQuery) -> list[FoundDocument]:
        params = {"query": " ".join(query_terms(query, limit=6)) or query.text, "key": self.api_key}
        params |= {"languageCode": query.language, "pageSize": self.max_results}
        if self.option("publisher_site", ""):
            params["reviewPublisherSiteFilter"] = self.option("publisher_site", "")
        documents: list[FoundDocument] = []
        for _ in range(MAX_PAGES):
            body = self.get(self.config.base_url or DEFAULT_ENDPOINT, params=params, accept=JSON_TYPES, robots=False)
            page = body.json()
            documents += [doc for claim in page.get("claims", []) for doc in reviews(claim)]
            token = page.get("nextPageToken")
            if not token or len(documents) >= self.max_results:
                break
            params["pageToken"] = token  # every other parameter must stay the same
        return documents

    def error_from_fetch(self, exc: FetchError) -> ConnectorError:
        """Google's JSON error body read into ``message (STATUS / REASON)``."""
        try:
            error = json.loads(exc.body)["error"]
        except (ValueError, KeyError, TypeError):
            return super().error_from_fetch(exc)
        reasons = [d.get("reason") for d in error.get("details", []) if isinstance(d, dict) and d.get("reason")]
        label = " / ".join(filter(None, [error.get("status"), *reasons]))
        message = f"{self.service}: HTTP {exc.status}: {error.get('message', '').strip()}"
        if label:
            message += f" ({label})"
        transient = exc.transient or error.get("status") in ("RESOURCE_EXHAUSTED", "UNAVAILABLE")
        return ConnectorError(message, transient=transient, retry_after=exc.retry_after)


def reviews(claim: dict) -> list[FoundDocument]:
    """One document per review of ``claim`` (claimant and claim date are often absent)."""
    documents = []
    for review in claim.get("claimReview", []):
        if not review.get("url"):
            continue
        publisher = review.get("publisher") or {}
        documents.append(
            FoundDocument(
                url=review["url"],
                title=review.get("title") or claim.get("text", ""),
                publisher=publisher.get("name", "") or publisher.get("site", ""),
                published_at=parse_timestamp(review.get("reviewDate")),
                language=review.get("languageCode", ""),
                snippet=claim.get("text", ""),
                extra={
                    "rating": review.get("textualRating", ""),
                    "publisher": publisher.get("name", ""),
                    "publisher_site": publisher.get("site", ""),
                    "claim_text": claim.get("text", ""),
                    "claimant": claim.get("claimant", ""),
                    "claim_date": claim.get("claimDate", ""),
                    "review_date": review.get("reviewDate", ""),
                },
            )
        )
    return documents
