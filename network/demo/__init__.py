"""Network's demo data: two partner clusters' directories as their last import left them
(one of them failing now), their taxonomies partly mapped onto ours, and a few of our
members in the open feed. `seed_demo` (portal) calls `network_seed` after collaboration."""

import datetime
import random
import uuid

from django.utils import timezone

from members.models import Affiliation, Competence, Organization, Region, Sector
from network.models import (
    NetworkConsentRecord,
    NetworkListing,
    PartnerDirectory,
    PartnerOrganization,
    PartnerTerm,
)
from network.services.consent import NETWORK_CONSENT_TEXT_VERSION
from network.services.imports import partner_search_document

# (code, French, English, our slug or None when staff have not mapped it yet, or "" for
# "no equivalent")
_CYBER_TERMS = [
    ("cybersecurite", "Cybersécurité", "Cybersecurity", "cybersecurite"),
    (
        "securite-ot",
        "Sécurité des systèmes industriels",
        "Industrial systems security",
        "cybersecurite",
    ),
    ("cryptographie", "Cryptographie", "Cryptography", None),
    (
        "cloud-infogerance",
        "Cloud et infogérance",
        "Cloud and managed services",
        "cloud-infogerance",
    ),
    ("forensique", "Investigation numérique", "Digital forensics", ""),
]
_AERO_TERMS = [
    ("logiciel-embarque", "Logiciel embarqué", "Embedded software", "logiciel-embarque"),
    ("drones", "Drones et systèmes autonomes", "Drones and autonomous systems", None),
    ("ia-embarquee", "IA embarquée", "Embedded AI", "intelligence-artificielle"),
    ("jumeau-numerique", "Jumeau numérique", "Digital twin", None),
]
_CITIES = [
    ("Montpellier", "34000", Region.OCCITANIE),
    ("Toulouse", "31000", Region.OCCITANIE),
    ("Nîmes", "30000", Region.OCCITANIE),
    ("Perpignan", "66000", Region.OCCITANIE),
    ("Bordeaux", "33000", Region.NOUVELLE_AQUITAINE),
    ("Pau", "64000", Region.NOUVELLE_AQUITAINE),
    ("Mérignac", "33700", Region.NOUVELLE_AQUITAINE),
]
_CYBER_ORGS = [
    ("Garonne Sécurité", "Audit de cybersécurité industrielle et tests d'intrusion."),
    ("Cryptis", "Chiffrement des données de santé, hébergement souverain."),
    ("Sentinelle OT", "Supervision de la sécurité des automates et réseaux industriels."),
    ("Hérault Cyberdéfense", "Centre opérationnel de sécurité pour PME et collectivités."),
    ("Pic Saint-Loup Numérique", "Infogérance et sauvegarde pour les TPE."),
    ("Trace Forensique", "Investigation numérique après incident, réponse à incident."),
    ("Lagune Cloud", "Cloud privé régional, hébergement certifié HDS."),
    ("Cévennes Conformité", "Accompagnement RGPD et cybersécurité des collectivités."),
    ("Bastion 34", "Bastions d'administration et gestion des accès à privilèges."),
    ("Aigoual Réseaux", "Réseaux sécurisés et télécoms pour sites isolés."),
    ("Clé de Voûte", "Formation à la cybersécurité des équipes dirigeantes."),
    ("Phare Sécurité", "Sensibilisation au hameçonnage, campagnes simulées."),
    ("Minerve Audit", "Audit de code et sécurité des applications web."),
    ("Canal Data", "Sauvegarde externalisée et plan de reprise d'activité."),
    ("Rempart Industrie", "Segmentation des réseaux industriels, sécurité des usines."),
]
_AERO_ORGS = [
    ("Estuaire Avionique", "Logiciel embarqué certifié pour l'avionique."),
    ("Dune Drones", "Drones d'inspection d'ouvrages d'art et de lignes électriques."),
    ("Médoc Systèmes", "Jumeaux numériques de chaînes de production aéronautiques."),
    ("Arcachon Robotique", "Robots autonomes pour la maintenance en hangar."),
    ("Landes Satellites", "Traitement d'images satellitaires pour l'agriculture."),
    ("Béarn Composites", "Simulation de pièces composites pour l'aéronautique."),
    ("Gironde IA", "IA embarquée pour la détection d'anomalies en vol."),
    ("Pyrène Télémesure", "Télémesure et stations sol pour lanceurs."),
    ("Océane Capteurs", "Capteurs connectés pour la surveillance structurelle."),
    ("Aquitaine Simulation", "Simulateurs de vol et formation des pilotes."),
    ("Garonne Cybersécurité Embarquée", "Cybersécurité des systèmes embarqués avioniques."),
    ("Blaye Navigation", "Navigation par satellite pour drones longue portée."),
    ("Sud-Ouest Jumeaux", "Jumeaux numériques d'aéroports."),
    ("Atlantique Essais", "Bancs d'essais logiciels pour calculateurs embarqués."),
    ("Entre-deux-Mers Logiciel", "Qualification de logiciels critiques DO-178C."),
]


def _partner(rng, *, name, url, slug, terms, orgs, now, error="") -> int:
    partner = PartnerDirectory.objects.create(
        name=name,
        feed_url=url,
        last_fetched_at=now - datetime.timedelta(hours=rng.randint(1, 3)),
        last_status=PartnerDirectory.FetchStatus.ERROR
        if error
        else PartnerDirectory.FetchStatus.OK,
        last_error=error,
        last_organization_count=len(orgs),
    )
    ours = {c.slug: c for c in Competence.objects.all()}
    made = []
    for code, name_fr, name_en, target in terms:
        made.append(
            PartnerTerm.objects.create(
                partner=partner,
                kind=PartnerTerm.Kind.COMPETENCE,
                code=code,
                name_fr=name_fr,
                name_en=name_en,
                competence=ours.get(target) if target else None,
                no_equivalent=target == "",
            )
        )
    sector = PartnerTerm.objects.create(
        partner=partner,
        kind=PartnerTerm.Kind.SECTOR,
        code="industrie",
        name_fr="Industrie",
        name_en="Manufacturing",
        sector=Sector.objects.filter(slug="industrie").first(),
    )
    for index, (org_name, description) in enumerate(orgs):
        city, postal_code, region = rng.choice(_CITIES)
        org_terms = rng.sample(made, k=rng.randint(1, 2))
        if "cybersécurité" in description.lower() and made[0] not in org_terms:
            org_terms.append(made[0])
        if rng.random() < 0.4:
            org_terms.append(sector)
        word = org_name.lower().replace(" ", "-").replace("'", "")
        organization = PartnerOrganization.objects.create(
            partner=partner,
            source_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            name=org_name,
            profile_url=f"https://{slug}.example.org/fr/members/{word}/",
            city=city,
            postal_code=postal_code,
            region=region,
            description_fr=description,
            website=f"https://{word}.example.fr" if index % 3 else "",
            updated_at=now - datetime.timedelta(days=rng.randint(1, 200)),
        )
        organization.terms.set(org_terms)
        # As an import writes it: with the names of ours the terms are mapped to.
        organization.search_document = partner_search_document(organization, org_terms)
        organization.save(update_fields=["search_document"])
    return len(orgs)


def network_seed(*, seed: int, organizations: list[Organization]) -> dict[str, int]:
    """Returns counts for seed_demo's summary."""
    rng = random.Random(f"network-{seed}")
    now = timezone.now()
    count = _partner(
        rng,
        name="Pôle Cyber Occitanie",
        url="https://pole-cyber-occitanie.example.org/network/directory.json",
        slug="pole-cyber-occitanie",
        terms=_CYBER_TERMS,
        orgs=_CYBER_ORGS,
        now=now,
    )
    count += _partner(
        rng,
        name="Aerospace Valley Numérique",
        url="https://aerospace-valley-numerique.example.org/network/directory.json",
        slug="aerospace-valley-numerique",
        terms=_AERO_TERMS,
        orgs=_AERO_ORGS,
        now=now,
        error="Le serveur a répondu HTTP 503.",
    )
    # A few listed members agreed to the open feed, each answer given by the organization's
    # admin who has a login (only its admins speak for it), or left unattributed.
    listed = [org for org in organizations if org.directory_consent_at][:12]
    admins = {
        affiliation.organization_id: affiliation.contact.user
        for affiliation in Affiliation.objects.filter(
            organization__in=listed, access=Affiliation.Access.ADMIN, contact__user__isnull=False
        ).select_related("contact__user")
    }
    consenting = 0
    for index, organization in enumerate(listed):
        agreed = index % 3 != 2
        when = now - datetime.timedelta(days=rng.randint(5, 90))
        admin = admins.get(organization.pk)
        NetworkListing.objects.create(
            organization=organization,
            uid=uuid.UUID(int=rng.getrandbits(128), version=4),
            feed_consent=agreed,
            consent_changed_at=when,
            consent_changed_by=admin,
        )
        NetworkConsentRecord.objects.create(
            organization=organization,
            granted=agreed,
            recorded_at=when,
            recorded_by=admin,
            text_version=NETWORK_CONSENT_TEXT_VERSION,
        )
        consenting += agreed
    return {"partner organizations": count, "organizations in the network feed": consenting}


def flush() -> None:
    """Delete every row of the app."""
    PartnerDirectory.objects.all().delete()
    NetworkConsentRecord.objects.all().delete()
    NetworkListing.objects.all().delete()
