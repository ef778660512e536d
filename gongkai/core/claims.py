"""Claims: a job says "this one is mine" by inserting a row that a unique constraint allows once.

Two workers running the same job (a retried huey task, a cron overlap, two hosts) each try the insert; the
database lets exactly one through, on PostgreSQL (the second waits for the first to commit, then skips) as
on SQLite (writers take turns). Nothing is read first: a "does it exist?" check is a race under READ
COMMITTED, and the constraint is the only judge (decision 0455)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def claim_one(row: models.Model) -> bool:
    """Insert `row`; False when the unique constraint says another run holds it already."""
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the caller's transaction usable
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def claim_many(model: type[M], rows: Sequence[M], *, token_field: str = "claim") -> list[M]:
    """Insert-or-skip many rows in one statement (ON CONFLICT DO NOTHING / INSERT OR IGNORE) and return
    the ones this call inserted: each row carries a fresh token, and rows already held keep another one."""
    if not rows:
        return []
    token = uuid.uuid4().hex
    for row in rows:
        setattr(row, token_field, token)
    with transaction.atomic():
        model._default_manager.bulk_create(rows, ignore_conflicts=True)
        return list(model._default_manager.filter(**{token_field: token}))
