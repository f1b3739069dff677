from django.db import migrations

RATING_SCALE = [
    # slug, label (ClaimReview alternateName), ratingValue, description
    ("true", "True", 5, "The claim is accurate and nothing significant is missing."),
    ("mostly-true", "Mostly true", 4, "Accurate but needs clarification or additional information."),
    (
        "half-true",
        "Half true",
        3,
        "Partially accurate but leaves out important details or takes things out of context.",
    ),
    (
        "mostly-false",
        "Mostly false",
        2,
        "Contains an element of truth but ignores facts that would give a different impression.",
    ),
    ("false", "False", 1, "The claim is not accurate."),
]


def forwards(apps, schema_editor):
    from claims.roles import sync_role_groups

    sync_role_groups(apps)
    rating_label = apps.get_model("claims", "RatingLabel")
    for position, (slug, label, value, description) in enumerate(RATING_SCALE):
        rating_label.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "rating_value": value, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
