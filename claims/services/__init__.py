"""Claim-side services, one module per area: ``ingestion`` (article to claims), ``workflow`` (statuses,
evidence decisions, verdicts), ``claimreview`` (schema.org output). Import from the module itself."""
