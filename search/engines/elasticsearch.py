"""Elasticsearch, through `elasticsearch.dsl`: a French analyser, aggregations, highlights.

The mapping (`page_index`) and the query (`build_search`) are plain functions so that they can
be unit-tested without a server; `ElasticsearchEngine` sends them.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elastic_transport import TransportError
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import (
    Date,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from elasticsearch.helpers import BulkIndexError, bulk, scan

from search.analysis import (
    ELISIONS,
    GENDER_NUMBER_EXCEPTIONS,
    GENDER_NUMBER_RULES,
    IRREGULAR_FORMS,
    STEM_SPLIT_PREFIXES,
    STEM_SPLIT_WORDS,
    build_plan,
    fold,
    max_typos,
    words,
)
from search.engines.base import (
    FACET_KINDS,
    FacetBucket,
    Hit,
    SearchEngine,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
    sort_buckets,
)
from site_core.params import parse_int

# Approximate results: the share of the words a page must match.
APPROXIMATE_SHOULD_MATCH = "60%"
SEPARATOR = "\x1f"  # between a facet's value and its label in the *_facet keyword fields
TEXT_FIELDS = ["title^10", "tags^5", "summary^3", "body", "attachments_text"]
HIGHLIGHT_FIELDS = ("summary", "body", "attachments_text")
FILTER_FIELDS = {
    "type": "content_type",
    "group": "group_slug",
    "theme": "themes",
    "keyword": "keywords",
    "year": "year",
}

french_elision = token_filter(
    "french_elision", type="elision", articles_case=True, articles=list(ELISIONS)
)
french_stop = token_filter("french_stop", type="stop", stopwords="_french_")
french_stemmer = token_filter("french_stemmer", type="stemmer", language="light_french")
# Words of the split prefixes (Elasticsearch's overrides take whole words).
STEM_SPLIT_EXAMPLES = (
    "organisme",
    "organismes",
    "organique",
    "organiques",
    "communication",
    "communications",
    "communicant",
    "communicante",
)
# The split list of search.analysis (« marcher » apart from « marché »…) and irregular plurals,
# as stemmer overrides (an overridden token is not stemmed again).
french_stem_split = token_filter(
    "french_stem_split",
    type="stemmer_override",
    rules=[f"{word} => {term}" for word, term in sorted(STEM_SPLIT_WORDS.items())]
    + [
        f"{word} => {term}"
        for prefix, term in STEM_SPLIT_PREFIXES
        for word in STEM_SPLIT_EXAMPLES
        if word.startswith(prefix)
    ]
    + [f"{plural} => {singular}" for plural, singular in sorted(IRREGULAR_FORMS.items())],
)
# Gender and number endings folded (« directrice » → « directeur »), except the listed words.
ENDING_FILTERS = [
    token_filter(
        f"french_ending_{position}",
        type="pattern_replace",
        pattern=f"^(.{{3,}}){ending}$",
        replacement=f"$1{replacement}",
    )
    for position, (ending, replacement) in enumerate(GENDER_NUMBER_RULES)
]
french_gender_number = token_filter(
    "french_gender_number",
    type="condition",
    filter=ENDING_FILTERS,
    script={
        "source": "!params.exceptions.contains(token.getTerm().toString())",
        "params": {"exceptions": sorted(GENDER_NUMBER_EXCEPTIONS)},
    },
)
# Both the word's own stem and the stem of its folded form, at the same position (as the
# database engines index both).
french_forms = token_filter(
    "french_forms",
    type="multiplexer",
    filters=[
        [french_stem_split, french_stemmer],
        [french_gender_number, french_stem_split, french_stemmer],
    ],
    preserve_original=False,
)
# Words with their hyphens and apostrophes kept (« l'auto-gestion »): the elision filter then
# drops the article, and the compound filter splits the compound and adds it joined.
french_words = tokenizer("french_words", type="pattern", pattern="[^\\p{L}\\p{N}'’ʼ\\-‐‑]+")
# « auto-gestion » → auto, gestion and autogestion (as the database engines index it).
french_compounds = token_filter(
    "french_compounds",
    type="word_delimiter_graph",
    generate_word_parts=True,
    generate_number_parts=True,
    catenate_words=True,
    preserve_original=False,
    split_on_case_change=False,
    split_on_numerics=False,
    stem_english_possessive=False,
)
# Index analysers need the compound filter's token graph flattened.
INDEX_FILTERS = [
    french_elision,
    french_compounds,
    "flatten_graph",
    "lowercase",
    french_stop,
    "asciifolding",
    french_forms,
]
french = analyzer("french_folded", tokenizer=french_words, filter=INDEX_FILTERS)
# Unstemmed but folded: the vocabulary that spelling suggestions are drawn from, and the
# "exact" subfields that rank the word form typed above other words sharing its stem.
folded = analyzer(
    "french_spelling",
    tokenizer=french_words,
    filter=[french_elision, french_compounds, "flatten_graph", "lowercase", "asciifolding"],
)


def synonym_rules(sets: list[list[str]]) -> list[str]:
    """Editors' synonym sets in Elasticsearch's (Solr) syntax, commas and control text removed."""
    rules = []
    for members in sets:
        cleaned = [" ".join(words(member)) for member in members]
        cleaned = [member for member in cleaned if member]
        if len(cleaned) >= 2:
            rules.append(", ".join(cleaned))
    return rules


def query_analyzer(synonyms: list[str]):
    """The search-time analyser: the index chain with the editors' synonyms expanded."""
    french_synonyms = token_filter(
        "french_synonyms",
        type="synonym_graph",
        synonyms=synonyms or ["maillage, maillage"],
        lenient=True,
    )
    return analyzer(
        "french_query",
        tokenizer=french_words,
        filter=[
            french_elision,
            french_compounds,
            "lowercase",
            "asciifolding",
            french_synonyms,
            french_stop,
            french_forms,
        ],
    )


def page_mapping(synonyms: list[str] | None = None) -> Mapping:
    """The fields of a page in the index: French text, facet keywords, date."""
    mapping = Mapping()
    search_analyzer = query_analyzer(synonyms or [])

    def text(**extra):
        return Text(analyzer=french, search_analyzer=search_analyzer, copy_to="spelling", **extra)

    exact = {"exact": Text(analyzer=folded)}
    mapping.field("page_id", Long())
    mapping.field("title", text(fields={"raw": Keyword(ignore_above=256), **exact}))
    for name in ("summary", "body"):
        mapping.field(name, text(fields=exact))
    for name in ("tags", "attachments_text"):
        mapping.field(name, text())
    mapping.field("attachments", Object(enabled=False))
    mapping.field("spelling", Text(analyzer=folded))
    for name in ("url", "type_label", "group_title"):
        mapping.field(name, Keyword(index=False))
    for name in ("content_type", "group_slug", "themes", "keywords"):
        mapping.field(name, Keyword())
    for kind in FACET_KINDS:
        mapping.field(f"{kind}_facet", Keyword())
    mapping.field("date", Date())
    mapping.field("year", Integer())
    mapping.field("checksum", Keyword(index=False))
    return mapping


def page_index(name: str, synonyms: list[str] | None = None) -> Index:
    """The index definition: settings (analysers, the editors' synonyms) and mapping."""
    index = Index(name)
    # The ending filters sit inside a condition inside a multiplexer: declared here, as the
    # client collects only one level of nested filters.
    index.analyzer(analyzer("french_endings", tokenizer="standard", filter=ENDING_FILTERS))
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.mapping(page_mapping(synonyms))
    return index


def document_body(doc) -> dict:
    """The JSON source of one page in the index."""

    def pair(value, label):
        return f"{value}{SEPARATOR}{label}"

    return {
        "page_id": doc.page_id,
        "title": doc.title,
        "tags": doc.tags_text,
        "summary": doc.summary,
        "body": doc.body,
        "attachments_text": doc.attachments_text,
        "attachments": [a.as_dict() for a in doc.attachments],
        "url": doc.url,
        "content_type": doc.content_type,
        "type_label": doc.type_label,
        "group_slug": doc.group_slug or None,
        "group_title": doc.group_title,
        "themes": [slug for slug, _ in doc.themes],
        "keywords": [slug for slug, _ in doc.keywords],
        "type_facet": pair(doc.content_type, doc.type_label),
        "group_facet": pair(doc.group_slug, doc.group_title) if doc.group_slug else None,
        "theme_facet": [pair(slug, name) for slug, name in doc.themes],
        "keyword_facet": [pair(slug, name) for slug, name in doc.keywords],
        "year_facet": pair(doc.year, doc.year) if doc.year else None,
        "date": doc.date.isoformat() if doc.date else None,
        "year": doc.year,
        "checksum": doc.checksum,
    }


EXACT_FIELDS = ["title.exact^12", "summary.exact^4", "body.exact^1.5"]


def compound_parts(clause) -> list[str]:
    """The parts of a compound clause (« auto-gestion » or « auto gestion »: the plan also
    offers it joined, as one term), else [] (a word, a phrase)."""
    parts = [part for word in clause.words for part in re.split(r"[-‐‑]", word) if part]
    joined = any(len(alternative) == 1 for alternative in clause.alternatives)
    return parts if len(parts) >= 2 and joined else []


def text_query(query, *, approximate: bool = False):
    """The bool query for a parsed query: every word (light words, « comment », « pourquoi »,
    left out when others remain), phrases, exclusions; match_all when empty. `approximate`
    asks for most of the words instead of all (« Résultats approchants »)."""
    plan = build_plan(query)
    # A compound clause (« auto-gestion », « auto gestion »): its parts in a row or joined.
    compounds = [compound_parts(clause) for clause in plan.clauses if compound_parts(clause)]
    in_compounds = {
        word for clause in plan.clauses if compound_parts(clause) for word in clause.words
    }
    kept = {word for clause in plan.clauses for word in clause.words} - in_compounds
    terms = [word for word in query.terms if word in kept]
    if approximate:  # most of the words: a compound counts as one, joined
        terms += ["".join(parts) for parts in compounds]
        compounds = []
    must, should = [], []
    for parts in compounds:
        must.append(
            Q(
                "bool",
                should=[
                    Q("multi_match", query=" ".join(parts), type="phrase", fields=TEXT_FIELDS),
                    Q("multi_match", query="".join(parts), fields=TEXT_FIELDS),
                ],
                minimum_should_match=1,
            )
        )
        should.append(Q("multi_match", query="".join(parts), fields=EXACT_FIELDS))
    if terms:
        matching = (
            {"operator": "or", "minimum_should_match": APPROXIMATE_SHOULD_MATCH}
            if approximate
            else {"operator": "and"}
        )
        must.append(
            Q(
                "multi_match",
                query=" ".join(terms),
                type="cross_fields",
                fields=TEXT_FIELDS,
                **matching,
            )
        )
        should.append(Q("multi_match", query=" ".join(terms), fields=EXACT_FIELDS))
    for phrase in query.phrases:
        must.append(Q("multi_match", query=" ".join(phrase), type="phrase", fields=TEXT_FIELDS))
    must_not = [Q("multi_match", query=word, fields=TEXT_FIELDS) for word in query.excluded if must]
    if not must:
        return Q("match_all") if query.is_empty else Q("bool", must_not=[Q("match_all")])
    return Q("bool", must=must, should=should, must_not=must_not)


def build_search(
    index_name: str, request: SearchRequest, *, approximate: bool = False, exclude=()
) -> Search:
    search = Search(index=index_name).query(text_query(request.query, approximate=approximate))
    if exclude:
        search = search.exclude("ids", values=[str(pk) for pk in exclude])
    filters = []
    for kind in FACET_KINDS:
        value = request.filters.get(kind)
        if value:
            if kind == "year":
                value = parse_int(value, -1, minimum=0, maximum=9999)
            filters.append(Q("term", **{FILTER_FIELDS[kind]: value}))
    if filters:
        search = search.filter("bool", filter=filters)
    for kind in FACET_KINDS:
        search.aggs.bucket(kind, "terms", field=f"{kind}_facet", size=100)
    search = search.highlight_options(
        encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"]
    ).highlight(*HIGHLIGHT_FIELDS, fragment_size=220, number_of_fragments=1)
    if request.sort == "date":
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, {"page_id": "desc"})
    else:
        search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    search = search.extra(track_total_hits=True)
    search = search.source(excludes=["body", "attachments_text", "summary", "tags"])
    return search[request.offset : request.offset + request.per_page]


def build_suggestion(index_name: str, text: str) -> Search:
    return (
        Search(index=index_name)
        .extra(size=0)
        .suggest(
            "spelling",
            text,
            term={"field": "spelling", "suggest_mode": "missing", "min_word_length": 4},
        )
    )


def build_autocomplete(index_name: str, text: str, limit: int) -> Search:
    query = Q("match_phrase_prefix", title={"query": text, "max_expansions": 30})
    return Search(index=index_name).query(query).source(["title", "url", "type_label"])[:limit]


UNAVAILABLE = (
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.ApiError,
    TransportError,
    BulkIndexError,
)


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, index_name: str):
        self.index_name = f"{index_name}-pages"
        self.client = Elasticsearch(url, request_timeout=5, max_retries=0, retry_on_timeout=False)

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UNAVAILABLE as exc:
            raise SearchUnavailable(str(exc)) from exc

    def synonyms(self) -> list[str]:
        from search.models import SynonymSet

        return synonym_rules([synonym_set.members() for synonym_set in SynonymSet.objects.all()])

    def update_synonyms(self) -> None:
        """The editors changed a synonym set: reload the search analyser's list (the index is
        closed for the settings change, a fraction of a second)."""
        if not self._call(self.client.indices.exists, index=self.index_name):
            return
        analysis = page_index(self.index_name, self.synonyms()).to_dict()["settings"]["analysis"]
        self._call(self.client.indices.close, index=self.index_name)
        try:
            self._call(
                self.client.indices.put_settings,
                index=self.index_name,
                settings={"analysis": {"filter": analysis["filter"]}},
            )
        finally:
            self._call(self.client.indices.open, index=self.index_name)

    def ensure_index(self) -> None:
        index = page_index(self.index_name, self.synonyms())
        if not self._call(index.exists, using=self.client):
            self._call(index.create, using=self.client)

    def index(self, documents) -> None:
        documents = list(documents)
        if not documents:
            return
        self.ensure_index()
        actions = (
            {"_index": self.index_name, "_id": doc.page_id, "_source": document_body(doc)}
            for doc in documents
        )
        self._call(bulk, self.client, actions, refresh=True, chunk_size=500)

    def remove(self, page_ids) -> None:
        page_ids = list(page_ids)
        if not page_ids:
            return
        self.ensure_index()
        actions = ({"_op_type": "delete", "_index": self.index_name, "_id": pk} for pk in page_ids)
        self._call(bulk, self.client, actions, refresh=True, raise_on_error=False)

    def clear(self) -> None:
        index = page_index(self.index_name, self.synonyms())
        if self._call(index.exists, using=self.client):
            self._call(index.delete, using=self.client)
        self._call(index.create, using=self.client)

    def count(self) -> int:
        self.ensure_index()
        return self._call(self.client.count, index=self.index_name)["count"]

    def fingerprints(self) -> dict[int, str]:
        self.ensure_index()

        def read():
            return {
                int(item["_id"]): item.get("_source", {}).get("checksum", "")
                for item in scan(
                    self.client, index=self.index_name, _source=["checksum"], size=1000
                )
            }

        return self._call(read)

    def search(self, request: SearchRequest) -> SearchResponse:
        self.ensure_index()
        search = build_search(self.index_name, request).using(self.client)
        response = self._call(search.execute)
        facets = {}
        for kind in FACET_KINDS:
            buckets = []
            for bucket in getattr(response.aggregations, kind).buckets:
                value, _, label = str(bucket.key).partition(SEPARATOR)
                buckets.append(FacetBucket(kind, value, label or value, bucket.doc_count))
            facets[kind] = sort_buckets(kind, buckets)
        hits = [self._hit(item) for item in response]
        total = response.hits.total.value
        approximate = []
        required = [clause for clause in build_plan(request.query).clauses if not clause.light]
        if request.page == 1 and total < request.per_page and len(required) >= 2:
            close = build_search(
                self.index_name, request, approximate=True, exclude=[h.page_id for h in hits]
            ).extra(track_total_hits=False)
            close = close[: max(request.per_page - total, 5)].using(self.client)
            approximate = [self._hit(item) for item in self._call(close.execute)]
        return SearchResponse(hits=hits, total=total, facets=facets, approximate=approximate)

    def _hit(self, item) -> Hit:
        highlight = getattr(item.meta, "highlight", None)
        excerpt, source_label, source_url = "", "", ""
        for field in HIGHLIGHT_FIELDS:
            fragments = getattr(highlight, field, None) if highlight else None
            if fragments:
                # The highlighter escaped the text (encoder "html") and added only <mark>.
                excerpt = mark_safe(fragments[0])  # noqa: S308
                if field == "attachments_text":
                    plain = fragments[0].replace("<mark>", "").replace("</mark>", "")
                    for attachment in item.to_dict().get("attachments", []):
                        if plain[:60] in escape(attachment.get("text", "")):
                            source_label = attachment.get("label", "")
                            source_url = attachment.get("url", "")
                            break
                break
        date = None
        if getattr(item, "date", None):
            from datetime import date as date_type

            date = date_type.fromisoformat(str(item.date)[:10])
        return Hit(
            page_id=item.page_id,
            title=item.title,
            url=item.url,
            type_label=item.type_label,
            date=date,
            group_title=getattr(item, "group_title", "") or "",
            excerpt=excerpt,
            source_label=source_label,
            source_url=source_url,
        )

    def corrections(self, typed_words: list[str]) -> dict[str, str]:
        text = " ".join(typed_words)
        search = build_suggestion(self.index_name, text).using(self.client)
        response = self._call(search.execute)
        found = {}
        typed_by_folded = {fold(word): word for word in typed_words}
        for entry in response.suggest.spelling:
            options = entry.options
            typed = typed_by_folded.get(fold(entry.text), entry.text)
            if options and max_typos(fold(typed)):
                found[typed] = options[0].text
        return found

    def autocomplete(self, text: str, limit: int = 8) -> list[dict]:
        if not words(text):
            return []
        search = build_autocomplete(self.index_name, text, limit).using(self.client)
        response = self._call(search.execute)
        return [{"title": hit.title, "url": hit.url, "type": hit.type_label} for hit in response]
