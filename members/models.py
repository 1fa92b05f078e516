import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

INVITATION_VALIDITY = timedelta(days=14)


class OrganizationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(lifecycle=Organization.Lifecycle.MEMBER)

    def search(self, query: str):
        query = query.strip()
        if not query:
            return self
        return self.filter(models.Q(name__icontains=query) | models.Q(city__icontains=query))

    def annotate_contact_count(self):
        return self.annotate(contact_count=models.Count("affiliations"))


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        STARTUP = "startup", _("Start-up")
        RESEARCH_LAB = "research_lab", _("Research lab")
        UNIVERSITY = "university", _("University or school")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        PUBLIC_BODY = "public_body", _("Public body")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        FUNDER = "funder", _("Funder")
        INVESTOR = "investor", _("Investor")
        PROFESSIONAL_ASSOCIATION = "professional_association", _("Professional association")
        OTHER_CLUSTER = "other_cluster", _("Other cluster")

    class Lifecycle(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        APPLICANT = "applicant", _("Applicant")
        MEMBER = "member", _("Member")
        FORMER_MEMBER = "former_member", _("Former member")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.COMPANY)
    lifecycle = models.CharField(
        _("lifecycle"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.PROSPECT
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [models.Index(fields=["lifecycle", "name"])]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description_fr


class Contact(models.Model):
    """A person the cluster knows. Has a login (`user`) once they accepted an invitation."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("login"),
    )
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="contacts"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(Lower("email"), name="contact_email_lower")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Affiliation(models.Model):
    """A contact's place in an organization: their position, and what they may do in the portal."""

    class Position(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        MAIN_CONTACT = "main_contact", _("Main contact")
        BILLING_CONTACT = "billing_contact", _("Billing contact")
        EMPLOYEE = "employee", _("Employee")

    class Access(models.TextChoices):
        ADMIN = "admin", _("Organization admin")
        CONTACT = "contact", _("Contact")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    position = models.CharField(
        _("job role"), max_length=20, choices=Position.choices, default=Position.EMPLOYEE
    )
    access = models.CharField(
        _("portal role"), max_length=10, choices=Access.choices, default=Access.CONTACT
    )

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "organization"], name="unique_contact_organization"
            )
        ]

    def __str__(self):
        return f"{self.contact} — {self.organization}"

    @property
    def is_admin(self) -> bool:
        return self.access == self.Access.ADMIN


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An invitation for a person to join an organization's member space.

    Only a hash of the token is stored: the link in the email is the only copy of the secret.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    access = models.CharField(
        _("portal role"),
        max_length=10,
        choices=Affiliation.Access.choices,
        default=Affiliation.Access.CONTACT,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """Return (token for the link, hash to store)."""
        token = secrets.token_urlsafe(32)
        return token, Invitation.hash_token(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
