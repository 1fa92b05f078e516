"""Hand-written texts of the demo register (members/demo.py): places, trades, institutions,
job titles and the register's taxonomies.

Everything here is fiction meant to look like a digital cluster in Occitanie. The demo
combines it with Faker `fr_FR` names; keeping the prose here keeps the demo code readable.
"""

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
