"""The pages of needs, offers and introductions are valid HTML, as the Nu HTML checker sees
them (one run for all of them; skipped where Java or the checker is missing, as in
tests/test_html_validity.py)."""

from django.urls import reverse
from django.utils import timezone

from collaboration.models import Introduction
from collaboration.tests.introductions_factories import competence, post_of, sector
from tests.test_html_validity import _errors, vnu  # noqa: F401 (the checker's fixture)


def test_member_and_staff_pages_are_valid_html(vnu, personas, client_for, tmp_path):  # noqa: F811
    cyber, industry = competence("Cybersécurité"), sector("Industrie")
    personas.org_b.competences.set([cyber])
    personas.org_b.directory_consent_at = timezone.now()
    personas.org_b.save()
    own = post_of(personas.org_a, competences=[cyber], sectors=[industry])
    theirs = post_of(personas.org_b, competences=[cyber], kind="offer", title="Banc 5G")
    introduction = Introduction.objects.create(
        requester=personas.org_a,
        requested_by=personas.member_admin.contact,
        target=personas.org_b,
        post=theirs,
        message="Bonjour,\néchangeons.",
        status="accepted",
        decided_by=personas.other_member.contact,
        decided_at=timezone.now(),
    )
    pages = {}
    member = client_for("member_admin")
    for name, kwargs in [
        ("space_posts", None),
        ("space_post_create", None),
        ("space_post", {"pk": own.pk}),
        ("space_post", {"pk": theirs.pk}),
        ("space_post_edit", {"pk": own.pk}),
        ("space_post_suggestions", {"pk": own.pk}),
        ("space_introductions", None),
        ("space_introduction", {"pk": introduction.pk}),
        ("space_introduction_request", {"slug": personas.org_b.slug}),
        ("space_digest", None),
    ]:
        url = reverse(f"collaboration:{name}", kwargs=kwargs)
        pages[url] = member.get(url).content.decode()
    # Forms sent wrong come back with their errors next to the fields.
    url = reverse("collaboration:space_post_create")
    pages["POST " + url] = member.post(url, {"expires_on": "2001-01-01"}).content.decode()
    staff = client_for("staff")
    for name, kwargs in [
        ("staff_posts", None),
        ("staff_post_suggestions", {"pk": own.pk}),
        ("staff_introductions", None),
        ("staff_introduction_create", None),
    ]:
        url = reverse(f"collaboration:{name}", kwargs=kwargs)
        pages[url] = staff.get(url).content.decode()
    url = reverse("collaboration:staff_introduction_create")
    pages["POST " + url] = staff.post(url, {}).content.decode()

    errors = _errors(vnu, pages, tmp_path)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
