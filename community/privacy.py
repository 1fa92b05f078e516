"""Personal data held by community (see core.personal_data). Imported by
CommunityConfig.ready().

Applications belong to organizations, messages to working groups, testimonials to the cluster;
what points at a person is who wrote, scored or said them. Erasure keeps the rows (the record
and the figures) and removes the person from them; a published testimonial comes down."""

# Awards ------------------------------------------------------------------------------------
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from community.models import AwardApplication, Edition, Juror  # noqa: E402
from core.links import links_revoke  # noqa: E402
from core.personal_data import (  # noqa: E402
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Person,
    Retention,
    iso,
    register,
)

register(Edition, **LOGIN_ONLY)

_AWARDS_KEPT = Retention(_("Kept with the record of the awards; the person is removed on erasure"))


def _award_applications_export(person: Person) -> list[dict]:
    if person.contact is None:
        return []
    return [
        {
            "edition": application.edition.title_fr,
            "category": application.category.name_fr,
            "organization": application.organization.name,
            "status": application.status,
            "result": application.result,
            "submitted_at": iso(application.created_at),
        }
        for application in AwardApplication.objects.filter(
            submitted_by=person.contact
        ).select_related("edition", "category", "organization")
    ]


def _award_applications_erase(person: Person) -> None:
    if person.contact is not None:
        AwardApplication.objects.filter(submitted_by=person.contact).update(submitted_by=None)
    if person.user is not None:
        AwardApplication.objects.filter(nominated_by=person.user).update(nominated_by=None)


register(
    AwardApplication,
    key="award_applications",
    purpose=_("Applications to the innovation awards, sent for an organization"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who sent the application or nominated the organization"),
    retention=_AWARDS_KEPT,
    export=_award_applications_export,
    erase=_award_applications_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _jurors_of(person: Person):
    condition = person.by_address("email")
    if person.contact is not None:
        condition |= Q(contact=person.contact)
    return Juror.objects.filter(condition, erased_at__isnull=True)


def _jurors_export(person: Person) -> list[dict]:
    jurors = (
        _jurors_of(person)
        .select_related("edition")
        .prefetch_related(
            "conflicts__organization",
            "scores__criterion",
            "scores__application__organization",
        )
    )
    return [
        {
            "edition": juror.edition.title_fr,
            "name": juror.name,
            "email": juror.email,
            "organization": juror.organization_name,
            "invited_at": iso(juror.invited_at),
            "conflicts_declared_at": iso(juror.conflicts_declared_at),
            "conflicts": [conflict.organization.name for conflict in juror.conflicts.all()],
            "scores": [
                {
                    "application": score.application.organization.name,
                    "criterion": score.criterion.label_fr,
                    "score": score.value,
                    "scored_at": iso(score.scored_at),
                }
                for score in juror.scores.all()
            ],
        }
        for juror in jurors
    ]


def _jurors_erase(person: Person) -> None:
    # The seats, conflicts and scores stay (the ranking's figures); the name, the address,
    # the link to the register and the personal links go.
    for juror in _jurors_of(person):
        links_revoke(target=juror, purpose=Juror.LINK_PURPOSE)
    _jurors_of(person).update(
        name=Juror.ERASED_NAME,
        email="",
        organization_name="",
        contact=None,
        erased_at=timezone.now(),
    )


register(
    Juror,
    key="award_jurors",
    purpose=_("The innovation awards' jury: invitations, conflicts of interest and scores"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Name, email, organization, declared conflicts of interest, scores"),
    retention=_AWARDS_KEPT,
    export=_jurors_export,
    erase=_jurors_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


# Discussions -------------------------------------------------------------------------------


# Testimonials and success stories ----------------------------------------------------------
