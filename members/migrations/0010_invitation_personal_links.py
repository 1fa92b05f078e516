"""Invitation links move to core's personal links: the SHA-256 each invitation kept is the
hash core.links stores too, so the links of pending invitations keep working, until the
invitation expires as before."""

from django.db import migrations
from django.utils import timezone


def copy_invitation_hashes(apps, schema_editor):
    Invitation = apps.get_model("members", "Invitation")
    PersonalLink = apps.get_model("core", "PersonalLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pending = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).only("pk", "token_hash", "expires_at")
    if not pending.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="members", model="invitation"
    )
    PersonalLink.objects.bulk_create(
        (
            PersonalLink(
                purpose="members.invitation",
                token_hash=invitation.token_hash,
                content_type=content_type,
                object_id=invitation.pk,
                expires_at=invitation.expires_at,
            )
            for invitation in pending.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0007_personal_link"),
        ("members", "0009_import_job_lease"),
    ]

    operations = [migrations.RunPython(copy_invitation_hashes, migrations.RunPython.noop)]
