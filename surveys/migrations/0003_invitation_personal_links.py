"""Survey invitation links move to core's personal links. The token of a link already
emailed was an HMAC of the invitation under the secret key, and each invitation kept its
SHA-256: that is the hash core.links stores too, so it is copied as it is and every link
already sent keeps working, for INVITATION_LINK_VALIDITY from now. Links no longer depend
on the secret key."""

import datetime

from django.db import migrations
from django.utils import timezone

INVITATION_LINK_VALIDITY = datetime.timedelta(days=365)


def copy_invitation_hashes(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    PersonalLink = apps.get_model("core", "PersonalLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    invitations = Invitation.objects.values_list("pk", "token_hash")
    if not invitations.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="surveys", model="invitation"
    )
    expires_at = timezone.now() + INVITATION_LINK_VALIDITY
    PersonalLink.objects.bulk_create(
        (
            PersonalLink(
                purpose="surveys.invitation",
                token_hash=token_hash,
                content_type=content_type,
                object_id=pk,
                expires_at=expires_at,
            )
            for pk, token_hash in invitations.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0007_personal_link"),
        ("surveys", "0002_public_link_confirmed_emails"),
    ]

    operations = [migrations.RunPython(copy_invitation_hashes, migrations.RunPython.noop)]
