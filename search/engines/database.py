"""The database engines: SQLite FTS5 and PostgreSQL full-text search over `search.models`.

Both share the entry, facet and vocabulary tables and the query plan (`DatabaseEngine.search`):
one reading of the match's most recent pages, filters included as facet tokens of the full-text
match; the facet counts of those pages by page id; the display columns of the requested hits.
"""

import datetime
import json
import math
from abc import abstractmethod
from collections import Counter

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from search.analysis import (
    MatchPlan,
    analyse_word,
    analysed_text,
    build_plan,
    fold,
    index_terms,
    levenshtein,
    max_typos,
    plain_words,
    term_of,
    trigrams,
    vocabulary_word,
)
from search.documents import facet_token
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
from search.highlight import best_excerpt
from search.models import SearchEntry, SearchFacet, SearchVocabulary, SearchVocabularyGram
from site_core.params import parse_int

BATCH = 500
# Approximate results: candidates read per clause, the share of the query's weight a page must
# cover, and how many are shown at least below the exact matches.
APPROXIMATE_CANDIDATES = 200
APPROXIMATE_MIN_COVERAGE = 0.5
APPROXIMATE_MIN_SHOWN = 5
MAX_CORRECTED_WORDS = 3
# Typo correction: at most this many vocabulary words (those sharing most trigrams with the
# typed word) are compared with it.
CORRECTION_CANDIDATES = 200
ENTRY_COLUMNS = (
    "page_id",
    "title",
    "summary",
    "body",
    "attachments",
    "url",
    "type_label",
    "date",
    "group_title",
)


# A match larger than this is ranked, sorted and counted by facet among its most recent pages
# only (settings SEARCH_BROAD_MATCH_LIMIT overrides it); smaller matches stay exact.
BROAD_MATCH_LIMIT = 2000


def broad_match_limit() -> int:
    from django.conf import settings

    return max(1, int(getattr(settings, "SEARCH_BROAD_MATCH_LIMIT", BROAD_MATCH_LIMIT)))


def estimate(count: int, total: int, sample: int) -> int:
    """A facet count of a broad match, scaled from its sample of `sample` pages to `total`,
    rounded to two significant digits (« environ 23 000 »); at least 1 when the sample has it."""
    if not count:
        return 0
    scaled = count * total / sample
    digits = max(0, len(str(int(scaled))) - 2)
    return max(1, int(round(scaled, -digits)))


def filter_tokens(filters: dict[str, str]) -> list[str]:
    """The facet tokens a page must carry to pass these filters (type, group, theme, keyword,
    year), matched as part of the full text."""
    tokens = []
    for kind in FACET_KINDS:
        value = filters.get(kind)
        if not value:
            continue
        if kind == "year":  # as indexed: « 2020 »; an unreadable year matches nothing
            value = str(parse_int(value, -1, minimum=0, maximum=9999))
        tokens.append(facet_token(kind, value))
    return tokens


class DatabaseEngine(SearchEngine):
    """Shared by SQLite and PostgreSQL; subclasses write and match the full-text structure."""

    # --- Writing ---------------------------------------------------------------------------------
    def index(self, documents) -> None:
        documents = list(documents)
        try:
            with transaction.atomic():
                for start in range(0, len(documents), BATCH):
                    self._index_batch(documents[start : start + BATCH])
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    def _index_batch(self, documents) -> None:
        """Upsert the entries, rewrite their facets and full text, and keep the vocabulary's
        counts exact: a page whose stored checksum equals its new one adds and takes away the
        same words, so only the others are counted out and in again. Raw statements, one
        `executemany` per table: no model instance per row."""
        ids = [doc.page_id for doc in documents]
        entry_table = SearchEntry._meta.db_table
        facet_table = SearchFacet._meta.db_table
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, checksum FROM {entry_table} "  # noqa: S608
                f"WHERE page_id IN ({placeholders})",
                ids,
            )
            stored = dict(cursor.fetchall())
        changed = [doc for doc in documents if stored.get(doc.page_id) != doc.checksum]
        self._forget_vocabulary([doc.page_id for doc in changed if doc.page_id in stored])
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            self._upsert_entries(cursor, documents, now)
            cursor.execute(
                f"DELETE FROM {facet_table} WHERE entry_id IN ({placeholders})",  # noqa: S608
                ids,
            )
            cursor.executemany(
                f"INSERT INTO {facet_table} (entry_id, kind, value, label) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                [
                    (doc.page_id, kind, value[:255], label[:255])
                    for doc in documents
                    for kind, value, label in doc.facets()
                ],
            )
        self._write_full_text(documents)
        self._add_vocabulary(changed)

    # Written by `_upsert_entries`, in this order (`entry_row`).
    UPSERT_COLUMNS = (
        "page_id",
        "title",
        "summary",
        "body",
        "tags",
        "attachments",
        "content_type",
        "type_label",
        "group_slug",
        "group_title",
        "date",
        "year",
        "url",
        "checksum",
        "indexed_at",
    )

    @staticmethod
    def entry_row(doc, now) -> tuple:
        attachments = json.dumps([a.as_dict() for a in doc.attachments], ensure_ascii=False)
        return (
            doc.page_id,
            doc.title,
            doc.summary,
            doc.body,
            doc.tags_text,
            attachments,
            doc.content_type,
            doc.type_label,
            doc.group_slug,
            doc.group_title,
            connection.ops.adapt_datefield_value(doc.date),
            doc.year,
            doc.url,
            doc.checksum,
            now,
        )

    def _upsert_sql(self, extra_columns=(), extra_values=()) -> str:
        """INSERT … ON CONFLICT (page_id) DO UPDATE of every column (both vendors' syntax)."""
        columns = (*self.UPSERT_COLUMNS, *extra_columns)
        values = [
            self.json_placeholder if c == "attachments" else "%s" for c in self.UPSERT_COLUMNS
        ]
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
        return (
            f"INSERT INTO {SearchEntry._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join([*values, *extra_values])}) "
            f"ON CONFLICT (page_id) DO UPDATE SET {updates}"
        )

    json_placeholder = "%s"

    @staticmethod
    def full_text_columns(doc) -> tuple[str, ...]:
        """The analysed title, themes and keywords, summary, body and attachments, and the
        facet tokens (search.documents.facet_token)."""
        return (
            analysed_text(doc.title),
            analysed_text(doc.tags_text),
            analysed_text(doc.summary),
            analysed_text(doc.body),
            analysed_text(doc.attachments_text, exact=False),
            doc.facet_tokens(),
        )

    def _upsert_entries(self, cursor, documents, now) -> None:
        cursor.executemany(self._upsert_sql(), [self.entry_row(doc, now) for doc in documents])

    @staticmethod
    def _vocabulary_words(texts):
        """(folded word, lower-cased spelling) of each distinct word of one page's texts."""
        distinct: dict[str, None] = {}  # each word once, in order of appearance
        for text in texts:
            distinct.update(dict.fromkeys(plain_words(text or "")))
        seen = {}
        for word in distinct:
            entry = vocabulary_word(word)
            if entry is None:
                continue
            folded, lowered = entry
            if folded not in seen or (seen[folded] == folded and lowered != folded):
                seen[folded] = lowered
        return seen

    def _forget_vocabulary(self, page_ids) -> None:
        """Take the words of these pages' current entries out of the counts (a page counts
        once per word): counts stay exact through reindexing and removal."""
        counts: Counter = Counter()
        entries = SearchEntry.objects.filter(page_id__in=page_ids).values_list(
            "title", "summary", "body", "tags", "attachments"
        )
        for title, summary, body, tags, attachments in entries:
            attachments = self._decode_json(attachments)
            texts = [title, summary, body, tags] + [a.get("text", "") for a in attachments]
            counts.update(self._vocabulary_words(texts).keys())
        if not counts:
            return
        table = SearchVocabulary._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET frequency = frequency - %s WHERE word = %s",  # noqa: S608
                [(count, word) for word, count in counts.items()],
            )
            gram_table = SearchVocabularyGram._meta.db_table
            cursor.execute(
                f"DELETE FROM {gram_table} WHERE word_id IN "  # noqa: S608
                f"(SELECT id FROM {table} WHERE frequency <= 0)"
            )
            cursor.execute(f"DELETE FROM {table} WHERE frequency <= 0")  # noqa: S608

    def _add_vocabulary(self, documents) -> None:
        counts: Counter = Counter()
        spellings: dict[str, str] = {}
        for doc in documents:
            texts = (doc.title, doc.summary, doc.body, doc.tags_text, doc.attachments_text)
            for folded, lowered in self._vocabulary_words(texts).items():
                counts[folded] += 1
                # Keep an accented spelling when there is one: « économie » over « economie ».
                if folded not in spellings or (spellings[folded] == folded and lowered != folded):
                    spellings[folded] = lowered
        if not counts:
            return
        rows = [
            (word, spellings[word][:60], term_of(word)[:60], len(word), count)
            for word, count in counts.items()
            if len(word) <= 60
        ]
        table = SearchVocabulary._meta.db_table
        words = [row[0] for row in rows]
        known = set()
        for start in range(0, len(words), BATCH):
            known.update(
                SearchVocabulary.objects.filter(word__in=words[start : start + BATCH]).values_list(
                    "word", flat=True
                )
            )
        new_words = [word for word in words if word not in known]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (word, display, stem, length, frequency) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (word) DO UPDATE SET "
                f"frequency = {table}.frequency + excluded.frequency",
                rows,
            )
        self._add_grams(new_words)

    @staticmethod
    def _add_grams(words) -> None:
        """The trigrams of words new to the vocabulary (typo correction looks words up by them)."""
        for start in range(0, len(words), BATCH):
            ids = SearchVocabulary.objects.filter(
                word__in=words[start : start + BATCH]
            ).values_list("id", "word")
            SearchVocabularyGram.objects.bulk_create(
                [
                    SearchVocabularyGram(word_id=pk, gram=gram)
                    for pk, word in ids
                    for gram in sorted(trigrams(word))
                ],
                batch_size=2000,
            )

    def remove(self, page_ids) -> None:
        page_ids = [int(pk) for pk in page_ids]
        if not page_ids:
            return
        try:
            with transaction.atomic():
                self._forget_vocabulary(page_ids)
                SearchEntry.objects.filter(page_id__in=page_ids).delete()
                self._remove_full_text(page_ids)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    # Emptied by `clear()`, children first.
    INDEX_TABLES = (SearchFacet, SearchEntry, SearchVocabularyGram, SearchVocabulary)

    def clear(self) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                self._empty_tables(cursor, [model._meta.db_table for model in self.INDEX_TABLES])
                self._clear_full_text()
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    def _empty_tables(self, cursor, tables) -> None:
        """One statement per table, without reading the rows (the ORM's delete would load
        every entry, its long text included, to cascade to the facets)."""
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def count(self) -> int:
        return SearchEntry.objects.count()

    def fingerprints(self) -> dict[int, str]:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(self._fingerprint_sql())
                found = dict(cursor.fetchall())
                for page_id in self._orphan_full_text(cursor):
                    found.setdefault(page_id, "")
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return found

    # --- Reading ---------------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResponse:
        plan = build_plan(request.query, request.synonyms)
        # The filters are facet tokens of the full-text match (search.documents.facet_token):
        # the engine's full-text index intersects them with the words.
        tokens = filter_tokens(request.filters)

        def matched(match_plan, scored, any_clause=False):
            return self._match_sql(match_plan, scored=scored, any_clause=any_clause, facets=tokens)

        scored = request.sort != "date"
        limit = broad_match_limit()
        approximate_ids: list[int] = []
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # One reading of the match: its `limit` + 1 most recent pages (the highest
                # ids), with score and date. A match that fits is ranked and counted exactly
                # from them; a broad one is ranked, sorted and counted by facet among its
                # `limit` most recent pages, so that its cost stays bounded whatever its size,
                # and its total and facet counts are estimated.
                candidates = self._recent_matches(cursor, plan, tokens, limit + 1, scored)
                total = len(candidates)
                broad = total > limit
                if broad:
                    candidates = candidates[:limit]
                    total = self._estimate_total(cursor, request.filters, candidates[-1][0], limit)
                facet_rows = self._facet_rows(cursor, [row[0] for row in candidates])
                if broad:
                    facet_rows = [
                        (kind, value, label, estimate(count, total, len(candidates)))
                        for kind, value, label, count in facet_rows
                    ]
                ordered = self._ordered(candidates, request.sort)
                ranked = ordered[request.offset : request.offset + request.per_page]
                required = [clause for clause in plan.clauses if not clause.light]
                if (
                    request.page == 1
                    and total < request.per_page
                    and len(required) >= 2
                    and not request.query.phrases_only
                ):
                    approximate_ids = self._approximate(
                        cursor, plan, matched, exclude=set(ranked), total=total, request=request
                    )
                rows = self._read_rows(cursor, ranked + approximate_ids)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        facets: dict[str, list[FacetBucket]] = {kind: [] for kind in FACET_KINDS}
        for kind, value, label, count in facet_rows:
            if kind in facets and count:
                facets[kind].append(FacetBucket(kind, value, label, count, approximate=broad))
        facets = {kind: sort_buckets(kind, buckets) for kind, buckets in facets.items()}
        stems = request.query.stems() | {t for clause in plan.clauses for t in clause.terms()}
        hits = [self._hit(rows[pk], stems) for pk in ranked if pk in rows]
        approximate = [self._hit(rows[pk], stems) for pk in approximate_ids if pk in rows]
        return SearchResponse(
            hits=hits,
            total=total,
            facets=facets,
            approximate=approximate,
            ranked_among=limit if broad else None,
        )

    def _recent_matches(self, cursor, plan, tokens, count, scored) -> list[tuple]:
        """(page_id, score, date) of the `count` matching entries with the highest page ids
        (the most recent), highest first, read in that order so that the scan stops there."""
        match_sql, params = self._match_sql(plan, scored=scored, facets=tokens)
        cursor.execute(
            f"SELECT m.page_id, m.score, e.date FROM ({match_sql} "  # noqa: S608
            f"ORDER BY page_id DESC LIMIT {int(count)}) m "
            f"CROSS JOIN {SearchEntry._meta.db_table} e WHERE e.page_id = m.page_id",
            params,
        )
        return sorted(cursor.fetchall(), key=lambda row: row[0], reverse=True)

    def _ordered(self, candidates, sort) -> list[int]:
        """Page ids of (page_id, score, date) rows by relevance (ties: newest first) or date."""
        newest = sorted(candidates, key=lambda row: row[0], reverse=True)
        newest.sort(key=lambda row: self._decode_date(row[2]) or datetime.date.min, reverse=True)
        if sort != "date":
            factor = 1 if self.score_order == "ASC" else -1
            newest.sort(key=lambda row: factor * (row[1] or 0))
        return [row[0] for row in newest]

    def _facet_rows(self, cursor, page_ids) -> list[tuple]:
        """(kind, value, label, count) of these entries' facets."""
        if not page_ids:
            return []
        facet_table = SearchFacet._meta.db_table
        found: Counter = Counter()
        for start in range(0, len(page_ids), BATCH * 4):
            chunk = page_ids[start : start + BATCH * 4]
            condition, params = self._ids_condition("entry_id", chunk)
            cursor.execute(
                f"SELECT kind, value, label, COUNT(*) FROM {facet_table} "  # noqa: S608
                f"WHERE {condition} GROUP BY kind, value, label",
                params,
            )
            for kind, value, label, count in cursor.fetchall():
                found[(kind, value, label)] += count
        return [(*key, count) for key, count in found.items()]

    def _estimate_total(self, cursor, filters, lowest_id, sample) -> int:
        """The size of a broad match: its `sample` most recent pages reach down to page id
        `lowest_id`, so it holds about that share of the page ids of the (filtered) entries,
        rounded. Two reads of the ends of an index, whatever the size of the match."""
        low, high = self._id_bounds(cursor, filters)
        if low is None or high < lowest_id:
            return sample + 1
        recent = max(1, high - lowest_id + 1)
        return max(sample + 1, estimate(sample, high - low + 1, recent))

    def _id_bounds(self, cursor, filters) -> tuple:
        """The lowest and highest page ids of the entries passing these filters (of every
        entry without one): the ends of an index. With several filters, the narrowest bounds
        of each (those of their intersection lie within)."""
        table = SearchEntry._meta.db_table
        if not filters:
            cursor.execute(f"SELECT MIN(page_id), MAX(page_id) FROM {table}")  # noqa: S608
            return cursor.fetchone()
        facet_table = SearchFacet._meta.db_table
        low, high = None, None
        for kind, value in filters.items():
            if kind == "year":
                value = str(parse_int(value, -1, minimum=0, maximum=9999))
            cursor.execute(
                f"SELECT MIN(entry_id), MAX(entry_id) FROM {facet_table} "  # noqa: S608
                "WHERE kind = %s AND value = %s",
                [kind, value[:255]],
            )
            first, last = cursor.fetchone()
            if first is None:
                return None, None
            low = first if low is None else max(low, first)
            high = last if high is None else min(high, last)
        return low, high

    def _read_rows(self, cursor, page_ids) -> dict:
        """The display columns of these entries, by page id (the long text read for ten only)."""
        if not page_ids:
            return {}
        columns = ", ".join(f"e.{column}" for column in ENTRY_COLUMNS)
        placeholders = ", ".join(["%s"] * len(page_ids))
        cursor.execute(
            f"SELECT {columns} FROM {SearchEntry._meta.db_table} e "  # noqa: S608
            f"WHERE e.page_id IN ({placeholders})",
            list(page_ids),
        )
        return {row[0]: dict(zip(ENTRY_COLUMNS, row, strict=True)) for row in cursor.fetchall()}

    def _hit(self, row, stems) -> Hit:
        row["attachments"] = self._decode_json(row["attachments"])
        found, source_label, source_url = best_excerpt(row, stems)
        return Hit(
            page_id=row["page_id"],
            title=row["title"],
            url=row["url"],
            type_label=row["type_label"],
            date=self._decode_date(row["date"]),
            group_title=row["group_title"],
            excerpt=found,
            source_label=source_label,
            source_url=source_url,
        )

    def _approximate(self, cursor, plan, matched, *, exclude, total, request) -> list[int]:
        """Pages matching most of the query's clauses, the rarest weighted highest (BM25's idf):
        candidates are the best-ranked pages of each clause; a page is kept when the clauses it
        matches weigh at least half the query's weight. Ordered by that coverage, then by how
        much of it is in the title."""
        clauses = [clause for clause in plan.clauses if not clause.light]
        entry_table = SearchEntry._meta.db_table
        cursor.execute(f"SELECT COUNT(*) FROM {entry_table}")  # noqa: S608
        documents = cursor.fetchone()[0] or 1
        members: list[set[int]] = []
        weights: list[float] = []
        candidates: set[int] = set()
        for clause in clauses:
            single = MatchPlan([clause], plan.excluded)
            sql, params = matched(single, scored=True)
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) r", params)  # noqa: S608
            frequency = cursor.fetchone()[0]
            weights.append(math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5)))
            cursor.execute(
                f"SELECT r.page_id FROM ({sql}) r "  # noqa: S608
                f"ORDER BY r.score {self.score_order}, r.page_id LIMIT %s",
                params + [APPROXIMATE_CANDIDATES],
            )
            found = {row[0] for row in cursor.fetchall()}
            members.append(found)
            candidates |= found
        candidates -= exclude
        if not candidates:
            return []
        # Membership of every candidate in every clause (the per-clause lists were cut).
        placeholders = ", ".join(["%s"] * len(candidates))
        for position, clause in enumerate(clauses):
            if len(members[position]) < APPROXIMATE_CANDIDATES:
                continue
            sql, params = matched(MatchPlan([clause], plan.excluded), scored=False)
            cursor.execute(
                f"SELECT r.page_id FROM ({sql}) r WHERE r.page_id IN ({placeholders})",  # noqa: S608
                params + list(candidates),
            )
            members[position] = {row[0] for row in cursor.fetchall()}
        whole = sum(weights) or 1.0
        coverage = {
            pk: sum(w for w, found in zip(weights, members, strict=True) if pk in found) / whole
            for pk in candidates
        }
        kept = [pk for pk, value in coverage.items() if value >= APPROXIMATE_MIN_COVERAGE]
        if not kept:
            return []
        titles = self._read_titles(cursor, kept)
        clause_terms = [clause.terms() for clause in clauses]

        def title_share(pk):
            title = set(index_terms(titles.get(pk, "")))
            return sum(w for w, terms in zip(weights, clause_terms, strict=True) if terms & title)

        kept.sort(key=lambda pk: (-round(coverage[pk], 6), -title_share(pk), -pk))
        room = max(request.per_page - min(total, request.per_page), APPROXIMATE_MIN_SHOWN)
        return kept[:room]

    def _read_titles(self, cursor, page_ids) -> dict[int, str]:
        placeholders = ", ".join(["%s"] * len(page_ids))
        cursor.execute(
            f"SELECT page_id, title FROM {SearchEntry._meta.db_table} "  # noqa: S608
            f"WHERE page_id IN ({placeholders})",
            list(page_ids),
        )
        return dict(cursor.fetchall())

    def _decode_json(self, value):
        if isinstance(value, str):
            import json

            return json.loads(value)
        return value or []

    def _decode_date(self, value):
        if isinstance(value, str):
            from datetime import date

            return date.fromisoformat(value)
        return value

    # --- Typo tolerance ---------------------------------------------------------------------------
    def corrections(self, typed_words: list[str]) -> dict[str, str]:
        found = {}
        # One trigram lookup per word (bounded candidates): only the first few words are tried.
        for typed in typed_words[:MAX_CORRECTED_WORDS]:
            folded = fold(typed)
            term = analyse_word(typed)
            limit = max_typos(folded)
            if not term or not limit:
                continue
            try:
                with transaction.atomic():
                    if SearchVocabulary.objects.filter(stem=term).exists():
                        continue
                    candidates = self._gram_candidates(folded, limit)
            except DatabaseError as exc:
                raise SearchUnavailable(str(exc)) from exc
            best = None
            for word, display, frequency in candidates:
                distance = levenshtein(folded, word, limit)
                if distance <= limit:
                    key = (distance, -frequency, word)
                    if best is None or key < best[0]:
                        best = (key, display)
            if best is not None:
                found[typed] = best[1]
        return found

    def _gram_candidates(self, folded: str, limit: int):
        """Vocabulary words of similar length sharing enough trigrams with `folded` to be
        within `limit` edits (each edit changes at most 3 of its trigrams), best first, at most
        CORRECTION_CANDIDATES: the cost follows the typed word, not the vocabulary's size."""
        grams = sorted(trigrams(folded))
        needed = max(1, len(grams) - 3 * limit)
        gram_table = SearchVocabularyGram._meta.db_table
        table = SearchVocabulary._meta.db_table
        placeholders = ", ".join(["%s"] * len(grams))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT v.word, v.display, v.frequency FROM {gram_table} g "  # noqa: S608
                f"JOIN {table} v ON v.id = g.word_id "
                f"WHERE g.gram IN ({placeholders}) AND v.length BETWEEN %s AND %s "
                "GROUP BY v.id, v.word, v.display, v.frequency HAVING COUNT(*) >= %s "
                "ORDER BY COUNT(*) DESC, v.frequency DESC LIMIT %s",
                grams + [len(folded) - limit, len(folded) + limit, needed, CORRECTION_CANDIDATES],
            )
            return cursor.fetchall()

    # --- Vendor-specific --------------------------------------------------------------------------
    score_order = "DESC"

    def _ids_condition(self, column, ids) -> tuple[str, list]:
        """SQL true for rows whose `column` is one of `ids`, and its parameters."""
        return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)

    @abstractmethod
    def _fingerprint_sql(self) -> str:
        """SQL selecting (page_id, checksum) of every entry, "" when its full text is missing."""

    def _orphan_full_text(self, cursor) -> list[int]:
        """Page ids with a full-text row but no entry (none when the text lives on the entry)."""
        return []

    @abstractmethod
    def _match_sql(self, plan, scored=True, any_clause=False, facets=()):
        """SQL selecting (page_id, score) of the entries matching `plan` and carrying every
        facet token of `facets` (every entry of the facets when the plan is empty)."""

    @abstractmethod
    def _write_full_text(self, documents) -> None:
        """Write the vendor's full-text rows for these documents."""

    @abstractmethod
    def _remove_full_text(self, page_ids) -> None:
        """Remove the vendor's full-text rows of these pages."""

    @abstractmethod
    def _clear_full_text(self) -> None:
        """Remove every full-text row."""
