"""Personal data held by the core app and the libraries it configures (see core.personal_data).
Imported by CoreConfig.ready()."""

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.models import AnimatorPreferences, SentEmail, User
from core.personal_data import (
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    erased_address,
    iso,
    register,
)


def _account_export(person: Person) -> dict | None:
    user = person.user
    if user is None:
        return None
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def _account_erase(person: Person) -> None:
    user = person.user
    if user is None:
        return
    # `.invalid` is reserved (RFC 2606): the address is unique and can never receive mail.
    user.email = f"erased-user-{user.pk}@invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


register(
    User,
    key="account",
    purpose=_("Sign-in to the member space and the back-office"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Email address, name, preferred language, password hash, sign-in dates"),
    retention=Retention(_("As long as the person has access; closed and anonymised on erasure")),
    export=_account_export,
    erase=_account_erase,
)


def _email_addresses_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=person.user).order_by("pk")
    ]


def _email_addresses_erase(person: Person) -> None:
    if person.user is not None:
        EmailAddress.objects.filter(user=person.user).delete()


register(
    EmailAddress,
    key="sign_in_addresses",
    purpose=_("Sign-in to the member space and the back-office"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Sign-in email addresses and whether they are verified"),
    retention=Retention(_("As long as the person has access; deleted on erasure")),
    export=_email_addresses_export,
    erase=_email_addresses_erase,
)


register(
    EmailConfirmation,
    purpose=_("Sign-in to the member space and the back-office"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("A key confirming a sign-in address"),
    retention=Retention(_("Until the address is confirmed; deleted with the address")),
    export=Nothing(_("A one-time key only; the address it confirms is exported.")),
    erase=Nothing(_("Deleted with the sign-in address it confirms.")),
)


def _authenticators_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    # The kind and date only: the secrets are the person's second factor, never handed out.
    return [
        {"type": authenticator.type, "created_at": iso(authenticator.created_at)}
        for authenticator in Authenticator.objects.filter(user=person.user).order_by("pk")
    ]


def _authenticators_erase(person: Person) -> None:
    if person.user is not None:
        Authenticator.objects.filter(user=person.user).delete()


register(
    Authenticator,
    name=_("second factors of sign-in"),
    key="second_factors",
    purpose=_("Securing sign-in with a second factor"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Authenticator secrets and recovery codes"),
    retention=Retention(_("Until the person removes them; deleted on erasure")),
    export=_authenticators_export,
    erase=_authenticators_erase,
)


def _sent_emails_export(person: Person) -> list[dict]:
    return [
        {
            "to": email.to,
            "template": email.template,
            "status": email.status,
            "created_at": iso(email.created_at),
            "sent_at": iso(email.sent_at),
        }
        for email in SentEmail.objects.filter(person.by_address("to")).order_by("created_at", "pk")
    ]


def _sent_emails_erase(person: Person) -> None:
    # The row stays, so the occasion (its key) is never emailed twice; the address and the
    # SMTP server's last error, which often quotes it, go.
    SentEmail.objects.filter(person.by_address("to")).update(to=erased_address("email"), error="")


register(
    SentEmail,
    key="emails_sent",
    purpose=_("Sending each transactional email once, and tracing delivery problems"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Recipient address, kind of email, sending status and dates"),
    retention=Retention(_("Deleted %(days)s after sending"), {"days": "RETENTION_SENT_EMAIL_DAYS"}),
    export=_sent_emails_export,
    erase=_sent_emails_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _admin_log_erase(person: Person) -> None:
    # The Django admin's history names what was changed: the person, under their contact
    # or their login. (The contact's model is the members app's, which core does not import.)
    rows = [(type(person.contact), person.contact.pk)]
    if person.user is not None:
        rows.append((User, person.user.pk))
    for model, pk in rows:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).update(object_repr=f"#{pk}", change_message="")


register(
    LogEntry,
    **{
        **LOGIN_ONLY,
        "categories": _("The superuser who changed something, and the name of what changed"),
        "erase": _admin_log_erase,
    },
)


# An animator's dashboard settings: about a staff login, which erasure refuses (staff
# accounts are closed from the Django admin, and the row goes with the login).
register(
    AnimatorPreferences,
    name=_("animators' dashboard preferences"),
    key="animator_preferences",
    purpose=_("Back-office: which arrivals an animator is emailed about, and what is new to them"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Email choices, when each list was last looked at"),
    retention=Retention(_("As long as the staff login; deleted with it")),
    export=Nothing(_("Staff logins' own settings: members' exports never hold any.")),
    erase=Nothing(_("Deleted with the staff login, which erasure does not close.")),
)
