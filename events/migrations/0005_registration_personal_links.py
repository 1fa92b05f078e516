"""Registration and check-in tokens move to core's personal links, hashed: every link
already emailed keeps working, until 90 days after its event's end (the rule for new
links); links of events that ended longer ago are not carried over."""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone

LINKS_OUTLIVE_EVENT = datetime.timedelta(days=90)


def hash_registration_tokens(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    PersonalLink = apps.get_model("core", "PersonalLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    now = timezone.now()
    registrations = Registration.objects.filter(
        event__ends_at__gt=now - LINKS_OUTLIVE_EVENT
    ).values_list("pk", "token", "checkin_token", "event__ends_at")
    if not registrations.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="events", model="registration"
    )

    def links():
        for pk, token, checkin_token, ends_at in registrations.iterator():
            expires_at = max(ends_at, now) + LINKS_OUTLIVE_EVENT
            for purpose, raw in (("events.registration", token), ("events.checkin", checkin_token)):
                yield PersonalLink(
                    purpose=purpose,
                    token_hash=hashlib.sha256(raw.encode()).hexdigest(),
                    content_type=content_type,
                    object_id=pk,
                    expires_at=expires_at,
                )

    PersonalLink.objects.bulk_create(links(), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0007_personal_link"),
        ("events", "0004_upload_content_checked"),
    ]

    operations = [migrations.RunPython(hash_registration_tokens, migrations.RunPython.noop)]
