"""The awards' rules, tested on the services: applications until the deadline only, one per
organization and category, checked attachments; the jury's conflicts; the ranking from the
jury's weighted scores (figures worked by hand); the announcement and its emails, once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community import permissions
from community.models import AwardApplication, AwardAttachment, Edition, JuryScore
from community.models.awards import ATTACHMENT_MAX_BYTES
from community.selectors import awards as selectors
from community.services import awards as services
from community.tests.awards_helpers import (
    application_make,
    category_of,
    criteria_ids,
    edition_make,
    juror_make,
)
from members.tests.factories import OrganizationFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _pdf(name="dossier.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_two_companies_apply_and_each_is_told_once(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    edition = edition_make()
    with django_capture_on_commit_callbacks(execute=True):
        first = application_make(
            edition=edition,
            organization=personas.org_a,
            contact=personas.member_admin.contact,
            attachments=[_pdf()],
        )
        application_make(
            edition=edition, organization=personas.org_b, contact=personas.other_member.contact
        )
    assert AwardApplication.objects.filter(edition=edition).count() == 2
    assert first.attachments.get().name == "dossier.pdf"
    assert sorted(message.to[0] for message in mailoutbox) == [
        "admin@alpha.test",
        "admin@beta.test",
    ]
    # The task runs again (a retry): nobody gets a second copy.
    assert services.application_received_send(application=first) == 0
    assert len(mailoutbox) == 2


def test_an_application_after_the_deadline_is_refused_and_nothing_is_saved(personas):
    edition = edition_make(is_open=False)
    with pytest.raises(services.AwardError, match="date limite"):
        application_make(edition=edition, organization=personas.org_a, attachments=[_pdf()])
    assert not AwardApplication.objects.exists()
    assert not AwardAttachment.objects.exists()


def test_the_deadline_is_read_at_save_time_not_from_the_caller(personas):
    edition = edition_make()
    # The page was opened while the edition was open; the deadline passed meanwhile.
    Edition.objects.filter(pk=edition.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(services.AwardError):
        application_make(edition=edition, organization=personas.org_a)
    assert not AwardApplication.objects.exists()


def test_one_application_per_organization_and_category(personas):
    edition = edition_make()
    application_make(edition=edition, organization=personas.org_a)
    with pytest.raises(services.AwardError, match="déjà candidaté"):
        application_make(edition=edition, organization=personas.org_a)
    # Another category is another application.
    application_make(edition=edition, organization=personas.org_a, category=category_of(edition, 2))
    assert AwardApplication.objects.filter(organization=personas.org_a).count() == 2


def test_a_withdrawn_application_may_be_sent_again(personas):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    services.application_withdraw(application=application)
    again = application_make(edition=edition, organization=personas.org_a, presentation="Version 2")
    assert again.pk == application.pk
    assert again.status == AwardApplication.Status.SUBMITTED
    assert again.presentation == "Version 2"


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_saved(personas):
    edition = edition_make()
    page = SimpleUploadedFile("dossier.pdf", b"<html><body>hello</body></html>")
    with pytest.raises(services.AwardError) as refused:
        application_make(edition=edition, organization=personas.org_a, attachments=[page])
    assert refused.value.field == "attachments"
    assert not AwardApplication.objects.exists()


def test_a_file_too_heavy_is_refused_and_nothing_saved(personas):
    edition = edition_make()
    heavy = _pdf(content=PDF + b"0" * ATTACHMENT_MAX_BYTES)
    with pytest.raises(services.AwardError, match="limite"):
        application_make(edition=edition, organization=personas.org_a, attachments=[heavy])
    assert not AwardApplication.objects.exists()


def test_a_juror_never_sees_their_own_organization_nor_a_declared_conflict(personas):
    edition = edition_make()
    own = application_make(edition=edition, organization=personas.org_a)
    conflicting = application_make(edition=edition, organization=personas.org_b)
    third = application_make(edition=edition, organization=OrganizationFactory())
    juror = juror_make(edition=edition, contact=personas.member_admin.contact, declared=False)

    # Nothing before the declaration; their own organization is not even asked about.
    assert not permissions.applications_visible_to_juror(juror).exists()
    assert own not in permissions.applications_to_declare(juror)

    juror = services.juror_conflicts_declare(
        juror=juror, organization_ids=[personas.org_b.pk], no_other_conflict=True
    )
    assert list(permissions.applications_visible_to_juror(juror)) == [third]
    for refused in (own, conflicting):
        with pytest.raises(services.AwardError):
            services.jury_score(
                juror=juror,
                application=refused,
                values=dict.fromkeys(criteria_ids(edition), 1),
            )
    assert not JuryScore.objects.exists()


def test_the_declaration_needs_the_no_other_conflict_statement(personas):
    edition = edition_make()
    juror = juror_make(edition=edition, declared=False)
    with pytest.raises(services.AwardError) as refused:
        services.juror_conflicts_declare(juror=juror, organization_ids=[], no_other_conflict=False)
    assert refused.value.field == "no_other_conflict"
    juror.refresh_from_db()
    assert juror.conflicts_declared_at is None


def test_a_score_out_of_range_saves_nothing(personas):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    juror = juror_make(edition=edition)
    first, second = criteria_ids(edition)
    with pytest.raises(services.AwardError) as refused:
        services.jury_score(juror=juror, application=application, values={first: 3, second: 11})
    assert refused.value.field == f"criterion_{second}"
    assert not JuryScore.objects.exists()


def test_the_ranking_is_the_mean_of_each_jurors_weighted_score(personas):
    # Criterion 1: weight 2, out of 5; criterion 2: weight 1, out of 10. Highest: 2×5 + 1×10 = 20.
    edition = edition_make()
    alpha = application_make(edition=edition, organization=personas.org_a)
    beta = application_make(edition=edition, organization=personas.org_b)
    unscored = application_make(edition=edition, organization=OrganizationFactory(name="Zêta"))
    first, second = criteria_ids(edition)
    one = juror_make(edition=edition, name="Juré Un")
    two = juror_make(edition=edition, name="Juré Deux")
    # Alpha: juror one (2×5 + 1×5) / 20 = 0.75; juror two (2×3 + 1×10) / 20 = 0.80 → 0.775.
    services.jury_score(juror=one, application=alpha, values={first: 5, second: 5})
    services.jury_score(juror=two, application=alpha, values={first: 3, second: 10})
    # Beta: juror one only, (2×4 + 1×8) / 20 = 0.80: first, though one juror scored it.
    services.jury_score(juror=one, application=beta, values={first: 4, second: 8})

    jurors, rankings = selectors.edition_ranking(edition=edition)

    rows = rankings[0].rows
    assert [row.application for row in rows] == [beta, alpha, unscored]
    assert rows[0].ratio == pytest.approx(0.80)
    assert rows[0].jurors == 1
    assert rows[1].ratio == pytest.approx(0.775)
    assert rows[1].jurors == 2
    assert rows[1].by_juror == {one.pk: pytest.approx(0.75), two.pk: pytest.approx(0.80)}
    assert rows[2].ratio is None
    assert rankings[1].rows == []
    assert {juror.pk for juror in jurors} == {one.pk, two.pk}


def test_a_new_conflict_drops_the_scores_given_before(personas):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_b)
    juror = juror_make(edition=edition)
    services.jury_score(
        juror=juror, application=application, values=dict.fromkeys(criteria_ids(edition), 2)
    )
    services.juror_conflicts_declare(
        juror=juror, organization_ids=[personas.org_b.pk], no_other_conflict=True
    )
    assert not JuryScore.objects.exists()


def test_announcing_marks_the_others_not_selected_and_tells_each_applicant_once(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    edition = edition_make()
    winner = application_make(
        edition=edition, organization=personas.org_a, contact=personas.member_admin.contact
    )
    other = application_make(
        edition=edition, organization=personas.org_b, contact=personas.other_member.contact
    )
    services.category_decide(
        category=category_of(edition), deliberation="Unanimité.", results={winner.pk: "winner"}
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.edition_announce(edition=edition)
    assert told == 2
    other.refresh_from_db()
    assert other.result == AwardApplication.Result.NOT_SELECTED
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert "Félicitations" in subjects["admin@alpha.test"]
    assert "résultats" in subjects["admin@beta.test"]
    # A second run of the task sends nothing more.
    edition.refresh_from_db()
    assert services.results_send(edition=edition) == 0
    assert len(mailoutbox) == 2
    with pytest.raises(services.AwardError):
        services.edition_announce(edition=edition)
    # Announced before the deadline: the contest is decided, nobody applies or leaves.
    assert not edition.is_open()
    with pytest.raises(services.AwardError):
        services.application_withdraw(application=winner)
    with pytest.raises(services.AwardError):
        application_make(edition=edition, organization=OrganizationFactory())
    winner.refresh_from_db()
    assert winner.status == AwardApplication.Status.SUBMITTED


def test_announcing_without_a_winner_is_refused(personas):
    edition = edition_make()
    application_make(edition=edition, organization=personas.org_a)
    with pytest.raises(services.AwardError, match="lauréat"):
        services.edition_announce(edition=edition)
    edition.refresh_from_db()
    assert edition.announced_at is None


def test_a_juror_is_invited_once_with_a_link_that_opens_their_pages(
    personas, mailoutbox, django_capture_on_commit_callbacks, client
):
    edition = edition_make()
    with django_capture_on_commit_callbacks(execute=True):
        juror = juror_make(edition=edition, declared=False, preferred_language="en")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "jury" in message.subject
    link = next(word for word in message.body.split() if "/en/awards/jury/" in word)
    path = link[link.index("/en/") :]
    assert client.get(path).status_code == 200
    juror.refresh_from_db()
    assert juror.invited_at is not None
    assert services.juror_invitation_send(juror=juror) is False
    assert len(mailoutbox) == 1


def test_a_nomination_tells_the_organizations_people(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    edition = edition_make()
    with django_capture_on_commit_callbacks(execute=True):
        application_make(edition=edition, organization=personas.org_a, nominated_by=personas.staff)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "admin@alpha.test",
        "contact@alpha.test",
    ]
    assert all("nominée" in message.subject for message in mailoutbox)


def test_an_application_sent_after_the_declaration_waits_for_a_new_one(personas):
    # The juror's "no other conflict" covered the applications shown to them then: a later
    # one, maybe from a company they are tied to, stays out of sight until they declare again.
    edition = edition_make()
    before = application_make(edition=edition, organization=personas.org_a)
    juror = juror_make(edition=edition)
    later = application_make(edition=edition, organization=personas.org_b)
    assert list(permissions.applications_visible_to_juror(juror)) == [before]
    with pytest.raises(services.AwardError):
        services.jury_score(
            juror=juror, application=later, values=dict.fromkeys(criteria_ids(edition), 1)
        )
    assert later in permissions.applications_to_declare(juror)

    juror = services.juror_conflicts_declare(
        juror=juror, organization_ids=[], no_other_conflict=True
    )
    assert set(permissions.applications_visible_to_juror(juror)) == {before, later}


def test_a_withdrawn_application_sent_again_counts_as_new_for_the_jury(personas):
    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    services.application_withdraw(application=application)
    juror = juror_make(edition=edition)
    again = application_make(edition=edition, organization=personas.org_a)
    assert again.pk == application.pk
    assert not permissions.applications_visible_to_juror(juror).exists()


def test_scores_of_a_juror_who_joined_the_applicant_leave_the_ranking(personas):
    # An outside juror's contact later joins the applicant company: their earlier scores
    # no longer weigh on that company's rank (nor show in the table).
    from members.models import Affiliation

    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_b)
    juror = juror_make(edition=edition, contact=personas.member_admin.contact)
    services.jury_score(
        juror=juror, application=application, values=dict.fromkeys(criteria_ids(edition), 2)
    )
    assert selectors.edition_ranking(edition=edition)[1][0].rows[0].jurors == 1

    Affiliation.objects.create(contact=personas.member_admin.contact, organization=personas.org_b)
    row = selectors.edition_ranking(edition=edition)[1][0].rows[0]
    assert row.jurors == 0
    assert row.ratio is None
    assert row.by_juror == {}


def test_a_resent_invitation_goes_once_with_a_new_link_the_old_one_dead(
    personas, mailoutbox, django_capture_on_commit_callbacks, client
):
    edition = edition_make()
    with django_capture_on_commit_callbacks(execute=True):
        juror = juror_make(edition=edition, declared=False)
    old_link = next(word for word in mailoutbox[0].body.split() if "/awards/jury/" in word)
    juror.refresh_from_db()
    # Two clicks on the same invitation: one email.
    with django_capture_on_commit_callbacks(execute=True):
        services.juror_invitation_resend(juror=juror)
        services.juror_invitation_resend(juror=juror)
    assert len(mailoutbox) == 2
    new_link = next(word for word in mailoutbox[1].body.split() if "/awards/jury/" in word)
    assert new_link != old_link
    assert client.get(old_link[old_link.index("/fr/") :]).status_code == 404
    assert client.get(new_link[new_link.index("/fr/") :]).status_code == 200


def test_a_juror_leaves_the_jury_only_before_scoring(personas, client):
    from core.models import PersonalLink

    edition = edition_make()
    application = application_make(edition=edition, organization=personas.org_a)
    idle = juror_make(edition=edition, name="Juré Sans Note")
    busy = juror_make(edition=edition, name="Juré Actif")
    services.jury_score(
        juror=busy, application=application, values=dict.fromkeys(criteria_ids(edition), 3)
    )
    services.juror_remove(juror=idle)
    assert not edition.jurors.filter(pk=idle.pk).exists()
    assert not PersonalLink.objects.filter(object_id=idle.pk, purpose="award-jury").exists()
    with pytest.raises(services.AwardError, match="Juré Actif"):
        services.juror_remove(juror=busy)
    assert JuryScore.objects.filter(juror=busy).count() == 2


def test_moving_the_close_of_scoring_later_keeps_the_jurors_links(personas, client):
    from community.forms.awards import CategoryFormSet, CriterionFormSet, EditionForm
    from core.models import PersonalLink

    edition = edition_make()
    juror = juror_make(edition=edition)
    services.juror_invitation_send(juror=juror)
    later = (edition.scoring_closes_at + datetime.timedelta(days=10)).replace(
        second=0, microsecond=0
    )
    local = timezone.localtime
    data = {
        "title_fr": edition.title_fr,
        "slug": edition.slug,
        "applications_open_at": local(edition.applications_open_at).strftime("%Y-%m-%dT%H:%M"),
        "deadline": local(edition.deadline).strftime("%Y-%m-%dT%H:%M"),
        "scoring_closes_at": local(later).strftime("%Y-%m-%dT%H:%M"),
        "is_published": "on",
        "categories-TOTAL_FORMS": "0",
        "categories-INITIAL_FORMS": "0",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    form = EditionForm(data, instance=edition)
    categories = CategoryFormSet(data, instance=edition, prefix="categories")
    criteria = CriterionFormSet(data, instance=edition, prefix="criteria")
    assert form.is_valid() and categories.is_valid() and criteria.is_valid(), form.errors
    services.edition_save(form=form, categories=categories, criteria=criteria, user=None)
    link = PersonalLink.objects.get(object_id=juror.pk, purpose="award-jury")
    assert link.expires_at == later
