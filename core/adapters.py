from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: member contacts arrive through an invitation."""

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
