"""API permissions: the same Django permissions that ``claims/roles.py`` gives each role in the admin."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.permissions import BasePermission


class RolePermission(BasePermission):
    """``view.view_perm`` to read; ``view.action_perms[action]`` for anything else.

    On a single object a user who may not read the collection gets 404, not 403: whether a given id
    exists is itself private. On a collection the same user gets 403 (the collection's existence is not).
    Services check the permission again when they write (defence in depth, and the admin shares them).
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        view_perm = view.view_perm
        if _is_detail(view) and not user.has_perm(view_perm):
            raise exceptions.NotFound()
        needed = getattr(view, "action_perms", {}).get(getattr(view, "action", None), view_perm)
        return user.has_perm(needed)


def _is_detail(view) -> bool:
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    return lookup in getattr(view, "kwargs", {})
