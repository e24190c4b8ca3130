"""The public search engine chosen by settings: Elasticsearch when SEARCH_URL is set, else the
database's own full-text search (SQLite FTS5 or PostgreSQL)."""

from django.conf import settings
from django.db import connection

from search.engines.base import SearchEngine, SearchRequest, SearchResponse, SearchUnavailable

__all__ = ["SearchEngine", "SearchRequest", "SearchResponse", "SearchUnavailable", "get_engine"]

_engines: dict[tuple, SearchEngine] = {}


def get_engine() -> SearchEngine:
    key = (settings.SEARCH_URL, settings.SEARCH_INDEX, connection.vendor)
    if key not in _engines:
        if settings.SEARCH_URL:
            from search.engines.elasticsearch import ElasticsearchEngine

            _engines[key] = ElasticsearchEngine(settings.SEARCH_URL, settings.SEARCH_INDEX)
        elif connection.vendor == "postgresql":
            from search.engines.postgres import PostgresEngine

            _engines[key] = PostgresEngine()
        else:
            from search.engines.sqlite import SqliteEngine

            _engines[key] = SqliteEngine()
    return _engines[key]
