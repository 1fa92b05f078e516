"""The register of personal data: every model that holds something about a person says here
why (purpose, legal basis), what (categories), for how long (retention), who else handles it
(processors), and how the person's copy is exported and how it is erased.

Each app declares its own models in its `privacy.py`, imported by its AppConfig.ready(); the
person's export and erasure (portal.services.personal_data) and the staff's register of
processing activities read nothing but these declarations, and a test fails for any model
that points at a contact, a login or a subscriber, or holds an address, without one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import IContains
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LegalBasis(models.TextChoices):
    """GDPR article 6(1): why the cluster may process the data at all."""

    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
    CONTRACT = "contract", _("Membership contract and its preparation (GDPR art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (GDPR art. 6(1)(f))")


# Who else handles the data on the cluster's behalf (GDPR art. 28).
HOSTING = _("Host of the portal's server, database and file storage")
EMAIL_SENDING = _("SMTP service that delivers the portal's emails")


@dataclass(frozen=True)
class Retention:
    """How long rows are kept. When a daily task enforces periods, `periods` maps each
    placeholder of `text` to the setting holding that period in days; the placeholder stands
    for the whole duration ("30 days", "1 day"), so the text need not pluralise it:
    Retention(_("Deleted after %(pending)s"), {"pending": "RETENTION_PENDING_SIGNUP_DAYS"})."""

    text: Promise
    periods: dict[str, str] = field(default_factory=dict)

    def days(self) -> dict[str, int]:
        return {name: getattr(settings, setting) for name, setting in self.periods.items()}

    def describe(self) -> str:
        if not self.periods:
            return str(self.text)
        durations = {
            name: ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
            for name, days in self.days().items()
        }
        return str(self.text) % durations


@dataclass(frozen=True)
class Nothing:
    """Stands for `export` or `erase` when there is nothing to do, and says why."""

    reason: Promise


@dataclass(frozen=True)
class Person:
    """Whom an export or an erasure is about: the contact, their login, their addresses
    (lower-case) and the names staff may have written them under. Built before anything is
    erased, so every declaration sees the same person."""

    contact: Any
    user: Any
    addresses: frozenset[str]
    names: tuple[str, ...]

    def by_address(self, field_name: str) -> Q:
        """Rows whose `field_name` is one of the person's addresses (none without any)."""
        condition = Q(pk__in=[])
        for address in self.addresses:
            condition |= Q(**{f"{field_name}__iexact": address})
        return condition

    def mentioned_in(self, field_name: str) -> Q:
        """Rows whose free text `field_name` names the person or gives one of their addresses,
        ignoring case (and accents on PostgreSQL)."""
        # PostgreSQL has unaccent (the directory's migration installs it); SQLite, used by
        # the quick start only, compares without it.
        with_unaccent = connection.vendor == "postgresql"
        condition = Q(pk__in=[])
        for needle in (*self.names, *self.addresses):
            if with_unaccent:
                condition |= Q(IContains(_unaccent(F(field_name)), _unaccent(Value(needle))))
            else:
                condition |= Q(**{f"{field_name}__icontains": needle})
        return condition


# What is left of an erased person where a name is required, and a per-row address for
# columns that must stay unique (per event, per newsletter) once the person's is gone.
ANONYMISED_FIRST_NAME = "Contact anonymisé"


def erased_address(prefix: str):
    """`erased-<prefix>-<pk>@invalid`: `.invalid` is reserved (RFC 2606), it never receives
    mail."""
    return Concat(
        Value(f"erased-{prefix}-"),
        Cast("pk", CharField()),
        Value("@invalid"),
        output_field=CharField(),
    )


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# Staff's own work: rows that only record which login did something (created an event,
# reviewed an application). Erasure anonymises the login itself, so nothing is left to do.
LOGIN_ONLY = {
    "purpose": _("Back-office work: who did what"),
    "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
    "categories": _("The login that did it"),
    "retention": Retention(_("As long as the record; an erased login keeps no name")),
    "export": Nothing(_("Records only which login acted; it is not the person's own data.")),
    "erase": Nothing(_("Points at the login, which erasure anonymises.")),
}


def _unaccent(expression) -> Func:
    return Func(expression, function="unaccent", output_field=TextField())


Exporter = Callable[[Person], Any]
Eraser = Callable[[Person], None]


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    purpose: Promise
    legal_basis: LegalBasis
    categories: Promise
    retention: Retention
    export: Exporter | Nothing
    erase: Eraser | Nothing
    key: str = ""
    processors: tuple[Promise, ...] = (HOSTING,)
    # Text fields staff write freely: an erasure cannot clean them, so it lists the rows that
    # name the person for staff to edit (see `review_url`).
    free_text: tuple[str, ...] = ()
    review_url: Callable[[models.Model], str] | None = field(default=None)
    # What review_url reads across relations, fetched with the rows.
    review_related: tuple[str, ...] = ()
    # The register's name for the rows, when the model's plural name does not say it.
    name: Promise | None = None

    @property
    def label(self) -> str:
        return str(self.name or self.model._meta.verbose_name_plural)


_REGISTRY: dict[type[models.Model], Declaration] = {}


def register(
    model: type[models.Model],
    *,
    key: str = "",
    purpose: Promise,
    legal_basis: LegalBasis,
    categories: Promise,
    retention: Retention,
    export: Exporter | Nothing,
    erase: Eraser | Nothing,
    processors: tuple[Promise, ...] = (HOSTING,),
    free_text: tuple[str, ...] = (),
    review_url: Callable[[models.Model], str] | None = None,
    review_related: tuple[str, ...] = (),
    name: Promise | None = None,
) -> None:
    """Declare what `model` holds about people. `key` names its part of the export."""
    if model in _REGISTRY:
        raise ValueError(f"{model._meta.label} is declared twice")
    if not isinstance(export, Nothing) and not key:
        raise ValueError(f"{model._meta.label}: an exported model needs a key")
    if free_text and review_url is None:
        raise ValueError(f"{model._meta.label}: free text needs a review_url for staff")
    _REGISTRY[model] = Declaration(
        model=model,
        key=key,
        purpose=purpose,
        legal_basis=legal_basis,
        categories=categories,
        retention=retention,
        export=export,
        erase=erase,
        processors=processors,
        free_text=free_text,
        review_url=review_url,
        review_related=review_related,
        name=name,
    )


def declarations() -> list[Declaration]:
    """Every declaration, in the order the apps registered them (the export's order)."""
    return list(_REGISTRY.values())


def holds_personal_data(model: type[models.Model]) -> list[str]:
    """The fields of `model` that point at a person: a relation to a contact, a login or a
    newsletter subscriber, an email field, or a field named like an address."""
    person_models = {
        settings.AUTH_USER_MODEL.lower(),
        "members.contact",
        "communications.subscriber",
    }
    found = []
    for model_field in model._meta.get_fields():
        if model_field.auto_created and not model_field.concrete:
            continue  # the reverse side of someone else's relation
        related = model_field.related_model
        # A relation not resolved yet (a model outside the app registry) names its target.
        if isinstance(related, str):
            related_label = related.lower()
        else:
            related_label = related._meta.label_lower if related is not None else ""
        if related_label in person_models:
            found.append(model_field.name)
        elif isinstance(model_field, models.EmailField) or "email" in model_field.name:
            found.append(model_field.name)
    return found


def undeclared_models(candidates) -> list[str]:
    """Labels of the models among `candidates` that hold personal data without a declaration."""
    return sorted(
        model._meta.label
        for model in candidates
        if holds_personal_data(model) and model not in _REGISTRY
    )
