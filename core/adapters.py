import base64
import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core import sealing

logger = logging.getLogger(__name__)

# The code of allauth's error once an address has failed to sign in too often.
LOCKED_OUT = "too_many_login_attempts"


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: member contacts arrive through an invitation."""

    # Five failed sign-ins lock the address for 5 minutes (ACCOUNT_RATE_LIMITS), the real
    # owner included: tell them how to get back in. A password reset stays open and, once
    # done, lifts the lock.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        LOCKED_OUT: _(
            "Too many failed sign-in attempts with this address: signing in is paused for "
            "5 minutes. To get back in now, choose a new password with “Forgot your "
            "password?”: the link we email you works even during the pause."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # allauth's emails speak in the cluster's name, like the portal's own.
        context = {
            **context,
            "cluster_name": settings.CLUSTER_NAME,
            "site_url": settings.SITE_URL,
        }
        super().send_mail(template_prefix, email, context)


def other_sessions_end(sender, request, user, **kwargs) -> None:
    """A second factor was just added: sessions of this login opened with the password alone
    end, and this one, which set it up, goes on (connected in CoreConfig.ready)."""
    type(user).objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    if request is not None and getattr(request, "user", None) == user:
        update_session_auth_hash(request, user)


# What allauth keeps sealed in an authenticator's data: a TOTP key, a recovery-code seed,
# and recovery codes carried over from an older format (a list).
MFA_SEALED_KEYS = ("secret", "seed")
MFA_SEALED_LISTS = ("migrated_codes",)


class SealingMFAAdapter(DefaultMFAAdapter):
    """allauth keeps a TOTP key and a recovery-code seed in the database and asks its adapter
    to encrypt them, which by default it does not: here they are sealed (core.sealing)."""

    def encrypt(self, text: str) -> str:
        return sealing.seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        if not sealing.is_sealed(encrypted_text):
            # Written by a process of the release before sealing, during a rolling deploy:
            # still the person's factor; `reseal_secrets` seals it.
            logger.warning("A second factor's secret is not sealed: run reseal_secrets")
            return encrypted_text
        try:
            return sealing.unseal(encrypted_text)
        except sealing.Unsealable:
            # The person's codes are then refused like wrong ones, and staff read why in the
            # log; a random value of the right alphabet (base32) keeps the codes unguessable,
            # where an empty one would make every recovery code computable.
            logger.exception("A second factor's secret cannot be opened")
            return base64.b32encode(secrets.token_bytes(20)).decode()
