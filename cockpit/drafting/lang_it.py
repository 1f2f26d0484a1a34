"""Wordings in Italian: the built-in templates and how each kind of mention is said.

Neutral forms only: nothing that marks the writer's or the reader's gender ("mi è tornato
in mente" rather than "mi sono ricordato/ricordata"). Contractions ("su il" → "sul",
"a la" → "alla") are made after filling, so topics may start with their article.
"""

from __future__ import annotations

MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "talk": {
        "met": ("Mi è piaciuto molto il tuo intervento su {t}.",
                "Il tuo intervento su {t} mi ha dato molto su cui riflettere."),
        "invite": ("Mi è piaciuto molto il tuo intervento su {t}.",
                   "Ho trovato molto interessante il tuo intervento su {t}."),
        "recall": ("L'altro giorno ho ripensato al tuo intervento su {t}.",
                   "Ricordo ancora il tuo intervento su {t}.",
                   "Il tuo intervento su {t} mi è rimasto in mente."),
        "birthday": ("Spero che quest'anno porti altri interventi come quello su {t}.",
                     "Ricordo ancora il tuo intervento su {t}."),
    },
    "post": {
        "met": ("Avevo già letto il tuo post su {t}, quindi è stato bello parlarne di persona.",
                "È stato bello parlare di persona del tuo post su {t}."),
        "invite": ("Mi è piaciuto molto il tuo post su {t}.",
                   "Il tuo post su {t} mi ha colpito."),
        "recall": ("L'altro giorno ho ripensato al tuo post su {t}.",
                   "Il tuo post su {t} mi è rimasto in mente.",
                   "Continuo a pensare al tuo post su {t}."),
        "birthday": ("Spero che quest'anno porti altri post come quello su {t}.",
                     "Spero di leggere presto altri tuoi post su {t}."),
    },
    "article": {
        "met": ("Avevo già letto il tuo articolo su {t}, quindi è stato bello conoscerti di "
                "persona.",
                "È stato bello parlare di persona del tuo articolo su {t}."),
        "invite": ("Mi è piaciuto molto il tuo articolo su {t}.",
                   "Ho letto con piacere il tuo articolo su {t}."),
        "recall": ("Il tuo articolo su {t} mi è rimasto in mente.",
                   "L'altro giorno ho ripensato al tuo articolo su {t}."),
        "birthday": ("Spero che quest'anno porti altri articoli come quello su {t}.",
                     "Spero di leggere presto altri tuoi articoli su {t}."),
    },
    "news": {
        "met": ("E ancora complimenti per {t}!",
                "E di nuovo congratulazioni per {t}!"),
        "invite": ("Complimenti per {t}!",
                   "Ho saputo di {t}, complimenti!"),
        "recall": ("Ho saputo di {t}, complimenti!",
                   "Congratulazioni per {t}!",
                   "Tanti complimenti per {t}."),
        "birthday": ("E ancora complimenti per {t}, che anno!",
                     "Che anno, con {t}!"),
    },
    "interest": {
        "met": ("È stato bello parlare di {t}.",
                "Mi ha fatto piacere chiacchierare di {t}."),
        "invite": ("Mi piacerebbe scambiare due parole su {t}, prima o poi.",
                   "Sarebbe bello confrontarci su {t}."),
        "recall": ("L'altro giorno qualcosa su {t} mi ha fatto pensare a te.",
                   "Mi è tornata in mente la tua passione per {t}.",
                   "Ogni volta che si parla di {t}, penso a te."),
        "birthday": ("Spero che quest'anno tu abbia tanto tempo per {t}.",
                     "Spero che quest'anno ti lasci tanto tempo per {t}."),
    },
    "family": {
        "met": ("Spero che vada tutto bene con {t}.",
                "Un grande in bocca al lupo per {t}!"),
        "invite": ("Spero che vada tutto bene con {t}.",),
        "recall": ("Come va con {t}?",
                   "Spero che vada tutto bene con {t}."),
        "birthday": ("Spero che vada tutto alla grande con {t}.",
                     "Un abbraccio a tutta la famiglia, e spero che vada tutto bene con {t}."),
    },
    "travel": {
        "met": ("In bocca al lupo per {t}!",
                "Spero che {t} vada benissimo."),
        "invite": ("Spero che {t} vada benissimo.",),
        "recall": ("Come procede {t}?",
                   "Come va con {t}?",
                   "Ho ripensato a {t}, come sta andando?"),
        "birthday": ("Spero che {t} stia andando alla grande.",
                     "E spero che {t} vada a gonfie vele!"),
    },
    "conversation": {
        "met": ("Mi è piaciuta molto la nostra chiacchierata su {t}.",
                "La nostra conversazione su {t} mi ha dato molto su cui riflettere."),
        "invite": ("Mi è piaciuta molto la nostra conversazione su {t}.",
                   "La nostra chiacchierata su {t} mi è rimasta in mente."),
        "recall": ("L'altro giorno ho ripensato alla nostra conversazione su {t}.",
                   "La nostra chiacchierata su {t} mi è rimasta in mente.",
                   "Ricordo ancora la nostra conversazione su {t}."),
        "birthday": ("Ricordo ancora la nostra chiacchierata su {t}.",
                     "Spero che quest'anno potremo continuare a parlare di {t}."),
    },
}

TEMPLATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "follow-up-after-meeting": (
        ("met", ("Ciao {first_name}, è stato un piacere conoscerti a {met_at}! {mention} Mi "
                 "farebbe piacere restare in contatto.",
                 "Ciao {first_name}, che bello incontrarti a {met_at}. {mention} Restiamo in "
                 "contatto!",
                 "Ciao {first_name}! Che piacere fare la tua conoscenza a {met_at}. {mention} "
                 "Sarei felice di restare in contatto.")),
        ("", ("Ciao {first_name}, è stato un piacere conoscerti! {mention} Mi farebbe piacere "
              "restare in contatto.",
              "Ciao {first_name}! Che piacere fare la tua conoscenza. {mention} Restiamo in "
              "contatto!")),
    ),
    "connection-invite": (
        ("why-clause", ("Ciao {first_name}! {why}. {mention} Mi farebbe piacere collegarmi "
                        "con te.",)),
        ("why", ("Ciao {first_name}, ti contatto per via di {why}. {mention} Mi farebbe "
                 "piacere collegarmi con te.",
                 "Ciao {first_name}, vorrei collegarmi con te per via di {why}. {mention}")),
        ("introduced", ("Ciao {first_name}, {introducer} mi ha suggerito di metterci in "
                        "contatto. {mention} Mi farebbe piacere averti nella mia rete.",
                        "Ciao {first_name}! {introducer} pensava che dovessimo conoscerci. "
                        "{mention} Sarei felice di collegarmi con te.")),
        ("met", ("Ciao {first_name}, ho avuto il piacere di conoscerti a {met_at}. {mention} Mi "
                 "farebbe piacere restare in contatto.",
                 "Ciao {first_name}, è stato bello incontrarti a {met_at}. {mention} Restiamo "
                 "in contatto!")),
        ("mention", ("Ciao {first_name}! {mention} Mi farebbe piacere collegarmi con te.",
                     "Ciao {first_name}! {mention} Sarei felice di averti nella mia rete.")),
        ("", ("Ciao {first_name}, vorrei collegarmi con te per via di {why}.",)),
    ),
    "birthday": (
        ("", ("Buon compleanno, {first_name}! {mention} Ti auguro una splendida giornata e un "
              "anno fantastico.",
              "Tanti auguri, {first_name}! Passa una bellissima giornata. {mention}",
              "Buon compleanno, {first_name}! Goditi la giornata. {mention} Un abbraccio!")),
    ),
    "reconnect": (
        ("", ("Ciao {first_name}, è da un po' che non ci sentiamo! {mention} Mi farebbe "
              "piacere aggiornarci e sapere come stai.",
              "Ciao {first_name}, quanto tempo! {mention} Cosa mi racconti di bello?",
              "Ciao {first_name}, è passato un bel po' dall'ultima chiacchierata. {mention} "
              "Sarebbe bello risentirci presto.")),
    ),
    "ask": (
        ("", ("Ciao {first_name}, è da un po' che volevo scriverti. {mention} Volevo "
              "chiederti se potresti aiutarmi con {what}. In cambio, sarei felice di offrirti {offer}. Nessun "
              "problema se non è il momento giusto.",
              "Ciao {first_name}! {mention} Potrei chiederti {what}? In cambio posso "
              "offrirti {offer}. Se ora non è il momento, nessun problema.",
              "Ciao {first_name}, ti scrivo per una domanda. {mention} Ti andrebbe di darmi "
              "una mano con {what}? Da parte mia, posso offrirti {offer}. Se in questo periodo hai molto "
              "da fare, capisco benissimo.")),
    ),
    "intro-request": (
        ("", ("Ciao {first_name}, è da un po' che volevo scriverti. {mention} Ti andrebbe di "
              "presentarmi a {target}? Vorrei parlare con {target_first_name} di {why}. In cambio posso "
              "offrire {offer}. Se vuoi, ti mando un breve testo da inoltrare.",
              "Ciao {first_name}! {mention} Potresti mettermi in contatto con {target}? Mi "
              "piacerebbe parlare con {target_first_name} di {why}, e da parte mia posso "
              "offrire {offer}. Posso prepararti due righe da inoltrare.")),
    ),
    "update": (
        ("", ("Ciao {first_name}! Ti aggiorno su una novità. {my_update}. {mention} Mi "
              "farebbe piacere sapere come va da te.",
              "Ciao {first_name}, volevo raccontarti cosa sto facendo. {my_update}. {mention} "
              "E tu, come stai?",
              "Ciao {first_name}! Sono state settimane intense. {my_update}. {mention} "
              "Raccontami come va.")),
    ),
    "nudge": (
        ("invited", ("Ciao {first_name}, ti ho mandato un invito a collegarci {invited_on} e "
                     "volevo ricordartelo. {mention} Se preferisci di no, nessun problema.",
                     "Ciao {first_name}! Solo un piccolo promemoria per l'invito che ti ho "
                     "inviato {invited_on}. {mention} Nessun obbligo, ovviamente.")),
        ("", ("Ciao {first_name}, qualche settimana fa ti ho mandato un invito a collegarci e "
              "volevo ricordartelo. {mention} Se preferisci di no, nessun problema.",)),
    ),
    "follow-up": (
        ("reason-verb", ("Ciao {first_name}, come promesso ti scrivo per {reason}. {mention} "
                         "Fammi sapere se ti serve altro.",
                         "Ciao {first_name}! Ti avevo promesso di {reason}. {mention} Per "
                         "qualsiasi cosa, sono qui.")),
        ("reason", ("Ciao {first_name}, ti scrivo per riprendere il discorso su {reason}. "
                    "{mention} Fammi sapere cosa ne pensi.",)),
        ("", ("Ciao {first_name}, volevo riprendere la nostra ultima conversazione. {mention} "
              "Come va?",)),
    ),
}

CLAUSE_STARTS = frozenset({"io", "tu", "noi", "mi", "ti", "ci", "entrambi", "entrambe",
                           "lavoriamo", "abbiamo", "siamo", "sono", "ho", "ci siamo", "vorrei",
                           "seguo", "ho letto", "condividiamo"})
