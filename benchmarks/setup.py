"""A throwaway database and index for one benchmark run (SQLite by default, DATABASE_URL to override)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def _fresh_postgres(name: str) -> str:
    """A new PostgreSQL database for this run, dropped at exit (127.0.0.1:5432, trust auth)."""
    import atexit

    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def django_setup(prefix: str, postgres: bool = False, immediate_jobs: bool = True, db_name: str = "") -> str:
    tmp = tempfile.mkdtemp(prefix=f"{prefix}-")
    if postgres:
        os.environ["DATABASE_URL"] = _fresh_postgres(db_name or f"bench_{prefix}_{os.getpid()}")
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ["SEARCH_INDEX_DIR"] = f"{tmp}/index"
    os.environ["MEDIA_ROOT"] = f"{tmp}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # Measured as deployed (DEBUG off: no SQL logging, cached templates). Jobs run inline unless
    # `immediate_jobs` is off (a benchmark then starts its own consumer on the same HUEY_DB).
    import secrets

    from cryptography.fernet import Fernet

    os.environ["DEBUG"] = "false"
    os.environ["HUEY_IMMEDIATE"] = "true" if immediate_jobs else "false"
    os.environ["HUEY_DB"] = f"{tmp}/huey.sqlite3"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("BLIND_INDEX_KEYS", secrets.token_urlsafe(40))  # required with DEBUG off
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages need the manifest when DEBUG is off
    return tmp
