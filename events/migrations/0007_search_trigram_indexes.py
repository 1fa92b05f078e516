"""Trigram indexes for the searches of the check-in list and the staff registration list
(core.search), which read every registration before.
"""

from django.db import migrations

from core.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("core", "0008_search_text"), ("events", "0006_registration_tokens_remove")]

    operations = [
        trigram_indexes(
            {
                ("events_registration", "first_name"): "registration_first_name_trgm",
                ("events_registration", "last_name"): "registration_last_name_trgm",
                ("events_registration", "email"): "registration_email_trgm",
                ("events_registration", "organization_name"): "registration_organization_name_trgm",
            }
        )
    ]
