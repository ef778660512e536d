"""Schemathesis over the whole OpenAPI schema, in process against the WSGI app: 0 server errors.

Every operation is fuzzed as a signed-in superuser (so the staff operations run their code, not
just the login check) with CSRF satisfied, and anonymously for the public operations. Bounded by
FUZZ_EXAMPLES per operation so the run stays well under two minutes in `make test`.
`FUZZ_STATS=path` appends one JSON line per case (operation, cases and requests so far, server errors) for
benchmarks/security_bench.py.
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
STATS: dict[str, dict[str, int]] = {}


@pytest.fixture
def in_test_transaction() -> Any:
    """Calls go straight to the WSGI app, whose request signals would close the test's database
    connection (PostgreSQL: it is inside the test transaction); Django's test client unhooks them
    the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(cast: Any, settings: Any, in_test_transaction: Any) -> dict[str, Any]:
    """Cookies and headers of a superuser session, plus a request to act on."""
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from gongkai.applications import services

    settings.RATELIMIT_ENABLE = False  # the limits have their own tests; here every case must reach the code
    services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, channel="in_person",
                                submitted_on=date(2026, 9, 30), data={
                                    "applicant_kind": "natural", "name": "周八", "phone": "13900139000",
                                    "description": "2026年预算", "form_wanted": "electronic", "delivery": "email"})
    root = get_user_model().objects.create_superuser("fuzz", "fuzz@example.com", "Fuzz-password-2026")
    client = Client()
    client.force_login(root)
    token = _get_new_csrf_string()
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
            "headers": {"X-CSRFToken": token}}


def _schema() -> Any:
    from config.wsgi import application

    # Loading the schema touches no database (the OpenAPI view is static).
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _schema()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case: Any, signed_in: dict[str, Any]) -> None:
    key = f"{case.operation.method.upper()} {case.operation.path}"
    stats = STATS.setdefault(key, {"cases": 0, "requests": 0, "server_errors": 0})
    stats["cases"] += 1
    stats["requests"] += 2
    responses = [case.call(cookies=auth.get("cookies"), headers=auth.get("headers")) for auth in (signed_in, {})]
    stats["server_errors"] += sum(r.status_code >= 500 for r in responses)
    path = os.environ.get("FUZZ_STATS")
    if path:  # written before the check, so a failing case is counted too
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"operation": key, **stats}) + "\n")
    for response in responses:
        case.validate_response(response, checks=[not_a_server_error])
