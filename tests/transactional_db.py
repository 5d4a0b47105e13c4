"""Emptying and refilling the database around each transactional test, fast.

A test that really commits (a live server, worker processes, Stripe calls that must happen
outside a transaction) empties every table afterwards, and `serialized_rollback` puts back what
the migrations created: Wagtail's root page and site, the locales, the roles and their
permissions. Django does that through the ORM, object by object, with every post_save receiver
of ours running on rows the migrations never sent through them; that took about half a second
per test. Here the same tables are copied once, after migrating, as their raw rows (COPY on
PostgreSQL) and written back the same way, each table emptied first: the same state, with no
receiver run, in a few milliseconds.

The tables are the ones `flush` empties, so what is emptied is what comes back. Foreign keys
are deferred on both databases, so the order of the tables does not matter inside the one
transaction that writes them back.

On PostgreSQL, `flush` itself empties the tables with one TRUNCATE of all of them, which gives
each of some 200 tables new files on disk: about 2.5 seconds after every transactional test.
DELETE on tables of a few rows does the same here in milliseconds; the sequences are not reset
either way (`reset_sequences` asks for TRUNCATE, and gets it).
"""

from django.db import transaction
from django.db.backends.base.creation import BaseDatabaseCreation
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations

SNAPSHOT = "tests.transactional_db"
_rows: dict[str, list[tuple]] = {}
_django_deserialize = BaseDatabaseCreation.deserialize_db_from_string
_truncate = PostgresOperations.sql_flush


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take(creation: BaseDatabaseCreation) -> str:
    connection = creation.connection
    quote = connection.ops.quote_name
    saved = []
    connection.ensure_connection()
    for table in _tables(connection):
        if connection.vendor == "postgresql":
            with connection.connection.cursor() as cursor:
                with cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    data = b"".join(bytes(block) for block in copy)
            if data:
                saved.append((table, data))
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - a table name
                rows = cursor.fetchall()
                columns = [column[0] for column in cursor.description]
            if rows:
                saved.append((table, columns, rows))
    _rows[connection.alias] = saved
    # What Django keeps as the connection's serialized contents: a mark, the rows stay here.
    return SNAPSHOT


def put_back(creation: BaseDatabaseCreation, data: str) -> None:
    if data != SNAPSHOT:
        _django_deserialize(creation, data)
        return
    connection = creation.connection
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias):
        for entry in _rows[connection.alias]:
            # Before the first transactional test nothing has emptied the tables yet.
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {quote(entry[0])}")  # noqa: S608 - a table name
            if connection.vendor == "postgresql":
                table, data = entry
                with connection.connection.cursor() as cursor:
                    with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(data)
            else:
                table, columns, rows = entry
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )


def delete_rows(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608


def install() -> None:
    BaseDatabaseCreation.serialize_db_to_string = take
    BaseDatabaseCreation.deserialize_db_from_string = put_back
    PostgresOperations.sql_flush = delete_rows
