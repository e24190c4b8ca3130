"""PostgreSQL full-text search: a weighted tsvector with the `french_unaccent` configuration."""

from django.db import DatabaseError, connection, transaction

from search.analysis import fold, words
from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.models import SearchEntry

CONFIG = "french_unaccent"
# ts_rank weights for D (attachments), C (body), B (summary, themes, keywords), A (title).
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"


def websearch_string(query) -> str:
    """The parsed query written back in websearch_to_tsquery's syntax (which never raises)."""
    parts = list(query.terms)
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    if parts:
        parts += ["-" + word for word in query.excluded]
    return " ".join(parts)


class PostgresEngine(DatabaseEngine):
    name = "postgresql"
    score_order = "DESC"

    def _match_sql(self, query, scored=True):
        table = SearchEntry._meta.db_table
        text = websearch_string(query)
        if not text:
            if query.is_empty:
                return f"SELECT page_id, 0 AS score FROM {table}", []  # noqa: S608
            return f"SELECT page_id, 0 AS score FROM {table} WHERE FALSE", []  # noqa: S608
        score = f"ts_rank('{RANK_WEIGHTS}', search_vector, q)" if scored else "0"
        return (
            f"SELECT page_id, {score} AS score "  # noqa: S608
            f"FROM {table}, websearch_to_tsquery('{CONFIG}', %s) q "
            "WHERE search_vector @@ q",
            [text],
        )

    def _write_full_text(self, documents) -> None:
        table = SearchEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_vector = "  # noqa: S608
                f"setweight(to_tsvector('{CONFIG}', %s), 'A') || "
                f"setweight(to_tsvector('{CONFIG}', %s), 'B') || "
                f"setweight(to_tsvector('{CONFIG}', %s), 'B') || "
                f"setweight(to_tsvector('{CONFIG}', %s), 'C') || "
                f"setweight(to_tsvector('{CONFIG}', %s), 'D') WHERE page_id = %s",
                [
                    (
                        doc.title,
                        doc.tags_text + " " + doc.group_title,
                        doc.summary,
                        doc.body,
                        doc.attachments_text,
                        doc.page_id,
                    )
                    for doc in documents
                ],
            )

    def _remove_full_text(self, page_ids) -> None:
        """The vector lives on the entry row, deleted with it."""

    def _clear_full_text(self) -> None:
        """The vector lives on the entry rows, deleted with them."""

    def autocomplete(self, text: str, limit: int = 8) -> list[dict]:
        typed = [fold(word) for word in words(text)[:6]]
        if not typed:
            return []
        lexemes = ["'" + word.replace("'", "") + "'" for word in typed]
        lexemes[-1] += ":*"
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
