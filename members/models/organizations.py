from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import search_filter
from core.translation import in_language
from core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator

INVITATION_VALIDITY = timedelta(days=14)
# The purpose of an invitation's personal link (core.links).
INVITATION_LINK = "members.invitation"


class HeadcountBand(models.TextChoices):
    SOLO = "0", _("No employee")
    MICRO = "1-9", _("1 to 9")
    SMALL = "10-49", _("10 to 49")
    MEDIUM = "50-249", _("50 to 249")
    LARGE = "250-4999", _("250 to 4,999")
    VERY_LARGE = "5000+", _("5,000 and more")


class Region(models.TextChoices):
    AUVERGNE_RHONE_ALPES = "84", "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "27", "Bourgogne-Franche-Comté"
    BRETAGNE = "53", "Bretagne"
    CENTRE_VAL_DE_LOIRE = "24", "Centre-Val de Loire"
    CORSE = "94", "Corse"
    GRAND_EST = "44", "Grand Est"
    HAUTS_DE_FRANCE = "32", "Hauts-de-France"
    ILE_DE_FRANCE = "11", "Île-de-France"
    NORMANDIE = "28", "Normandie"
    NOUVELLE_AQUITAINE = "75", "Nouvelle-Aquitaine"
    OCCITANIE = "76", "Occitanie"
    PAYS_DE_LA_LOIRE = "52", "Pays de la Loire"
    PROVENCE_ALPES_COTE_D_AZUR = "93", "Provence-Alpes-Côte d'Azur"
    OUTRE_MER = "00", _("Overseas")
    ABROAD = "99", _("Abroad")


class Segment(models.TextChoices):
    """Perception segments of the communication strategy: credible × interesting."""

    ACQUIRED = "acquired", _("Acquired")
    INDIFFERENT = "indifferent", _("Indifferent")
    SKEPTIC = "skeptic", _("Skeptic")
    OPPONENT = "opponent", _("Opponent")
    NO_OPINION = "no_opinion", _("No opinion")

    @classmethod
    def from_perception(cls, *, credible: bool | None, interesting: bool | None) -> "Segment":
        if credible is None or interesting is None:
            return cls.NO_OPINION
        if credible and interesting:
            return cls.ACQUIRED
        if credible:
            return cls.INDIFFERENT
        if interesting:
            return cls.SKEPTIC
        return cls.OPPONENT


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    HIDDEN = "hidden", _("Hidden")


class _Term(models.Model):
    """A staff-managed taxonomy term with a French and an English name."""

    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        abstract = True
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class Sector(_Term):
    class Meta(_Term.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Competence(_Term):
    class Meta(_Term.Meta):
        verbose_name = _("competence")
        verbose_name_plural = _("competences")


class Label(_Term):
    """A label granted to companies, e.g. "Label Numérique Responsable"."""

    class Meta(_Term.Meta):
        verbose_name = _("label")
        verbose_name_plural = _("labels")


class Tag(_Term):
    """Free tags animators put on organizations to work on them in bulk."""

    class Meta(_Term.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class OrganizationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(lifecycle=Organization.Lifecycle.MEMBER)

    def search(self, query: str):
        return self.filter(search_filter(query, ["name", "city"]))


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
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    naf_code = models.CharField(_("NAF/APE code"), max_length=6, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    headcount_band = models.CharField(
        _("headcount"), max_length=10, choices=HeadcountBand.choices, blank=True
    )
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=3, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    x_url = models.URLField(_("X (Twitter) profile"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS, names_matter=False)],
    )
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    offer_fr = models.TextField(_("offer and innovative solutions (French)"), blank=True)
    offer_en = models.TextField(_("offer and innovative solutions (English)"), blank=True)
    competences = models.ManyToManyField(Competence, blank=True, verbose_name=_("competences"))
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    labels = models.ManyToManyField(Label, blank=True, verbose_name=_("labels held"))
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("tags"))
    animator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations_in_charge",
        limit_choices_to={"is_staff": True},
        verbose_name=_("animator in charge"),
    )
    # Per-field choice of the organization: {"phone": "members", "street": "hidden", ...};
    # a field not named here takes the default of Organization.visibility_of().
    visibility = models.JSONField(_("field visibility"), default=dict, blank=True)
    directory_consent_at = models.DateTimeField(
        _("consented to the directory on"), null=True, blank=True
    )
    segment = models.CharField(
        _("perception segment"),
        max_length=12,
        choices=Segment.choices,
        default=Segment.NO_OPINION,
        db_index=True,
    )
    # Lower-cased, accent-free text of the searchable fields, kept by the directory search.
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["lifecycle", "name"]),
            # The staff list pages through every organization by name: without it each page
            # sorts the whole table.
            models.Index(fields=["name", "id"], name="organization_name_id"),
            # The directory's organizations: its count reads this index alone, not the table
            # (seconds-long at 100,000 organizations).
            models.Index(
                fields=["name", "id"],
                condition=models.Q(lifecycle="member", directory_consent_at__isnull=False),
                name="organization_directory",
            ),
        ]

    def __str__(self):
        return self.name

    # Fields an organization may show publicly, to members only, or not at all, with the
    # visibility they have until the organization chooses.
    VISIBILITY_DEFAULTS = {
        "description": Visibility.PUBLIC,
        "offer": Visibility.PUBLIC,
        "website": Visibility.PUBLIC,
        "social": Visibility.PUBLIC,
        "logo": Visibility.PUBLIC,
        "sectors": Visibility.PUBLIC,
        "competences": Visibility.PUBLIC,
        "labels": Visibility.PUBLIC,
        "headcount_band": Visibility.PUBLIC,
        "founded_year": Visibility.PUBLIC,
        "street": Visibility.MEMBERS,
        "email": Visibility.MEMBERS,
        "phone": Visibility.MEMBERS,
        "siren": Visibility.MEMBERS,
        "contacts": Visibility.MEMBERS,
    }

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    @property
    def offer(self) -> str:
        return in_language(self.offer_fr, self.offer_en)

    def visibility_of(self, field: str) -> str:
        return self.visibility.get(field, self.VISIBILITY_DEFAULTS[field])

    def is_visible(self, field: str, *, viewer_is_member: bool) -> bool:
        level = self.visibility_of(field)
        return level == Visibility.PUBLIC or (level == Visibility.MEMBERS and viewer_is_member)


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
    # Set when staff erase the person: names and addresses are gone, history stays counted.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(Lower("email"), name="contact_email_lower"),
            # The staff contact list pages through the people not erased, by name.
            models.Index(
                fields=["last_name", "first_name", "id"],
                condition=models.Q(anonymised_at__isnull=True),
                name="contact_list",
            ),
        ]

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

    Its link is a personal link (core.links, purpose INVITATION_LINK) valid as long as the
    invitation: only the token's hash is stored, the email is the only copy of the secret.
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
    links = GenericRelation("core.PersonalLink")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ConsentRecord(models.Model):
    """One person's yes or no to one purpose, with where and under which wording it was given.

    Records are never edited: a change of mind is a new record, the latest one counts.
    """

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        DIRECTORY = "directory", _("Directory listing")
        EVENT_PHOTOS = "event_photos", _("Event photos")

    class Source(models.TextChoices):
        WEB_FORM = "web_form", _("Web form")
        MEMBER_SPACE = "member_space", _("Member space")
        STAFF = "staff", _("Recorded by staff")
        IMPORT = "import", _("Import")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("granted"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    text_version = models.CharField(_("text version"), max_length=40)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["contact", "purpose", "-recorded_at"])]

    def __str__(self):
        return f"{self.contact} — {self.get_purpose_display()}: {self.granted}"
