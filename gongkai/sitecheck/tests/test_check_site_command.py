from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec

KEYS = {"url", "reachable", "status", "elapsed_ms", "ipv6", "https_days_left", "home_updated_on", "dead_links",
        "empty_columns", "errors"}


def _json(*args):
    out = StringIO()
    call_command("check_site", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_contract_on_a_closed_port():
    result = _json("http://127.0.0.1:9/")
    assert set(result) >= KEYS and result["reachable"] is False


def test_columns_given_on_the_command_line():
    with SimulatedSite(SiteSpec(empty_columns=1, dead_links=1)) as site:
        result = _json(site.url, "--column", f"专题栏目1={site.url}col/empty1/=other")
    assert result["empty_columns"] == ["专题栏目1"] and len(result["dead_links"]) == 1


def test_bad_column_argument_is_refused():
    with pytest.raises(CommandError, match="名称=网址"):
        call_command("check_site", "http://127.0.0.1:9/", "--column", "oops", "--json", stdout=StringIO())
