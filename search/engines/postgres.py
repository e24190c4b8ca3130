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
        # The facet tokens (search.documents.facet_token): matched by filters, never ranked.
        f"setweight(to_tsvector('{CONFIG}', %s), 'D')"
    )

    def _upsert_entries(self, cursor, documents, now) -> None:
        """The entry and its vector in one statement: one new row version per page."""
        cursor.executemany(
            self._upsert_sql(("search_vector",), (self.VECTOR_SQL,)),
            # A generator: in pipeline mode psycopg sends each row as it is analysed, so the
            # server writes one page while the next is analysed.
            (
                (
                    *self.entry_row(doc, now),
                    *self.full_text_columns(doc),
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
