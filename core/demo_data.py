"""Hand-written texts for `manage.py seed_demo`: places, trades, FAQ and the event programme.

Everything here is fiction meant to look like a digital cluster in Occitanie. The command
combines it with Faker `fr_FR` names; keeping the prose here keeps the command readable.
"""

from django.conf import settings

# (city, postal codes, landline prefix, weight). The weights follow where the region's digital
# firms are: mostly around Toulouse and Montpellier, a few in every département.
CITIES = [
    ("Toulouse", ("31000", "31100", "31200", "31300", "31400", "31500"), "05", 30),
    ("Labège", ("31670",), "05", 5),
    ("Blagnac", ("31700",), "05", 4),
    ("Colomiers", ("31770",), "05", 2),
    ("Ramonville-Saint-Agne", ("31520",), "05", 2),
    ("Balma", ("31130",), "05", 2),
    ("Montpellier", ("34000", "34070", "34080", "34090"), "04", 20),
    ("Castelnau-le-Lez", ("34170",), "04", 3),
    ("Lattes", ("34970",), "04", 2),
    ("Sète", ("34200",), "04", 1),
    ("Béziers", ("34500",), "04", 2),
    ("Nîmes", ("30000", "30900"), "04", 5),
    ("Alès", ("30100",), "04", 1),
    ("Albi", ("81000",), "05", 3),
    ("Castres", ("81100",), "05", 2),
    ("Perpignan", ("66000", "66100"), "04", 4),
    ("Carcassonne", ("11000",), "04", 2),
    ("Narbonne", ("11100",), "04", 1),
    ("Rodez", ("12000",), "05", 2),
    ("Tarbes", ("65000",), "05", 2),
    ("Montauban", ("82000",), "05", 2),
    ("Auch", ("32000",), "05", 1),
    ("Cahors", ("46000",), "05", 1),
    ("Figeac", ("46100",), "05", 1),
    ("Foix", ("09000",), "05", 1),
    ("Mende", ("48000",), "04", 1),
]

# Postal code prefix → (département with its article, bare name, English name).
DEPARTMENTS = {
    "09": ("de l'Ariège", "Ariège", "Ariège"),
    "11": ("de l'Aude", "Aude", "Aude"),
    "12": ("de l'Aveyron", "Aveyron", "Aveyron"),
    "30": ("du Gard", "Gard", "Gard"),
    "31": ("de la Haute-Garonne", "Haute-Garonne", "Haute-Garonne"),
    "32": ("du Gers", "Gers", "Gers"),
    "34": ("de l'Hérault", "Hérault", "Hérault"),
    "46": ("du Lot", "Lot", "Lot"),
    "48": ("de la Lozère", "Lozère", "Lozère"),
    "65": ("des Hautes-Pyrénées", "Hautes-Pyrénées", "Hautes-Pyrénées"),
    "66": ("des Pyrénées-Orientales", "Pyrénées-Orientales", "Pyrénées-Orientales"),
    "81": ("du Tarn", "Tarn", "Tarn"),
    "82": ("du Tarn-et-Garonne", "Tarn-et-Garonne", "Tarn-et-Garonne"),
}

# What companies and start-ups do: (word used in a company name, French, English).
TRADES = [
    (
        "Logiciels",
        "Éditeur de logiciels de gestion pour les PME du bâtiment.",
        "Publishes management software for small construction firms.",
    ),
    (
        "Systèmes",
        "Conçoit des logiciels embarqués critiques pour l'aéronautique et le spatial.",
        "Designs safety-critical embedded software for aerospace.",
    ),
    (
        "Cyber",
        "Audits de sécurité, tests d'intrusion et accompagnement à la conformité NIS 2.",
        "Security audits, penetration testing and NIS 2 compliance support.",
    ),
    (
        "Data",
        "Ingénierie des données : entrepôts, tableaux de bord et modèles prédictifs.",
        "Data engineering: warehouses, dashboards and predictive models.",
    ),
    (
        "Conseil",
        "Conseil en transformation numérique pour les collectivités et les ETI.",
        "Digital transformation consulting for local authorities and mid-sized firms.",
    ),
    (
        "Cloud",
        "Hébergement souverain et infogérance dans des centres de données régionaux.",
        "Sovereign hosting and managed services in regional data centres.",
    ),
    (
        "Web",
        "Agence web : sites, boutiques en ligne et référencement.",
        "Web agency: websites, online shops and search optimisation.",
    ),
    (
        "Agritech",
        "Capteurs connectés et outils d'aide à la décision pour la viticulture.",
        "Connected sensors and decision tools for vineyards.",
    ),
    (
        "Santé",
        "Logiciel de télésurveillance médicale certifié dispositif médical.",
        "Remote patient monitoring software certified as a medical device.",
    ),
    (
        "Spatial",
        "Traitement d'images satellitaires pour l'agriculture et l'aménagement du territoire.",
        "Satellite image processing for farming and land planning.",
    ),
    (
        "Robotique",
        "Robots mobiles autonomes pour la logistique d'entrepôt.",
        "Autonomous mobile robots for warehouse logistics.",
    ),
    (
        "Studio",
        "Studio de jeux vidéo indépendant, sur PC et consoles.",
        "Independent video game studio for PC and consoles.",
    ),
    (
        "Design",
        "Design d'interfaces et recherche utilisateur pour les applications métier.",
        "Interface design and user research for business applications.",
    ),
    (
        "Informatique",
        "Entreprise de services numériques : développement sur mesure et maintenance applicative.",
        "IT services company: custom development and application maintenance.",
    ),
    (
        "Télécom",
        "Déploiement de réseaux très haut débit et de réseaux privés 5G.",
        "Rolls out fibre networks and private 5G networks.",
    ),
    (
        "Mobilité",
        "Plateforme de covoiturage domicile-travail pour les employeurs.",
        "Commuter car-pooling platform for employers.",
    ),
    (
        "Énergie",
        "Pilotage de la consommation énergétique des bâtiments tertiaires.",
        "Energy management for office buildings.",
    ),
    (
        "Finance",
        "Paiement et facturation électronique pour les très petites entreprises.",
        "Payment and e-invoicing for very small businesses.",
    ),
    (
        "Éducation",
        "Plateforme d'apprentissage en ligne pour les lycées professionnels.",
        "Online learning platform for vocational high schools.",
    ),
    (
        "Drones",
        "Inspection d'ouvrages d'art et de lignes électriques par drone.",
        "Drone inspection of bridges and power lines.",
    ),
    (
        "Électronique",
        "Conception et fabrication de cartes électroniques en petites séries.",
        "Designs and manufactures electronic boards in small batches.",
    ),
    (
        "Legal",
        "Automatisation des documents juridiques pour les cabinets d'avocats.",
        "Legal document automation for law firms.",
    ),
    (
        "Immersive",
        "Réalité virtuelle et augmentée pour la formation industrielle.",
        "Virtual and augmented reality for industrial training.",
    ),
    (
        "Green IT",
        "Mesure et réduction de l'empreinte environnementale des services numériques.",
        "Measures and reduces the environmental footprint of digital services.",
    ),
    (
        "Tourisme",
        "Réservation et billetterie en ligne pour les sites touristiques.",
        "Online booking and ticketing for tourist attractions.",
    ),
    (
        "Industrie",
        "Supervision connectée des lignes de production (industrie 4.0).",
        "Connected monitoring of production lines (Industry 4.0).",
    ),
    (
        "IA",
        "Contrôle qualité par vision artificielle pour l'agroalimentaire.",
        "AI-based visual quality inspection for the food industry.",
    ),
    (
        "Libre",
        "Intégration et support de logiciels libres pour les administrations.",
        "Open-source software integration and support for public bodies.",
    ),
    (
        "Marketing",
        "Marketing numérique et automatisation de la relation client.",
        "Digital marketing and customer relationship automation.",
    ),
    (
        "3D",
        "Fabrication additive de pièces techniques pour l'aéronautique.",
        "Additive manufacturing of technical parts for aerospace.",
    ),
]

# Second sentence of a business description: {year}, {city}, {de_city}, {staff}.
COMPANY_PROFILES = [
    (
        "Fondée en {year} à {city}, l'entreprise emploie {staff} personnes.",
        "Founded in {year} in {city}, the company employs {staff} people.",
    ),
    (
        "Installée à {city} depuis {year}, elle compte {staff} salariés.",
        "Based in {city} since {year}, it has {staff} employees.",
    ),
    (
        "PME familiale créée en {year} à {city} ; {staff} collaborateurs.",
        "Family-owned firm set up in {year} in {city}; {staff} staff.",
    ),
]
STARTUP_PROFILES = [
    (
        "Start-up créée en {year} à {city}, passée par un incubateur régional ; {staff} personnes.",
        "Start-up founded in {year} in {city}, through a regional incubator; team of {staff}.",
    ),
    (
        "Jeune pousse {de_city} ({year}), lauréate d'un concours d'innovation ; "
        "équipe de {staff} personnes.",
        "Young company from {city} ({year}), winner of an innovation contest; team of {staff}.",
    ),
]

# Invented brand names: a start and an end, "Neo" + "flow" → "Neoflow".
BRAND_STARTS = (
    "Neo Opti Data Kali Nova Quanti Sola Terra Vita Hexa Lumi Axo Meri Oxy Digi Inno Alti "
    "Cosmo Vigi Agro Medi Robo Ecla Orbi Zeni Occi Garo Mistra Tramon Cira"
).split()
BRAND_ENDS = (
    "flow lab tech sys nova ware mind link sense wave ia via lys tis go bee kit dot scope cube"
).split()
LEGAL_FORMS = ["SAS", "SARL", "SA", "SASU"]
# The legal suffixes Faker's fr_FR company names end with, stripped to get a web domain.
FAKER_LEGAL_SUFFIXES = ["S.A.R.L.", "S.A.S.", "SARL", "S.A.", "SAS", "SA", "et Fils"]

RESEARCH_ACRONYMS = (
    "LIRSA LASCO IRIDE LAMPS CRISTAL LINOS IMAGO LASER-O CEMIS OPALE SYNAPSE LIMES ARIANE "
    "CALYPSO DELTA"
).split()
# (French, English) research and teaching themes; French reads after "en" or "de".
THEMES = [
    ("intelligence artificielle", "artificial intelligence"),
    ("systèmes embarqués", "embedded systems"),
    ("cybersécurité", "cybersecurity"),
    ("robotique", "robotics"),
    ("science des données", "data science"),
    ("réseaux et télécommunications", "networks and telecommunications"),
    ("calcul haute performance", "high-performance computing"),
    ("interaction humain-machine", "human-computer interaction"),
    ("imagerie spatiale", "space imaging"),
    ("santé numérique", "digital health"),
    ("agriculture numérique", "digital agriculture"),
]
CLUSTER_THEMES = [
    ("Santé numérique", "digital health"),
    ("Agritech", "agritech"),
    ("Drones", "drones"),
    ("Image et jeu vidéo", "images and video games"),
    ("Aéronautique et spatial", "aerospace"),
    ("Énergies renouvelables", "renewable energy"),
    ("Tourisme connecté", "smart tourism"),
    ("Industrie du futur", "industry of the future"),
]

# Non-business organizations, by Organization.Kind value: (name, web domain, French, English).
# Placeholders: {city} {de_city} ("de Rodez", "d'Albi") {city_slug} {dept_de} {dept_en}
# {dept_slug} {theme_fr} {theme_en} {Theme} {cluster_fr} {cluster_fr_lower} {cluster_en}
# {cluster_slug} {acronym} {acronym_slug} {brand} {brand_slug} {last_name} {last_name_slug}
# {staff}.
INSTITUTIONS = {
    "research_lab": [
        (
            "Laboratoire {acronym} – {Theme}",
            "{acronym_slug}-lab",
            "Unité de recherche en {theme_fr} : {staff} chercheurs, ingénieurs et doctorants "
            "à {city}.",
            "Research unit in {theme_en}: {staff} researchers, engineers and PhD students "
            "in {city}.",
        ),
        (
            "Institut {acronym} {de_city}",
            "institut-{acronym_slug}",
            "Institut de recherche publique en {theme_fr}, partenaire de nombreux projets "
            "collaboratifs avec les PME régionales.",
            "Public research institute in {theme_en}, partner in many collaborative projects "
            "with regional SMEs.",
        ),
    ],
    "university": [
        (
            "École d'ingénieurs du numérique {de_city}",
            "ecole-numerique-{city_slug}",
            "Forme des ingénieurs en informatique et en {theme_fr} ; {staff} étudiants, "
            "stages et alternance en entreprise.",
            "Trains engineers in computing and {theme_en}; {staff} students, with internships "
            "and work-study placements.",
        ),
        (
            "IUT {de_city} – département informatique",
            "iut-{city_slug}",
            "BUT informatique et réseaux, licences professionnelles en alternance avec les "
            "entreprises locales.",
            "Technology degrees in computing and networks, with work-study programmes run "
            "with local firms.",
        ),
        (
            "Campus des métiers du numérique {de_city}",
            "campus-numerique-{city_slug}",
            "Réseau de lycées, d'écoles et d'entreprises qui prépare aux métiers du numérique.",
            "Network of schools and companies preparing students for digital jobs.",
        ),
    ],
    "training_centre": [
        (
            "{brand} Formation",
            "{brand_slug}-formation",
            "Formations courtes et certifiantes au développement web, à la cybersécurité et "
            "à la data ; {staff} stagiaires par an.",
            "Short certified courses in web development, cybersecurity and data; {staff} "
            "trainees a year.",
        ),
        (
            "École du code {de_city}",
            "ecole-code-{city_slug}",
            "Formation intensive de développeurs pour les demandeurs d'emploi en reconversion.",
            "Intensive coding bootcamp for job seekers changing careers.",
        ),
    ],
    "public_body": [
        (
            "Chambre de commerce et d'industrie {dept_de}",
            "cci-{dept_slug}",
            "Accompagne la création, la transmission et le développement des entreprises "
            "{dept_de}.",
            "Supports business creation, transfer and growth in {dept_en}.",
        ),
        (
            "Agence de développement économique {dept_de}",
            "ad-{dept_slug}",
            "Aide à l'implantation des entreprises et au montage des projets d'innovation.",
            "Helps companies settle in the area and set up innovation projects.",
        ),
    ],
    "local_authority": [
        (
            "Communauté d'agglomération {de_city}",
            "agglo-{city_slug}",
            "Intercommunalité compétente en développement économique ; gère une pépinière "
            "d'entreprises numériques.",
            "Inter-municipal authority in charge of economic development; runs a digital "
            "business incubator.",
        ),
        (
            "Ville {de_city}",
            "ville-{city_slug}",
            "La commune soutient l'écosystème numérique local et accueille des événements "
            "du cluster.",
            "The town supports the local digital ecosystem and hosts some of the cluster's events.",
        ),
        (
            "Conseil départemental {dept_de}",
            "cd-{dept_slug}",
            "Finance l'aménagement numérique du territoire et l'inclusion numérique.",
            "Funds broadband roll-out and digital inclusion in {dept_en}.",
        ),
    ],
    "funder": [
        (
            "Initiative {city}",
            "initiative-{city_slug}",
            "Prêts d'honneur à taux zéro et parrainage pour les créateurs d'entreprise.",
            "Interest-free personal loans and mentoring for company founders.",
        ),
        (
            "Fondation {last_name} pour l'innovation",
            "fondation-{last_name_slug}",
            "Fondation d'entreprise qui finance des projets numériques à impact social.",
            "Corporate foundation funding digital projects with a social impact.",
        ),
    ],
    "investor": [
        (
            "{brand} Capital",
            "{brand_slug}-capital",
            "Fonds d'amorçage régional : premiers tickets de 200 k€ à 1 M€ dans les start-up "
            "du numérique.",
            "Regional seed fund: first tickets of €200k to €1m in digital start-ups.",
        ),
        (
            "Business Angels {city}",
            "ba-{city_slug}",
            "Réseau d'investisseurs privés qui accompagnent les jeunes entreprises innovantes.",
            "Network of private investors backing young innovative companies.",
        ),
        (
            "{last_name} Ventures",
            "{last_name_slug}-ventures",
            "Société de capital-risque spécialisée dans les logiciels B2B.",
            "Venture capital firm focused on B2B software.",
        ),
    ],
    "professional_association": [
        (
            "Club des entrepreneurs du numérique {de_city}",
            "club-numerique-{city_slug}",
            "Association de dirigeants qui se retrouvent chaque mois pour partager leurs "
            "expériences.",
            "Association of business leaders who meet monthly to share experience.",
        ),
        (
            "Association des DSI {dept_de}",
            "dsi-{dept_slug}",
            "Réunit les directeurs des systèmes d'information des entreprises et "
            "administrations du département.",
            "Brings together the CIOs of companies and public bodies in {dept_en}.",
        ),
        (
            "Collectif des développeurs {de_city}",
            "devs-{city_slug}",
            "Communauté de développeurs : meetups, conférences et mentorat.",
            "Developer community: meetups, talks and mentoring.",
        ),
    ],
    "other_cluster": [
        (
            "Cluster {cluster_fr} {city}",
            "cluster-{cluster_slug}-{city_slug}",
            "Cluster régional de la filière {cluster_fr_lower} ; partenaire pour les projets "
            "croisés.",
            "Regional {cluster_en} cluster; partner for cross-sector projects.",
        ),
    ],
}

# Job titles as (masculine, feminine), by position in the organization.
EXECUTIVE_TITLES = {
    "business": [
        ("Président", "Présidente"),
        ("Directeur général", "Directrice générale"),
        ("Gérant", "Gérante"),
        ("Fondateur", "Fondatrice"),
    ],
    "startup": [
        ("CEO et cofondateur", "CEO et cofondatrice"),
        ("Cofondateur", "Cofondatrice"),
        ("Président", "Présidente"),
    ],
    "institution": [
        ("Directeur", "Directrice"),
        ("Vice-président", "Vice-présidente"),
        ("Délégué général", "Déléguée générale"),
    ],
}
MAIN_CONTACT_TITLES = [
    ("Responsable des partenariats", "Responsable des partenariats"),
    ("Directeur technique", "Directrice technique"),
    ("Responsable innovation", "Responsable innovation"),
    ("Chargé d'affaires", "Chargée d'affaires"),
    ("Directeur commercial", "Directrice commerciale"),
    ("Chargé de mission", "Chargée de mission"),
]
BILLING_TITLES = [
    ("Responsable administratif et financier", "Responsable administrative et financière"),
    ("Comptable", "Comptable"),
    ("Assistant de direction", "Assistante de direction"),
    ("Directeur financier", "Directrice financière"),
]
EMPLOYEE_TITLES = [
    ("Développeur full-stack", "Développeuse full-stack"),
    ("Ingénieur data", "Ingénieure data"),
    ("Chef de projet", "Cheffe de projet"),
    ("Responsable marketing", "Responsable marketing"),
    ("Consultant cybersécurité", "Consultante cybersécurité"),
    ("Product owner", "Product owner"),
    ("Ingénieur DevOps", "Ingénieure DevOps"),
    ("Designer UX", "Designer UX"),
    ("Chargé de communication", "Chargée de communication"),
    ("Ingénieur commercial", "Ingénieure commerciale"),
]


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

# Event programme. Monthly meeting themes, one per month of the year shown.
MONTHLY_THEMES = [
    ("Bienvenue aux nouveaux adhérents", "Welcome to new members"),
    ("Les aides régionales à l'innovation", "Regional innovation grants"),
    ("Recrutement et alternance", "Hiring and work-study"),
    ("Cybersécurité : les bons réflexes", "Cybersecurity: good habits"),
    ("Export : cap sur l'Espagne", "Exporting: heading for Spain"),
    ("Répondre aux marchés publics", "Answering public tenders"),
    ("Numérique responsable", "Responsible digital technology"),
    ("L'IA au quotidien", "Everyday AI"),
    ("Financer sa croissance", "Funding growth"),
    ("Propriété intellectuelle et logiciel", "Intellectual property and software"),
    ("Rencontre avec les écoles", "Meeting the schools"),
    ("Bilan et perspectives", "Review and outlook"),
]
DEBATES = [
    ("Débat : l'IA générative dans les PME", "Debate: generative AI in small businesses"),
    ("Débat : NIS 2, qui est concerné ?", "Debate: NIS 2, who does it apply to?"),
    ("Débat : sobriété numérique et rentabilité", "Debate: digital sobriety and profitability"),
    ("Débat : attirer et garder les talents", "Debate: attracting and keeping talent"),
    ("Débat : quel cloud souverain ?", "Debate: which sovereign cloud?"),
    ("Débat : données de santé et innovation", "Debate: health data and innovation"),
]
TRAININGS = [
    ("Formation : répondre à un appel d'offres public", "Training: answering a public tender"),
]
WEBINARS = [
    (
        "Webinaire : les appels à projets Horizon Europe",
        "Webinar: Horizon Europe calls for proposals",
    ),
    (
        "Webinaire : se préparer à la directive NIS 2",
        "Webinar: getting ready for the NIS 2 directive",
    ),
    (
        "Webinaire : financer son projet d'IA avec la Région",
        "Webinar: funding an AI project with the Region",
    ),
]
# Open to everyone: the public calendar always has a few of these ahead.
REGIONAL_MEETING = (
    "Rencontres régionales du numérique",
    "Regional digital meetings",
)
NETWORKING = (
    "Afterwork du numérique : start-up et grands comptes",
    "Digital afterwork: start-ups meet large companies",
)
VENUES = [
    "Maison de l'innovation, Toulouse",
    "Pépinière Cap Numérique, Montpellier",
    "Technopole Sud, Labège",
    "Hôtel d'entreprises Albi Innov', Albi",
    "Pôle numérique du Gard, Nîmes",
    "Auditorium de la CCI, Perpignan",
]
ONLINE_VENUE = "En ligne (visioconférence)"
GENERAL_ASSEMBLY_VENUE = "Hôtel de Région, Toulouse"
AWARDS_VENUE = "Centre des congrès, Montpellier"

# The register's taxonomies: the directory's filters offer them, organizations carry them.
SECTORS = [
    ("sante", "Santé", "Health"),
    ("aeronautique-spatial", "Aéronautique et spatial", "Aerospace"),
    ("agriculture-agroalimentaire", "Agriculture et agroalimentaire", "Agriculture and food"),
    ("industrie", "Industrie", "Manufacturing"),
    ("energie-environnement", "Énergie et environnement", "Energy and environment"),
    ("tourisme-culture", "Tourisme et culture", "Tourism and culture"),
    ("commerce-distribution", "Commerce et distribution", "Retail"),
    ("banque-assurance", "Banque et assurance", "Banking and insurance"),
    ("secteur-public", "Secteur public", "Public sector"),
    ("education-formation", "Éducation et formation", "Education and training"),
    ("transport-logistique", "Transport et logistique", "Transport and logistics"),
    ("batiment-ville", "Bâtiment et ville durable", "Construction and smart cities"),
]
COMPETENCES = [
    ("intelligence-artificielle", "Intelligence artificielle", "Artificial intelligence"),
    ("cybersecurite", "Cybersécurité", "Cybersecurity"),
    ("cloud-infogerance", "Cloud et infogérance", "Cloud and managed services"),
    ("developpement-web-mobile", "Développement web et mobile", "Web and mobile development"),
    ("donnees-decisionnel", "Données et décisionnel", "Data and business intelligence"),
    ("objets-connectes", "Objets connectés", "Internet of things"),
    ("logiciel-embarque", "Logiciel embarqué", "Embedded software"),
    ("design-ux", "Design UX/UI", "UX/UI design"),
    ("realite-virtuelle", "Réalité virtuelle et augmentée", "Virtual and augmented reality"),
    ("reseaux-telecoms", "Réseaux et télécoms", "Networks and telecoms"),
    ("erp-crm", "ERP et CRM", "ERP and CRM"),
    ("calcul-haute-performance", "Calcul haute performance", "High-performance computing"),
    ("numerique-responsable", "Numérique responsable", "Sustainable IT"),
    ("formation-numerique", "Formation au numérique", "Digital skills training"),
]
LABELS = [
    ("numerique-responsable", "Label Numérique Responsable", "Responsible Digital label"),
    ("french-tech", "French Tech", "French Tech"),
    ("iso-27001", "ISO 27001", "ISO 27001"),
    ("qualiopi", "Qualiopi", "Qualiopi"),
    ("expertcyber", "ExpertCyber", "ExpertCyber"),
    ("jei", "Jeune Entreprise Innovante", "Young Innovative Company"),
    ("lucie", "Label Lucie (RSE)", "Lucie label (CSR)"),
    ("hds", "Hébergeur de données de santé", "Health data hosting (HDS)"),
]
