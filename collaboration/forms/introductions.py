from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from collaboration.models import Introduction, Post
from collaboration.selectors.introductions import introducible_contacts
from core.forms import ListFilterForm
from core.search import search_normalise
from core.widgets import DateInput
from members.models import Competence, Organization, Sector

ALL = [("", _("All"))]


class _ForOrganization(forms.Form):
    """A form a member fills in for one of their organizations: the choice is offered only to
    someone who acts for several."""

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        organizations = list(organizations)
        if len(organizations) > 1:
            self.fields["organization"] = forms.TypedChoiceField(
                label=_("For the organization"),
                choices=[(organization.pk, organization.name) for organization in organizations],
                coerce=int,
            )
            self.order_fields(["organization"])
        self.organizations = {organization.pk: organization for organization in organizations}

    def chosen_organization(self):
        if "organization" in self.cleaned_data:
            return self.organizations[self.cleaned_data["organization"]]
        return next(iter(self.organizations.values()), None)


class PostForm(_ForOrganization):
    """A need or an offer of one's organization: the register's taxonomies, an expiry date
    that is not in the past."""

    kind = forms.ChoiceField(label=_("Need or offer"), choices=Post.Kind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Post.Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you are looking for or offer, for whom, by when. Markdown allowed."),
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expires_on = forms.DateField(
        label=_("Visible until"),
        widget=DateInput(),
        help_text=_("The post is hidden from other members after this day."),
    )

    @classmethod
    def initial_of(cls, post: Post) -> dict:
        return {
            "kind": post.kind,
            "category": post.category,
            "title": post.title,
            "description": post.description,
            "competences": [term.pk for term in post.competences.all()],
            "sectors": [term.pk for term in post.sectors.all()],
            "expires_on": post.expires_on,
        }

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return expires_on

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("competences") and not cleaned.get("sectors") and not self.errors:
            raise forms.ValidationError(
                _("Choose at least one competence or sector: suggestions are made from them.")
            )
        return cleaned


class PostFilterForm(ListFilterForm):
    """The member space's list of needs and offers."""

    q = forms.CharField(label=_("Search the needs and offers"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Need or offer"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, competences, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ALL + Post.Kind.choices
        self.fields["category"].choices = [
            ("", _("All categories")),
            *Post.Category.choices,
        ]
        self.fields["competence"].choices = [
            ("", _("All competences")),
            *[(term.slug, term.name) for term in competences],
        ]
        self.fields["sector"].choices = ALL + [(term.slug, term.name) for term in sectors]


class StaffPostFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search by title or organization"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Need or offer"), required=False, choices=ALL + Post.Kind.choices
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("post filter", "State"),
        required=False,
        choices=ALL
        + [
            ("current", pgettext_lazy("post state", "Visible to members")),
            ("expired", pgettext_lazy("post state", "Expired")),
            ("closed", pgettext_lazy("post state", "Closed")),
        ],
    )


class StaffIntroductionFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Search by organization"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ALL + Introduction.Status.choices
    )
    kind = forms.ChoiceField(
        label=_("From a need or an offer"),
        required=False,
        choices=ALL + Post.Kind.choices + [("none", _("Without a post"))],
    )


class IntroductionRequestForm(_ForOrganization):
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Say who you are and why you would like to meet. Your contact details are shared "
            "only if they accept."
        ),
    )


class MemberOrganizationField(forms.CharField):
    """A member organization typed by its name (accents and case ignored, a part is
    enough when only one matches): a list of every member would weigh megabytes in a
    register of thousands."""

    SHOWN = 5

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        members = Organization.objects.members()
        exact = [
            organization
            for organization in members.search(text).order_by("name", "pk")[:50]
            if search_normalise(organization.name) == search_normalise(text)
        ]
        if len(exact) == 1:
            return exact[0]
        found = list(members.search(text).order_by("name", "pk")[: self.SHOWN + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(_("No member organization has this name."))
        names = ", ".join(organization.name for organization in found[: self.SHOWN])
        raise forms.ValidationError(
            _("Several member organizations match: %(names)s. Type the full name.")
            % {"names": names}
        )


class StaffIntroductionForm(forms.Form):
    """Staff introduce two member organizations to each other, and choose on each side the
    person put forward (the main contact unless they choose another): that person's email
    and phone are sent to the other side, so staff decide whose, whatever the organization
    shows of its people elsewhere."""

    requester = MemberOrganizationField(
        label=_("First organization"), help_text=_("Its name, or enough of it to tell it apart.")
    )
    requester_contact = forms.TypedChoiceField(
        label=_("Person put forward by the first organization"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    target = MemberOrganizationField(
        label=_("Second organization"), help_text=_("Its name, or enough of it to tell it apart.")
    )
    target_contact = forms.TypedChoiceField(
        label=_("Person put forward by the second organization"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    message = forms.CharField(
        label=_("Message to both"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why they should meet; sent to the two people put forward."),
    )

    SIDES = (("requester", "requester_contact"), ("target", "target_contact"))

    def __init__(self, *args, organizations=None, contacts_of=None, **kwargs):
        """`contacts_of(organization)`: the people who may be put forward for it, main
        contact first; `organizations`: {side: Organization} already known (from a link)."""
        super().__init__(*args, **kwargs)
        contacts_of = contacts_of or introducible_contacts
        self.contacts = {}
        for side, person in self.SIDES:
            organization = self._organization_typed(side) or (organizations or {}).get(side)
            people = list(contacts_of(organization)) if organization is not None else []
            self.contacts[side] = (organization, {contact.pk: contact for contact in people})
            field = self.fields[person]
            if people:
                field.choices = [("", _("The main contact (%(name)s)") % {"name": people[0]})] + [
                    (contact.pk, self._label(contact)) for contact in people
                ]
                field.help_text = _("Their email and phone are sent to the other side.")
            else:
                field.choices = [("", _("The main contact"))]
                field.help_text = _(
                    "Type the organization's name and save once to choose among its people."
                )

    @staticmethod
    def _label(contact) -> str:
        details = ", ".join(part for part in (contact.job_title, contact.email) if part)
        return f"{contact.full_name} ({details})" if details else contact.full_name

    def _organization_typed(self, side):
        if not self.is_bound or not self.data.get(side):
            return None
        try:
            return self.fields[side].clean(self.data.get(side))
        except forms.ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        requester, target = cleaned.get("requester"), cleaned.get("target")
        if requester and target and requester == target:
            self.add_error("target", _("Choose an organization other than the first one."))
        for side, person in self.SIDES:
            organization = cleaned.get(side)
            chosen = cleaned.get(person)
            known, people = self.contacts[side]
            if chosen is None or organization is None:
                cleaned[person] = None
                continue
            if known is None or known.pk != organization.pk or chosen not in people:
                self.add_error(
                    person,
                    _("Choose a person of %(name)s.") % {"name": organization.name},
                )
                continue
            cleaned[person] = people[chosen]
        return cleaned
