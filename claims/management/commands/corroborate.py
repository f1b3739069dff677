"""``manage.py corroborate CLAIM_ID``: run every enabled connector for one claim, here and now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims.corroboration import RunBusy, claim_corroborate, run_execute
from claims.models import Claim, CorroborationRun, RunStatus, RunTrigger
from claimtrack.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Run every enabled connector for one claim synchronously (no worker needed) and print a summary."

    def add_arguments(self, parser):
        parser.add_argument("claim_id", type=int, help="id of the claim")
        parser.add_argument("--connector", action="append", dest="connectors", help="only this connector (repeatable)")

    def handle(self, *args, claim_id: int, connectors: list[str] | None, **options):
        claim = Claim.objects.filter(id=claim_id).first()
        if claim is None:
            raise CommandError(f"No claim with id {claim_id}")
        try:
            runs = claim_corroborate(claim=claim, connectors=connectors, trigger=RunTrigger.MANUAL, send=False)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Claim {claim.id}: {claim.statement}")
        results = [self._execute(run) for run in runs]
        self._print_summary(results)
        claim.refresh_from_db()
        self.stdout.write(f"Evidence for the claim: {claim.evidence.count()} passages")
        if any(run.status == RunStatus.FAILED for run in results):
            raise CommandError("At least one connector failed (see above)")

    def _execute(self, run: CorroborationRun) -> CorroborationRun:
        # Run here rather than in a worker; a worker that already picked the run up keeps it.
        try:
            finished = run_execute(run=run, final_attempt=True)
        except RunBusy:
            finished = None
        return finished or CorroborationRun.objects.get(id=run.id)

    def _print_summary(self, runs: list[CorroborationRun]) -> None:
        self.stdout.write(f"{'connector':<10} {'status':<10} {'found':>6} {'new':>5} {'evidence':>9}  error")
        for run in runs:
            self.stdout.write(
                f"{run.connector:<10} {run.status:<10} {run.documents_found:>6} {run.documents_new:>5} "
                f"{run.evidence_created:>9}  {run.error}"
            )
