"""Reviewer roles as Django groups. The one place that says which role may do what.

The admin and the API both check these permissions (``user.has_perm``), so a role behaves the same
way in both. A migration creates the groups; ``sync_role_groups`` can be re-run safely.
"""

from __future__ import annotations

VIEWER = "viewer"
REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ROLES = [VIEWER, REVIEWER, EDITOR, ADMIN]

_VIEW_MODELS = {
    "claims": [
        "claim",
        "speaker",
        "tag",
        "appearance",
        "evidence",
        "verdict",
        "ratinglabel",
        "corroborationrun",
        "externalreview",
        "claimurl",
    ],
    "sources": ["article", "outlet", "document", "passage", "connector", "feed", "archiverequest"],
}

# (app_label, codename) pairs per role, on top of the role below it.
_REVIEWER_EXTRA = [
    ("claims", "change_claim"),
    ("claims", "add_tag"),
    ("claims", "add_speaker"),
    ("claims", "change_speaker"),
    ("claims", "add_evidence"),
    ("claims", "change_evidence"),
    ("claims", "add_verdict"),
    ("claims", "change_verdict"),
    ("claims", "add_corroborationrun"),
    ("claims", "add_claimurl"),
    ("sources", "add_article"),
]
_EDITOR_EXTRA = [
    ("claims", "approve_verdict"),
    ("claims", "publish_verdict"),
    ("claims", "retract_verdict"),
    ("sources", "change_connector"),
    ("sources", "add_feed"),
    ("sources", "change_feed"),
    ("sources", "delete_feed"),
    ("sources", "add_document"),
    ("sources", "change_document"),
    ("claims", "view_webhooksubscription"),
    ("claims", "add_webhooksubscription"),
    ("claims", "change_webhooksubscription"),
    ("claims", "delete_webhooksubscription"),
    ("claims", "view_webhookdelivery"),
    ("claims", "view_webhookattempt"),
]


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    viewer = [(app, f"view_{model}") for app, models in _VIEW_MODELS.items() for model in models]
    reviewer = viewer + _REVIEWER_EXTRA
    editor = reviewer + _EDITOR_EXTRA
    return {VIEWER: viewer, REVIEWER: reviewer, EDITOR: editor}


def sync_role_groups(apps=None) -> None:
    """Create the role groups and give each its permissions (the admin group gets every permission)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app states have no models module, which create_permissions skips; set one for the
        # call and put back what was there (the live registry's, when called outside a migration).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = original
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, pairs in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=role)
        # A migration that runs before a later model exists syncs what exists; that model's own migration
        # re-runs this function (e.g. claims 0004_extras_role_permissions).
        perms = [
            perm
            for app, code in pairs
            for perm in permission_model.objects.filter(content_type__app_label=app, codename=code)
        ]
        group.permissions.set(perms)
    admin_group, _ = group_model.objects.get_or_create(name=ADMIN)
    admin_group.permissions.set(permission_model.objects.all())


def user_has_role(user, role: str) -> bool:
    """True when ``user`` is in ``role`` or a role above it (superusers have every role)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ladder = ROLES[ROLES.index(role) :]
    return any(name in ladder for name in user.groups.values_list("name", flat=True))
