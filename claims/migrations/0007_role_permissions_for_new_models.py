from django.db import migrations


def forwards(apps, schema_editor):
    from claims.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """Give the role groups their permissions on the models added by the extras migrations."""

    dependencies = [
        ("claims", "0006_webhooks"),
        ("sources", "0003_archive_requests"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
