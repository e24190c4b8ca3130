"""PostgreSQL full-text search: a weighted tsvector with the `french_unaccent` configuration."""

from django.db import DatabaseError, connection, transaction

from search.analysis import analyse_word, fold, stem, words
from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.models import SearchEntry

# Text is analysed in Python (search.analysis, as for SQLite) and stored through the `simple`
# configuration, which only splits and lower-cases: both engines match the same terms, and
# phrases keep their meaning with stop words (« partage de la valeur » → partag <-> valeur).
CONFIG = "simple"
# ts_rank weights for D (attachments), C (body), B (summary, themes, keywords), A (title).
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
# ts_rank normalisation 1: the rank is divided by 1 + log(document length).
RANK_NORMALISATION = 1
# Recency tokens: each vector also holds `1r<page_id // RECENCY_BUCKET>`, so that the most
# recent matches are read from the GIN index bucket by bucket (`_recent_matches`).
RECENCY_BUCKET = 1000
# The first reading covers this many times the pages asked for, in page ids.
FIRST_WINDOW = 2


def recency_token(page_id: int) -> str:
    return f"1r{int(page_id) // RECENCY_BUCKET}"


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "").replace("'", "") + "'"


def clause_tsquery(clause) -> str:
    return (
        "(" + " | ".join(" <-> ".join(lexeme(t) for t in alt) for alt in clause.alternatives) + ")"
    )


def tsquery_string(plan, *, any_clause: bool = False, facets=()) -> str:
    """The plan in to_tsquery's syntax: every lexeme quoted, so nothing typed leaks in. Every
    facet token of `facets` must be there too (a filter); an empty plan with facets matches
    their pages."""
    parts = [clause_tsquery(clause) for clause in plan.clauses if clause.alternatives]
    text = (" | " if any_clause else " & ").join(parts)
    if text and plan.excluded:
        text = f"({text}) & " + " & ".join("!" + lexeme(term) for term in plan.excluded)
    if facets and (text or plan.is_empty):
        tokens = " & ".join(lexeme(token) for token in facets)
        text = f"({text}) & {tokens}" if text else tokens
    return text


class PostgresEngine(DatabaseEngine):
    name = "postgresql"
    score_order = "DESC"

    def _match_sql(self, plan, scored=True, any_clause=False, facets=()):
        table = SearchEntry._meta.db_table
        text = tsquery_string(plan, any_clause=any_clause, facets=facets)
        if not text:
            if plan.is_empty:
                return f"SELECT page_id, 0 AS score FROM {table}", []  # noqa: S608
            return f"SELECT page_id, 0 AS score FROM {table} WHERE FALSE", []  # noqa: S608
        if not scored or plan.is_empty:
            return (
                f"SELECT page_id, 0 AS score FROM {table} "  # noqa: S608
                f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s)",
                [text],
            )
        # Ranked by the words only: the facet tokens filter, they do not score.
        words = tsquery_string(plan, any_clause=any_clause)
        return (
            f"SELECT page_id, ts_rank('{RANK_WEIGHTS}', search_vector, "  # noqa: S608
            f"to_tsquery('{CONFIG}', %s), {RANK_NORMALISATION}) AS score "
            f"FROM {table} WHERE search_vector @@ to_tsquery('{CONFIG}', %s)",
            [words, text],
        )

    def _fingerprint_sql(self) -> str:
        table = SearchEntry._meta.db_table
        return (
            "SELECT page_id, CASE WHEN search_vector IS NULL THEN '' ELSE checksum END "  # noqa: S608
            f"FROM {table}"
        )

    json_placeholder = "%s::jsonb"
    VECTOR_SQL = (
        f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
        f"setweight(to_tsvector('{CONFIG}', %s), 'B') || "
        f"setweight(to_tsvector('{CONFIG}', %s), 'B') || "
        f"setweight(to_tsvector('{CONFIG}', %s), 'C') || "
        f"setweight(to_tsvector('{CONFIG}', %s), 'D') || "
        # The facet tokens (search.documents.facet_token) and the recency token: matched,
        # never ranked.
        f"setweight(to_tsvector('{CONFIG}', %s), 'D')"
    )

    def _recent_matches(self, cursor, plan, tokens, count, scored) -> list[tuple]:
        """(page_id, score, date) of the `count` most recent matching entries, highest first.

        Walking the primary key backwards would check each page's vector, read from TOAST
        (most of a query's time, and all of it for a rare match). Instead the GIN index reads
        the match bucket of page ids by bucket (the recency tokens), newest first, in widening
        steps sized from the density found so far, so the rows read are the matches of the
        buckets read, about `count`; when the match is too rare for buckets to pay, the rest of
        it is read from the index at once (it is small then). Scores are computed after each
        read's LIMIT, for the rows kept only."""
        text = tsquery_string(plan, facets=tokens)
        table = SearchEntry._meta.db_table
        words = tsquery_string(plan)
        if scored and words:
            score = (
                f"ts_rank('{RANK_WEIGHTS}', search_vector, to_tsquery('{CONFIG}', %s), "
                f"{RANK_NORMALISATION})"
            )
            score_params = [words]
        else:
            score, score_params = "0", []
        select = f"SELECT page_id, {score} AS score, date FROM {table}"  # noqa: S608
        if not text:
            if not plan.is_empty:
                return []
            cursor.execute(f"{select} ORDER BY page_id DESC LIMIT {int(count)}", score_params)
            return cursor.fetchall()
        cursor.execute(f"SELECT MIN(page_id), MAX(page_id) FROM {table}")  # noqa: S608
        low, high = cursor.fetchone()
        if high is None:
            return []
        lowest_bucket = low // RECENCY_BUCKET
        top = high // RECENCY_BUCKET  # the highest bucket not read yet
        width = max(1, -(-FIRST_WINDOW * count // RECENCY_BUCKET))
        found: list[tuple] = []

        def read(condition, params):
            # `page_id + 0`: sorted after the index read, never by walking the primary key.
            kept = (
                f"WHERE search_vector @@ to_tsquery('{CONFIG}', %s){condition} "
                f"ORDER BY page_id + 0 DESC LIMIT {int(count - len(found))}"
            )
            if score_params:
                # Scored after the LIMIT: each score reads the page's vector from TOAST, and
                # a read may match twice the rows it keeps.
                cursor.execute(
                    f"SELECT page_id, {score} AS score, date FROM "  # noqa: S608
                    f"(SELECT page_id, date, search_vector FROM {table} {kept}) m "
                    "ORDER BY page_id DESC",
                    score_params + params,
                )
            else:
                cursor.execute(f"SELECT page_id, 0, date FROM {table} {kept}", params)  # noqa: S608
            found.extend(cursor.fetchall())

        while top >= lowest_bucket and len(found) < count:
            bottom = max(lowest_bucket, top - width + 1)
            buckets = " | ".join(
                lexeme(recency_token(n * RECENCY_BUCKET)) for n in range(top, bottom - 1, -1)
            )
            read("", [f"({text}) & ({buckets})"])
            scanned = high // RECENCY_BUCKET - bottom + 1
            top = bottom - 1
            if len(found) >= count or top < lowest_bucket:
                break
            # Buckets still needed at the density seen so far, with a margin.
            needed = (count - len(found)) * scanned / max(len(found), 1) * 1.3
            if len(found) < count / 20 or needed > (top - lowest_bucket + 1) / 2:
                # Too rare for buckets: the rest of the match at once, from the index (one
                # pass over the heap, scored after the LIMIT).
                read(" AND page_id < %s", [text, (top + 1) * RECENCY_BUCKET])
                break
            width = max(1, int(needed) + 1)
        return found

    def _ids_condition(self, column, ids) -> tuple[str, list]:
        """One array parameter: PostgreSQL plans it faster than thousands of placeholders."""
        return f"{column} = ANY(%s)", [list(ids)]

    def _upsert_entries(self, cursor, documents, now) -> None:
        """The entry and its vector in one statement: one new row version per page."""
        cursor.executemany(
            self._upsert_sql(("search_vector",), (self.VECTOR_SQL,)),
            # A generator: in pipeline mode psycopg sends each row as it is analysed, so the
            # server writes one page while the next is analysed.
            (
                (
                    *self.entry_row(doc, now),
                    *self.full_text_columns(doc)[:-1],
                    f"{doc.facet_tokens()} {recency_token(doc.page_id)}",
                )
                for doc in documents
            ),
        )

    def _write_full_text(self, documents) -> None:
        """Written with the entry (`_upsert_entries`)."""

    def _remove_full_text(self, page_ids) -> None:
        """The vector lives on the entry row, deleted with it."""

    def _clear_full_text(self) -> None:
        """The vector lives on the entry rows, deleted with them."""

    def _empty_tables(self, cursor, tables) -> None:
        """TRUNCATE: the tables and their indexes start again empty. A DELETE leaves every
        row behind as a dead tuple, and every entry in the GIN and B-tree indexes, until a
        vacuum (late, or never when autovacuum is off) for the next indexing to step over; the
        ORM's delete of 100 000 entries took 24–49 s on the benchmark machine, the TRUNCATE
        0.1–0.2 s (docs/search.md)."""
        # Rows written earlier in the transaction leave deferred foreign-key checks pending,
        # and TRUNCATE refuses a table with pending trigger events: run those checks now
        # (SET CONSTRAINTS ALL IMMEDIATE, then back to DEFERRED, Django's default).
        connection.check_constraints()
        cursor.execute(f"TRUNCATE {', '.join(tables)}")

    def autocomplete(self, text: str, limit: int = 8) -> list[dict]:
        """Titles, themes and keywords (weights A and B) completing `text`, as on SQLite."""
        typed = words(text)[:6]
        if not typed:
            return []
        *complete, last = typed
        lexemes = [lexeme(t) + ":AB" for t in (analyse_word(w) for w in complete) if t]
        prefix = stem(fold(last))
        if not prefix:
            return []
        lexemes.append(lexeme(prefix) + ":*AB")
        table = SearchEntry._meta.db_table
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT title, url, type_label FROM {table}, "  # noqa: S608
                    f"to_tsquery('{CONFIG}', %s) q "
                    "WHERE search_vector @@ q "
                    f"ORDER BY ts_rank('{RANK_WEIGHTS}', search_vector, q) DESC, page_id "
                    "LIMIT %s",
                    [" & ".join(lexemes), limit],
                )
                rows = cursor.fetchall()
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return [{"title": title, "url": url, "type": type_label} for title, url, type_label in rows]
