"""Trigram indexes for the staff search of newsletter subscribers (core.search), which read
every subscriber before.
"""

from django.db import migrations

from core.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_search_text"),
        ("communications", "0007_subscriber_source_join_form"),
    ]

    operations = [
        trigram_indexes(
            {
                ("communications_subscriber", "email"): "subscriber_email_trgm",
                ("communications_subscriber", "first_name"): "subscriber_first_name_trgm",
                ("communications_subscriber", "last_name"): "subscriber_last_name_trgm",
                (
                    "communications_subscriber",
                    "organization_name",
                ): "subscriber_organization_name_trgm",
            }
        )
    ]
