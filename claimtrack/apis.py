"""API endpoints that belong to no app: exchanging a username and password for a token."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from claimtrack.api import LimitedJSONParser, PerAnonThrottle, PerUserThrottle, StrictSerializerMixin


class TokenInput(StrictSerializerMixin, AuthTokenSerializer):
    pass


class TokenObtainView(ObtainAuthToken):
    """POST username and password, get the API token to send as ``Authorization: Token <key>``."""

    serializer_class = TokenInput
    parser_classes = [LimitedJSONParser]
    # Guessing passwords costs one throttled request per try.
    throttle_classes = [PerUserThrottle, PerAnonThrottle]

    @extend_schema(
        request=TokenInput,
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
