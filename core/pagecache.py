"""Public pages served whole from the shared cache, and the topics that make a change show
at once.

A public page is the same for every anonymous visitor, so it is rendered once and then
served from Redis: no template, no query. A view opts in with `@public_page(...)`, naming
the *topics* its content comes from ("register", "events", "faq"…; see `TOPICS`). Each topic
has a version number in the cache, and a stored page keeps the versions it was rendered at:
`topics_changed("faq")` makes every stored page that shows the FAQ stale at once, and leaves
the others alone. A visit reads the page and its topics' versions in one round trip.

Models feed topics through `changes_feed(...)`, called from each app's `pages.py`: a save or
a delete of such a row changes its topics at once and again when the transaction commits,
so no service has to remember it. Writes that bypass the model's
signals (`QuerySet.update()`, `bulk_create()`) call `topics_changed_on_commit(...)`
themselves; `tests/test_page_cache.py` walks every model to check that each one either
feeds a topic or is declared private.

Nothing per visitor may go into such a page: no CSRF token, no message, no cookie. A page
that asks for one (a form that posts, `{% csrf_token %}`) is not stored, served rendered,
and logged as an error, and the test over every public page fails. Forms that post live on
pages of their own (the newsletter sign-up, an event's guest registration), which are not
cached.

Signed-in visitors never get a stored copy, and a visitor with a message waiting (after a
form) gets the page rendered, with the message. Every stored page carries a strong ETag
and `Cache-Control: public` with a short max-age, so a reverse proxy or a CDN in front
(docker-compose.yml's nginx) serves it too, and a browser that asks again with
`If-None-Match` gets `304 Not Modified`.
"""

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

# What public pages are made of. A page names the topics it shows; a change names the topics
# it touches. A topic with an argument ("event:<slug>") is one object's own page.
TOPICS = {
    "register": "member organizations, their profiles, partners and the member count",
    "events": "events: lists, calendars, feeds and every event page",
    "events:seats": "seats left, shown in the events list",
    "event": "one event's own page: its registrations (seats left), agenda, documents",
    "faq": "the FAQ",
    "news": "news articles",
    "press": "the press room: releases, downloads, coverage",
    "newsletters": "the newsletter archive and each issue's web version",
    "reports": "published activity reports (press room, public annual report)",
    "calls": "calls for collaborative projects and the success stories of their projects",
    "opportunities": "the opportunities board: internships, jobs, trainings, funding",
    "awards": "the innovation awards: editions, categories, winners",
    "testimonials": "testimonials and success stories",
}

# Headers of the view's response that are stored with the page; the others (cookies, date)
# belong to one response.
_STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "X-Robots-Tag",
)
_VERSION_KEY = "pagecache:topic:{}"


def _check_topic(topic: str) -> str:
    if topic.partition(":")[0] not in TOPICS and topic not in TOPICS:
        raise ValueError(f"Unknown page topic {topic!r}: add it to core.pagecache.TOPICS.")
    return topic


# Topic versions


def _version_lifetime() -> int:
    """Seconds a topic's version is kept. Finite, so that the versions of pages that do not
    exist (any slug a visitor types makes a topic "event:<slug>") leave Redis, which in
    production evicts only keys with a lifetime (volatile-lru, docker-compose.yml): kept
    forever, they would fill it and refuse the task queue's writes. Longer than a stored
    page lives, so a current page is rarely dropped; a version that expired starts again
    at a new value, which makes the pages stored under the old one render again, never
    serve stale."""
    return max(2 * settings.PUBLIC_PAGE_CACHE_SECONDS, 3600)


def topic_versions(topics: Iterable[str], found: dict | None = None) -> list[int]:
    """The current version of each topic, in one cache round trip (more only for a topic
    never seen, or evicted); `found` holds the versions already read."""
    keys = [_VERSION_KEY.format(topic) for topic in topics]
    if found is None:
        found = cache.get_many(keys)
    versions = []
    for key in keys:
        if key not in found:
            # A start that no earlier version can equal, even after an eviction: a page
            # stored before the eviction is never mistaken for a current one.
            cache.add(key, time.time_ns(), timeout=_version_lifetime())
            found[key] = cache.get(key, 0)
        versions.append(found[key])
    return versions


def topics_changed(*topics: str) -> None:
    """Make every stored page showing one of `topics` stale, now. Inside a transaction, use
    `topics_changed_on_commit`: a page rendered between this call and the commit would be
    stored with the old data under the new version."""
    for topic in dict.fromkeys(topics):
        key = _VERSION_KEY.format(_check_topic(topic))
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns(), timeout=_version_lifetime())


def topics_changed_on_commit(*topics: str) -> None:
    """`topics_changed` now, and again when the current transaction commits: the first makes
    the change show at once to the transaction's own reads, the second drops a page another
    request rendered from the old data in between (outside a transaction, once is enough)."""
    topics_changed(*topics)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(functools.partial(topics_changed, *topics), robust=True)


# Models feeding topics

Topics = Iterable[str] | Callable[[Model], Iterable[str]]
FED_MODELS: dict[type[Model], Topics] = {}
PRIVATE_MODELS: dict[type[Model], str] = {}


def changes_feed(model: type[Model], topics: Topics) -> None:
    """Every save or delete of a `model` row (and every change to its many-to-many fields)
    changes `topics` when the transaction commits. `topics` may be a function of the row,
    for one object's page."""
    if not callable(topics):
        topics = tuple(_check_topic(topic) for topic in topics)
    FED_MODELS[model] = topics

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):  # Fixtures loading: nothing is served yet.
            return
        if kwargs.get("action", "post_").startswith("pre_"):
            return
        names = topics(instance) if callable(topics) else topics
        topics_changed_on_commit(*names)

    uid = f"pagecache:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field}"
        )


def changes_private(model: type[Model], reason: str) -> None:
    """Declare that no public page shows `model`'s rows (the test over all models reads it)."""
    PRIVATE_MODELS[model] = reason


# The pages


@dataclass(frozen=True)
class _Stored:
    versions: tuple[int, ...]
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str


@functools.cache
def _release() -> str:
    """What changes with a deployment: templates, translations and static file names. It is
    part of every key, so a new release never serves pages rendered by the previous one."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "locale", *base.glob("*/templates")]
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".txt", ".mo", ".ics", ".css"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _page_key(request: HttpRequest) -> str:
    identity = "\n".join(
        [
            _release(),
            get_language() or "",
            request.path,
            # The page depends on each parameter's last value only (forms and pagination
            # links read it so): the sorted pairs identify it whatever their order.
            "&".join(f"{name}={value}" for name, value in sorted(request.GET.items())),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
        ]
    )
    return "pagecache:page:" + hashlib.sha256(identity.encode()).hexdigest()


def _stored_page(key: str, topics: list[str]) -> tuple[_Stored | None, tuple[int, ...]]:
    """The stored page if it was rendered at the topics' current versions, and those
    versions: the page and the versions come in one cache round trip."""
    version_keys = [_VERSION_KEY.format(topic) for topic in topics]
    found = cache.get_many([key, *version_keys])
    versions = tuple(topic_versions(topics, found))
    stored = found.get(key)
    if stored is not None and stored.versions != versions:
        stored = None
    return stored, versions


def _may_serve_stored(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A message waiting for this visitor (after a form) is shown on the next page rendered.
    if request.COOKIES.get("messages"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.session_key and "_messages" in session)


def _stored_of(
    request: HttpRequest, response: HttpResponse, versions: tuple[int, ...]
) -> _Stored | None:
    if response.status_code != 200 or response.streaming:
        return None
    # A view that said its answer must not be shared (never_cache, private) is taken at
    # its word.
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-")):
        return None
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        logger.error(
            "Public page %s holds something per visitor (a CSRF token or a cookie): not cached",
            request.path,
        )
        return None
    content = response.content
    headers = tuple((name, response[name]) for name in _STORED_HEADERS if response.has_header(name))
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return _Stored(versions=versions, content=content, headers=headers, etag=etag)


def _response_of(request: HttpRequest, stored: _Stored) -> HttpResponse:
    response = HttpResponse(stored.content)
    for name, value in stored.headers:
        response[name] = value
    response["ETag"] = stored.etag
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_PAGE_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_PAGE_STALE_WHILE_REVALIDATE,
    )
    # A signed-in visitor (a session cookie) and an htmx request get other answers.
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    return get_conditional_response(request, etag=stored.etag, response=response) or response


def public_page(*topics: str | Callable[..., Iterable[str]]):
    """Serve the view's page to anonymous visitors from the shared cache, kept until one of
    `topics` changes (or `PUBLIC_PAGE_CACHE_SECONDS`, for what time alone changes: an event
    that has ended, an article whose publication time has come). A topic may be a function
    of the view's keyword arguments, for one object's page: `lambda slug: [f"event:{slug}"]`.
    Signed-in visitors get the page rendered for them, marked private."""
    for topic in topics:
        if not callable(topic):
            _check_topic(topic)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _may_serve_stored(request):
                response = view(request, *args, **kwargs)
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True)
                return response
            names = []
            for topic in topics:
                names += (
                    [_check_topic(name) for name in topic(**kwargs)] if callable(topic) else [topic]
                )
            key = _page_key(request)
            stored, versions = _stored_page(key, names)
            if stored is None:
                # Read by the templates: no per-visitor token in a page about to be stored.
                request.public_page = True
                response = view(request, *args, **kwargs)
                stored = _stored_of(request, response, versions)
                if stored is None:
                    return response
                cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            return _response_of(request, stored)

        wrapper.public_page_topics = topics
        return wrapper

    return decorator
