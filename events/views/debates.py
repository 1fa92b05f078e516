"""Thematic debates: the member-space page where contacts propose topics and vote, and the
staff pages that open and close rounds and turn the winning topic into an event."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions, selectors
from events.forms.debates import DebateRoundForm, DebateTopicForm
from events.models import DebateRound, DebateTopic
from events.services import debates

ROUNDS_PER_PAGE = 30


def _contact(request: HttpRequest):
    # member_required guarantees an affiliated contact behind the login.
    return request.user.contact


@permissions.member_required
def space_debates(request: HttpRequest) -> HttpResponse:
    """The open round: its topics with their votes, the contact's vote, the proposal form."""
    debate_round = selectors.debate_round_current()
    contact = _contact(request)
    form = DebateTopicForm(request.POST or None)
    if request.method == "POST":
        if debate_round is None:
            raise Http404
        if form.is_valid():
            try:
                debates.debate_topic_propose(
                    debate_round=debate_round, contact=contact, **form.cleaned_data
                )
            except debates.DebateError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Thank you, your topic is on the list."))
            return redirect("events:space_debates")
    topics, my_vote = [], None
    if debate_round is not None:
        topics = list(selectors.debate_topics_with_votes(debate_round=debate_round))
        my_vote = selectors.debate_vote_of(debate_round=debate_round, contact=contact)
    last_closed = selectors.debate_round_last_closed()
    return render(
        request,
        "events/space/debate_list.html",
        {
            "debate_round": debate_round,
            "topics": topics,
            "my_vote": my_vote,
            "form": form,
            "last_closed": last_closed,
        },
    )


@permissions.member_required
@require_POST
def space_debate_vote(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(DebateTopic.objects.select_related("round"), pk=pk)
    try:
        debates.debate_vote(topic=topic, contact=_contact(request))
    except debates.DebateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote goes to “%(topic)s”.") % {"topic": topic.title})
    return redirect("events:space_debates")


@permissions.staff_required
def staff_debates(request: HttpRequest) -> HttpResponse:
    """The rounds, newest first, and the form that opens a new one."""
    form = DebateRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            debate_round = debates.debate_round_open(**form.cleaned_data)
        except debates.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Round opened: members can propose topics and vote."))
            return redirect("events:staff_debate", pk=debate_round.pk)
    page = Paginator(selectors.debate_rounds(), ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/staff/debate_list.html", {"form": form, "page": page})


@permissions.staff_required
def staff_debate(request: HttpRequest, pk: int) -> HttpResponse:
    debate_round = get_object_or_404(
        DebateRound.objects.select_related("winning_topic", "event"), pk=pk
    )
    topics = selectors.debate_topics_with_votes(debate_round=debate_round)
    return render(
        request,
        "events/staff/debate_detail.html",
        {"debate_round": debate_round, "topics": topics},
    )


@permissions.staff_required
@require_POST
def staff_debate_close(request: HttpRequest, pk: int) -> HttpResponse:
    debate_round = get_object_or_404(DebateRound, pk=pk)
    try:
        debate_round = debates.debate_round_close(debate_round=debate_round)
    except debates.DebateError as error:
        messages.error(request, str(error))
    else:
        if debate_round.winning_topic:
            messages.success(
                request,
                _("Round closed. Chosen topic: “%(topic)s”.")
                % {"topic": debate_round.winning_topic.title},
            )
        else:
            messages.warning(request, _("Round closed without any topic."))
    return redirect("events:staff_debate", pk=pk)


@permissions.staff_required
@require_POST
def staff_debate_event(request: HttpRequest, pk: int) -> HttpResponse:
    debate_round = get_object_or_404(DebateRound, pk=pk)
    try:
        event = debates.debate_round_event_create(
            debate_round=debate_round, created_by=request.user
        )
    except debates.DebateError as error:
        messages.error(request, str(error))
        return redirect("events:staff_debate", pk=pk)
    messages.success(request, _("Debate event prepared, unpublished: check its date and text."))
    return redirect("events:staff_event_edit", pk=event.pk)
