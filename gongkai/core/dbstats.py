"""Planner statistics after bulk writes (both databases)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def analyze(*models: type[Model]) -> None:
    """`ANALYZE` the models' tables. After a large import the planners' statistics still describe the
    empty tables (SQLite keeps none until asked; PostgreSQL's autovacuum comes later), and a plan
    chosen for three rows scans all of them once there are 100,000."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
