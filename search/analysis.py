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
from itertools import chain, repeat
from operator import itemgetter

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


# --- Stems that do not mislead -------------------------------------------------------------------
# Snowball gives one stem to words far apart in meaning. These folded forms (or prefixes) get a
# stem of their own. Each entry was found in our field's vocabulary; tests/search/test_analysis.py
# checks every one of them.
STEM_SPLIT_WORDS = {
    # « marcher » (to walk) and its verb forms, apart from « marché » (a market, a contract).
    **dict.fromkeys(
        [
            "marcher",
            "marchez",
            "marchait",
            "marchaient",
            "marchant",
            "marchera",
            "marcherons",
            "marcheront",
            "marcherait",
            "marchai",
            "marcha",
            "marchions",
        ],
        "marchv",
    ),
}
STEM_SPLIT_PREFIXES = (
    ("organism", "organism"),  # organisme(s) apart from organique, organe
    ("organiqu", "organiqu"),
    ("communic", "communic"),  # communication apart from commun, commune
)


@lru_cache(maxsize=262144)
def term_of(folded: str) -> str:
    """The index term of a folded word: its Snowball stem, unless the split list says otherwise."""
    split = STEM_SPLIT_WORDS.get(folded)
    if split:
        return split
    for prefix, term in STEM_SPLIT_PREFIXES:
        if folded.startswith(prefix):
            return term
    return stem(folded)


# --- Gender and number -----------------------------------------------------------------------------
# Folded endings mapped to the masculine singular, tried in order (longest first). Snowball stems
# « directrice » and « directeur », « conseillère » and « conseiller », « enjeux » and « enjeu »
# apart; the folded form is indexed next to the word's own stem, so folding only adds matches.
GENDER_NUMBER_RULES = (
    ("trices", "teurs"),
    ("trice", "teur"),
    ("euses", "eurs"),
    ("euse", "eur"),
    ("eres", "ers"),
    ("ere", "er"),
    ("ees", "es"),
    ("ee", "e"),
    ("ives", "ifs"),
    ("ive", "if"),
    ("eaux", "eau"),
    ("aux", "al"),
    ("eux", "eu"),
    ("oux", "ou"),
)
# Words the rules above would merge with an unrelated word (folded spellings).
GENDER_NUMBER_EXCEPTIONS = frozenset(
    [
        "matrice",
        "matrices",
        "cicatrice",
        "cicatrices",
        "berceuse",
        "berceuses",
        "veilleuse",
        "veilleuses",
        "perceuse",
        "perceuses",
        "tondeuse",
        "tondeuses",
        "friteuse",
        "mere",
        "meres",
        "pere",
        "peres",
        "frere",
        "freres",
        "misere",
        "miseres",
        "colere",
        "coleres",
        "maniere",
        "manieres",
        "carriere",
        "carrieres",
        "barriere",
        "barrieres",
        "priere",
        "prieres",
        "biere",
        "bieres",
        "galere",
        "galeres",
        "ere",
        "eres",
        "critere",
        "criteres",
        "caractere",
        "caracteres",
        "ministere",
        "ministeres",
        "mystere",
        "mysteres",
        "repere",
        "reperes",
        "derriere",
        "arriere",
        "arrieres",
        "premiere",
        "premieres",
        "matiere",
        "matieres",
        "filiere",
        "filieres",
        "annee",
        "annees",
        "idee",
        "idees",
        "entree",
        "entrees",
        "duree",
        "durees",
        "journee",
        "journees",
        "musee",
        "musees",
        "lycee",
        "lycees",
        "fee",
        "fees",
        "allee",
        "allees",
        "vallee",
        "vallees",
        "armee",
        "armees",
        "soiree",
        "soirees",
        "maree",
        "marees",
        "portee",
        "portees",
        "montee",
        "montees",
        "rentree",
        "rentrees",
        "pensee",
        "pensees",
        "fumee",
        "fumees",
        "dictee",
        "dictees",
        "poupee",
        "poupees",
        "trophee",
        "trophees",
        "epopee",
        "epopees",
        "mosquee",
        "mosquees",
        "tournee",
        "tournees",
        "levee",
        "levees",
        "plongee",
        "plongees",
        "arrivee",
        "arrivees",
        "chaussee",
        "chaussees",
        "rive",
        "rives",
        "olive",
        "olives",
        "archive",
        "archives",
        "lessive",
        "lessives",
        "salive",
        "missive",
        "missives",
        "grive",
        "grives",
        "convive",
        "convives",
        "gencive",
        "gencives",
        "ogive",
        "ogives",
        "solive",
        "solives",
        "endive",
        "endives",
        "faux",
        "taux",
        "chaux",
        "aux",
        "noyaux",
        "tuyaux",
        "boyaux",
        "joyaux",
    ]
)
# Irregular plurals the rules cannot guess.
IRREGULAR_FORMS = {
    "travaux": "travail",
    "baux": "bail",
    "emaux": "email",
    "vitraux": "vitrail",
    "coraux": "corail",
    "yeux": "oeil",
}


@lru_cache(maxsize=262144)
def fold_gender_number(folded: str) -> str:
    """The masculine singular of a folded word where a common ending shows it, else the word."""
    if folded in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[folded]
    if folded in GENDER_NUMBER_EXCEPTIONS or len(folded) < 5:
        return folded
    for ending, replacement in GENDER_NUMBER_RULES:
        if folded.endswith(ending):
            return folded[: -len(ending)] + replacement
    return folded


@lru_cache(maxsize=262144)
def analyse_word(word: str) -> str | None:
    """The index term of one word, or None for a stop word."""
    folded = fold(strip_elision(word))
    if not folded or folded in STOP_WORDS:
        return None
    return term_of(folded)


@lru_cache(maxsize=262144)
def word_terms(word: str) -> tuple[str, ...]:
    """Every term one word matches: its own term, then the term of its folded gender and number
    form when it differs (« conseillère » → conseiller, conseil). Empty for a stop word."""
    folded = fold(strip_elision(word))
    if not folded or folded in STOP_WORDS:
        return ()
    own = term_of(folded)
    normal = fold_gender_number(folded)
    if normal != folded:
        other = term_of(normal)
        if other != own:
            return (own, other)
    return (own,)


# Marker of an unstemmed (folded) form in the index: « 0marche » is the word « marché » as
# written, ranked above the other words sharing its stem. Digits never start a stem of ours.
EXACT_MARK = "0"


@lru_cache(maxsize=262144)
def exact_term(word: str) -> str | None:
    folded = fold(strip_elision(word))
    if not folded or folded in STOP_WORDS or len(folded) > MAX_WORD_CHARS:
        return None
    return EXACT_MARK + folded


# Words split at apostrophes too: every elided article (l', d', qu'…) is then a stop word.
plain_words = re.compile(r"[^\W_]+").findall
HYPHENATED_RE = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)+")


@lru_cache(maxsize=262144)
def vocabulary_word(word: str) -> tuple[str, str] | None:
    """(folded, lower-cased) form of a word the typo vocabulary keeps (3 to 60 letters), or
    None."""
    if not (3 <= len(word) <= 60) or not word.isalpha():
        return None
    lowered = word.lower()
    return fold_word(lowered), lowered


def hyphenated_words(text: str) -> list[str]:
    """The hyphenated compounds of `text` (« tiers-lieu »). The pattern runs only on the
    whitespace-separated tokens holding a hyphen: over a whole text it would restart inside
    every word, several times slower than analysing the text."""
    found = []
    for token in text.split():
        if "-" in token or "‐" in token or "‑" in token:
            found += HYPHENATED_RE.findall(token)
    return found


def analyse(text: str) -> list[str]:
    """Index terms of `text` in order (stop words dropped): the words' own terms."""
    terms = []
    for word in plain_words(text or ""):
        term = analyse_word(word)
        if term:
            terms.append(term)
    return terms


@lru_cache(maxsize=262144)
def word_index_terms(word: str, exact: bool = True) -> tuple[str | None, tuple[str, ...]]:
    """(the word's own term or None for a stop word, its extra terms): one cached call per word
    of the text being indexed."""
    found = word_terms(word)
    if not found:
        return None, ()
    extra = found[1:]
    if exact:
        term = exact_term(word)
        if term:
            extra += (term,)
    return found[0], extra


def index_terms(text: str, *, exact: bool = True) -> list[str]:
    """What the index stores for `text`: the words' own terms in order (phrases match on them),
    then the extra terms: gender and number forms, joined compounds (« tiers-lieu » →
    tierslieu) and, when `exact`, the unstemmed folded forms."""
    text = text or ""
    found = plain_words(text)
    # One analysis per distinct word (in order of appearance), then the text's terms in order.
    # One analysis per distinct word, in order of appearance; loops left to C (map, zip).
    distinct = list(dict.fromkeys(found))
    analysed = list(map(word_index_terms, distinct, repeat(exact)))
    own_term = dict(zip(distinct, map(itemgetter(0), analysed), strict=True))
    terms = list(filter(None, map(own_term.__getitem__, found)))  # stop words are None
    # The extra terms, ordered and without repeats.
    extra = dict.fromkeys(chain.from_iterable(map(itemgetter(1), analysed)))
    if "-" in text or "‐" in text or "‑" in text:
        for compound in hyphenated_words(text):
            joined = "".join(plain_words(compound))
            for term in word_terms(joined):
                extra[term] = None
            if exact:
                term = exact_term(joined)
                if term:
                    extra[term] = None
    return terms + list(extra)


def analysed_text(text: str, *, exact: bool = True) -> str:
    return " ".join(index_terms(text, exact=exact))


# --- How people ask ----------------------------------------------------------------------------
# Question words and verbs of asking (folded): they never have to match. A query made only of
# them (« comment faire ») still searches for them.
LIGHT_WORDS = frozenset(
    [
        "comment",
        "pourquoi",
        "quoi",
        "quand",
        "combien",
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "ou",
        "faire",
        "fais",
        "fait",
        "font",
        "faut",
        "falloir",
        "peut",
        "peuvent",
        "peux",
        "pouvoir",
        "pourrait",
        "pourrais",
        "puis",
        "doit",
        "doivent",
        "dois",
        "devoir",
        "devrait",
        "devrais",
        "sais",
        "sait",
        "savoir",
        "veux",
        "veut",
        "vouloir",
        "voudrais",
        "aimerais",
        "cherche",
        "cherchons",
        "chercher",
        "trouver",
        "trouve",
        "besoin",
        "possible",
        "quelqu",
        "quelque",
        "quelques",
        "exemple",
        "exemples",
        "svp",
        "merci",
        "plus",
    ]
)
# First halves of compounds written apart (« auto gestion » finds « autogestion »).
COMPOUND_PREFIXES = frozenset(
    [
        "auto",
        "inter",
        "co",
        "multi",
        "pluri",
        "tiers",
        "non",
        "anti",
        "sous",
        "pre",
        "post",
        "semi",
        "mini",
        "micro",
        "socio",
        "eco",
        "extra",
        "intra",
        "contre",
        "demi",
        "ultra",
        "hyper",
        "super",
        "bio",
        "agro",
        "cyber",
        "geo",
        "trans",
    ]
)


def is_light(word: str) -> bool:
    return fold(strip_elision(word)) in LIGHT_WORDS


def looks_like_acronym(word: str) -> bool:
    """« SIAE », « AMAP », « Cnam », « ag2r »: never corrected into an ordinary word."""
    letters = [char for char in word if char.isalpha()]
    if not letters:
        return True
    if len(word) >= 2 and sum(char.isupper() for char in letters) >= 2:
        return True
    if any(char.isdigit() for char in word):
        return True
    folded = fold(word)
    return len(folded) <= 5 and not any(vowel in folded for vowel in "aeiouy")


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
    def phrases_only(self) -> bool:
        return bool(self.phrases) and not self.terms

    @property
    def all_words(self) -> list[str]:
        return self.terms + [word for phrase in self.phrases for word in phrase]

    def stems(self) -> set[str]:
        """Terms to mark in excerpts: every word's own and folded terms, compounds' parts."""
        found = set()
        for item in self.all_words:
            for word in plain_words(item):
                found.update(word_terms(word))
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
        for word in token_words(token, meaningful, keep_compounds=not negative):
            if budget <= 0:
                break
            if negative:
                if len(parsed.excluded) < MAX_EXCLUDED and word not in parsed.excluded:
                    parsed.excluded.append(word)
            elif word not in parsed.terms:
                parsed.terms.append(word)
                budget -= 1
    return parsed


def token_words(token: str, meaningful, keep_compounds: bool = True) -> list[str]:
    """The words of one typed token; a hyphenated compound (« auto-gestion ») stays one word
    when at least two of its parts mean something (« est-ce », « faut-il » do not)."""
    found = []
    cursor = 0
    for match in HYPHENATED_RE.finditer(token) if keep_compounds else ():
        found += meaningful(words(token[cursor : match.start()]))
        parts = meaningful(words(match.group(0)))
        if len(parts) >= 2:
            found.append("-".join(parts))
        else:
            found += parts
        cursor = match.end()
    found += meaningful(words(token[cursor:]))
    return found


# --- From a parsed query to what the engines match -------------------------------------------------
@dataclass
class Clause:
    """One thing the query asks for, matched by any of its alternatives; an alternative is a
    sequence of index terms that must follow one another (one term: a word)."""

    alternatives: list[tuple[str, ...]]
    words: list[str]
    light: bool = False

    def terms(self) -> set[str]:
        return {term for alternative in self.alternatives for term in alternative}


@dataclass
class MatchPlan:
    clauses: list[Clause]
    excluded: list[str]  # terms

    @property
    def is_empty(self) -> bool:
        return not self.clauses


def _word_alternatives(word: str) -> list[tuple[str, ...]]:
    """A typed word: its terms and its unstemmed form; a compound: its parts in a row, joined."""
    parts = [part for part in re.split(r"[-‐‑]", word) if part]
    alternatives: list[tuple[str, ...]] = []
    if len(parts) >= 2:
        sequence = tuple(term for part in parts for term in word_terms(part)[:1])
        if sequence:
            alternatives.append(sequence)
        word = "".join(parts)
    for term in word_terms(word):
        alternatives.append((term,))
    exact = exact_term(word)
    if exact and alternatives:
        alternatives.append((exact,))
    return alternatives


def _dedupe(alternatives):
    seen, found = set(), []
    for alternative in alternatives:
        if alternative and alternative not in seen:
            seen.add(alternative)
            found.append(alternative)
    return found


def build_plan(query: "ParsedQuery", synonyms: dict | None = None) -> MatchPlan:
    """The clauses of a query. Light words (« comment », « pourquoi ») are dropped when the
    query has other words; a short prefix (« auto », « inter ») followed by a word also matches
    them joined; an editors' synonym set adds its other members as alternatives."""
    synonyms = synonyms or {}
    clauses: list[Clause] = []
    terms = list(query.terms)
    index = 0
    while index < len(terms):
        word = terms[index]
        # Multi-word synonyms typed as words (« agriculture paysanne »): longest first.
        matched = None
        for length in range(min(6, len(terms) - index), 1, -1):
            key = " ".join(fold(w) for w in terms[index : index + length])
            if key in synonyms:
                matched = length
                break
        if matched:
            run = terms[index : index + matched]
            sequence = tuple(t for w in run for t in word_terms(w)[:1])
            alternatives = [sequence, *synonyms[key]]
            clauses.append(Clause(_dedupe(alternatives), run))
            index += matched
            continue
        alternatives = _word_alternatives(word)
        folded = fold(word)
        following = terms[index + 1] if index + 1 < len(terms) else None
        if folded in COMPOUND_PREFIXES and following and "-" not in following:
            joined = _word_alternatives(folded + fold(following))
            pair = tuple(t for w in (word, following) for t in word_terms(w)[:1])
            clauses.append(Clause(_dedupe([pair, *joined]), [word, following]))
            index += 2
            continue
        alternatives += synonyms.get(folded.replace("-", ""), [])
        if alternatives:
            clauses.append(Clause(_dedupe(alternatives), [word], light=is_light(word)))
        index += 1
    for phrase in query.phrases:
        sequence = tuple(t for w in phrase for t in word_terms(w)[:1])
        if sequence:
            clauses.append(Clause([sequence], list(phrase)))
    if any(not clause.light for clause in clauses):
        clauses = [clause for clause in clauses if not clause.light]
    excluded = []
    for word in query.excluded:
        for term in word_terms(word)[:1]:
            excluded.append(term)
    return MatchPlan(clauses, excluded)


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


def trigrams(folded: str) -> set[str]:
    """The distinct trigrams of a folded word padded like pg_trgm (two spaces before, one
    after): one edit changes at most three of them."""
    padded = f"  {folded} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def max_typos(word: str) -> int:
    """How many edits a word of this length may carry (as Elasticsearch's AUTO fuzziness)."""
    if len(word) <= 3:
        return 0
    if len(word) <= 6:
        return 1
    return 2
