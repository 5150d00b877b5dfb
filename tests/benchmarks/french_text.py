"""Realistic French transcript text for the search benchmark, generated from a fixed seed.

Segments are 15 to 35 words of spoken French built from sentence templates. Nouns, verbs and
adjectives are drawn with Zipf-like frequencies (the r-th word of a list is drawn with a
probability proportional to 1/r, nouns 1/r^1.1), so the text has very common, middling and rare
words, like real speech. `QUERIES` names one word of each kind: in 100,000 segments "femmes"
is in about half of them, "police" in 1 %, "cordonnière" in 0.2 %.
"""

from __future__ import annotations

import random
import re
from itertools import accumulate

# Nouns with their article, most frequent first.
NOUNS = [n.strip() for n in re.split(",", """
les femmes, les enfants, la famille, le village, le marché, le travail, l'argent, la maison,
la route, le camion, les soldats, la nuit, l'eau, la nourriture, la santé, l'école,
l'association, les papiers, la frontière, le voyage, la peur, le mari, la mère, le père,
les frères, les sœurs, le quartier, la ville, le camp, le site, la tente, la bâche, le mil,
le riz, le poisson, les tissus, la teinture, le commerce, la vendeuse, les clients, la police,
les gendarmes, les passeurs, le patron, le salaire, le loyer, la dette, les médicaments,
l'hôpital, la conseillère, le groupe, la parole, la justice, les droits, la carte d'identité,
l'acte de naissance, le mariage, le divorce, la violence, l'agression, la plainte, le juge,
l'avocate, l'ONG, le projet, la formation, la couture, le savon, le jardin, le puits,
la pluie, la saison, la récolte, le champ, le troupeau, les chèvres, les moutons, les vaches,
l'âne, la charrette, la pirogue, le fleuve, le désert, le bus, la gare, le chauffeur,
le billet, le téléphone, le réseau, la cousine, la tante, la voisine, l'amie, la cheffe,
l'imam, la prière, la mosquée, l'église, la fête, le baptême, les funérailles, le deuil,
la maladie, le paludisme, la grossesse, le bébé, l'accouchement, la sage-femme,
le dispensaire, le vaccin, l'ordonnance, la pharmacie, la cantine, l'uniforme, le cahier,
la maîtresse, les élèves, la classe, l'examen, le diplôme, l'apprentissage, l'atelier,
la machine, l'aiguille, le fil, le pagne, les bijoux, la coiffure, le salon, le restaurant,
la lessive, la vaisselle, la cuisine, le charbon, le bois, le fourneau, la marmite,
la calebasse, le mortier, le pilon, la farine, le sucre, le sel, l'huile, le piment,
les oignons, le gombo, les arachides, les haricots, l'igname, le manioc, les mangues,
le karité, le beurre, le lait, la viande, le boucher, la boulangerie, le pain, le thé,
le café, l'essence, la moto, le vélo, le pneu, le mécanicien, le garage, le menuisier,
le maçon, les briques, le ciment, le chantier, le journalier, la patronne, le contrat,
le licenciement, la grève, le syndicat, la mairie, la préfecture, le commissariat,
le tribunal, la prison, l'amende, la rançon, les otages, l'enlèvement, l'attaque,
l'incendie, l'inondation, la sécheresse, la famine, les réfugiées, les déplacées,
les migrantes, les rapatriées, les demandeuses d'asile, la protection, le recensement,
la distribution, les vivres, les kits d'hygiène, les latrines, le forage, la citerne,
la moustiquaire, les couvertures, les nattes, le matelas, le hangar, l'abri, le logement,
le propriétaire, l'expulsion, la tisserande, la potière, la griotte, la chanteuse,
la conteuse, la cordonnière
""")]

# Past participles, used after "nous avons", "j'ai", "elle a".
VERBS = re.findall(r"\S+", """
marché fui perdu dormi travaillé vendu acheté attendu cherché trouvé appris reçu payé demandé
partagé laissé quitté retrouvé traversé appelé pleuré prié soigné construit cousu cuisiné
porté raconté caché économisé emprunté reconstruit témoigné dénoncé manifesté
""")

ADJECTIVES = re.findall(r"\S+", """
difficile longue dure fatiguée malade seule pauvre dangereuse lourde petite grande nouvelle
vieille chère fermée ouverte pleine vide sèche mouillée froide chaude sale propre lointaine
proche triste heureuse fière courageuse inquiète perdue déplacée réfugiée migrante blessée
""")

OPENERS = ["Quand la guerre est arrivée", "Après la saison des pluies", "Avant le départ",
           "Pendant le voyage", "Depuis deux ans", "Chaque matin", "Un soir", "Au début",
           "Plus tard", "Cette année-là"]
TEMPLATES = [
    "{opener}, nous avons {verb} avec {noun} jusqu'à {place}.",
    "Pour nous, {noun} et {noun2}, c'était {adj}.",
    "J'ai dit à ma {relative} que {noun} me faisait peur.",
    "Nous avons {verb} trois jours, sans {noun} et sans {noun2}.",
    "À {place}, on ne parlait que de {noun} et de {noun2}.",
    "Elle a {verb} pour {noun}, elle était {adj}.",
    "Personne ne voulait nous aider avec {noun}.",
    "Aujourd'hui j'ai {verb} pour {noun}, c'est {adj} mais je continue.",
    "On nous a parlé de {noun} et un peu de {noun2}.",
    "Ma {relative} est restée à {place} avec {noun}.",
    "{opener}, {noun} de {place} nous a beaucoup aidées.",
    "La vie était {adj}, {noun} nous manquait.",
]
RELATIVES = ["mère", "sœur", "tante", "cousine", "voisine", "amie", "fille", "grand-mère"]
PLACES = ["Mopti", "Bamako", "Sévaré", "Gao", "Ségou", "Tombouctou", "la frontière",
          "la gare", "l'hôpital", "la mairie", "Kayes", "Sikasso"]

CONTRACTIONS = [(" de le ", " du "), (" de les ", " des "), (" à le ", " au "),
                (" à les ", " aux ")]

# Words searched by the benchmark, by how many segments contain them.
QUERIES = {"common": "femmes", "mid": "police", "rare": "cordonnière"}


def _zipf_weights(n: int, exponent: float = 1.0) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** exponent for rank in range(n)))


class FrenchText:
    def __init__(self, seed: int = 2025) -> None:
        self.random = random.Random(seed)
        self.noun_weights = _zipf_weights(len(NOUNS), 1.1)
        self.verb_weights = _zipf_weights(len(VERBS))
        self.adjective_weights = _zipf_weights(len(ADJECTIVES))

    def pick(self, words: list[str], cumulative: list[float]) -> str:
        return self.random.choices(words, cum_weights=cumulative)[0]

    def sentence(self) -> str:
        template = self.random.choice(TEMPLATES)
        return template.format(
            opener=self.random.choice(OPENERS),
            noun=self.pick(NOUNS, self.noun_weights),
            noun2=self.pick(NOUNS, self.noun_weights),
            verb=self.pick(VERBS, self.verb_weights),
            adj=self.pick(ADJECTIVES, self.adjective_weights),
            relative=self.random.choice(RELATIVES),
            place=self.random.choice(PLACES),
        )

    def segment(self) -> str:
        """Sentences until 15 to 35 words, cut at the limit."""
        target = self.random.randint(15, 35)
        words: list[str] = []
        while len(words) < target:
            words.extend(self.sentence().split())
        text = " ".join(words[:target])
        for wrong, right in CONTRACTIONS:
            text = text.replace(wrong, right)
        return text if text.endswith(".") else text.rstrip(",") + "."
