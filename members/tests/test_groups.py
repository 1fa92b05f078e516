import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.tests.upload_samples import GENUINE
from members.models import WorkingGroup, WorkingGroupDocument, WorkingGroupMember
from members.services import groups as group_services
from members.services.groups import GROUP_DOCUMENT_MAX_BYTES
from members.tests.factories import ContactFactory, OrganizationFactory, member_user

pytestmark = pytest.mark.django_db

ODT = GENUINE["odt"]()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _group(name="Cybersécurité", **kwargs) -> WorkingGroup:
    return group_services.group_save(
        group=None,
        data={
            "name_fr": name,
            "name_en": "",
            "slug": kwargs.get("slug", ""),
            "description_fr": "Un groupe.",
            "description_en": "",
            "status": kwargs.get("status", WorkingGroup.Status.ACTIVE),
        },
    )


def _member(group, user, *, role=WorkingGroupMember.Role.MEMBER, status="accepted"):
    return WorkingGroupMember.objects.create(
        group=group, contact=user.contact, role=role, status=status
    )


@pytest.fixture
def group(personas):
    """Led by org A's admin; org A's plain contact is not in it."""
    group = _group()
    _member(group, personas.member_admin, role=WorkingGroupMember.Role.LEAD)
    return group


def _url(name, *args):
    return reverse(f"members:{name}", args=args)


# Joining


def test_asking_to_join_twice_creates_one_pending_request(group, personas, client_for):
    client = client_for("member_contact")
    for _attempt in range(2):
        response = client.post(_url("space_group_join", group.slug))
        assert response.status_code == 302
    memberships = WorkingGroupMember.objects.filter(contact=personas.member_contact.contact)
    assert [(m.group_id, m.status) for m in memberships] == [(group.pk, "requested")]


def test_a_declined_contact_asking_again_stays_declined(group, personas):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    group_services.group_request_decide(
        membership=membership, accept=False, decided_by=personas.staff
    )
    again = group_services.group_join_request(group=group, contact=personas.member_contact.contact)
    assert again.pk == membership.pk
    assert again.status == WorkingGroupMember.Status.DECLINED


@pytest.mark.parametrize("status", [WorkingGroup.Status.PAUSED, WorkingGroup.Status.CLOSED])
def test_a_paused_or_closed_group_takes_no_request(personas, client_for, status):
    stopped = _group("En pause", status=status)
    response = client_for("member_contact").post(_url("space_group_join", stopped.slug))
    assert response.status_code == 302
    assert not WorkingGroupMember.objects.filter(group=stopped).exists()
    with pytest.raises(group_services.GroupNotActiveError):
        group_services.group_join_request(group=stopped, contact=personas.member_contact.contact)


def test_groups_list_shows_join_button_and_pending_state(group, personas, client_for):
    client = client_for("member_contact")
    with translation.override("en"):
        join_url = _url("space_group_join", group.slug)
        list_url = _url("space_groups")
    assert join_url in client.get(list_url).content.decode()
    client.post(join_url)
    page = client.get(list_url).content.decode()
    assert join_url not in page
    assert "Your request to join is waiting for an answer." in page


# Deciding


def test_lead_accepts_a_request_from_the_member_space(group, personas, client_for):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    page = client_for("member_admin").get(_url("space_group", group.slug)).content.decode()
    assert personas.member_contact.contact.full_name in page
    response = client_for("member_admin").post(
        _url("space_group_request_accept", group.slug, membership.pk)
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == WorkingGroupMember.Status.ACCEPTED
    assert membership.decided_by == personas.member_admin
    assert client_for("member_contact").get(_url("space_group", group.slug)).status_code == 200


def test_lead_declines_a_request(group, personas, client_for):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    client_for("member_admin").post(_url("space_group_request_decline", group.slug, membership.pk))
    membership.refresh_from_db()
    assert membership.status == WorkingGroupMember.Status.DECLINED
    assert client_for("member_contact").get(_url("space_group", group.slug)).status_code == 404


def test_a_plain_member_cannot_decide_requests(group, personas, client_for):
    _member(group, personas.other_member)
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    response = client_for("other_member").post(
        _url("space_group_request_accept", group.slug, membership.pk)
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == WorkingGroupMember.Status.REQUESTED


def test_staff_accept_a_request_then_make_the_member_a_lead(group, personas, client_for):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    client = client_for("staff")
    assert (
        personas.member_contact.contact.full_name
        in client.get(_url("staff_group", group.slug)).content.decode()
    )
    client.post(_url("staff_group_request_accept", group.slug, membership.pk))
    client.post(_url("staff_group_member_role", group.slug, membership.pk), {"role": "lead"})
    membership.refresh_from_db()
    assert (membership.status, membership.role) == ("accepted", "lead")
    assert membership.decided_by == personas.staff


def test_a_request_is_decided_only_once(group, personas):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    group_services.group_request_decide(
        membership=membership, accept=True, decided_by=personas.staff
    )
    with pytest.raises(group_services.GroupError):
        group_services.group_request_decide(
            membership=membership, accept=False, decided_by=personas.staff
        )
    membership.refresh_from_db()
    assert membership.status == WorkingGroupMember.Status.ACCEPTED


def test_a_pending_request_cannot_be_made_lead(group, personas):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    with pytest.raises(group_services.GroupError):
        group_services.group_member_role_set(
            membership=membership, role=WorkingGroupMember.Role.LEAD, set_by=personas.staff
        )


# Staff pages


def test_staff_create_a_group_with_a_slug_made_from_its_name(personas, client_for):
    _group("Industrie du futur")
    response = client_for("staff").post(
        _url("staff_group_create"),
        {"name_fr": "Industrie du futur", "slug": "", "status": "active"},
    )
    created = WorkingGroup.objects.get(slug="industrie-du-futur-2")
    assert response["Location"] == _url("staff_group", created.slug)


def test_a_group_named_new_does_not_hide_the_creation_page(personas):
    assert _group("New").slug == "new-2"


def test_staff_edit_refuses_a_slug_already_taken(personas, client_for):
    first, second = _group("Premier"), _group("Second")
    response = client_for("staff").post(
        _url("staff_group_edit", second.slug),
        {"name_fr": "Second", "slug": first.slug, "status": "active"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    second.refresh_from_db()
    assert second.slug == "second"


# Access to the group page and its documents


def _document(group, personas, content=b"Compte rendu"):
    return group_services.group_document_add(
        group=group,
        title="Compte rendu",
        file=SimpleUploadedFile("compte-rendu.pdf", content),
        uploaded_by=personas.member_admin,
    )


@pytest.mark.parametrize("persona", ["member_contact", "other_member"])
def test_outsiders_get_404_on_the_group_page_and_its_documents(
    group, personas, client_for, persona
):
    document = _document(group, personas)
    client = client_for(persona)
    assert client.get(_url("space_group", group.slug)).status_code == 404
    assert client.get(_url("space_group_document", group.slug, document.pk)).status_code == 404


def test_a_pending_request_does_not_open_the_group_page(group, personas, client_for):
    group_services.group_join_request(group=group, contact=personas.member_contact.contact)
    assert client_for("member_contact").get(_url("space_group", group.slug)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(group, personas, client_for):
    document = _document(group, personas)
    client = client_for("anonymous")
    for url in (
        _url("space_group", group.slug),
        _url("space_group_document", group.slug, document.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_document_of_another_group_is_not_served_through_this_one(group, personas, client_for):
    other = _group("Autre")
    document = _document(other, personas)
    response = client_for("member_admin").get(_url("space_group_document", group.slug, document.pk))
    assert response.status_code == 404


def test_a_member_uploads_a_document_and_downloads_it(group, personas, client_for):
    member = member_user(OrganizationFactory())
    _member(group, member)
    client = client_for("member_admin")
    response = client.post(
        _url("space_group", group.slug),
        {"title": "Feuille de route", "file": SimpleUploadedFile("feuille.odt", ODT)},
    )
    assert response.status_code == 302
    document = WorkingGroupDocument.objects.get(group=group)
    assert document.file.name.startswith(f"private/groups/{group.pk}/")
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    download = client.get(_url("space_group_document", group.slug, document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == ODT


def test_a_file_over_10_mb_is_refused_next_to_the_field(group, personas, client_for):
    big = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"x" * GROUP_DOCUMENT_MAX_BYTES)
    with translation.override("en"):
        url = _url("space_group", group.slug)
    response = client_for("member_admin").post(url, {"title": "Gros", "file": big})
    assert response.status_code == 200
    assert "the limit is" in response.context["form"].errors["file"][0]
    assert 'id="id_file_errors"' in response.content.decode()
    assert not WorkingGroupDocument.objects.exists()


@pytest.mark.parametrize("name", ["script.exe", "page.html", "archive.zip", "sans-extension"])
def test_a_file_type_outside_the_allow_list_is_refused(group, personas, client_for, name):
    with translation.override("en"):
        url = _url("space_group", group.slug)
    response = client_for("member_admin").post(
        url, {"title": "Piège", "file": SimpleUploadedFile(name, b"data")}
    )
    assert "are not accepted" in response.context["form"].errors["file"][0]
    assert not WorkingGroupDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("compte-rendu.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notes.txt", b"  <script>fetch('/staff/')</script>"),
        ("tableau.xlsx", b"%PDF-1.4 not a workbook"),
        ("photo.png", b"GIF89a not a png"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    group, personas, client_for, name, content
):
    with translation.override("en"):
        url = _url("space_group", group.slug)
    response = client_for("member_admin").post(
        url, {"title": "Piège", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert "not what its name says" in response.context["form"].errors["file"][0]
    assert 'id="id_file_errors"' in response.content.decode()
    assert not WorkingGroupDocument.objects.exists()


def test_staff_see_and_download_documents_of_any_group(group, personas, client_for):
    document = _document(group, personas)
    client = client_for("staff")
    assert client.get(_url("space_group", group.slug)).status_code == 200
    assert client.get(_url("space_group_document", group.slug, document.pk)).status_code == 200


def test_a_document_whose_file_is_gone_answers_404(group, personas, client_for):
    document = _document(group, personas)
    document.file.storage.delete(document.file.name)
    response = client_for("member_admin").get(_url("space_group_document", group.slug, document.pk))
    assert response.status_code == 404


# Query budgets


def _populate(group, count):
    for _index in range(count):
        organization = OrganizationFactory()
        contact = ContactFactory()
        contact.affiliations.create(organization=organization)
        WorkingGroupMember.objects.create(group=group, contact=contact, status="accepted")
        WorkingGroupMember.objects.create(group=group, contact=ContactFactory())


@pytest.mark.parametrize("size", [1, 12])
def test_group_page_query_count_does_not_grow_with_members(
    group, personas, client_for, django_assert_num_queries, size
):
    _populate(group, size)
    for _index in range(size):
        _document(group, personas)
    client = client_for("member_admin")
    # session, user, group, viewer's membership, memberships + contacts, their affiliations
    # with organizations, documents with uploaders, the group's upcoming meetings, its
    # published syntheses, the latest threads and the messages' figures (the panels of
    # events, reports and community), and the layout's "is member" check.
    with django_assert_num_queries(12):
        assert client.get(_url("space_group", group.slug)).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_staff_group_page_query_count_does_not_grow_with_members(
    group, personas, client_for, django_assert_num_queries, size
):
    _populate(group, size)
    client = client_for("staff")
    # session, user, group, memberships + contacts, their affiliations with organizations,
    # document count, and the layout's "is member" check.
    with django_assert_num_queries(7):
        assert client.get(_url("staff_group", group.slug)).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_groups_list_query_count_does_not_grow_with_groups(
    personas, client_for, django_assert_num_queries, size
):
    for index in range(size):
        group = _group(f"Groupe {index}")
        _member(group, personas.member_contact)
    client = client_for("member_contact")
    # session, user, "is member" (decorator), contact, the contact's memberships, active
    # groups with counts, the contact's groups, and the layout's "is member" check.
    with django_assert_num_queries(8):
        assert client.get(_url("space_groups")).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_staff_groups_list_query_count_does_not_grow_with_groups(
    personas, client_for, django_assert_num_queries, size
):
    for index in range(size):
        _populate(_group(f"Groupe {index}"), 2)
    client = client_for("staff")
    # session, user, count for the paginator, the layout's "is member" check, the page of
    # groups with their counts.
    with django_assert_num_queries(5):
        assert client.get(_url("staff_groups")).status_code == 200


def test_staff_groups_filter_answers_htmx_with_the_results_only(personas, client_for):
    _group("Actif")
    _group("Fermé", status=WorkingGroup.Status.CLOSED)
    response = client_for("staff").get(
        _url("staff_groups"), {"status": "closed"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Fermé" in html and "Actif" not in html


def test_someone_detached_from_every_organization_loses_the_group(group, personas, client_for):
    document = _document(group, personas)
    _member(group, personas.member_contact)
    client = client_for("member_contact")
    assert client.get(_url("space_group", group.slug)).status_code == 200

    personas.member_contact.contact.affiliations.all().delete()

    # Their login still works, but the group and its documents are closed to them.
    assert client.get(_url("space_group", group.slug)).status_code in (403, 404)
    assert client.get(_url("space_group_document", group.slug, document.pk)).status_code in (
        403,
        404,
    )


def test_group_documents_are_stored_outside_the_public_media_folder(group, personas, settings):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT.parent / "media"
    document = _document(group, personas)
    path = document.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


# Paused and closed groups


@pytest.mark.parametrize("status", [WorkingGroup.Status.PAUSED, WorkingGroup.Status.CLOSED])
def test_a_group_that_is_not_active_takes_no_new_document(group, personas, status):
    group.status = status
    group.save()
    with pytest.raises(group_services.GroupError):
        _document(group, personas)
    assert not WorkingGroupDocument.objects.exists()


def test_paused_group_page_hides_the_upload_form_and_refuses_a_post(group, personas, client_for):
    old = _document(group, personas)
    WorkingGroup.objects.filter(pk=group.pk).update(status=WorkingGroup.Status.PAUSED)
    client = client_for("member_admin")
    page = client.get(_url("space_group", group.slug)).content.decode()
    assert 'enctype="multipart/form-data"' not in page
    assert _url("space_group_document", group.slug, old.pk) in page  # still readable

    with translation.override("en"):
        response = client.post(
            _url("space_group", group.slug),
            {"title": "Late", "file": SimpleUploadedFile("late.pdf", b"%PDF-1.4")},
            follow=True,
        )
    assert response.status_code == 200
    assert "it takes no new documents" in response.content.decode()
    assert list(WorkingGroupDocument.objects.values_list("title", flat=True)) == ["Compte rendu"]


def test_a_group_paused_while_the_list_was_open_refuses_the_request_with_a_message(
    group, personas, client_for
):
    client = client_for("member_contact")
    with translation.override("en"):
        list_url = _url("space_groups")
        join_url = _url("space_group_join", group.slug)
    assert join_url in client.get(list_url).content.decode()
    WorkingGroup.objects.filter(pk=group.pk).update(status=WorkingGroup.Status.PAUSED)
    response = client.post(join_url, follow=True)
    assert response.status_code == 200
    assert "does not take new members at the moment" in response.content.decode()
    assert not WorkingGroupMember.objects.filter(contact=personas.member_contact.contact).exists()


@pytest.mark.parametrize("status", [WorkingGroup.Status.PAUSED, WorkingGroup.Status.CLOSED])
def test_a_request_is_not_accepted_into_a_group_that_stopped(group, personas, client_for, status):
    membership = group_services.group_join_request(
        group=group, contact=personas.member_contact.contact
    )
    WorkingGroup.objects.filter(pk=group.pk).update(status=status)
    with translation.override("en"):
        url = _url("space_group_request_accept", group.slug, membership.pk)
    response = client_for("member_admin").post(url, follow=True)
    assert "it takes no new members" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == WorkingGroupMember.Status.REQUESTED
    with pytest.raises(group_services.GroupNotActiveError):
        group_services.group_request_decide(
            membership=membership, accept=True, decided_by=personas.staff
        )
    declined = group_services.group_request_decide(
        membership=membership, accept=False, decided_by=personas.staff
    )
    assert declined.status == WorkingGroupMember.Status.DECLINED
