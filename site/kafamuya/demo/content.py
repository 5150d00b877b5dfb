"""What the demo archive contains. Texts come as (French, English) pairs.

Names of people are invented pseudonyms; places and partners are the programme's real ones.
"""

T = tuple[str, str]

THEMES: list[tuple[str, T]] = [
    ("violences-basees-sur-le-genre", ("Violences basées sur le genre", "Gender-based violence")),
    ("traite", ("Traite des personnes", "Human trafficking")),
    ("deplacement", ("Déplacement forcé", "Forced displacement")),
    ("travail", ("Travail et moyens de vivre", "Work and livelihoods")),
    ("sante-mentale", ("Santé mentale", "Mental health")),
]

# slug, kind, region, (lat, lng), (French name, English name)
PLACES: list[tuple[str, str, str, tuple[float, float], T]] = [
    *[
        (f"bamako-commune-{n}", "commune", "Bamako", coords,
         (f"Bamako, Commune {roman}", f"Bamako, Commune {roman}"))
        for n, roman, coords in [
            (1, "I", (12.6620, -7.9720)), (2, "II", (12.6480, -7.9830)),
            (3, "III", (12.6460, -8.0050)), (4, "IV", (12.6400, -8.0300)),
            (5, "V", (12.6050, -7.9800)), (6, "VI", (12.5900, -7.9300)),
        ]
    ],
    ("mopti", "town", "Mopti", (14.4843, -4.1827), ("Mopti", "Mopti")),
    ("sevare", "camp", "Mopti", (14.5280, -4.0950),
     ("Sévaré, site de déplacés", "Sévaré, displacement site")),
]

# slug, acronym, (French name, English name), website
PARTNERS: list[tuple[str, str, T, str]] = [
    ("cisp", "CISP", ("Comité International pour le Développement des Peuples",
                      "International Committee for the Development of Peoples"), ""),
    ("amsode", "AMSODE", ("Association Malienne pour la Survie au Sahel et le Développement",
                          "Malian Association for Survival in the Sahel and Development"), ""),
    ("tile-coura", "", ("Association Tilé Coura", "Tilé Coura Association"), ""),
    ("aracem", "ARACEM", ("Association des Refoulés d'Afrique Centrale au Mali",
                          "Association of Deportees from Central Africa in Mali"), ""),
    ("coalition-anti-sida", "", ("Coalition Anti Sida", "Anti-AIDS Coalition"), ""),
]

# pseudonym, age range, status, gender, languages
SPEAKERS = [
    ("Awa K.", "26-35", "displaced", "woman", "Bamanankan, Fulfulde"),
    ("Mariam T.", "18-25", "migrant", "woman", "Bamanankan, français"),
    ("Fanta D.", "36-50", "refugee", "woman", "Songhay, français"),
]

HOME = {
    "title": ("Kafamuya", "Kafamuya"),
    "tagline": ("Paroles, images et droits des personnes migrantes au Mali",
                "Voices, images and rights of migrants in Mali"),
    "intro": (
        "Une archive de témoignages, d'un film documentaire et d'œuvres d'artistes, "
        "réalisée avec des femmes migrantes et déplacées à Bamako, Mopti et Sévaré.",
        "An archive of testimonies, a documentary film and artworks, made with migrant and "
        "displaced women in Bamako, Mopti and Sévaré.",
    ),
}

SECTIONS = {
    "documentary": {
        "slug": "documentaire",
        "title": ("Le documentaire", "The documentary"),
        "intro": ("Un film en trois chapitres sur le chemin, l'attente et la reconstruction.",
                  "A film in three chapters about the journey, the waiting and rebuilding."),
        "synopsis": ("Des femmes racontent leur route, de Mopti à Bamako.",
                     "Women tell of their road, from Mopti to Bamako."),
        "director": "Collectif Kafamuya",
        "year": 2025,
    },
    "testimonies": {
        "slug": "temoignages",
        "title": ("Témoignages", "Testimonies"),
        "intro": ("Des récits recueillis lors des ateliers « Paroles de Migrantes ».",
                  "Accounts recorded during the “Paroles de Migrantes” workshops."),
    },
    "residency": {
        "slug": "residence",
        "title": ("Résidence d'artistes", "Artist residency"),
        "intro": ("Des artistes travaillent sur les luttes qui se croisent.",
                  "Artists work on intersecting struggles."),
    },
    "stories": {
        "slug": "recits",
        "title": ("Récits", "Stories"),
        "intro": ("Les nouvelles du programme.", "News from the programme."),
    },
    "events": {
        "slug": "evenements",
        "title": ("Événements", "Events"),
        "intro": ("Tables rondes, rencontres et ateliers.",
                  "Round tables, meetings and workshops."),
    },
    "actors": {
        "slug": "carte-des-acteurs",
        "title": ("Carte des acteurs", "Map of actors"),
        "intro": ("Où trouver de l'aide juridique, médicale, un abri ou une écoute.",
                  "Where to find legal and medical help, shelter or someone to listen."),
    },
    "search": {
        "slug": "recherche",
        "title": ("Recherche", "Search"),
        "intro": ("Chercher dans l'archive.", "Search the archive."),
    },
}

# slug, chapter, (title), (summary), theme slugs, place slugs, tone (Hz)
CLIPS = [
    ("le-depart", 1, ("Le départ", "Leaving"),
     ("Les raisons de partir, racontées par celles qui sont parties.",
      "The reasons for leaving, told by those who left."),
     ["deplacement"], ["mopti"], 392),
    ("l-attente", 2, ("L'attente", "Waiting"),
     ("La vie sur le site de Sévaré, entre attente et solidarité.",
      "Life at the Sévaré site, between waiting and solidarity."),
     ["deplacement", "sante-mentale"], ["sevare"], 440),
    ("reconstruire", 3, ("Reconstruire", "Rebuilding"),
     ("Le travail, les associations et l'avenir à Bamako.",
      "Work, associations and the future in Bamako."),
     ["travail"], ["bamako-commune-6"], 494),
]

# slug, speaker, (title), (summary), place slug, theme slugs, warning, tone
TESTIMONIES = [
    ("temoignage-awa", "Awa K.", ("Le chemin de Mopti", "The road from Mopti"),
     ("Awa raconte sa fuite avec ses enfants et l'arrivée à Sévaré.",
      "Awa tells of fleeing with her children and arriving in Sévaré."),
     "sevare", ["deplacement"], ("", ""), 262),
    ("temoignage-mariam", "Mariam T.", ("Travailler à Bamako", "Working in Bamako"),
     ("Mariam parle de son travail de vendeuse et de ses droits.",
      "Mariam talks about her work as a trader and about her rights."),
     "bamako-commune-1", ["travail"], ("", ""), 294),
    ("temoignage-fanta", "Fanta D.", ("Après la violence", "After the violence"),
     ("Fanta parle de l'aide reçue après des violences.",
      "Fanta speaks about the help she received after violence."),
     "mopti", ["violences-basees-sur-le-genre", "sante-mentale"],
     ("Évoque des violences sexuelles.", "Mentions sexual violence."), 330),
]

# Passages with a content warning, by testimony slug: start and end in ms, (label).
WARNING_RANGES = {
    "temoignage-fanta": [(1500, 3000, ("Décrit une agression", "Describes an assault"))],
}

RESIDENCY = {
    "title": ("Résidence 2025 : luttes croisées", "2025 residency: intersecting struggles"),
    "slug": "residence-2025",
    "intro": ("Deux artistes en résidence à Bamako.", "Two artists in residence in Bamako."),
}

# slug, artist, medium, (title), (description), colour
ARTWORKS = [
    ("fils-de-route", "Kadiatou S.", "images", ("Fils de route", "Threads of the road"),
     ("Une série de tissages photographiés.", "A series of photographed weavings."),
     (178, 86, 45)),
    ("voix-du-fleuve", "Oumou B.", "audio", ("Voix du fleuve", "Voices of the river"),
     ("Une pièce sonore composée de chants de femmes.",
      "A sound piece made of women's songs."), (45, 98, 140)),
]

# slug, date (days ago), author, (title), (intro), (paragraph), theme slugs, place slugs,
# illustrated (a main image and every kind of block)
STORIES = [
    ("ouverture-des-ateliers", 400, "Équipe communication",
     ("Ouverture des ateliers Paroles de Migrantes", "The Paroles de Migrantes workshops open"),
     ("Les premiers ateliers ont réuni vingt femmes à Sévaré.",
      "The first workshops brought twenty women together in Sévaré."),
     ("Chaque participante a choisi ce qu'elle voulait partager, et avec qui.",
      "Each participant chose what she wanted to share, and with whom."),
     ["deplacement", "sante-mentale"], ["sevare"], False),
    ("le-film-en-tournage", 10, "Équipe communication",
     ("Le film en tournage", "Filming the documentary"),
     ("Le tournage du documentaire s'est terminé à Bamako.",
      "Filming of the documentary ended in Bamako."),
     ("Le film sera projeté lors de la grande rencontre de clôture.",
      "The film will be screened at the closing meeting."),
     ["travail"], ["bamako-commune-6", "mopti"], True),
]

# The illustrated story's other blocks: a pull quote, a testimony quote, a gallery caption
STORY_PULL_QUOTE = ("Filmer, c'est aussi écouter.", "Filming is listening, too.")
STORY_TESTIMONY_QUOTE = ("Un camion nous a déposés à Sévaré.", "A lorry dropped us in Sévaré.")
STORY_GALLERY_TITLE = ("Sur le tournage", "On set")
STORY_IMAGE_ALT = ("Cercles colorés sur fond ocre", "Coloured circles on an ochre background")

# slug, kind, days from now, place, partner slugs, (title), (summary)
EVENTS = [
    ("table-ronde-droits", "round-table", -20, "bamako-commune-3", ["cisp", "amsode"],
     ("Table ronde : les droits des femmes migrantes", "Round table: migrant women's rights"),
     ("Juristes et associations échangent sur l'accès à la justice.",
      "Lawyers and associations discuss access to justice.")),
    ("grande-rencontre-cloture", "meeting", 45, "bamako-commune-1",
     ["cisp", "tile-coura", "aracem"],
     ("Grande rencontre de clôture", "Closing meeting"),
     ("Projection du film et restitution des ateliers.",
      "Screening of the film and presentation of the workshops.")),
]

# slug, kind of help, place, (title), (description), phone, (lat, lng)
ACTORS = [
    ("clinique-juridique", "legal", "bamako-commune-2",
     ("Clinique juridique", "Legal clinic"),
     ("Conseils juridiques gratuits pour les personnes migrantes.",
      "Free legal advice for migrants."), "+223 20 00 00 01", (12.6500, -7.9850)),
    ("centre-de-sante", "health", "bamako-commune-6",
     ("Centre de santé communautaire", "Community health centre"),
     ("Soins de santé primaires et santé reproductive.",
      "Primary and reproductive health care."), "+223 20 00 00 02", (12.5920, -7.9310)),
    ("maison-d-accueil", "shelter", "bamako-commune-4",
     ("Maison d'accueil", "Shelter house"),
     ("Hébergement d'urgence pour femmes et enfants.",
      "Emergency housing for women and children."), "+223 20 00 00 03", (12.6410, -8.0280)),
    ("groupe-de-parole", "psychosocial", "sevare",
     ("Groupe de parole de Sévaré", "Sévaré talk group"),
     ("Groupes de parole thérapeutiques chaque semaine.",
      "Weekly therapeutic talk groups."), "+223 20 00 00 04", (14.5290, -4.0960)),
    ("association-des-femmes", "womens-group", "mopti",
     ("Association des femmes de Mopti", "Mopti women's association"),
     ("Entraide, formation et activités génératrices de revenus.",
      "Mutual aid, training and income-generating activities."), "+223 20 00 00 05",
     (14.4850, -4.1830)),
]

# Transcripts of the demo media (each 4 s long), by clip or testimony slug: French, reviewed,
# with an English translation. Rows: start ms, end ms, (speaker), (text).
NARRATOR = ("Narratrice", "Narrator")
FACILITATOR = ("Animatrice", "Facilitator")
WOMAN_1 = ("Femme 1", "Woman 1")
WOMAN_2 = ("Femme 2", "Woman 2")
TRANSCRIPTS: dict[str, list[tuple[int, int, T, T]]] = {
    "le-depart": [
        (0, 1200, NARRATOR, ("Quand les combats sont arrivés au village, nous sommes parties "
                             "la nuit.", "When the fighting reached the village, we left at "
                                         "night.")),
        (1200, 2300, WOMAN_1, ("J'ai pris mes deux enfants et un peu de mil.",
                               "I took my two children and a little millet.")),
        (2300, 3200, WOMAN_2, ("Nous avons marché trois jours jusqu'à Mopti.",
                               "We walked for three days to Mopti.")),
        (3200, 3900, NARRATOR, ("Beaucoup ne sont jamais rentrées.", "Many never went home.")),
    ],
    "l-attente": [
        (0, 1300, NARRATOR, ("Sur le site de Sévaré, l'attente dure des mois.",
                             "At the Sévaré site, the waiting lasts for months.")),
        (1300, 2600, WOMAN_1, ("Les femmes s'organisent pour partager l'eau et la nourriture.",
                               "The women organise to share water and food.")),
        (2600, 3800, WOMAN_2, ("Le groupe de parole m'aide à dormir de nouveau.",
                               "The talk group helps me sleep again.")),
    ],
    "reconstruire": [
        (0, 1100, NARRATOR, ("À Bamako, il faut tout recommencer.",
                             "In Bamako, everything has to start again.")),
        (1100, 2400, WOMAN_1, ("Avec l'association, j'ai appris la teinture.",
                               "With the association, I learned to dye cloth.")),
        (2400, 3600, WOMAN_1, ("Aujourd'hui, je vends mes tissus au marché.",
                               "Today I sell my fabrics at the market.")),
    ],
    "temoignage-awa": [
        (0, 900, FACILITATOR, ("Pouvez-vous nous raconter votre départ ?",
                               "Can you tell us about leaving?")),
        (900, 2200, ("Awa K.", "Awa K."), ("Des hommes armés sont venus, alors j'ai fui avec "
                                           "mes enfants.", "Armed men came, so I fled with my "
                                                           "children.")),
        (2200, 3300, ("Awa K.", "Awa K."), ("Un camion nous a déposés à Sévaré.",
                                            "A lorry dropped us in Sévaré.")),
        (3300, 3950, ("Awa K.", "Awa K."), ("Là, on nous a donné une bâche.",
                                            "There, they gave us a tarpaulin.")),
    ],
    "temoignage-mariam": [
        (0, 1000, FACILITATOR, ("Quel est votre travail à Bamako ?",
                                "What is your work in Bamako?")),
        (1000, 2300, ("Mariam T.", "Mariam T."), ("Je vends des légumes au marché de la "
                                                  "Commune I.", "I sell vegetables at the "
                                                                "Commune I market.")),
        (2300, 3600, ("Mariam T.", "Mariam T."), ("J'ai appris que j'ai le droit d'avoir une "
                                                  "carte d'identité.", "I learned that I have "
                                                  "the right to an identity card.")),
    ],
    "temoignage-fanta": [
        (0, 1000, FACILITATOR, ("Vous pouvez vous arrêter quand vous voulez.",
                                "You can stop whenever you want.")),
        (1000, 2400, ("Fanta D.", "Fanta D."), ("Après ce qui m'est arrivé, je ne parlais plus "
                                                "à personne.", "After what happened to me, I "
                                                "did not speak to anyone any more.")),
        (2400, 3700, ("Fanta D.", "Fanta D."), ("Au centre de santé, une conseillère m'a "
                                                "écoutée.", "At the health centre, a counsellor "
                                                "listened to me.")),
    ],
}
