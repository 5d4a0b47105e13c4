"""The site's own text search: language-aware, and the same answers on SQLite and PostgreSQL.

Part of the kernel: it imports no project app. An app says how its objects become documents in
its own `search_documents` module (found by `SearchConfig.ready`), and asks for ranked ids with
`search.query.rank`.
"""
