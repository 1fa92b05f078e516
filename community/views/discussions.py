"""The working groups' discussions: threads in the member space for the group's accepted
members and staff (anyone else gets a 404, the group's discussions not being confirmed to
exist), moderation by the group's leads and staff, the reports list of the back-office, and
the one-click unsubscribe of the emails."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community import permissions
from community.forms.discussions import (
    HideForm,
    MessageForm,
    PreferenceForm,
    ReportFilterForm,
    ReportForm,
    ReportResolveForm,
    ThreadForm,
    ThreadSearchForm,
)
from community.models import MessageReport
from community.selectors import discussions as selectors
from community.services import discussions as services
from core.exports import export_if_requested

THREADS_PER_PAGE = 30
REPORTS_PER_PAGE = 30


def _group_for_reader(request: HttpRequest, slug: str):
    """The group and the reader's accepted membership (None for staff who are not
    members); 404 for anyone who may not read its discussions."""
    group = get_object_or_404(permissions.groups_readable_by(request.user), slug=slug)
    membership = permissions.group_membership_for_discussions(request.user, group)
    return group, membership


def _thread_for_reader(request: HttpRequest, slug: str, pk: int):
    group, membership = _group_for_reader(request, slug)
    thread = get_object_or_404(
        permissions.threads_visible_to(request.user).select_related("author", "group"),
        group=group,
        pk=pk,
    )
    return thread, membership


def _message_for_reader(request: HttpRequest, slug: str, pk: int):
    group, membership = _group_for_reader(request, slug)
    message = get_object_or_404(
        permissions.messages_visible_to(request.user).select_related("thread", "author"),
        thread__group=group,
        pk=pk,
    )
    return message, membership


@login_required
def group_threads(request: HttpRequest, slug: str) -> HttpResponse:
    group, membership = _group_for_reader(request, slug)
    search = ThreadSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    threads = selectors.group_threads(group=group, user=request.user, query=query)
    # Two queries: the count, the page of threads with authors and unread counts.
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/space/discussions/thread_list.html",
        {
            "group": group,
            "page": page,
            "search": search,
            "query": query,
            "can_post": permissions.can_post_in_group(membership, group),
            "membership": membership,
        },
    )


def _post_refused(request: HttpRequest, form, error: services.DiscussionError) -> None:
    form.add_error(None, str(error.message))


def _post_of_former_member(request: HttpRequest, slug: str) -> HttpResponse | None:
    """A message sent from a page opened before its author left the cluster: rather than
    a bare 404, say why nothing was posted and give the text back."""
    if request.method != "POST" or not permissions.has_left_group(request.user, slug):
        return None
    return render(
        request,
        "community/space/discussions/post_refused.html",
        {"error": services.NotAGroupMemberError.message, "body": request.POST.get("body", "")},
        status=403,
    )


@login_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group, membership = _group_for_reader(request, slug)
    except Http404:
        if refused := _post_of_former_member(request, slug):
            return refused
        raise
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                group=group,
                author=membership.contact if membership else None,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except services.DiscussionError as error:
            _post_refused(request, form, error)
        else:
            messages.success(request, _("Your thread is started."))
            return redirect("community:thread", slug=group.slug, pk=thread.pk)
    return render(
        request,
        "community/space/discussions/thread_form.html",
        {
            "group": group,
            "form": form,
            "can_post": permissions.can_post_in_group(membership, group),
        },
        status=422 if form.errors else 200,
    )


def _quoted(message, user, membership) -> str:
    """The reply's opening when quoting `message`: its text as a Markdown blockquote under
    its author's name."""
    if message.is_hidden and not permissions.may_see_hidden_message(user, membership):
        return ""
    author = message.author.full_name if message.author else pgettext("discussion", "Former member")
    lines = "\n".join(f"> {line}" if line else ">" for line in message.body.splitlines())
    return _("%(author)s wrote:") % {"author": author} + f"\n{lines}\n\n"


@login_required
def thread(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        thread, membership = _thread_for_reader(request, slug, pk)
    except Http404:
        if refused := _post_of_former_member(request, slug):
            return refused
        raise
    initial = {}
    quote = request.GET.get("quote", "")
    messages_qs = list(selectors.thread_messages(thread=thread))
    if quote.isdigit():
        quoted = next((m for m in messages_qs if m.pk == int(quote)), None)
        if quoted is not None:
            initial["body"] = _quoted(quoted, request.user, membership)
    form = MessageForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_post(
                thread=thread,
                author=membership.contact if membership else None,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except services.DiscussionError as error:
            _post_refused(request, form, error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{request.path}#message-{message.pk}")
    # The anchor of the first message the reader has not seen yet (read before marking).
    read_up_to = selectors.read_up_to(thread=thread, user=request.user)
    first_unread = next((m.pk for m in messages_qs if m.pk > read_up_to), None)
    if request.method == "GET":
        services.thread_read_mark(thread=thread, user=request.user)
    can_moderate = permissions.can_moderate_group(request.user, membership)
    return render(
        request,
        "community/space/discussions/thread_detail.html",
        {
            "group": thread.group,
            "thread": thread,
            "thread_messages": messages_qs,
            "first_unread": first_unread,
            "form": form,
            "can_post": permissions.can_post_in_group(membership, thread.group)
            and not thread.is_locked,
            "is_member": membership is not None,
            # Nobody reports their own message.
            "reader_contact_id": membership.contact_id if membership else None,
            "can_moderate": can_moderate,
        },
        status=422 if form.errors else 200,
    )


@login_required
def message_attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    message, membership = _message_for_reader(request, slug, pk)
    if not message.attachment or not permissions.may_download_attachment(
        request.user, message, membership
    ):
        raise Http404
    try:
        handle = message.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(message.attachment.name).name)


@login_required
def message_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    message, membership = _message_for_reader(request, slug, pk)
    # The page quotes the message: a hidden one's text is for the moderators only, and
    # they have nothing to report to themselves.
    if message.is_hidden:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.message_report(
            message=message,
            reporter=membership.contact if membership else None,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Thank you: the moderators will look at this message."))
        return redirect("community:thread", slug=slug, pk=message.thread_id)
    return render(
        request,
        "community/space/discussions/message_report.html",
        {"group": message.thread.group, "message": message, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def message_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    message, membership = _message_for_reader(request, slug, pk)
    if not permissions.can_moderate_group(request.user, membership):
        raise Http404
    form = HideForm(request.POST or None, initial={"reason": message.hidden_reason})
    if request.method == "POST" and form.is_valid():
        # The button says what it does: a second click (or a second moderator on the same
        # message) repeats the action instead of undoing the first.
        hide = request.POST.get("hide") != "0"
        if not hide:
            if message.is_hidden:
                services.message_unhide(message=message)
            messages.success(request, _("The message is shown again."))
        elif message.is_hidden:
            messages.success(request, _("The message is hidden."))
        else:
            services.message_hide(
                message=message, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The message is hidden."))
        return redirect("community:thread", slug=slug, pk=message.thread_id)
    return render(
        request,
        "community/space/discussions/message_moderate.html",
        {"group": message.thread.group, "message": message, "form": form},
    )


@login_required
@require_POST
def thread_lock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    thread, membership = _thread_for_reader(request, slug, pk)
    if not permissions.can_moderate_group(request.user, membership):
        raise Http404
    locked = request.POST.get("locked") == "1"
    services.thread_lock_set(thread=thread, by=request.user, locked=locked)
    messages.success(
        request, _("The thread is locked.") if locked else _("The thread is open again.")
    )
    return redirect("community:thread", slug=slug, pk=thread.pk)


@login_required
def group_notifications(request: HttpRequest, slug: str) -> HttpResponse:
    group, membership = _group_for_reader(request, slug)
    if membership is None:
        # Staff who are not members get no email from the group.
        raise Http404
    current = selectors.frequency_of(contact=membership.contact, group=group)
    form = PreferenceForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            contact=membership.contact, group=group, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("community:group_threads", slug=group.slug)
    return render(
        request,
        "community/space/discussions/notifications.html",
        {"group": group, "form": form},
        status=422 if form.errors else 200,
    )


# RFC 8058: mail clients POST here without cookies or a CSRF token (one-click unsubscribe).
# Only the personal link decides whom it unsubscribes, so the exemption opens nothing.
@csrf_exempt
@never_cache
def discussions_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    membership = services.membership_for_unsubscribe_link(token=token)
    if membership is None:
        return render(request, "community/public/discussions/link_invalid.html", status=404)
    if request.method == "POST":
        services.group_unsubscribe(membership=membership)
        return render(
            request,
            "community/public/discussions/unsubscribed.html",
            {"group": membership.group},
        )
    return render(
        request, "community/public/discussions/unsubscribe.html", {"group": membership.group}
    )


# Back-office.
@permissions.staff_required
def staff_reports(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET)
    reports = selectors.reports_staff_list(**form.filters())
    if export := export_if_requested(
        request,
        filename="reported-messages",
        table=lambda: selectors.reports_export_rows(reports=reports),
    ):
        return export
    # Two queries: the count, the page with messages, threads, groups and people.
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "community/staff/discussions/report_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "filter_form": form})


@permissions.staff_required
@require_POST
def staff_report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(MessageReport, pk=pk)
    form = ReportResolveForm(request.POST)
    if form.is_valid():
        hide = form.cleaned_data["action"] == "hide"
        services.report_resolve(
            report=report, by=request.user, hide=hide, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The message is hidden and the report handled.")
            if hide
            else _("The report is handled; the message stays."),
        )
    return redirect("community:staff_discussion_reports")
