"""Retry delays: exponential, jittered, capped below the visibility timeout."""

from __future__ import annotations

from claimtrack.queueing import backoff_delay


def test_the_delay_grows_exponentially_with_jitter(settings):
    settings.CELERY_RETRY_BACKOFF_BASE = 1.0
    settings.CELERY_RETRY_BACKOFF_MAX = 100

    for attempt, full in [(0, 1.0), (1, 2.0), (3, 8.0)]:
        delays = {backoff_delay(attempt) for _ in range(50)}
        assert all(full / 2 <= delay <= full for delay in delays)
        assert len(delays) > 1  # jittered, not a fixed value


def test_the_delay_never_exceeds_the_cap_even_for_a_long_retry_after(settings):
    settings.CELERY_RETRY_BACKOFF_BASE = 2.0
    settings.CELERY_RETRY_BACKOFF_MAX = 10

    assert backoff_delay(20) <= 10
    assert backoff_delay(0, retry_after=3600) == 10
    assert backoff_delay(0, retry_after=7) == 7
