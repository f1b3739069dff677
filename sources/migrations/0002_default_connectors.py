from django.db import migrations

DEFAULT_CONNECTORS = [
    # kind, base URL, enabled
    ("rss", "", True),
    ("url", "", True),
    ("wikipedia", "https://en.wikipedia.org/w/api.php", True),
    ("gdelt", "https://api.gdeltproject.org/api/v2/doc/doc", True),
    ("factcheck", "https://factchecktools.googleapis.com/v1alpha1/claims:search", True),
    ("local", "", True),
]


def forwards(apps, schema_editor):
    connector = apps.get_model("sources", "Connector")
    for kind, base_url, enabled in DEFAULT_CONNECTORS:
        connector.objects.get_or_create(kind=kind, defaults={"base_url": base_url, "enabled": enabled})


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
