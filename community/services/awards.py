"""Writes of the innovation awards: staff open and publish editions; member organizations
apply, edit and withdraw until the deadline (staff may nominate one); staff add jurors, who
declare their conflicts of interest and score; staff decide per category and announce the
winners. Refusals raise AwardError with a message for the person; the emails go once each
(email_send_once keys), through Celery (the outbox)."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from collaboration.selectors.people import people_signing_in
from collaboration.services.slugs import row_save_with_free_slug, slug_free
from community import permissions
from community.models import (
    AwardApplication,
    AwardAttachment,
    AwardCategory,
    Edition,
    Juror,
    JurorConflict,
    JuryScore,
)
from community.models.awards import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_PER_APPLICATION,
)
from core.email import email_send_once, page_address
from core.links import link_issue, links_extend, links_revoke
from core.outbox import task_enqueue
from core.uploads import UploadTypeValidator
from members.models import Contact, Organization

Status = AwardApplication.Status
Result = AwardApplication.Result


class AwardError(ValidationError):
    """A refused action, with the message to show (next to `field` when given)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


LATE = _("The deadline for applications has passed: the application cannot be saved.")


# Editions: staff.


@transaction.atomic
def edition_save(*, form, categories, criteria, user) -> Edition:
    """Save an edition from the staff form and its categories and criteria formsets (all
    valid)."""
    edition = form.save(commit=False)
    if edition.pk is None:
        edition.created_by = user
    if edition.pk is None and not edition.slug:
        row_save_with_free_slug(edition, edition.title_fr, fallback="trophees")
    else:
        if not edition.slug:
            edition.slug = slug_free(
                Edition, edition.title_fr, exclude_pk=edition.pk, fallback="trophees"
            )
        edition.save()
    categories.instance = edition
    categories.save()
    criteria.instance = edition
    criteria.save()
    # The jurors' links live until scoring closes: a later closing keeps them working.
    links_extend(
        queryset=Juror.objects.filter(edition=edition),
        purposes=[Juror.LINK_PURPOSE],
        expires_at=edition.scoring_closes_at,
    )
    return edition


@transaction.atomic
def edition_publish(*, edition: Edition, published: bool) -> Edition:
    edition.is_published = published
    edition.save(update_fields=["is_published", "updated_at"])
    return edition


# Applications.


def attachment_check(upload) -> None:
    """Refuse a file too heavy or whose content is not what its name says."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise AwardError(
            _("This file weighs %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(ATTACHMENT_MAX_BYTES),
            },
            field="attachments",
        )
    try:
        UploadTypeValidator(ATTACHMENT_EXTENSIONS)(upload)
    except ValidationError as error:
        raise AwardError(error.messages[0], field="attachments") from None


def _attachments_add(application: AwardApplication, uploads) -> None:
    uploads = list(uploads or ())
    if application.attachments.count() + len(uploads) > ATTACHMENTS_PER_APPLICATION:
        raise AwardError(
            ngettext(
                "An application holds at most %(count)s attachment.",
                "An application holds at most %(count)s attachments.",
                ATTACHMENTS_PER_APPLICATION,
            )
            % {"count": ATTACHMENTS_PER_APPLICATION},
            field="attachments",
        )
    for upload in uploads:
        attachment_check(upload)
        upload.seek(0)
        AwardAttachment.objects.create(
            application=application,
            file=upload,
            name=PurePath(upload.name).name[:200],
            size=upload.size,
        )


def _edition_locked_open(edition: Edition) -> Edition:
    """The edition, its row locked so that the deadline is checked at the moment of saving."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_open():
        raise AwardError(LATE)
    return edition


@transaction.atomic
def application_submit(
    *,
    edition: Edition,
    category: AwardCategory,
    organization: Organization,
    presentation: str,
    public_summary: str,
    attachments=(),
    contact: Contact | None = None,
    nominated_by=None,
) -> AwardApplication:
    """`organization`'s application to `category`, by its `contact` or nominated by staff
    (`nominated_by`). One per organization and category; a withdrawn one comes back."""
    from community.tasks import award_application_received_send, award_nomination_send

    edition = _edition_locked_open(edition)
    if category.edition_id != edition.pk:
        raise AwardError(_("This category is not one of the edition's."), field="category")
    application = (
        AwardApplication.objects.select_for_update()
        .filter(edition=edition, category=category, organization=organization)
        .first()
    )
    if application is not None and application.status == Status.SUBMITTED:
        raise AwardError(
            _("%(name)s has already applied to this category.") % {"name": organization.name},
            field="category",
        )
    if application is None:
        application = AwardApplication(
            edition=edition, category=category, organization=organization
        )
    application.presentation = presentation.strip()
    application.public_summary = public_summary.strip()
    if application.pk is not None:
        # Sent again: a new application for the jurors, who declare again before seeing it.
        application.created_at = timezone.now()
        application.result = Result.NONE
    application.status = Status.SUBMITTED
    application.submitted_by = contact
    application.nominated_by = nominated_by
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two clicks at once: the other one got there first.
        raise AwardError(
            _("%(name)s has already applied to this category.") % {"name": organization.name},
            field="category",
        ) from None
    _attachments_add(application, attachments)
    if nominated_by is not None:
        task_enqueue(award_nomination_send, application.pk)
    else:
        task_enqueue(award_application_received_send, application.pk)
    return application


@transaction.atomic
def application_update(
    *, application: AwardApplication, presentation: str, public_summary: str, attachments=()
) -> AwardApplication:
    _edition_locked_open(application.edition)
    application = AwardApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.SUBMITTED:
        raise AwardError(_("This application was withdrawn."))
    application.presentation = presentation.strip()
    application.public_summary = public_summary.strip()
    application.save(update_fields=["presentation", "public_summary", "updated_at"])
    _attachments_add(application, attachments)
    return application


@transaction.atomic
def application_withdraw(*, application: AwardApplication) -> AwardApplication:
    _edition_locked_open(application.edition)
    application = AwardApplication.objects.select_for_update().get(pk=application.pk)
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def attachment_delete(*, attachment: AwardAttachment) -> None:
    _edition_locked_open(attachment.application.edition)
    attachment.file.delete(save=False)
    attachment.delete()


# Jury.


@transaction.atomic
def juror_add(
    *,
    edition: Edition,
    contact: Contact | None = None,
    name: str = "",
    email: str = "",
    organization_name: str = "",
    preferred_language: str = "fr",
) -> Juror:
    """A juror from the register (`contact`) or an outsider (name, address, organization),
    invited by email with a personal link."""
    from community.tasks import award_juror_invitation_send

    if contact is not None:
        if Juror.objects.filter(edition=edition, contact=contact).exists():
            raise AwardError(_("This person is already on the jury."), field="contact")
        affiliation = contact.affiliations.select_related("organization").first()
        juror = Juror(
            edition=edition,
            contact=contact,
            name=contact.full_name,
            email=contact.email,
            organization_name=affiliation.organization.name if affiliation else "",
            preferred_language=contact.preferred_language,
        )
    else:
        juror = Juror(
            edition=edition,
            name=name.strip(),
            email=email.strip(),
            organization_name=organization_name.strip(),
            preferred_language=preferred_language,
        )
    if not juror.email:
        raise AwardError(_("A juror needs an email address to be invited."), field="email")
    try:
        with transaction.atomic():
            juror.save()
    except IntegrityError:
        raise AwardError(_("This person is already on the jury."), field="contact") from None
    task_enqueue(award_juror_invitation_send, juror.pk)
    return juror


@transaction.atomic
def juror_invitation_resend(*, juror: Juror) -> Juror:
    """Send the invitation again with a new personal link (the former ones stop working):
    for an email lost or a link forwarded. Two clicks on the same invitation send one."""
    from community.tasks import award_juror_invitation_send

    juror = Juror.objects.select_for_update().select_related("edition").get(pk=juror.pk)
    edition = juror.edition
    if edition.is_announced or not edition.is_scoring():
        raise AwardError(_("Scoring is closed for this edition."))
    if juror.invited_at is None:
        raise AwardError(_("The invitation of %(name)s is being sent.") % {"name": juror.name})
    # The occasion is the invitation being replaced: one resend for each one sent.
    task_enqueue(award_juror_invitation_send, juror.pk, juror.invited_at.isoformat())
    return juror


@transaction.atomic
def juror_remove(*, juror: Juror) -> None:
    """Take a juror off the jury, their link with them: only while they have scored
    nothing, so that a ranking staff may have deliberated on never changes silently."""
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if juror.scores.exists():
        raise AwardError(
            _("%(name)s has already scored applications and stays on the jury.")
            % {"name": juror.name}
        )
    links_revoke(target=juror, purpose=Juror.LINK_PURPOSE)
    juror.delete()


@transaction.atomic
def juror_conflicts_declare(*, juror: Juror, organization_ids, no_other_conflict: bool) -> Juror:
    """The juror's declaration: the organizations they have a conflict of interest with,
    and that they have no other. Their own organizations are always out of their sight."""
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if not no_other_conflict:
        raise AwardError(
            _("Declare that you have no other conflict of interest."), field="no_other_conflict"
        )
    offered = set(
        permissions.applications_to_declare(juror).values_list("organization_id", flat=True)
    )
    chosen = set(organization_ids) & offered
    JurorConflict.objects.filter(juror=juror).exclude(organization_id__in=chosen).delete()
    existing = set(juror.conflicts.values_list("organization_id", flat=True))
    JurorConflict.objects.bulk_create(
        [JurorConflict(juror=juror, organization_id=pk) for pk in sorted(chosen - existing)]
    )
    # Scores given before a new conflict was declared no longer count.
    JuryScore.objects.filter(juror=juror, application__organization_id__in=chosen).delete()
    juror.conflicts_declared_at = timezone.now()
    juror.save(update_fields=["conflicts_declared_at"])
    return juror


@transaction.atomic
def jury_score(
    *, juror: Juror, application: AwardApplication, values: dict[int, int | None]
) -> list[JuryScore]:
    """Record the juror's score of each criterion (criterion id → value), replacing earlier
    ones. Refused for an application out of the juror's sight (their own organization's, a
    declared conflict), after scoring closes, or for a value out of range: nothing saved."""
    juror = Juror.objects.select_for_update().get(pk=juror.pk)
    if not permissions.applications_visible_to_juror(juror).filter(pk=application.pk).exists():
        raise AwardError(_("You cannot score this application."))
    edition = application.edition
    if not edition.is_scoring() or edition.is_announced:
        raise AwardError(_("Scoring is closed for this edition."))
    criteria = {criterion.pk: criterion for criterion in edition.criteria.all()}
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise AwardError(_("This criterion is not one of the edition's."))
        if value is None or not 0 <= value <= criterion.max_score:
            raise AwardError(
                _("A score of “%(name)s” is between 0 and %(max)s.")
                % {"name": criterion.label, "max": criterion.max_score},
                field=f"criterion_{criterion_id}",
            )
    now = timezone.now()
    scores = []
    for criterion_id, value in values.items():
        score, _created = JuryScore.objects.update_or_create(
            juror=juror,
            application=application,
            criterion_id=criterion_id,
            defaults={"value": value, "scored_at": now},
        )
        scores.append(score)
    return scores


# Deliberation and announcement.


@transaction.atomic
def category_decide(
    *, category: AwardCategory, deliberation: str, results: dict[int, str]
) -> AwardCategory:
    """Staff's deliberation note and the result of each application of the category
    (application id → winner, mention or nothing), before the announcement."""
    edition = Edition.objects.select_for_update().get(pk=category.edition_id)
    if edition.is_announced:
        raise AwardError(_("The winners are already announced: the results no longer change."))
    category.deliberation = deliberation.strip()
    category.save(update_fields=["deliberation"])
    for application in AwardApplication.objects.filter(category=category, status=Status.SUBMITTED):
        result = results.get(application.pk, "")
        if result not in (Result.WINNER, Result.MENTION):
            result = Result.NONE
        if application.result != result:
            application.result = result
            application.save(update_fields=["result", "updated_at"])
    return category


def announcement_recipients(edition: Edition) -> int:
    """How many applications will be told their result (the confirmation's count)."""
    return AwardApplication.objects.filter(edition=edition, status=Status.SUBMITTED).count()


@transaction.atomic
def edition_announce(*, edition: Edition) -> int:
    """Announce the winners: they become public, the others are marked not selected, and
    each applicant is told its result (through Celery). Returns the applications told."""
    from community.tasks import award_results_send

    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_announced:
        raise AwardError(_("The winners are already announced."))
    if not AwardApplication.objects.filter(
        edition=edition, status=Status.SUBMITTED, result=Result.WINNER
    ).exists():
        raise AwardError(_("Choose at least one winner before announcing."))
    AwardApplication.objects.filter(
        edition=edition, status=Status.SUBMITTED, result=Result.NONE
    ).update(result=Result.NOT_SELECTED, updated_at=timezone.now())
    edition.announced_at = timezone.now()
    edition.save(update_fields=["announced_at", "updated_at"])
    task_enqueue(award_results_send, edition.pk)
    return announcement_recipients(edition)


# Emails.


def _applicant_recipients(application: AwardApplication) -> list[Contact]:
    """Who speaks for the applicant: the contact who applied, else the organization's
    people who sign in."""
    contact = application.submitted_by
    if contact is not None and contact.email and contact.anonymised_at is None:
        return [contact]
    return list(people_signing_in(organization_id=application.organization_id))


def _application_context(application: AwardApplication, contact: Contact) -> dict:
    language = contact.preferred_language
    return {
        "first_name": contact.first_name,
        "edition_title": application.edition.title_en
        if language == "en" and application.edition.title_en
        else application.edition.title_fr,
        "category_name": application.category.name_en
        if language == "en" and application.category.name_en
        else application.category.name_fr,
        "organization_name": application.organization.name,
        "application_url": page_address(
            "community:space_award_application", language=language, pk=application.pk
        ),
        "edition_url": page_address(
            "community:award_detail", language=language, slug=application.edition.slug
        ),
    }


def application_received_send(*, application: AwardApplication) -> int:
    sent = 0
    for contact in _applicant_recipients(application):
        sent += email_send_once(
            key=f"community:awards:application:{application.pk}:received:{contact.pk}",
            template="community/emails/awards/application_received",
            to=contact.email,
            language=contact.preferred_language,
            context=_application_context(application, contact),
        )
    return sent


def nomination_send(*, application: AwardApplication) -> int:
    """Staff nominated the organization: each of its people who sign in is told."""
    sent = 0
    for contact in people_signing_in(organization_id=application.organization_id):
        sent += email_send_once(
            key=f"community:awards:application:{application.pk}:nominated:{contact.pk}",
            template="community/emails/awards/nominated",
            to=contact.email,
            language=contact.preferred_language,
            context=_application_context(application, contact),
        )
    return sent


def result_send(*, application: AwardApplication) -> int:
    if application.result not in (Result.WINNER, Result.MENTION, Result.NOT_SELECTED):
        return 0
    template = (
        "community/emails/awards/result_winner"
        if application.is_awarded
        else "community/emails/awards/result_not_selected"
    )
    sent = 0
    for contact in _applicant_recipients(application):
        context = _application_context(application, contact)
        context["is_mention"] = application.result == Result.MENTION
        sent += email_send_once(
            key=f"community:awards:application:{application.pk}:result:{contact.pk}",
            template=template,
            to=contact.email,
            language=contact.preferred_language,
            context=context,
        )
    return sent


def results_send(*, edition: Edition) -> int:
    """Every applicant's result, once the winners are announced."""
    if not edition.is_announced:
        return 0
    applications = AwardApplication.objects.filter(
        edition=edition, status=Status.SUBMITTED
    ).select_related("edition", "category", "organization", "submitted_by")
    return sum(result_send(application=application) for application in applications)


def juror_invitation_send(*, juror: Juror, replacing: str = "") -> bool:
    """The juror's invitation, with a personal link valid until scoring closes; sent again
    (`replacing` the invitation sent at that time), the former links stop working."""
    if not juror.email or juror.erased_at is not None:
        return False
    edition = juror.edition
    language = juror.preferred_language

    def context() -> dict:
        if replacing:
            links_revoke(target=juror, purpose=Juror.LINK_PURPOSE)
        token = link_issue(
            target=juror, purpose=Juror.LINK_PURPOSE, expires_at=edition.scoring_closes_at
        )
        return {
            "name": juror.name,
            "edition_title": edition.title_en
            if language == "en" and edition.title_en
            else edition.title_fr,
            "scoring_closes_at": edition.scoring_closes_at,
            "jury_url": page_address("community:jury_home", language=language, ref=token),
        }

    sent = email_send_once(
        key=f"community:awards:juror:{juror.pk}:invitation"
        + (f":replacing:{replacing}" if replacing else ""),
        template="community/emails/awards/juror_invitation",
        to=juror.email,
        language=language,
        context=context,
    )
    if sent:
        Juror.objects.filter(pk=juror.pk).update(invited_at=timezone.now())
    return sent
