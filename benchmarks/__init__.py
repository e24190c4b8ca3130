"""`make bench`: search engine benchmarks on synthetic French corpora (see docs/search.md)."""
