"""Wordings in Spanish: the built-in templates and how each kind of mention is said.

Neutral forms only: nothing that marks the writer's or the reader's gender ("un placer"
rather than "encantado/encantada"). Contractions ("de el" → "del") are made after filling.
"""

from __future__ import annotations

MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "talk": {
        "met": ("Me gustó mucho tu charla sobre {t}.",
                "Tu charla sobre {t} me dio mucho que pensar."),
        "invite": ("Me gustó mucho tu charla sobre {t}.",
                   "Tu charla sobre {t} me pareció excelente."),
        "recall": ("El otro día me acordé de tu charla sobre {t}.",
                   "Sigo pensando en tu charla sobre {t}.",
                   "Todavía recuerdo tu charla sobre {t}."),
        "birthday": ("Espero que este año traiga más charlas como la de {t}.",
                     "Todavía recuerdo tu charla sobre {t}."),
    },
    "post": {
        "met": ("Ya había leído tu publicación sobre {t}, así que fue un gusto hablar en "
                "persona.",
                "Me encantó poder comentar contigo tu publicación sobre {t}."),
        "invite": ("Me gustó mucho tu publicación sobre {t}.",
                   "Tu publicación sobre {t} me pareció muy acertada."),
        "recall": ("El otro día me acordé de tu publicación sobre {t}.",
                   "Tu publicación sobre {t} se me quedó grabada.",
                   "Sigo pensando en tu publicación sobre {t}."),
        "birthday": ("Espero que este año traiga más publicaciones como la de {t}.",
                     "Ojalá este año escribas más sobre {t}."),
    },
    "article": {
        "met": ("Ya había leído tu artículo sobre {t}, así que fue un gusto conocerte en "
                "persona.",
                "Me encantó poder comentar contigo tu artículo sobre {t}."),
        "invite": ("Me gustó mucho tu artículo sobre {t}.",
                   "Tu artículo sobre {t} me pareció muy interesante."),
        "recall": ("Tu artículo sobre {t} se me quedó grabado.",
                   "El otro día me acordé de tu artículo sobre {t}."),
        "birthday": ("Espero que este año traiga más artículos como el de {t}.",
                     "Ojalá este año escribas más sobre {t}."),
    },
    "news": {
        "met": ("¡Y enhorabuena, por cierto, por {t}!",
                "¡Enhorabuena otra vez por {t}!"),
        "invite": ("¡Enhorabuena por {t}!",
                   "Vi la noticia de {t}, ¡enhorabuena!"),
        "recall": ("Me enteré de {t}, ¡enhorabuena!",
                   "¡Enhorabuena por {t}!",
                   "¡Muchas felicidades por {t}!"),
        "birthday": ("¡Y enhorabuena también por {t}, menudo año!",
                     "¡Qué año, con {t}!"),
    },
    "interest": {
        "met": ("Fue un placer hablar de {t}.",
                "Me encantó charlar sobre {t}."),
        "invite": ("Me encantaría que algún día habláramos de {t}.",
                   "Sería un placer intercambiar impresiones sobre {t}."),
        "recall": ("El otro día algo sobre {t} me hizo pensar en ti.",
                   "Me acordé de lo mucho que te gusta {t}.",
                   "Cada vez que sale el tema de {t}, me acuerdo de ti."),
        "birthday": ("Espero que este año tengas mucho tiempo para {t}.",
                     "Ojalá tengas mucho tiempo para {t} en los próximos meses."),
    },
    "family": {
        "met": ("Espero que todo vaya muy bien con {t}.",
                "¡Mucho ánimo con {t}!"),
        "invite": ("Espero que todo vaya bien con {t}.",),
        "recall": ("¿Qué tal todo con {t}?",
                   "Espero que todo vaya bien con {t}."),
        "birthday": ("Espero que todo vaya de maravilla con {t}.",
                     "Un abrazo a toda la familia, y espero que todo vaya bien con {t}."),
    },
    "travel": {
        "met": ("¡Mucha suerte con {t}!",
                "Espero que {t} salga muy bien."),
        "invite": ("Espero que {t} vaya muy bien.",),
        "recall": ("¿Qué tal {t}?",
                   "¿Cómo va {t}?",
                   "Me he acordado de {t}, ¿qué tal va?"),
        "birthday": ("¡Y que {t} vaya genial!",
                     "Espero que {t} vaya de maravilla."),
    },
    "conversation": {
        "met": ("Me gustó mucho nuestra conversación sobre {t}.",
                "Nuestra charla sobre {t} me dio mucho que pensar."),
        "invite": ("Me gustó mucho nuestra conversación sobre {t}.",
                   "Nuestra charla sobre {t} se me quedó grabada."),
        "recall": ("El otro día me acordé de nuestra conversación sobre {t}.",
                   "Nuestra charla sobre {t} se me quedó grabada.",
                   "Todavía recuerdo nuestra conversación sobre {t}."),
        "birthday": ("Todavía recuerdo nuestra charla sobre {t}.",
                     "Ojalá este año podamos seguir hablando de {t}."),
    },
}

TEMPLATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "follow-up-after-meeting": (
        ("met", ("¡Hola, {first_name}! Fue un placer conocerte en {met_at}. {mention} Me "
                 "encantaría que siguiéramos en contacto.",
                 "Hola, {first_name}. Un placer haber coincidido contigo en {met_at}. "
                 "{mention} Sigamos en contacto.",
                 "¡Hola, {first_name}! Qué bien coincidir en {met_at}. {mention} Me "
                 "alegraría mantener el contacto.")),
        ("", ("¡Hola, {first_name}! Fue un placer conocerte. {mention} Me encantaría que "
              "siguiéramos en contacto.",
              "Hola, {first_name}. Un placer haber coincidido contigo. {mention} Sigamos en "
              "contacto.")),
    ),
    "connection-invite": (
        ("why-clause", ("¡Hola, {first_name}! {why}. {mention} Me encantaría conectar.",)),
        ("why", ("¡Hola, {first_name}! Te escribo por {why}. {mention} Me encantaría "
                 "conectar.",
                 "Hola, {first_name}. Me gustaría conectar contigo por {why}. {mention}")),
        ("introduced", ("¡Hola, {first_name}! {introducer} me sugirió que conectáramos. "
                        "{mention} Me encantaría tenerte en mi red.",
                        "Hola, {first_name}. {introducer} pensó que deberíamos conocernos. "
                        "{mention} Será un placer conectar.")),
        ("met", ("¡Hola, {first_name}! Coincidimos en {met_at}. {mention} Me encantaría "
                 "seguir en contacto.",
                 "Hola, {first_name}. Nos conocimos en {met_at}. {mention} Sigamos en "
                 "contacto.")),
        ("mention", ("¡Hola, {first_name}! {mention} Me encantaría conectar.",
                     "Hola, {first_name}. {mention} Me gustaría tenerte en mi red.")),
        ("", ("Hola, {first_name}. Me gustaría conectar contigo por {why}.",)),
    ),
    "birthday": (
        ("", ("¡Feliz cumpleaños, {first_name}! {mention} Que pases un día estupendo y que "
              "sea un gran año.",
              "¡Muchas felicidades, {first_name}! Que tengas un día genial. {mention}",
              "¡Feliz cumpleaños, {first_name}! Que lo pases muy bien hoy. {mention} ¡Un "
              "abrazo!")),
    ),
    "reconnect": (
        ("", ("¡Hola, {first_name}! Hace tiempo que no hablamos. {mention} Me encantaría que "
              "nos pusiéramos al día.",
              "Hola, {first_name}. Hace mucho que no sé nada de ti. {mention} ¿Cómo estás? "
              "Sería genial ponernos al día pronto.",
              "¡Hola, {first_name}! ¡Cuánto tiempo! {mention} ¿En qué andas últimamente?")),
    ),
    "ask": (
        ("", ("¡Hola, {first_name}! Tenía ganas de escribirte. {mention} Quería "
              "preguntarte si podrías ayudarme con {what}. A cambio, me encantaría ofrecerte {offer}. Sin "
              "ningún compromiso si ahora no es buen momento.",
              "Hola, {first_name}. {mention} ¿Podría pedirte {what}? A cambio, puedo "
              "ofrecerte {offer}. Si no es buen momento, no pasa nada.",
              "¡Hola, {first_name}! Te escribo con una pregunta. {mention} ¿Te animarías a "
              "ayudarme con {what}? Por mi parte, puedo ofrecerte {offer}. Si ahora estás "
              "con mucho lío, lo entiendo perfectamente.")),
    ),
    "intro-request": (
        ("", ("¡Hola, {first_name}! Tenía ganas de escribirte. {mention} ¿Te importaría "
              "presentarme a {target}? Me gustaría hablar con {target_first_name} sobre "
              "{why}. A cambio, puedo ofrecer {offer}. Si quieres, te envío un breve texto "
              "para reenviar.",
              "Hola, {first_name}. {mention} ¿Podrías ponerme en contacto con {target}? Me "
              "interesa hablar con {target_first_name} de {why}, y por mi parte puedo "
              "aportar {offer}. Te puedo preparar un mensaje corto para reenviar.")),
    ),
    "update": (
        ("", ("¡Hola, {first_name}! Te cuento una novedad. {my_update}. {mention} Me "
              "encantaría saber cómo te va a ti.",
              "Hola, {first_name}. Quería contarte en qué ando. {my_update}. {mention} ¿Y tú, "
              "qué tal?",
              "¡Hola, {first_name}! Han sido semanas intensas por aquí. {my_update}. "
              "{mention} Cuéntame cómo te va.")),
    ),
    "nudge": (
        ("invited", ("¡Hola, {first_name}! Te envié una invitación para conectar "
                     "{invited_on} y quería recordártela. {mention} Si prefieres no conectar, "
                     "no pasa nada.",
                     "Hola, {first_name}. Solo un pequeño recordatorio de la invitación que "
                     "te envié {invited_on}. {mention} Sin ningún compromiso.")),
        ("", ("¡Hola, {first_name}! Hace unas semanas te envié una invitación para conectar "
              "y quería recordártela. {mention} Si prefieres no conectar, no pasa nada.",)),
    ),
    "follow-up": (
        ("reason-verb", ("¡Hola, {first_name}! Como te prometí, te escribo para {reason}. "
                         "{mention} Si necesitas algo más, dímelo.",
                         "Hola, {first_name}. Te escribo porque quedé en {reason}. {mention} "
                         "Cualquier cosa, me dices.")),
        ("reason", ("¡Hola, {first_name}! Te escribo para retomar lo de {reason}. {mention} "
                    "Ya me dirás qué te parece.",)),
        ("", ("¡Hola, {first_name}! Quería retomar nuestra última conversación. {mention} "
              "¿Cómo va todo?",)),
    ),
}

CLAUSE_STARTS = frozenset({"yo", "tú", "nosotros", "nosotras", "me", "te", "nos",
                           "ambos", "ambas", "coincidimos", "trabajamos", "estudiamos",
                           "compartimos", "somos", "estamos", "tenemos", "he", "hemos",
                           "vi", "leí", "lei", "quiero", "quería", "queria", "sigo"})
