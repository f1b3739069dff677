from tests.api_support import _throttle_counters_per_test  # noqa: F401
