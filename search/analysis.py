"""French text analysis shared by every engine: folding, elisions, stop words, stemming, parsing.

The database engines analyse text in Python so that SQLite (which has no French stemmer) and the
query parser agree: a word is lower-cased, its elided article is dropped (« l'économie » →
« économie »), its accents are folded (« économie » → « economie ») and it is reduced to its
Snowball stem (« economie » → « econom »). The same function runs at index and at query time.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

# Longest query we analyse; the rest is ignored (a 10 000-character query is cut, not refused).
MAX_QUERY_CHARS = 300
# At most this many terms take part in a query, and this many exclusions.
MAX_QUERY_TERMS = 12
MAX_EXCLUDED = 5
# Longer « words » (a pasted hash, a run of letters) are not words anyone searches for.
MAX_WORD_CHARS = 40

APOSTROPHES = "'’ʼ`´"
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
WORD_RE = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*", re.UNICODE)
ELISION_RE = re.compile(r"^(?:" + "|".join(ELISIONS) + r")[" + APOSTROPHES + r"]", re.IGNORECASE)
# Words the query parser treats as operators of other search syntaxes and ignores.
OPERATORS = {"AND", "OR", "NOT", "NEAR", "ET", "OU"}

# Common French words that carry no meaning for search (folded forms), as in PostgreSQL's list.
STOP_WORDS = frozenset(
    [
        "a",
        "ai",
        "aie",
        "aient",
        "aies",
        "ait",
        "as",
        "au",
        "aura",
        "aurai",
        "auraient",
        "aurais",
        "aurait",
        "auras",
        "aurez",
        "auriez",
        "aurions",
        "aurons",
        "auront",
        "aux",
        "avaient",
        "avais",
        "avait",
        "avec",
        "avez",
        "aviez",
        "avions",
        "avons",
        "ayant",
        "ayez",
        "ayons",
        "c",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "es",
        "est",
        "et",
        "etaient",
        "etais",
        "etait",
        "etant",
        "ete",
        "etes",
        "etiez",
        "etions",
        "etre",
        "eu",
        "eue",
        "eues",
        "eurent",
        "eus",
        "eusse",
        "eussent",
        "eusses",
        "eussiez",
        "eussions",
        "eut",
        "eutes",
        "eux",
        "fumes",
        "furent",
        "fus",
        "fusse",
        "fussent",
        "fusses",
        "fussiez",
        "fussions",
        "fut",
        "futes",
        "ici",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "s",
        "sa",
        "sans",
        "se",
        "sera",
        "serai",
        "seraient",
        "serais",
        "serait",
        "seras",
        "serez",
        "seriez",
        "serions",
        "serons",
        "seront",
        "ses",
        "si",
        "soi",
        "soient",
        "sois",
        "soit",
        "sommes",
        "son",
        "sont",
        "soyez",
        "soyons",
        "suis",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)

_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=131072)
def fold_word(word: str) -> str:
    return fold(word)


def fold(text: str) -> str:
    """Lower-case and strip accents: « Économie » → « economie » (œ → oe, æ → ae)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def strip_elision(word: str) -> str:
    """« l'économie » → « économie », « qu'il » → « il »."""
    return ELISION_RE.sub("", word)


@lru_cache(maxsize=65536)
def stem(folded_word: str) -> str:
    """The Snowball stem of an already folded word."""
    return _stemmer.stemWord(folded_word)


def words(text: str) -> list[str]:
    """The words of `text`, in order, elisions removed (original spelling kept)."""
    found = []
    for match in WORD_RE.finditer(text):
        word = strip_elision(match.group(0))
        # Remaining inner apostrophes (« aujourd'hui ») split into words.
        found.extend(part for part in re.split("[" + APOSTROPHES + "]", word) if part)
    return found


@lru_cache(maxsize=262144)
def analyse_word(word: str) -> str | None:
    """The index term of one word, or None for a stop word."""
    folded = fold(strip_elision(word))
    if not folded or folded in STOP_WORDS:
        return None
    return stem(folded)


# Words split at apostrophes too: every elided article (l', d', qu'…) is then a stop word.
plain_words = re.compile(r"[^\W_]+").findall


def analyse(text: str) -> list[str]:
    """Index terms of `text` in order (stop words dropped): what SQLite's FTS table stores."""
    terms = []
    for word in plain_words(text or ""):
        term = analyse_word(word)
        if term:
            terms.append(term)
    return terms


def analysed_text(text: str) -> str:
    return " ".join(analyse(text))


@dataclass
class ParsedQuery:
    """What a reader typed, reduced to something every engine can run safely.

    `terms` are single words (all must match), `phrases` lists of words that must follow one
    another, `excluded` words that must not appear. Everything else (operators, brackets,
    stars, quotes left open) is ignored, so no input can break an engine's query syntax.
    """

    raw: str = ""
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def all_words(self) -> list[str]:
        return self.terms + [word for phrase in self.phrases for word in phrase]

    def stems(self) -> set[str]:
        found = set()
        for word in self.all_words:
            term = analyse_word(word)
            if term:
                found.add(term)
        return found

    def replace_words(self, replacements: dict[str, str]) -> "ParsedQuery":
        """A copy with some words replaced (typo correction)."""
        return ParsedQuery(
            raw=self.display(replacements),
            terms=[replacements.get(word, word) for word in self.terms],
            phrases=[[replacements.get(word, word) for word in phrase] for phrase in self.phrases],
            excluded=list(self.excluded),
        )

    def display(self, replacements: dict[str, str] | None = None) -> str:
        replacements = replacements or {}
        parts = [
            '"' + " ".join(replacements.get(w, w) for w in phrase) + '"' for phrase in self.phrases
        ]
        parts = [replacements.get(w, w) for w in self.terms] + parts
        parts += ["-" + word for word in self.excluded]
        return " ".join(parts)


QUOTE_RE = re.compile(r'"([^"]*)"|«\s*([^»]*)»|“([^”]*)”')


def clean_query_string(value) -> str:
    """A query string safe to analyse: text, no control characters, bounded length."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    # Cut first: nothing below (nor any engine) ever sees more than a few hundred characters.
    value = str(value)[: MAX_QUERY_CHARS * 2]
    value = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in value)
    value = value.replace("\ufffd", " ")
    return " ".join(value.split())[:MAX_QUERY_CHARS]


def parse_query(value) -> ParsedQuery:
    """Parse a reader's query: words, "quoted phrases", -excluded words; nothing else."""
    raw = clean_query_string(value)
    parsed = ParsedQuery(raw=raw)
    budget = MAX_QUERY_TERMS

    def meaningful(word_list):
        return [
            w
            for w in word_list
            if w not in OPERATORS and len(w) <= MAX_WORD_CHARS and analyse_word(w)
        ]

    rest = raw
    for match in QUOTE_RE.finditer(raw):
        phrase_words = words(next(group for group in match.groups() if group is not None))
        phrase_words = meaningful(phrase_words)[: max(budget, 0)]
        if len(phrase_words) == 1:
            parsed.terms.append(phrase_words[0])
        elif phrase_words:
            parsed.phrases.append(phrase_words)
        budget -= len(phrase_words)
    rest = QUOTE_RE.sub(" ", raw)
    for token in rest.split():
        if token in OPERATORS:
            continue
        negative = token.startswith("-") and len(token) > 1
        for word in meaningful(words(token)):
            if budget <= 0:
                break
            if negative:
                if len(parsed.excluded) < MAX_EXCLUDED and word not in parsed.excluded:
                    parsed.excluded.append(word)
            elif word not in parsed.terms:
                parsed.terms.append(word)
                budget -= 1
    return parsed


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance between a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        best = i
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def max_typos(word: str) -> int:
    """How many edits a word of this length may carry (as Elasticsearch's AUTO fuzziness)."""
    if len(word) <= 3:
        return 0
    if len(word) <= 6:
        return 1
    return 2
