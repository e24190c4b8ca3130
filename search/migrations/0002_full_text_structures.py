"""Full-text structures next to the index tables, per database vendor.

SQLite: an FTS5 table whose rowid is the page id. Its columns hold text already analysed in
Python (elisions and stop words dropped, accents folded, Snowball French stems), so that the
unicode61 tokenizer (remove_diacritics 2) only splits words; bm25 weights favour the title.
PostgreSQL: a weighted tsvector column built with the `french_unaccent` configuration
(site_core 0003) and a GIN index.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, tags, summary, body, attachments, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry "
    "USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("site_core", "0003_french_unaccent_search_config"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
