"""Text handling for the knowledge base: Markdown rendering, and the analyser behind search.

The analyser turns text into index terms the same way for articles and for queries: lower case,
accents folded (residents often type "recoleccion" for "recolección"), split into words, stop
words dropped, each word reduced to its Snowball stem for the article's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import markdown
import nh3
import snowballstemmer

# Tags an article body may use once rendered; everything else is stripped by nh3.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

STEMMER_LANGUAGES = {"en": "english", "es": "spanish"}


def _word_set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        """a about after again all am an and any are as at be because been before being but by
        can could did do does doing done for from get gets got had has have having he her here
        him his how i if in into is it its just me more most my now of off on once
        only or other our out over own same she should so some such than that the their them
        then there these they this those through to too under until up very was we were what
        when where which while who whom why will with would you your yours im ive dont cant
        whats wheres hi hello please thanks thank need want know tell anyone someone"""
    ),
    "es": _word_set(
        """a al algo algun alguna algunas alguno algunos ante antes como con contra cual cuales
        cuando de del desde donde dos el ella ellas ellos en entre era eres es esa esas ese eso
        esos esta estan estas este esto estos estoy fue ha hay hola la las le les lo los mas me
        mi mis mucho muy nada ni nos nosotros o otra otro para pero poco por porque puedo
        puede que quien se sea ser si sin sobre son su sus tambien te tengo tiene tu tus un una
        uno unos y ya yo hacer hago gracias necesito quiero saber favor usted"""
    ),
}

# Words residents use interchangeably. Each group expands a query term to the others at search
# time (with a lower weight than the word itself); articles are indexed as written.
SYNONYM_GROUPS: dict[str, list[list[str]]] = {
    "en": [
        ["trash", "garbage", "refuse", "rubbish", "waste", "junk"],
        ["pickup", "collection", "collect", "collected", "haul", "picked"],
        ["cart", "bin", "can", "container", "tote"],
        ["recycling", "recycle", "recyclables"],
        ["bulk", "bulky", "large", "furniture", "couch", "sofa", "mattress", "appliance"],
        ["missed", "skipped", "forgot", "forgotten"],
        ["yard", "leaves", "lawn", "grass", "brush", "branches"],
        ["ticket", "citation", "fine"],
        ["towed", "tow", "impound", "impounded"],
        ["car", "vehicle", "auto"],
        ["pet", "dog", "cat", "animal"],
        ["lost", "missing", "runaway"],
        ["permit", "license", "licence"],
        ["bill", "invoice", "statement", "charge"],
        ["pay", "payment", "paying"],
        ["high", "expensive", "increase", "spike", "doubled"],
        ["noise", "loud", "noisy", "music", "party"],
        ["snow", "blizzard", "ice", "icy"],
        ["plow", "plowed", "plowing", "snowplow"],
        ["shovel", "shoveling", "clear", "clearing"],
        ["streetlight", "streetlamp", "lamp", "light", "dark"],
        ["pothole", "hole", "crater"],
        ["graffiti", "tagging", "vandalism", "spray"],
        ["tax", "taxes"],
        ["assessment", "valuation", "appraisal", "assessed"],
        ["hazardous", "chemicals", "toxic", "paint", "batteries", "oil"],
        ["electronics", "tv", "television", "computer", "laptop", "monitor"],
        ["compost", "composting", "food", "scraps", "organics"],
        ["reserve", "reservation", "book", "rent", "rental"],
        ["landlord", "tenant", "renter", "apartment"],
        ["moving", "move", "transfer"],
        ["abandoned", "junked", "inoperable"],
        ["flood", "flooding", "drain", "storm", "sewer"],
        ["weeds", "overgrown", "tall"],
        ["dead", "carcass", "roadkill"],
        ["holiday", "thanksgiving", "christmas"],
        ["sale", "rummage"],
        ["phone", "call", "number", "contact"],
        ["pool", "swim", "swimming"],
        ["class", "classes", "program", "programs", "camp"],
        ["records", "foia", "documents"],
    ],
    "es": [
        ["basura", "desechos", "residuos", "desperdicios", "basuras"],
        ["recoleccion", "recogida", "recoger", "recogen", "pasan"],
        ["contenedor", "bote", "carrito", "tacho", "cubo"],
        ["reciclaje", "reciclar", "reciclables"],
        ["muebles", "sofa", "colchon", "voluminosos", "grandes", "electrodomesticos"],
        ["multa", "infraccion", "boleta", "citacion"],
        ["grua", "remolcado", "remolque", "remolcaron", "llevaron"],
        ["coche", "carro", "auto", "vehiculo", "automovil"],
        ["mascota", "perro", "gato", "animal"],
        ["perdido", "perdida", "extraviado", "extraviada"],
        ["permiso", "licencia"],
        ["factura", "recibo", "cuenta", "cobro"],
        ["pagar", "pago", "abonar"],
        ["alta", "alto", "cara", "caro", "aumento"],
        ["ruido", "ruidoso", "musica", "fiesta", "escandalo"],
        ["nieve", "nevada", "hielo", "tormenta"],
        ["bache", "hoyo", "hueco"],
        ["impuesto", "impuestos", "predial", "propiedad"],
        ["agua", "acueducto"],
        ["feriado", "festivo"],
        ["mudanza", "mudarme", "mudo", "mudar"],
        ["inquilino", "arrendador", "casero", "dueno", "alquiler", "renta", "apartamento"],
        ["telefono", "llamar", "numero", "contacto"],
        ["olvidaron", "olvido", "omitida", "pasaron"],
    ],
}

MAX_TERM_LENGTH = 64
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def render_markdown(source: str) -> str:
    """Markdown to HTML that is safe to show: scripts, styles, handlers and odd URLs removed."""
    html = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def html_to_text(html: str) -> str:
    """The words of an HTML fragment, for indexing."""
    return nh3.clean(html.replace("<", " <"), tags=set())


def fold(text: str) -> str:
    """Lower case without accents: "Recolección" -> "recoleccion"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMER_LANGUAGES.get(language, "english"))


@cache
def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))[:MAX_TERM_LENGTH]


def analyse(text: str, language: str) -> list[str]:
    """The index terms of `text`, in order, repeated as often as they occur."""
    stop_words = STOP_WORDS.get(language, frozenset())
    return [stem(word, language) for word in words(text) if word not in stop_words]


def analyse_words(text: str, language: str) -> list[tuple[str, str]]:
    """Each kept word of `text` with its index term: [("recycling", "recycl"), …]."""
    stop_words = STOP_WORDS.get(language, frozenset())
    return [(word, stem(word, language)) for word in words(text) if word not in stop_words]


def analyse_all(texts: Iterable[str], language: str) -> list[str]:
    return [term for text in texts for term in analyse(text, language)]


@cache
def synonym_map(language: str) -> dict[str, frozenset[str]]:
    """Each stemmed word of a synonym group mapped to the other stems of its groups."""
    mapping: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS.get(language, []):
        stems = {term for phrase in group for term in analyse(phrase, language)}
        for term in stems:
            mapping.setdefault(term, set()).update(stems - {term})
    return {term: frozenset(others) for term, others in mapping.items()}
