"""The member space's home (/space/): surveys to answer, upcoming registrations, the
memberships and their dues, new documents of the person's working groups, recent news."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from communications.models import NewsArticle
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Membership, WorkingGroup, WorkingGroupDocument, WorkingGroupMember
from surveys.tests.factories import SurveyFactory, invitation_for

HOME = "/en/space/"


def _fill(personas, count: int) -> None:
    """`count` of everything for the member contact of org A, and the same for org B's
    admin, whom the page must not show."""
    me = personas.member_contact.contact
    other = personas.other_member.contact
    today = timezone.localdate()
    Membership.objects.create(
        organization=personas.org_a,
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
        status=Membership.Status.APPROVED,
        dues_amount=900,
    )
    group = WorkingGroup.objects.create(
        name_fr="Cybersécurité", name_en="Cybersecurity", slug="cyber"
    )
    closed_group = WorkingGroup.objects.create(name_fr="Fermé", slug="ferme")
    WorkingGroupMember.objects.create(
        group=group, contact=me, status=WorkingGroupMember.Status.ACCEPTED
    )
    WorkingGroupMember.objects.create(
        group=closed_group, contact=other, status=WorkingGroupMember.Status.ACCEPTED
    )
    for number in range(count):
        invitation_for(SurveyFactory(title_en=f"Survey {number}"), me)
        invitation_for(SurveyFactory(title_en=f"Their survey {number}"), other)
        RegistrationFactory(event=EventFactory(title_en=f"Meeting {number}"), contact=me)
        RegistrationFactory(event=EventFactory(title_en=f"Their meeting {number}"), contact=other)
        for target, title in ((group, f"Minutes {number}"), (closed_group, f"Secret {number}")):
            document = WorkingGroupDocument(group=target, title=title)
            document.file.save(f"{target.pk}/doc{number}.pdf", ContentFile(b"%PDF"), save=False)
            document.save()
        NewsArticle.objects.create(
            title_fr=f"Actualité {number}",
            title_en=f"News {number}",
            slug=f"news-{number}",
            body_fr="Texte",
            is_published=True,
            published_at=timezone.now() - timedelta(days=number + 1),
        )


@pytest.mark.parametrize("count", [1, 8])
def test_home_query_count_does_not_grow_with_the_items(
    personas, client_for, django_assert_num_queries, count
):
    _fill(personas, count)
    client = client_for("member_contact")
    # session, user, member_required's check, the affiliations, the colleagues, the
    # memberships of the organizations, the survey invitations, the registrations, the new
    # documents of the person's groups, the news, the header's "is a member" check.
    with django_assert_num_queries(11):
        response = client.get(HOME)
    assert response.status_code == 200


def test_home_shows_what_to_do_and_what_is_coming_with_links_onward(personas, client_for):
    _fill(personas, 8)
    html = client_for("member_contact").get(HOME).content.decode()

    # Each block shows its first rows and leads to the full list.
    assert html.count("Answer the survey") == 5
    assert "/en/surveys/" in html and "All the surveys to answer" in html
    assert "Meeting 0" in html and "/en/space/events/" in html
    assert "Minutes 7" in html and "/en/space/groups/cyber/documents/" in html
    assert "News 0" in html and "/en/news/news-0/" in html and "/en/news/" in html
    # Dues to pay and the day to renew by.
    year = timezone.localdate().year
    assert "dues of 900 € to pay" in html
    assert f"to renew by Dec. 31, {year}" in html
    assert f"/en/space/organizations/{personas.org_a.slug}/membership/" in html
    # Nothing of anyone else.
    for foreign in ("Their survey", "Their meeting", "Secret"):
        assert foreign not in html


def test_an_empty_home_says_so_in_every_block(personas, client_for):
    html = client_for("member_contact").get("/fr/space/").content.decode()
    for empty in (
        "Aucune enquête n'attend votre réponse.",
        "Vous n'êtes inscrit à aucun événement à venir.",
        "Aucun nouveau document dans vos groupes de travail.",
        "Aucune actualité pour le moment.",
        "pas encore d'adhésion",
    ):
        assert empty in html, empty


def test_answered_surveys_and_old_documents_are_not_on_the_home(personas, client_for):
    _fill(personas, 1)
    me = personas.member_contact.contact
    me.survey_invitations.update(answered_at=timezone.now())
    WorkingGroupDocument.objects.update(uploaded_at=timezone.now() - timedelta(days=365))
    html = client_for("member_contact").get(HOME).content.decode()
    assert "Answer the survey" not in html
    assert "Minutes 0" not in html
