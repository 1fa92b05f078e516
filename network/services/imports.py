"""Partner clusters' directory feeds: fetching, checking the whole document, then applying
it in one transaction. A document with anything wrong is refused whole: staff see why on the
feed's page, and what was imported before stays as it was."""

import datetime
import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.fetch import FetchError, FetchResult, fetch_public_url
from core.outbox import task_enqueue
from core.partner_feeds import partner_feed_import_guarded, partner_feed_record
from core.search import search_normalise
from members.models import Competence, Region, Sector
from network.models import PartnerDirectory, PartnerOrganization, PartnerTerm
from network.selectors.feed import FEED_FORMAT, FEED_VERSION

# A directory of a few thousand organizations is a few megabytes; more is a mistake.
FEED_MAX_BYTES = 8 * 1024 * 1024
FEED_TIMEOUT_SECONDS = 30
WEB_SCHEMES = ("http", "https")


class DirectoryFeedError(Exception):
    """The feed could not be fetched or is not a valid directory; the message names the
    place of the fault, never the content, and is shown to staff."""


@dataclass(frozen=True)
class ImportedTerm:
    kind: str
    code: str
    name_fr: str
    name_en: str


@dataclass(frozen=True)
class ImportedOrganization:
    source_id: uuid.UUID
    name: str
    profile_url: str
    city: str
    postal_code: str
    region: str
    description_fr: str
    description_en: str
    offer_fr: str
    offer_en: str
    website: str
    logo_url: str
    sectors: tuple[str, ...]
    competences: tuple[str, ...]
    updated_at: datetime.datetime


@dataclass(frozen=True)
class ImportedDirectory:
    cluster_name: str
    terms: tuple[ImportedTerm, ...]
    organizations: tuple[ImportedOrganization, ...]


def directory_feed_fetch(*, url: str) -> FetchResult:
    try:
        return fetch_public_url(
            url,
            max_bytes=FEED_MAX_BYTES,
            timeout=FEED_TIMEOUT_SECONDS,
            allow_private=settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS,
            accept="application/json",
        )
    except FetchError as error:
        raise DirectoryFeedError(str(error)) from error


# Checking the document


def _invalid(path: str, problem: str) -> DirectoryFeedError:
    return DirectoryFeedError(
        gettext("The directory is not valid: %(path)s %(problem)s.")
        % {"path": path, "problem": problem}
    )


def _object(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise _invalid(path, gettext("is not an object"))
    return value


def _string(parent: dict, key: str, path: str, *, required: bool = False, limit: int = 0) -> str:
    if key not in parent:
        raise _invalid(f"{path}.{key}", gettext("is missing"))
    value = parent[key]
    if not isinstance(value, str):
        raise _invalid(f"{path}.{key}", gettext("is not a string"))
    value = value.strip()
    if required and not value:
        raise _invalid(f"{path}.{key}", gettext("is empty"))
    if limit and len(value) > limit:
        raise _invalid(f"{path}.{key}", gettext("is too long"))
    return value


def _url(parent: dict, key: str, path: str, *, required: bool = False) -> str:
    value = _string(parent, key, path, required=required, limit=500)
    if value and (urlsplit(value).scheme not in WEB_SCHEMES or not urlsplit(value).netloc):
        raise _invalid(f"{path}.{key}", gettext("is not a web address"))
    return value


def _texts(parent: dict, key: str, path: str) -> tuple[str, str]:
    texts = _object(parent.get(key), f"{path}.{key}")
    return _string(texts, "fr", f"{path}.{key}"), _string(texts, "en", f"{path}.{key}")


def _codes(parent: dict, key: str, path: str, known: set[str]) -> tuple[str, ...]:
    value = parent.get(key)
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise _invalid(f"{path}.{key}", gettext("is not a list of codes"))
    unknown = [code for code in value if code not in known]
    if unknown:
        raise _invalid(f"{path}.{key}", gettext("holds a code missing from the taxonomy"))
    return tuple(dict.fromkeys(value))


def _taxonomy(document: dict) -> tuple[ImportedTerm, ...]:
    taxonomy = _object(document.get("taxonomy"), "taxonomy")
    terms = []
    for kind, key in (
        (PartnerTerm.Kind.COMPETENCE, "competences"),
        (PartnerTerm.Kind.SECTOR, "sectors"),
    ):
        entries = taxonomy.get(key)
        if not isinstance(entries, list):
            raise _invalid(f"taxonomy.{key}", gettext("is not a list"))
        seen = set()
        for index, entry in enumerate(entries):
            path = f"taxonomy.{key}[{index}]"
            entry = _object(entry, path)
            code = _string(entry, "code", path, required=True, limit=140)
            if code in seen:
                raise _invalid(f"{path}.code", gettext("is a duplicate"))
            seen.add(code)
            name = _object(entry.get("name"), f"{path}.name")
            terms.append(
                ImportedTerm(
                    kind=kind,
                    code=code,
                    name_fr=_string(name, "fr", f"{path}.name", required=True, limit=200),
                    name_en=_string(name, "en", f"{path}.name", limit=200),
                )
            )
    return tuple(terms)


def _organization(entry, index: int, competences: set, sectors: set) -> ImportedOrganization:
    path = f"organizations[{index}]"
    entry = _object(entry, path)
    try:
        source_id = uuid.UUID(_string(entry, "id", path, required=True))
    except ValueError:
        raise _invalid(f"{path}.id", gettext("is not a UUID")) from None
    region = _string(entry, "region", path)
    if region and region not in Region.values:
        raise _invalid(f"{path}.region", gettext("is not a region code"))
    updated_at = _string(entry, "updated_at", path, required=True)
    try:
        updated = datetime.datetime.fromisoformat(updated_at)
    except ValueError:
        raise _invalid(f"{path}.updated_at", gettext("is not a date and time")) from None
    if timezone.is_naive(updated):
        raise _invalid(f"{path}.updated_at", gettext("has no time zone"))
    description_fr, description_en = _texts(entry, "description", path)
    offer_fr, offer_en = _texts(entry, "offer", path)
    return ImportedOrganization(
        source_id=source_id,
        name=_string(entry, "name", path, required=True, limit=255),
        profile_url=_url(entry, "profile_url", path, required=True),
        city=_string(entry, "city", path, limit=120),
        postal_code=_string(entry, "postal_code", path, limit=10),
        region=region,
        description_fr=description_fr,
        description_en=description_en,
        offer_fr=offer_fr,
        offer_en=offer_en,
        website=_url(entry, "website", path),
        logo_url=_url(entry, "logo", path),
        sectors=_codes(entry, "sectors", path, sectors),
        competences=_codes(entry, "competences", path, competences),
        updated_at=updated,
    )


def directory_document_parse(*, body: bytes) -> ImportedDirectory:
    """The feed checked whole, or DirectoryFeedError naming the first fault found."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise DirectoryFeedError(gettext("The answer is not valid JSON.")) from None
    document = _object(document, gettext("the document"))
    if document.get("format") != FEED_FORMAT:
        raise DirectoryFeedError(
            gettext("The document is not a cluster directory (format %(format)s expected).")
            % {"format": FEED_FORMAT}
        )
    version = document.get("version")
    if type(version) is not int or version != FEED_VERSION:
        raise DirectoryFeedError(
            gettext("The directory's version is not supported (version %(version)s expected).")
            % {"version": FEED_VERSION}
        )
    cluster = _object(document.get("cluster"), "cluster")
    cluster_name = _string(cluster, "name", "cluster", required=True, limit=200)
    terms = _taxonomy(document)
    competences = {term.code for term in terms if term.kind == PartnerTerm.Kind.COMPETENCE}
    sectors = {term.code for term in terms if term.kind == PartnerTerm.Kind.SECTOR}
    entries = document.get("organizations")
    if not isinstance(entries, list):
        raise _invalid("organizations", gettext("is not a list"))
    organizations = []
    seen = set()
    for index, entry in enumerate(entries):
        organization = _organization(entry, index, competences, sectors)
        if organization.source_id in seen:
            raise _invalid(f"organizations[{index}].id", gettext("is a duplicate"))
        seen.add(organization.source_id)
        organizations.append(organization)
    return ImportedDirectory(
        cluster_name=cluster_name, terms=terms, organizations=tuple(organizations)
    )


# Applying it


def partner_search_document(organization, terms) -> str:
    """What the whole-network search reads for a partner organization (an imported item
    or a stored row: the same field names): its own texts, its terms' names as the partner
    wrote them, and the French and English names of ours they are mapped to, so "Cybersécurité"
    finds an organization the partner labels "Sécurité numérique" once staff mapped it.
    Normalised like every search (core.search)."""
    parts = [
        organization.name,
        organization.city,
        organization.description_fr,
        organization.description_en,
        organization.offer_fr,
        organization.offer_en,
    ]
    for term in terms:
        parts += [term.name_fr, term.name_en]
        ours = term.ours
        if ours is not None:
            parts += [ours.name_fr, ours.name_en]
    return search_normalise(" ".join(part for part in parts if part))


def _terms_sync(partner: PartnerDirectory, imported: tuple[ImportedTerm, ...]) -> dict:
    """The partner's terms made to match its taxonomy: {(kind, code): PartnerTerm}. A new
    code equal to one of our slugs is mapped to it; staff's mappings of the others stay."""
    existing = {
        (term.kind, term.code): term
        for term in partner.terms.select_related("competence", "sector")
    }
    ours = {
        PartnerTerm.Kind.COMPETENCE: {c.slug: c for c in Competence.objects.all()},
        PartnerTerm.Kind.SECTOR: {s.slug: s for s in Sector.objects.all()},
    }
    result = {}
    for item in imported:
        term = existing.pop((item.kind, item.code), None)
        if term is None:
            term = PartnerTerm(partner=partner, kind=item.kind, code=item.code)
            same = ours[item.kind].get(item.code)
            if item.kind == PartnerTerm.Kind.COMPETENCE:
                term.competence = same
            else:
                term.sector = same
        elif (term.name_fr, term.name_en) == (item.name_fr, item.name_en):
            result[(item.kind, item.code)] = term
            continue
        term.name_fr, term.name_en = item.name_fr, item.name_en
        term.save()
        result[(item.kind, item.code)] = term
    # A code the partner dropped goes, with its mapping.
    PartnerTerm.objects.filter(pk__in=[term.pk for term in existing.values()]).delete()
    return result


_COPIED = (
    "name",
    "profile_url",
    "city",
    "postal_code",
    "region",
    "description_fr",
    "description_en",
    "offer_fr",
    "offer_en",
    "website",
    "logo_url",
    "updated_at",
)


@transaction.atomic
def partner_directory_apply(*, partner: PartnerDirectory, directory: ImportedDirectory) -> None:
    """Create, update and remove the partner's organizations to match its checked feed."""
    terms = _terms_sync(partner, directory.terms)
    existing = {org.source_id: org for org in partner.organizations.prefetch_related("terms")}
    for item in directory.organizations:
        org_terms = [terms[(PartnerTerm.Kind.COMPETENCE, code)] for code in item.competences]
        org_terms += [terms[(PartnerTerm.Kind.SECTOR, code)] for code in item.sectors]
        organization = existing.pop(item.source_id, None)
        if organization is None:
            organization = PartnerOrganization(partner=partner, source_id=item.source_id)
        for field in _COPIED:
            setattr(organization, field, getattr(item, field))
        organization.search_document = partner_search_document(item, org_terms)
        organization.save()
        if {term.pk for term in organization.terms.all()} != {term.pk for term in org_terms}:
            organization.terms.set(org_terms)
    # What the partner no longer lists is no longer ours to show.
    PartnerOrganization.objects.filter(pk__in=[org.pk for org in existing.values()]).delete()


def partner_directory_import(*, partner: PartnerDirectory) -> bool:
    """Fetch, check and apply one partner's feed, recording the outcome. True when it worked."""

    def run():
        answer = directory_feed_fetch(url=partner.feed_url)
        directory = directory_document_parse(body=answer.body)
        partner_directory_apply(partner=partner, directory=directory)
        return directory

    directory = partner_feed_import_guarded(
        run,
        known_errors=DirectoryFeedError,
        on_error=lambda message: partner_feed_record(
            partner, status=PartnerDirectory.FetchStatus.ERROR, error=message
        ),
        label=f"partner directory {partner.pk}",
    )
    if directory is None:
        return False
    partner_feed_record(
        partner,
        status=PartnerDirectory.FetchStatus.OK,
        error="",
        count=len(directory.organizations),
    )
    return True


@transaction.atomic
def partner_directories_import() -> int:
    """Queue one import task per active partner directory; returns how many. One task each:
    a partner whose server trickles its answer uses its own task's time, not the others'."""
    from network import tasks

    partner_ids = list(PartnerDirectory.objects.filter(is_active=True).values_list("pk", flat=True))
    for partner_id in partner_ids:
        task_enqueue(tasks.partner_directory_import, partner_id)
    return len(partner_ids)


def partner_directory_import_queue(*, partner: PartnerDirectory) -> None:
    from network import tasks

    task_enqueue(tasks.partner_directory_import, partner.pk)
