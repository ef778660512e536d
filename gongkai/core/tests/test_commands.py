from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


def run_workdays(*args: str) -> dict:
    out = StringIO()
    call_command("workdays", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_workdays_add_contract() -> None:
    assert run_workdays("add", "2026-09-30", "20") == {
        "start": "2026-09-30", "days": 20, "result": "2026-11-03", "provisional": False, "missing_years": []}


@pytest.mark.django_db
def test_workdays_provisional_contract() -> None:
    out = run_workdays("add", "2026-12-10", "20")
    assert out["provisional"] is True and out["missing_years"] == [2027] and out["result"].startswith("2027-")


@pytest.mark.django_db
def test_workdays_between_and_is() -> None:
    assert run_workdays("between", "2026-09-30", "2026-11-03")["workdays"] == 20
    assert run_workdays("is", "2026-10-10")["is_workday"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("args", [["add", "2026-02-30", "20"], ["add", "2026-09-30", "-1"], ["add", "昨天", "3"],
                                  ["add", "2026-09-30", "二十"], ["add", "2026-09-30"], ["frobnicate", "2026-09-30"]])
def test_workdays_bad_input_exits_2_with_one_chinese_line(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as info:
        call_command("workdays", *args, "--json")
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and any("\u4e00" <= ch <= "\u9fff" for ch in err)


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    env = dict(os.environ, DEBUG="false", SECRET_KEY="x" * 30 + "-production-secret-key-for-check-deploy-0123",
               FIELD_ENCRYPTION_KEYS="A" * 43 + "=", BLIND_INDEX_KEYS="b" * 40, ALLOWED_HOSTS="gongkai.example.gov.cn",
               DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright, never in production
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret(tmp_path: Path) -> None:
    env = dict(os.environ, DEBUG="false", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
