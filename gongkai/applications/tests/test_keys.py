"""Keys: decryption without the key raises (and nothing gets saved over the data); blind indexes and
tracking codes have their own keys, survive a rotation, and production requires them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from gongkai.applications import fields, selectors, services
from gongkai.applications.fields import blind_index
from gongkai.applications.models import Application

FORM = {"applicant_kind": "natural", "name": "王五", "id_type": "居民身份证", "id_number": "320102198505054321",
        "phone": "13900139000", "email": "ww@example.com", "address": "青溪县文昌路 2 号",
        "description": "青溪县2026年部门预算", "form_wanted": "electronic", "delivery": "email"}
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
BLIND_OLD, BLIND_NEW = "o" * 40, "n" * 40


def _submit(cast, **extra):
    data = FORM | extra
    return services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=data, channel="in_person",
                                       submitted_on=date(2026, 9, 30))


def _raw(app: Application, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM applications_application WHERE id = %s", [app.pk])
        return cursor.fetchone()[0]


def test_decryption_without_the_key_raises_and_nothing_is_overwritten(cast, settings) -> None:
    from gongkai.applications.fields import MissingKeyError

    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    app, _ = _submit(cast)
    stored = _raw(app, "phone")
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key was dropped too early
    with pytest.raises(MissingKeyError, match="FIELD_ENCRYPTION_KEYS"):
        Application.objects.get(pk=app.pk)
    assert _raw(app, "phone") == stored  # no placeholder was written back
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    assert Application.objects.get(pk=app.pk).phone == "13900139000"


def test_rotation_re_encrypts_and_rehashes_so_the_old_keys_can_go(cast, settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    settings.BLIND_INDEX_KEYS = [BLIND_OLD]
    first, code = _submit(cast)
    second, _ = _submit(cast, description="另一件申请：青溪县2026年决算")
    old_cipher, old_hash = _raw(first, "id_number"), first.id_hash
    # Step 1: the new keys go first; everything still reads, look-ups still match.
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    settings.BLIND_INDEX_KEYS = [BLIND_NEW, BLIND_OLD]
    assert [a.pk for a in selectors.earlier_requests(cast.officer_a, first)] == [second.pk]
    # Step 2: rotate.
    call_command("rotate_personal_data", stdout=StringIO())
    first.refresh_from_db()
    assert _raw(first, "id_number") != old_cipher and first.id_hash != old_hash
    assert first.id_hash == blind_index("320102198505054321")
    # Step 3: the old keys go; data, look-ups and the applicant's tracking code all still work.
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    settings.BLIND_INDEX_KEYS = [BLIND_NEW]
    first = Application.objects.get(pk=first.pk)
    assert first.id_number == "320102198505054321" and first.address == "青溪县文昌路 2 号"
    assert [a.pk for a in selectors.earlier_requests(cast.officer_a, first)] == [second.pk]
    assert selectors.tracked(first.number, code).pk == first.pk


def test_blind_index_does_not_depend_on_secret_key(settings) -> None:
    settings.BLIND_INDEX_KEYS = [BLIND_NEW]
    before = blind_index("320102198505054321")
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert blind_index("320102198505054321") == before
    assert fields.blind_indexes("3201 0219 8505 054321") == [before]


def test_tracking_codes_have_80_bits_and_old_codes_keep_working(cast, settings) -> None:
    app, code = _submit(cast)
    raw = code.replace("-", "")
    assert len(raw) == 16 and set(raw) <= set(services.CODE_ALPHABET) and len(services.CODE_ALPHABET) == 32  # 16×5 bits
    assert selectors.tracked(app.number, code.lower().replace("-", " ")).pk == app.pk
    settings.SECRET_KEY = "rotated-secret-" + "y" * 50  # no key rotation can invalidate a code
    settings.BLIND_INDEX_KEYS = ["z" * 40]
    assert selectors.tracked(app.number, code).pk == app.pk
    # A code issued before this change: 8 hex digits, hashed with SECRET_KEY.
    import hashlib
    import hmac

    legacy = hmac.new(settings.SECRET_KEY.encode(), b"1A2B3C4D", hashlib.sha256).hexdigest()
    Application.objects.filter(pk=app.pk).update(tracking_hash=legacy)
    settings.BLIND_INDEX_KEYS = [BLIND_NEW]
    assert selectors.tracked(app.number, "1a2b3c4d").pk == app.pk


def _run_check(tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBUG="false", SECRET_KEY="s" * 30 + "-production-secret-key-for-check-deploy-0123",
               FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(), ALLOWED_HOSTS="gongkai.example.gov.cn",
               DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", **env_extra)
    env.pop("BLIND_INDEX_KEYS", None) if "BLIND_INDEX_KEYS" not in env_extra else None
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_production_requires_blind_index_keys(tmp_path: Path) -> None:
    missing = _run_check(tmp_path)
    assert missing.returncode != 0 and "BLIND_INDEX_KEYS" in missing.stderr
    short = _run_check(tmp_path, BLIND_INDEX_KEYS="too-short")
    assert short.returncode != 0 and "32" in short.stderr
    ok = _run_check(tmp_path, BLIND_INDEX_KEYS="k" * 40)
    assert ok.returncode == 0, ok.stdout + ok.stderr
