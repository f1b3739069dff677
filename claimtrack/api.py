"""API plumbing shared by every endpoint: the one error format, pagination, throttling, body limits, ETags.

Every 4xx and 5xx answer of ``/api/`` has the same body::

    {"error": {"code": "invalid", "message": "Invalid input.", "fields": {"statement": ["This field is required."]}}}

``code`` is stable and machine-readable, ``message`` is for people, ``fields`` maps a field (or query
parameter) to its messages and is ``{}`` when the error is not about a field.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import connections
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claimtrack.exceptions import ApplicationError

logger = logging.getLogger(__name__)

# Codes of ApplicationError that mean "someone changed it since you read it".
STALE_CODES = {"stale_version"}


# --- The error format ----------------------------------------------------------------------------
def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _plain(detail: Any) -> Any:
    """ErrorDetail trees -> plain str / list / dict (JSON-ready, no lazy strings)."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, list | tuple):
        return [_plain(item) for item in detail]
    return str(detail)


def _fields_of(detail: Any) -> dict:
    if isinstance(detail, dict):
        return {key: value if isinstance(value, list) else [value] for key, value in _plain(detail).items()}
    if isinstance(detail, list):
        return {"non_field_errors": _plain(detail)}
    return {}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "This update needs an If-Match header with the ETag you read."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it; fetch it again and retry."
    default_code = "precondition_failed"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def _drf_error(exc: exceptions.APIException) -> tuple[str, str, dict]:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid", "Invalid input.", _fields_of(exc.detail)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    if isinstance(exc.detail, dict | list):
        return code, str(exc.default_detail), _fields_of(exc.detail)
    return code, str(exc.detail), {}


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception of a view becomes the one error format.

    Unexpected exceptions are logged with their traceback and answered with a 500 that reveals nothing.
    """
    headers: dict[str, str] = {}
    if isinstance(exc, ApplicationError):
        status_code = 412 if exc.code in STALE_CODES else exc.status
        body = error_body(exc.code, exc.message, _fields_of(exc.extra) if exc.extra else {})
    elif isinstance(exc, Http404):
        status_code, body = 404, error_body("not_found", "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        status_code, body = 403, error_body("permission_denied", "You do not have permission to do this.")
    elif isinstance(exc, RequestDataTooBig):
        status_code, body = 413, error_body(RequestTooLarge.default_code, str(RequestTooLarge.default_detail))
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        body = error_body(*_drf_error(exc))
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))
    else:
        logger.exception("Unhandled error in API view %s", context.get("view").__class__.__name__)
        status_code, body = 500, error_body("server_error", "Internal server error.")
    _rollback_atomic_requests()
    return Response(body, status=status_code, headers=headers)


def _rollback_atomic_requests() -> None:
    """What DRF's ``set_rollback`` does (importing ``rest_framework.views`` here would be circular)."""
    for db in connections.all():
        if db.settings_dict.get("ATOMIC_REQUESTS") and db.in_atomic_block:
            db.set_rollback(True)


# --- Django-level handlers for /api/ paths (errors raised outside DRF views) ---------------------
def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def handler400(request, exception=None):
    if not _is_api(request):
        from django.views.defaults import bad_request

        return bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(error_body("request_too_large", "The request body is too large."), status=413)
    return JsonResponse(error_body("bad_request", "Bad request."), status=400)


def handler403(request, exception=None):
    if not _is_api(request):
        from django.views.defaults import permission_denied

        return permission_denied(request, exception)
    return JsonResponse(error_body("permission_denied", "You do not have permission to do this."), status=403)


def handler404(request, exception=None):
    if not _is_api(request):
        from django.views.defaults import page_not_found

        return page_not_found(request, exception)
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def handler500(request):
    if not _is_api(request):
        from django.views.defaults import server_error

        return server_error(request)
    return JsonResponse(error_body("server_error", "Internal server error."), status=500)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: API clients get the error format; the admin keeps Django's page."""
    if not _is_api(request):
        from django.views.csrf import csrf_failure as default

        return default(request, reason)
    return JsonResponse(error_body("csrf_failed", f"CSRF check failed: {reason}"), status=403)


# --- Request bodies ------------------------------------------------------------------------------
class LimitedJSONParser(JSONParser):
    """JSON with a size cap (``API_MAX_BODY_BYTES``), enforced on the bytes read, not only the header.

    DRF hands the raw stream to the parser, so Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not apply.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge()
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise RequestTooLarge()
        return super().parse(io.BytesIO(data), media_type, parser_context)


class StrictSerializerMixin:
    """Refuse keys the serializer does not know: a typo must not be silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return super().to_internal_value(data)


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    pass


# --- Pagination ----------------------------------------------------------------------------------
class Cursor(CursorPagination):
    """Cursor pagination; a bad ``cursor`` or ``page_size`` is a 400 naming the parameter."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-created_at"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({self.cursor_query_param: ["Invalid cursor."]}) from None

    def get_ordering(self, request, queryset, view):
        """The ordering filter's choice when the view has one, else the view's ``ordering``."""
        has_filter = any(hasattr(backend, "get_ordering") for backend in getattr(view, "filter_backends", []))
        ordering = getattr(view, "ordering", None)
        if has_filter or not ordering:
            return super().get_ordering(request, queryset, view)
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            message = f"Must be an integer between 1 and {self.max_page_size}."
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(raw)


# --- Throttling ----------------------------------------------------------------------------------
class _SettingsRateMixin:
    """Reads the rate from settings on each request so that changing settings takes effect."""

    rate_setting = ""

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    @property
    def cache(self):
        from django.core.cache import caches

        return caches[settings.API_THROTTLE_CACHE]


class PerUserThrottle(_SettingsRateMixin, UserRateThrottle):
    scope = "user"
    rate_setting = "API_THROTTLE_USER"

    def allow_request(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return True  # anonymous clients are counted by PerAnonThrottle
        return super().allow_request(request, view)


class PerAnonThrottle(_SettingsRateMixin, AnonRateThrottle):
    scope = "anon"
    rate_setting = "API_THROTTLE_ANON"


# --- Optimistic concurrency ----------------------------------------------------------------------
def etag_for(version: int) -> str:
    return f'"{version}"'


def require_if_match(request, current_version: int) -> int:
    """Check ``If-Match`` against the version read now; return the version the client based its edit on.

    No header -> 428; a header that names another version -> 412. The service re-checks the version in
    its UPDATE, so a change that lands between this check and the write is still refused.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")]
    if "*" in tags:
        raise PreconditionRequired("If-Match: * does not protect against lost updates; send the ETag you read.")
    if str(current_version) not in tags:
        raise PreconditionFailed()
    return current_version


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag_for(version)
    return response
