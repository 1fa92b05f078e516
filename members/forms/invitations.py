"""Forms of invitations: inviting a person into an organization's space, and the password
they choose when they accept."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from members.models import Affiliation


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="fr"
    )
    access = forms.ChoiceField(
        label=_("Portal role"),
        choices=Affiliation.Access.choices,
        initial=Affiliation.Access.CONTACT,
        help_text=_("An organization admin can edit the profile and invite colleagues."),
    )


class InvitationAcceptForm(forms.Form):
    """Choose a password, checked by the project's password validators."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(_("The two passwords differ."))
        if password2:
            from django.contrib.auth import get_user_model

            password_validation.validate_password(
                password2, user=get_user_model()(email=self.email)
            )
        return password2
