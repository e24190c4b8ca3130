"""SQLite FTS5: text analysed in Python (French stems, folded accents), ranked by bm25."""

from django.db import DatabaseError, connection, transaction

from search.analysis import analyse_word, fold, stem, words
from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.models import SearchEntry

FTS_TABLE = "search_fts"
# bm25 column weights: title, themes and keywords, summary, body, attachments, facet tokens
# (a filter, never a word: no weight).
WEIGHTS = (10.0, 5.0, 3.0, 1.0, 1.0, 0.0)


def fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def clause_expression(clause) -> str:
    return "(" + " OR ".join(fts_string(" ".join(alt)) for alt in clause.alternatives) + ")"


def match_expression(plan, *, any_clause: bool = False, facets=()) -> str:
    """An FTS5 MATCH expression built only from analysed terms, each quoted: no syntax leaks.
    Every clause must match (or any of them, for the approximate results), and every facet
    token in the `facets` column (a filter); an empty plan with facets matches their pages."""
    parts = [clause_expression(clause) for clause in plan.clauses if clause.alternatives]
    expression = (" OR " if any_clause else " AND ").join(parts)
    excluded = [fts_string(term) for term in plan.excluded]
    if expression and excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    if facets and (expression or plan.is_empty):
        tokens = " AND ".join(f"facets : {fts_string(token)}" for token in facets)
        expression = f"({expression}) AND {tokens}" if expression else tokens
    return expression


class SqliteEngine(DatabaseEngine):
    name = "sqlite"
    score_order = "ASC"  # bm25: lower is better

    def _match_sql(self, plan, scored=True, any_clause=False, facets=()):
        expression = match_expression(plan, any_clause=any_clause, facets=facets)
        if not expression:
            if plan.is_empty:
                return f"SELECT page_id, 0 AS score FROM {SearchEntry._meta.db_table}", []  # noqa: S608
            return f"SELECT page_id, 0 AS score FROM {SearchEntry._meta.db_table} WHERE 0", []  # noqa: S608
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        score = f"bm25({FTS_TABLE}, {weights})" if scored else "0"
        return (
            f"SELECT rowid AS page_id, {score} AS score "  # noqa: S608
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [expression],
        )

    def _fingerprint_sql(self) -> str:
        table = SearchEntry._meta.db_table
        return (
            f"SELECT e.page_id, CASE WHEN f.rowid IS NULL THEN '' ELSE e.checksum END "  # noqa: S608
            f"FROM {table} e LEFT JOIN {FTS_TABLE} f ON f.rowid = e.page_id"
        )

    def _orphan_full_text(self, cursor) -> list[int]:
        table = SearchEntry._meta.db_table
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT page_id FROM {table})"  # noqa: S608
        )
        return [row[0] for row in cursor.fetchall()]

    def _write_full_text(self, documents) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(doc.page_id,) for doc in documents],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} "  # noqa: S608
                "(rowid, title, tags, summary, body, attachments, facets) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        doc.page_id,
                        *self.full_text_columns(doc),
                    )
                    for doc in documents
                ],
            )

    def _remove_full_text(self, page_ids) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(pk,) for pk in page_ids],
            )

    def _clear_full_text(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    def autocomplete(self, text: str, limit: int = 8) -> list[dict]:
        typed = words(text)[:6]
        if not typed:
            return []
        *complete, last = typed
        terms = [fts_string(t) for t in (analyse_word(w) for w in complete) if t]
        prefix = stem(fold(last))
        if not prefix:
            return []
        terms.append(fts_string(prefix) + " *")
        expression = "{title tags} : (" + " AND ".join(terms) + ")"
        entry_table = SearchEntry._meta.db_table
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT e.title, e.url, e.type_label FROM {FTS_TABLE} f "  # noqa: S608
                    f"JOIN {entry_table} e ON e.page_id = f.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s ORDER BY bm25({FTS_TABLE}, 10.0, 5.0) LIMIT %s",
                    [expression, limit],
                )
                rows = cursor.fetchall()
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return [{"title": title, "url": url, "type": type_label} for title, url, type_label in rows]
