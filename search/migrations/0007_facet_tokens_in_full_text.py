"""Facet tokens in the full-text index: a filter becomes part of the full-text match.

Each page's facets (type, group, themes, keywords, year) are indexed as tokens
(search.documents.facet_token: « 1 », a letter for the kind, the value in hexadecimal), so that
SQLite's FTS5 and PostgreSQL's GIN index intersect a filter with the words. PostgreSQL's
vectors also get a recency token (`1r` and the page id divided by 1 000), so that the most
recent matches are read from the GIN index (search.engines.postgres `_recent_matches`).

SQLite: the FTS5 table gets a `facets` column (a virtual table cannot be altered: it is
recreated and its rows copied, with the tokens built from the facet rows). PostgreSQL: the
tokens are appended to each entry's vector (weight D, never ranked). Existing entries are
converted in place, so searching and filtering keep working without a rebuild; reversing
removes the tokens again.
"""

from django.db import migrations

KIND_LETTER = (
    "CASE f.kind WHEN 'type' THEN 't' WHEN 'group' THEN 'g' WHEN 'theme' THEN 'h' "
    "WHEN 'keyword' THEN 'k' WHEN 'year' THEN 'y' END"
)
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
COLUMNS = "title, tags, summary, body, attachments"

SQLITE_FORWARD = [
    "ALTER TABLE search_fts RENAME TO search_fts_before_facets",
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, facets, {TOKENIZE})",
    f"INSERT INTO search_fts (rowid, {COLUMNS}, facets) "
    f"SELECT o.rowid, {', '.join('o.' + c for c in COLUMNS.split(', '))}, "
    f"COALESCE((SELECT group_concat('1' || {KIND_LETTER} || lower(hex(f.value)), ' ') "
    "FROM search_searchfacet f WHERE f.entry_id = o.rowid), '') "
    "FROM search_fts_before_facets o",
    "DROP TABLE search_fts_before_facets",
]
SQLITE_BACKWARD = [
    "ALTER TABLE search_fts RENAME TO search_fts_with_facets",
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, {TOKENIZE})",
    f"INSERT INTO search_fts (rowid, {COLUMNS}) SELECT rowid, {COLUMNS} FROM search_fts_with_facets",
    "DROP TABLE search_fts_with_facets",
]

POSTGRES_TOKENS = (
    f"SELECT f.entry_id, array_agg('1' || {KIND_LETTER} || "
    "encode(convert_to(f.value, 'UTF8'), 'hex')) AS tokens "
    "FROM search_searchfacet f GROUP BY f.entry_id"
)
# The recency token of each page (search.engines.postgres.recency_token).
RECENCY = "'1r' || (e.page_id / 1000)"
POSTGRES_FORWARD = [
    "UPDATE search_searchentry e SET search_vector = e.search_vector || "
    f"setweight(to_tsvector('simple', array_to_string(t.tokens || ({RECENCY}), ' ')), 'D') "
    f"FROM ({POSTGRES_TOKENS}) t WHERE t.entry_id = e.page_id AND e.search_vector IS NOT NULL",
]
POSTGRES_BACKWARD = [
    "UPDATE search_searchentry e SET search_vector = "
    f"ts_delete(e.search_vector, t.tokens || ({RECENCY})) "
    f"FROM ({POSTGRES_TOKENS}) t WHERE t.entry_id = e.page_id AND e.search_vector IS NOT NULL",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vocabulary_trigrams")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
