"""The services of calls for projects: submitting, expressing interest and its refusals,
answering it (with the emails), consent to the story, stages, scores and the ranking."""

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from collaboration.models import Participation, Project, ProjectStageChange, Score
from collaboration.selectors import calls as selectors
from collaboration.services import calls as services
from collaboration.tests.calls_helpers import call_make, partner_add, project_make
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The refusals are matched on their English words; the emails follow each recipient.
    with translation.override("en"):
        yield


Status = Participation.Status


def test_a_submitted_project_is_an_idea_led_by_its_organization(personas):
    call = call_make()
    project = project_make(
        call=call, organization=personas.org_a, contact=personas.member_admin.contact
    )
    assert project.stage == Project.Stage.IDEA
    lead = project.participations.get()
    assert (lead.organization, lead.role, lead.status) == (
        personas.org_a,
        Participation.Role.LEAD,
        Status.ACCEPTED,
    )
    assert project.stage_changes.get().to_stage == Project.Stage.IDEA


def test_a_closed_call_takes_no_project(personas):
    with pytest.raises(services.CallError):
        project_make(call=call_make(is_open=False), organization=personas.org_a)
    assert not Project.objects.exists()


def test_expressing_interest_mails_the_lead_contacts_in_their_language(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.member_contact.contact.preferred_language = "en"
    personas.member_contact.contact.save()
    project = project_make(call=call_make(), organization=personas.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.interest_express(
            project=project,
            organization=personas.org_b,
            contact=personas.other_member.contact,
            contribution="Nos bancs d'essai.",
        )
    assert participation.status == Status.PENDING
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"admin@alpha.test", "contact@alpha.test"}
    english = by_address["contact@alpha.test"]
    assert "would like to join" in english.subject
    assert "Beta Logiciels" in english.body and "Nos bancs d'essai." in english.body
    assert english.alternatives[0][1] == "text/html"
    assert "souhaite rejoindre" in by_address["admin@alpha.test"].subject
    # Sent once per occasion: the task running again sends nothing more.
    services.interest_expressed_notify(participation=participation)
    assert len(mailoutbox) == 2


def test_interest_after_the_deadline_is_refused(personas):
    call = call_make()
    project = project_make(call=call, organization=personas.org_a)
    call.deadline = timezone.now() - timezone.timedelta(minutes=1)
    call.save()
    with pytest.raises(services.CallError, match="deadline"):
        services.interest_express(
            project=project, organization=personas.org_b, contact=None, contribution="x"
        )
    assert project.participations.count() == 1


def test_a_second_interest_of_the_same_organization_is_refused(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    services.interest_express(
        project=project, organization=personas.org_b, contact=None, contribution="x"
    )
    with pytest.raises(services.CallError, match="already"):
        services.interest_express(
            project=project, organization=personas.org_b, contact=None, contribution="y"
        )
    assert project.participations.filter(organization=personas.org_b).count() == 1


def test_a_race_on_the_unique_constraint_is_a_message_not_an_error(personas, monkeypatch):
    project = project_make(call=call_make(), organization=personas.org_a)

    def create(**kwargs):
        raise IntegrityError("participation_one_per_organization")

    monkeypatch.setattr(Participation.objects, "create", create)
    with pytest.raises(services.CallError, match="already"):
        services.interest_express(
            project=project, organization=personas.org_b, contact=None, contribution="x"
        )


def test_the_lead_cannot_express_interest_in_its_own_project(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    with pytest.raises(services.CallError, match="leads"):
        services.interest_express(
            project=project, organization=personas.org_a, contact=None, contribution="x"
        )


@pytest.mark.parametrize(("accepted", "subject"), [(True, "rejoignez"), (False, "pas été retenu")])
def test_the_answer_is_mailed_to_the_interested_contact(
    personas, mailoutbox, django_capture_on_commit_callbacks, accepted, subject
):
    project = project_make(call=call_make(), organization=personas.org_a)
    participation = partner_add(
        project, personas.org_b, status=Status.PENDING, contact=personas.other_member.contact
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decide(participation=participation, accepted=accepted)
    participation.refresh_from_db()
    assert participation.status == (Status.ACCEPTED if accepted else Status.DECLINED)
    assert [message.to for message in mailoutbox] == [["admin@beta.test"]]
    assert subject in mailoutbox[0].subject
    with pytest.raises(services.CallError):
        services.interest_decide(participation=participation, accepted=not accepted)


def test_consent_is_for_the_consortium_only(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    pending = partner_add(project, personas.org_b, status=Status.PENDING)
    with pytest.raises(services.CallError):
        services.story_consent_set(participation=pending, agreed=True)
    lead = project.participations.get(organization=personas.org_a)
    services.story_consent_set(participation=lead, agreed=True)
    assert lead.story_consent_at is not None
    services.story_consent_set(participation=lead, agreed=False)
    lead.refresh_from_db()
    assert lead.story_consent_at is None


def test_a_stage_change_is_recorded_with_the_label_decision(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    day = timezone.localdate()
    services.project_stage_change(
        project=project,
        stage=Project.Stage.LABELLED,
        label_decision=Project.LabelDecision.LABELLED,
        label_decided_on=day,
        user=personas.staff,
    )
    project.refresh_from_db()
    assert (project.stage, project.label_decision, project.label_decided_on) == (
        "labelled",
        "labelled",
        day,
    )
    change = ProjectStageChange.objects.filter(project=project).first()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        "idea",
        "labelled",
        personas.staff,
    )


def _values(project, *values):
    return dict(zip([c.pk for c in project.call.criteria.all()], values, strict=True))


def test_scores_are_saved_and_replaced(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    for values in ((4, 7), (5, 10)):
        services.project_score(
            project=project,
            scorer=personas.staff,
            values=_values(project, *values),
            comment="Solide",
            no_conflict_declared=True,
        )
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 10]


@pytest.mark.parametrize("values", [(6, 1), (-1, 1), (1, 11)])
def test_a_score_out_of_range_saves_nothing(personas, values):
    project = project_make(call=call_make(), organization=personas.org_a)
    with pytest.raises(services.CallError, match="between 0"):
        services.project_score(
            project=project,
            scorer=personas.staff,
            values=_values(project, *values),
            comment="",
            no_conflict_declared=True,
        )
    assert not Score.objects.exists()


def test_scoring_without_the_declaration_is_refused(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    with pytest.raises(services.CallError, match="conflict"):
        services.project_score(
            project=project,
            scorer=personas.staff,
            values=_values(project, 1, 1),
            comment="",
            no_conflict_declared=False,
        )
    assert not Score.objects.exists()


def test_a_scorer_of_a_consortium_organization_cannot_score(personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    partner_add(project, personas.org_b)
    scorer = member_user(personas.org_b, email="animatrice@beta.test", is_staff=True)
    with pytest.raises(services.CallError, match="consortium"):
        services.project_score(
            project=project,
            scorer=scorer,
            values=_values(project, 1, 1),
            comment="",
            no_conflict_declared=True,
        )
    # An organization whose interest is still pending is not in the consortium.
    outsider = OrganizationFactory()
    other = member_user(outsider, Affiliation.Access.ADMIN, is_staff=True)
    partner_add(project, outsider, status=Status.PENDING)
    assert services.project_score(
        project=project,
        scorer=other,
        values=_values(project, 1, 1),
        comment="",
        no_conflict_declared=True,
    )


def test_the_ranking_weighs_the_mean_scores(personas):
    call = call_make(criteria=((3, 5), (1, 10)))
    first = project_make(call=call, organization=personas.org_a, title="Premier")
    second = project_make(call=call, organization=personas.org_b, title="Second")
    unscored = project_make(call=call, organization=personas.org_b, title="Pas noté")
    other_scorer = UserFactory(is_staff=True)
    for scorer, values in ((personas.staff, (5, 10)), (other_scorer, (3, 6))):
        services.project_score(
            project=first,
            scorer=scorer,
            values=_values(first, *values),
            comment="",
            no_conflict_declared=True,
        )
    services.project_score(
        project=second,
        scorer=personas.staff,
        values=_values(second, 2, 10),
        comment="",
        no_conflict_declared=True,
    )
    criteria, ranking = selectors.call_ranking(call=call)
    assert [row.project for row in ranking] == [first, second, unscored]
    # First: (3 × 4 + 1 × 8) / (3 × 5 + 1 × 10) = 20 / 25; second: (6 + 10) / 25.
    assert ranking[0].ratio == pytest.approx(0.8)
    assert ranking[1].ratio == pytest.approx(0.64)
    assert ranking[2].ratio is None
    assert (ranking[0].scorers, ranking[0].criteria_scored) == (2, 2)


def test_a_success_story_needs_every_consortium_organization_to_agree(personas):
    call = call_make()
    project = project_make(call=call, organization=personas.org_a)
    partner = partner_add(project, personas.org_b)
    partner_add(project, OrganizationFactory(), status=Status.DECLINED)
    Project.objects.filter(pk=project.pk).update(is_success_story=True, stage=Project.Stage.FUNDED)
    lead = project.participations.get(organization=personas.org_a)
    services.story_consent_set(participation=lead, agreed=True)
    assert not selectors.success_stories().exists()
    services.story_consent_set(participation=partner, agreed=True)
    assert list(selectors.success_stories()) == [project]
    Project.objects.filter(pk=project.pk).update(stage=Project.Stage.SUBMITTED)
    assert not selectors.success_stories().exists()
