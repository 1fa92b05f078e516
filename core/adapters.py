from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: member contacts arrive through an invitation."""

    def is_open_for_signup(self, request):
        return False
