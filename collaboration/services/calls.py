"""Writes of calls for projects: staff edit and publish calls, members submit projects and
express interest, leads accept or decline, staff move projects through their stages and
score them. Refusals raise CallError with a message for the person."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration import permissions
from collaboration.models import (
    Call,
    Participation,
    Project,
    ProjectStageChange,
    Score,
)
from collaboration.selectors.people import people_signing_in
from collaboration.services.slugs import row_save_with_free_slug, slug_free
from core.email import email_send_once, page_address
from core.outbox import task_enqueue
from members.models import Affiliation, Contact, Organization

Status = Participation.Status


class CallError(ValidationError):
    """A refused action, with the message to show (next to `field` when given)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# Calls: staff.


@transaction.atomic
def call_save(*, form, criteria, documents, user) -> Call:
    """Save a call from the staff form and its criteria and documents formsets (all valid)."""
    call = form.save(commit=False)
    if call.pk is None:
        call.created_by = user
    if call.is_published and call.published_at is None:
        call.published_at = timezone.now()
    if call.pk is None and not call.slug:
        row_save_with_free_slug(call, call.title_fr, fallback="appel")
    else:
        if not call.slug:
            call.slug = slug_free(Call, call.title_fr, exclude_pk=call.pk, fallback="appel")
        call.save()
    form.save_m2m()
    criteria.instance = call
    criteria.save()
    documents.instance = call
    documents.save()
    return call


@transaction.atomic
def call_publish(*, call: Call, published: bool) -> Call:
    call.is_published = published
    if published and call.published_at is None:
        call.published_at = timezone.now()
    call.save(update_fields=["is_published", "published_at", "updated_at"])
    return call


# Projects: members.


@transaction.atomic
def project_submit(
    *,
    call: Call,
    organization: Organization,
    contact: Contact | None,
    title: str,
    summary: str,
    competences=(),
) -> Project:
    """A project idea of `organization` (its lead) to an open call."""
    if not call.is_open():
        raise CallError(_("This call no longer takes projects: its deadline has passed."))
    project = row_save_with_free_slug(
        Project(
            call=call,
            title=title.strip(),
            summary=summary.strip(),
            lead=organization,
            submitted_by=contact,
            stage=Project.Stage.IDEA,
        ),
        title,
        fallback="projet",
    )
    project.sought_competences.set(competences)
    Participation.objects.create(
        project=project,
        organization=organization,
        contact=contact,
        role=Participation.Role.LEAD,
        status=Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    ProjectStageChange.objects.create(
        project=project,
        from_stage="",
        to_stage=Project.Stage.IDEA,
        changed_by=contact.user if contact else None,
    )
    return project


def interest_express(
    *, project: Project, organization: Organization, contact: Contact | None, contribution: str
) -> Participation:
    """`organization` offers to join the project's consortium, saying what it would bring.
    Refused after the call's deadline, for the lead, and for an organization already there."""
    from collaboration.tasks import interest_expressed_notify

    if not project.call.is_open():
        raise CallError(
            _("The deadline of this call has passed: interest can no longer be expressed.")
        )
    if organization.pk == project.lead_id:
        raise CallError(_("Your organization leads this project: it is already in it."))
    if Participation.objects.filter(project=project, organization=organization).exists():
        raise CallError(_("Your organization has already expressed interest in this project."))
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                project=project,
                organization=organization,
                contact=contact,
                role=Participation.Role.PARTNER,
                contribution=contribution.strip(),
                status=Status.PENDING,
            )
            task_enqueue(interest_expressed_notify, participation.pk)
    except IntegrityError:
        # Two clicks at once: the other one got there first.
        raise CallError(
            _("Your organization has already expressed interest in this project.")
        ) from None
    return participation


@transaction.atomic
def interest_decide(*, participation: Participation, accepted: bool) -> Participation:
    """The lead accepts or declines a pending expression of interest; the interested
    organization's contact is told."""
    from collaboration.tasks import interest_decision_send

    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.role == Participation.Role.LEAD:
        raise CallError(_("The project lead is not decided on."))
    if participation.status != Status.PENDING:
        raise CallError(_("This expression of interest was already answered."))
    participation.status = Status.ACCEPTED if accepted else Status.DECLINED
    participation.decided_at = timezone.now()
    participation.save(update_fields=["status", "decided_at"])
    task_enqueue(interest_decision_send, participation.pk)
    return participation


@transaction.atomic
def story_consent_set(*, participation: Participation, agreed: bool) -> Participation:
    """An organization of the consortium agrees (or no longer agrees) that the project be
    told publicly as a success story."""
    if participation.status != Status.ACCEPTED:
        raise CallError(_("Only the organizations of the consortium are asked for their consent."))
    participation.story_consent_at = timezone.now() if agreed else None
    participation.save(update_fields=["story_consent_at"])
    return participation


# Projects: staff.


@transaction.atomic
def project_stage_change(
    *,
    project: Project,
    stage: str,
    label_decision: str = "",
    label_decided_on=None,
    note: str = "",
    user=None,
) -> Project:
    """Move the project to `stage` (recorded in its history) and set the label decision."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    fields = ["label_decision", "label_decided_on", "updated_at"]
    if stage != project.stage:
        ProjectStageChange.objects.create(
            project=project,
            from_stage=project.stage,
            to_stage=stage,
            changed_by=user,
            note=note.strip(),
        )
        project.stage = stage
        project.stage_changed_at = timezone.now()
        fields += ["stage", "stage_changed_at"]
    project.label_decision = label_decision or ""
    project.label_decided_on = label_decided_on if label_decision else None
    project.save(update_fields=fields)
    return project


@transaction.atomic
def project_story_save(
    *, project: Project, is_success_story: bool, story_fr: str, story_en: str
) -> Project:
    project.is_success_story = is_success_story
    project.story_fr = story_fr.strip()
    project.story_en = story_en.strip()
    project.save(update_fields=["is_success_story", "story_fr", "story_en", "updated_at"])
    return project


@transaction.atomic
def project_score(
    *,
    project: Project,
    scorer,
    values: dict[int, int],
    comment: str,
    no_conflict_declared: bool,
) -> list[Score]:
    """Record `scorer`'s score of each criterion of the project's call (criterion id →
    value), replacing their earlier scores. Refused without the declaration of no conflict
    of interest, for a scorer of an organization of the consortium, or a value out of range."""
    if not permissions.can_score_project(scorer, project):
        raise CallError(
            _("You belong to an organization of this project's consortium: you cannot score it.")
        )
    if not no_conflict_declared:
        raise CallError(
            _("Declare that you have no conflict of interest to score."),
            field="no_conflict_declared",
        )
    criteria = {criterion.pk: criterion for criterion in project.call.criteria.all()}
    scores = []
    now = timezone.now()
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise CallError(_("This criterion is not one of the call's."))
        if value is None or not 0 <= value <= criterion.max_score:
            raise CallError(
                _("A score of “%(name)s” is between 0 and %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score},
                field=f"criterion_{criterion_id}",
            )
        score, _created = Score.objects.update_or_create(
            project=project,
            criterion=criterion,
            scorer=scorer,
            defaults={
                "value": value,
                "comment": comment.strip(),
                "no_conflict_declared": True,
                "scored_at": now,
            },
        )
        scores.append(score)
    return scores


# Emails.


def _lead_contacts(project: Project) -> list[Contact]:
    """The people of the lead organization who answer the expressions of interest."""
    return list(people_signing_in(organization_id=project.lead_id))


def _space_url(project: Project, language: str) -> str:
    return page_address("collaboration:space_project", language=language, slug=project.slug)


def interest_expressed_notify(*, participation: Participation) -> int:
    """Tell each contact of the lead organization that `participation`'s organization
    would like to join. Returns how many emails left now."""
    project = participation.project
    sent = 0
    for contact in _lead_contacts(project):
        sent += email_send_once(
            key=f"collaboration:interest:{participation.pk}:to:{contact.pk}",
            template="collaboration/emails/interest_expressed",
            to=contact.email,
            language=contact.preferred_language,
            context={
                "first_name": contact.first_name,
                "project_title": project.title,
                "organization_name": participation.organization.name,
                "contribution": participation.contribution,
                "project_url": _space_url(project, contact.preferred_language),
            },
        )
    return sent


def interest_decision_send(*, participation: Participation) -> bool:
    """Tell the interested organization's contact the lead's answer."""
    if participation.status not in (Status.ACCEPTED, Status.DECLINED):
        return False
    contact = participation.contact
    if contact is None or not contact.email:
        # The person left or was erased: the organization's admins are told instead.
        contact = (
            Contact.objects.filter(
                affiliations__organization_id=participation.organization_id,
                affiliations__access=Affiliation.Access.ADMIN,
                anonymised_at__isnull=True,
            )
            .exclude(email="")
            .order_by("pk")
            .first()
        )
    if contact is None:
        return False
    project = participation.project
    return email_send_once(
        key=f"collaboration:interest:{participation.pk}:decision",
        template="collaboration/emails/interest_accepted"
        if participation.status == Status.ACCEPTED
        else "collaboration/emails/interest_declined",
        to=contact.email,
        language=contact.preferred_language,
        context={
            "first_name": contact.first_name,
            "project_title": project.title,
            "lead_name": project.lead.name,
            "organization_name": participation.organization.name,
            "project_url": _space_url(project, contact.preferred_language),
        },
    )
