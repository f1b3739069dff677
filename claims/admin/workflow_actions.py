"""The claim page's workflow buttons: one handler per action, each parsing the form and calling a service.

A handler returns the success message; a refusal is an ApplicationError whose message the admin shows.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.http import HttpRequest, QueryDict

from claims.models import Claim, Decision, Evidence, Verdict
from claims.services import workflow as wf
from claims.services.workflow import permission_require
from claimtrack.exceptions import ApplicationError


def int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _int(data: QueryDict, field: str) -> int:
    value = int_or_none(data.get(field))
    if value is None:
        raise ApplicationError(f"The form is missing a valid {field.replace('_', ' ')}.", code="invalid_input")
    return value


def _version(data: QueryDict, field: str = "expected_version") -> int | None:
    return int_or_none(data.get(field))


def _verdict(claim: Claim, data: QueryDict) -> Verdict:
    verdict = Verdict.objects.filter(pk=_int(data, "verdict"), claim=claim).first()
    if verdict is None:
        raise ApplicationError("That verdict does not belong to this claim.", code="not_found", status=404)
    return verdict


def accept(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    wf.claim_accept(claim=claim, user=request.user, expected_version=_version(data))
    return "Claim accepted for checking."


def reject(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    wf.claim_reject(claim=claim, user=request.user, reason=data.get("reason", ""), expected_version=_version(data))
    return "Claim rejected."


def assign(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    assignee_id = int_or_none(data.get("assignee"))
    assignee = request.user if data.get("assignee") == "me" else None
    if assignee is None and assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=assignee_id).first()
    wf.claim_assign(claim=claim, user=request.user, assignee=assignee, expected_version=_version(data))
    return f"Claim assigned to {assignee.get_username()}."


def _decide(decision: str) -> Callable[..., str]:
    def handler(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
        evidence = Evidence.objects.filter(pk=_int(data, "evidence"), claim=claim).first()
        if evidence is None:
            raise ApplicationError("That evidence does not belong to this claim.", code="not_found", status=404)
        wf.evidence_decide(evidence=evidence, decision=decision, user=request.user, note=data.get("note", ""))
        return f"Evidence #{evidence.pk} {decision}."

    return handler


def propose(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    evidence_ids = [pk for pk in map(int_or_none, data.getlist("evidence_ids")) if pk is not None]
    wf.verdict_propose(
        claim=claim,
        rating=_int(data, "rating"),
        rationale=data.get("rationale", ""),
        evidence_ids=evidence_ids,
        user=request.user,
        expected_version=_version(data),
    )
    return "Verdict proposed; an editor other than you must approve it."


def update(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    evidence_ids = [pk for pk in map(int_or_none, data.getlist("evidence_ids")) if pk is not None]
    wf.verdict_update(
        verdict=_verdict(claim, data),
        user=request.user,
        rating=_int(data, "rating"),
        rationale=data.get("rationale", ""),
        evidence_ids=evidence_ids,
        expected_version=_version(data, "verdict_version"),
    )
    return "Verdict updated."


def approve(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    wf.verdict_approve(
        verdict=_verdict(claim, data), user=request.user, expected_version=_version(data, "verdict_version")
    )
    return "Verdict approved."


def publish(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    wf.verdict_publish(
        verdict=_verdict(claim, data), user=request.user, expected_version=_version(data, "verdict_version")
    )
    return "Verdict published; its ClaimReview is now in the public feed."


def _with_reason(service: Callable[..., Verdict], done: str) -> Callable[..., str]:
    def handler(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
        service(
            verdict=_verdict(claim, data),
            user=request.user,
            reason=data.get("reason", ""),
            expected_version=_version(data, "verdict_version"),
        )
        return done

    return handler


def corroborate(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    wf.claim_corroboration_request(claim=claim, user=request.user)
    return "Corroboration requested; new evidence appears here when the run finishes."


def add_url(*, request: HttpRequest, claim: Claim, data: QueryDict) -> str:
    from claims.corroboration import claim_url_add

    permission_require(user=request.user, perm="claims.add_claimurl", action="add a URL to search")
    claim_url_add(claim=claim, url=data.get("url", "").strip(), user=request.user)
    return "URL added; the URL connector fetches it and ranks its passages with the other evidence."


HANDLERS: dict[str, Callable[..., str]] = {
    "accept": accept,
    "reject": reject,
    "assign": assign,
    "accept-evidence": _decide(Decision.ACCEPTED),
    "dismiss-evidence": _decide(Decision.DISMISSED),
    "reset-evidence": _decide(Decision.PENDING),
    "propose": propose,
    "update": update,
    "approve": approve,
    "publish": publish,
    "send-back": _with_reason(wf.verdict_send_back, "Verdict sent back to its author."),
    "retract": _with_reason(wf.verdict_retract, "Verdict retracted; it is no longer in the public feed."),
    "reopen": _with_reason(wf.verdict_reopen, "Verdict reopened: the published one is retracted, a draft is ready."),
    "corroborate": corroborate,
    "add-url": add_url,
}
