"""The demo FAQ for `manage.py seed_demo`: the questions members and visitors ask, in French
and English, and how they are saved under the FAQ categories the migrations create."""

from django.conf import settings
from django.core.management.base import CommandError

from communications.models import FaqCategory, FaqEntry


def first_year_rule() -> tuple[str, str]:
    """The FAQ's statement of members.services.memberships.membership_first_period, in
    French and English: "{first_year}" in an answer stands for it."""
    months = settings.MEMBERSHIP_EARLY_START_MONTHS
    french = (
        "La première période court du mois de l'acceptation à la fin de l'année d'adhésion, "
        "et sa cotisation est calculée au prorata des mois restants"
    )
    english = (
        "The first period runs from the month of approval to the end of the membership year, "
        "and its dues are prorated to the months left"
    )
    if months == 0:
        return french + ".", english + "."
    if months == 1:
        french_tail, english_tail = "dans le dernier mois", "in the last month"
    else:
        french_tail = f"dans les {months} derniers mois"
        english_tail = f"in the last {months} months"
    return (
        f"{french} ; une adhésion acceptée {french_tail} de l'année fait commencer l'année "
        "suivante aussitôt, pour sa cotisation entière.",
        f"{english}; a membership approved {english_tail} of the year starts the next year "
        "at once, for its full dues.",
    )


# FAQ: (category slug, anchor, question fr, question en, answer fr, answer en).
# The category slugs are those of communications/migrations/0002_faq_categories.py.
FAQ = [
    (
        "mission",
        "a-quoi-sert-le-cluster",
        "À quoi sert le cluster ?",
        "What is the cluster for?",
        "Le cluster fédère les entreprises du numérique d'Occitanie et leurs partenaires : "
        "start-up, PME, laboratoires, écoles et collectivités. Il met ses membres en relation, "
        "monte des projets collaboratifs, fait connaître leurs savoir-faire et porte leur voix "
        "auprès des pouvoirs publics.",
        "The cluster brings together the digital companies of Occitanie and their partners: "
        "start-ups, SMEs, research labs, schools and local authorities. It connects its "
        "members, builds collaborative projects, promotes their expertise and speaks for them "
        "to public bodies.",
    ),
    (
        "mission",
        "qui-anime-le-cluster",
        "Qui dirige et anime le cluster ?",
        "Who runs the cluster?",
        "Le cluster est une association loi 1901. Son conseil d'administration, élu par les "
        "adhérents lors de l'assemblée générale, fixe les orientations ; une équipe de cinq "
        "animateurs, basée à Toulouse et à Montpellier, les met en œuvre au quotidien.",
        "The cluster is a non-profit association. Its board, elected by the members at the "
        "general assembly, sets the direction; a team of five facilitators based in Toulouse "
        "and Montpellier carries it out day to day.",
    ),
    (
        "mission",
        "territoire",
        "Sur quel territoire le cluster intervient-il ?",
        "Which area does the cluster cover?",
        "Toute la région Occitanie, ses treize départements. Les rencontres ont lieu le plus "
        "souvent à Toulouse et à Montpellier, mais une sur trois se tient ailleurs : Nîmes, "
        "Albi, Perpignan, Rodez, Tarbes…",
        "The whole Occitanie region and its thirteen départements. Meetings are mostly held in "
        "Toulouse and Montpellier, but one in three takes place elsewhere: Nîmes, Albi, "
        "Perpignan, Rodez, Tarbes…",
    ),
    (
        "domaines-d-action",
        "domaines-d-action",
        "Quels sont les domaines d'action du cluster ?",
        "What does the cluster work on?",
        "Quatre axes, choisis par les adhérents : l'intelligence artificielle et la donnée, la "
        "cybersécurité, le numérique responsable, et le numérique au service des filières "
        "régionales (santé, agriculture, aéronautique, tourisme). Un groupe de travail anime "
        "chaque axe.",
        "Four themes, chosen by the members: artificial intelligence and data, cybersecurity, "
        "responsible digital technology, and digital technology for the region's industries "
        "(health, farming, aerospace, tourism). A working group leads each theme.",
    ),
    (
        "domaines-d-action",
        "recruter-et-former",
        "Le cluster aide-t-il à recruter et à former ?",
        "Does the cluster help with hiring and training?",
        "Oui. Nous organisons chaque printemps un forum de l'alternance avec les écoles "
        "partenaires, relayons les offres d'emploi des adhérents et proposons des formations "
        "courtes à tarif réduit, animées par des membres.",
        "Yes. Every spring we hold a work-study fair with partner schools, share members' job "
        "offers and run short discounted training courses taught by members.",
    ),
    (
        "domaines-d-action",
        "international",
        "Le cluster accompagne-t-il à l'international ?",
        "Does the cluster help members abroad?",
        "Le cluster emmène des délégations d'adhérents sur quelques salons internationaux par "
        "an et entretient des partenariats avec des clusters en Catalogne, en Italie et en "
        "Allemagne pour faciliter les premiers contacts.",
        "The cluster takes member delegations to a few international trade fairs each year and "
        "has partnerships with clusters in Catalonia, Italy and Germany to ease first contacts.",
    ),
    (
        "adhesion",
        "qui-peut-adherer",
        "Qui peut adhérer ?",
        "Who can join?",
        "Toute organisation ayant un établissement en Occitanie et une activité dans le "
        "numérique ou qui en fait un levier de développement : entreprises, start-up, "
        "laboratoires, écoles et organismes de formation. Les collectivités et les financeurs "
        "nous rejoignent en tant que partenaires.",
        "Any organization with premises in Occitanie that works in digital technology or uses "
        "it to grow: companies, start-ups, research labs, schools and training centres. Local "
        "authorities and funders join us as partners.",
    ),
    (
        "adhesion",
        "montant-de-la-cotisation",
        "Combien coûte l'adhésion ?",
        "How much are the dues?",
        "La cotisation annuelle dépend de l'effectif : 150 € HT pour les start-up de moins de "
        "trois ans, 400 € HT jusqu'à 9 salariés, 900 € HT de 10 à 49 salariés et 1 800 € HT "
        "à partir de 50. Les laboratoires et les écoles paient 400 € HT, les institutions et "
        "les associations 600 € HT. {first_year}",
        "Annual dues depend on headcount: €150 excl. VAT for start-ups under three years old, "
        "€400 up to 9 employees, €900 from 10 to 49 employees and €1,800 from 50. Research labs "
        "and schools pay €400, public bodies and associations €600. {first_year}",
    ),
    (
        "adhesion",
        "procedure-d-adhesion",
        "Comment se déroule la procédure d'adhésion ?",
        "How does the membership procedure work?",
        "Remplissez le formulaire de candidature sur la page /join/. Le bureau du conseil "
        "d'administration examine les candidatures lors de sa réunion mensuelle et vous répond "
        "par courriel. Une fois la candidature acceptée, vous recevez la facture de cotisation "
        "et une invitation à créer votre accès à l'espace membre.",
        "Fill in the application form on the /join/ page. The board reviews applications at "
        "its monthly meeting and answers you by email. Once your application is accepted, you "
        "receive the dues invoice and an invitation to create your member-area login.",
    ),
    (
        "adhesion",
        "ajouter-des-collegues",
        "Comment donner accès à l'espace membre à mes collègues ?",
        "How do I give my colleagues access to the member area?",
        "L'administrateur de votre organisation les invite depuis l'espace membre. Chacun "
        "reçoit un lien personnel, valable quatorze jours, pour créer son mot de passe.",
        "Your organization's admin invites them from the member area. Each receives a personal "
        "link, valid for fourteen days, to set a password.",
    ),
    (
        "labellisation",
        "interet-de-la-labellisation",
        "Que m'apporte la labellisation d'un projet ?",
        "What does project labelling bring?",
        "Le label du cluster atteste qu'un comité d'experts a examiné votre projet. Il "
        "renforce un dossier de financement auprès de la Région ou de Bpifrance, donne de la "
        "visibilité (annuaire, lettre d'information, trophées de l'innovation) et ouvre "
        "l'accès à un accompagnement personnalisé.",
        "The cluster's label shows that a committee of experts has reviewed your project. It "
        "strengthens funding applications to the Region or Bpifrance, brings visibility "
        "(directory, newsletter, innovation awards) and opens tailored support.",
    ),
    (
        "labellisation",
        "faire-labelliser-un-projet",
        "Comment faire labelliser un projet ?",
        "How do I get a project labelled?",
        "Déposez un dossier de quelques pages auprès de l'équipe. Le comité de labellisation "
        "se réunit chaque trimestre et juge le caractère innovant, l'ancrage régional, la "
        "collaboration entre au moins deux membres et les retombées économiques attendues. "
        "La réponse arrive sous six semaines.",
        "Send a short application to the team. The labelling committee meets every quarter "
        "and assesses innovation, regional roots, collaboration between at least two members "
        "and the expected economic impact. You get an answer within six weeks.",
    ),
    (
        "contacts",
        "joindre-l-equipe",
        "Comment joindre l'équipe du cluster ?",
        "How can I reach the cluster's team?",
        "Par courriel à l'adresse indiquée en bas de chaque page, ou par téléphone du lundi au "
        "vendredi de 9 h à 18 h. Nos bureaux de Toulouse et de Montpellier vous accueillent "
        "sur rendez-vous.",
        "By email at the address shown at the bottom of every page, or by phone Monday to "
        "Friday, 9 am to 6 pm. Our Toulouse and Montpellier offices welcome you by "
        "appointment.",
    ),
    (
        "contacts",
        "question-sur-une-facture",
        "À qui m'adresser pour une question sur ma facture ?",
        "Who do I ask about an invoice?",
        "Écrivez à l'équipe en précisant le numéro de facture. Pensez à tenir à jour le "
        "contact de facturation de votre organisation dans l'espace membre : c'est à lui que "
        "les factures sont envoyées.",
        "Write to the team with the invoice number. Keep your organization's billing contact "
        "up to date in the member area: invoices are sent to that person.",
    ),
]


def faq_seed() -> int:
    """Save the FAQ entries, numbered within their category. Returns how many."""
    categories = FaqCategory.objects.in_bulk({row[0] for row in FAQ}, field_name="slug")
    missing = {row[0] for row in FAQ} - set(categories)
    if missing:
        raise CommandError(
            f"FAQ categories missing: {', '.join(sorted(missing))}. Run `manage.py migrate`."
        )
    entries, positions = [], {}
    first_year_fr, first_year_en = first_year_rule()
    for category_slug, slug, question_fr, question_en, answer_fr, answer_en in FAQ:
        answer_fr = answer_fr.replace("{first_year}", first_year_fr)
        answer_en = answer_en.replace("{first_year}", first_year_en)
        positions[category_slug] = positions.get(category_slug, -1) + 1
        entries.append(
            FaqEntry(
                category=categories[category_slug],
                slug=slug,
                question_fr=question_fr,
                question_en=question_en,
                answer_fr=answer_fr,
                answer_en=answer_en,
                position=positions[category_slug],
            )
        )
    return len(FaqEntry.objects.bulk_create(entries))
