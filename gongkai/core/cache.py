"""The shared cache's database backend, with an atomic `incr`.

Rate limits count in the cache, and several gunicorn workers count at once. Django's database
cache increments by get-then-set, so two workers can both read 4 and both write 5; this backend
locks the row instead (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions take
the write lock at BEGIN) and keeps the entry's expiry, so a limit's window is not stretched.
Redis (`REDIS_URL`) increments atomically by itself and is preferred in production.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                           f"WHERE {quote('cache_key')} = %s{lock}", [key])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            expires = row[1]
            expression = models.Expression(output_field=models.DateTimeField())
            for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
                expires = converter(expires, expression, connection)
            if expires is not None and expires.tzinfo is None:
                expires = expires.replace(tzinfo=UTC)
            if expires is not None and expires < datetime.now(UTC):
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s", [encoded, key])
        return value
