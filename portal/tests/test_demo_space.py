"""The demo register gives the member space's home recent working-group documents."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import (
    WorkingGroupDocument,
)
from members.tests.test_demo import register
from portal.services.space import NEW_DOCUMENTS_DAYS


def test_working_groups_have_recent_documents_for_the_member_space_home(client, db):
    register(40)
    recent = WorkingGroupDocument.objects.filter(
        uploaded_at__gte=timezone.now() - timedelta(days=NEW_DOCUMENTS_DAYS)
    )
    assert recent.exists()
    member = get_user_model().objects.get(email="member@demo.local")
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    home = client.get("/fr/space/").content.decode()
    assert "/documents/" in home
    document = WorkingGroupDocument.objects.filter(group__members__contact__user=member).first()
    assert (
        client.get(f"/fr/space/groups/{document.group.slug}/documents/{document.pk}/").status_code
        == 200
    )
