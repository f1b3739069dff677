"""OpenAPI generation: every operation documents the one error format for the statuses it can answer."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.JSONField()))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_CODES = {
    "400": "Invalid input, with field errors",
    "401": "Not authenticated",
    "403": "Not allowed",
    "404": "Not found",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "429": "Too many requests",
    "500": "Server error",
}
_WRITE_ERROR_CODES = {"409": "Conflict", "412": "Stale If-Match", "428": "If-Match required"}


class ClaimTrackAutoSchema(AutoSchema):
    """Documents the error format for every status an operation can answer with."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = dict(_ERROR_CODES)
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            codes.update(_WRITE_ERROR_CODES)
        for code, description in codes.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
