"""Settings for the API benchmark's gunicorn: the project's settings plus a fixed-body baseline view."""

from claimtrack.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_urls"
