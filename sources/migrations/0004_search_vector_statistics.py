"""Keep statistics on 10,000 lexemes of ``Passage.search_vector`` instead of 1,000.

``sources/search_plan.py`` plans full-text candidates from these frequencies; with the default target
a lexeme outside the list is assumed as common as the 1,000th, which on a million passages makes
every rare claim word look like thousands of rows. ANALYZE then samples more rows (a few seconds on
a million passages), which autovacuum does in the background.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_archive_requests"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE sources_passage ALTER COLUMN search_vector SET STATISTICS 1000",
            reverse_sql="ALTER TABLE sources_passage ALTER COLUMN search_vector SET STATISTICS -1",
        ),
    ]
