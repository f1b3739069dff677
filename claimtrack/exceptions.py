"""The one error type that services raise for a forbidden action or invalid input."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the domain was broken (forbidden transition, missing precondition, bad input).

    ``code`` is a stable machine-readable identifier; ``extra`` holds field errors or details.
    The DRF exception handler in ``claimtrack/api.py`` turns it into an HTTP 400 (or ``status``).
    """

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}
        if status is not None:
            self.status = status
