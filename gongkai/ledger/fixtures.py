"""The hand counts and the fixture documents kept under tests/data, read by the tests and by
benchmarks/ledger_bench.py (one loader, so both measure the same thing)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "tests" / "data"
_PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


@cache
def hand_counts() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / "hand_counts.yaml").read_text(encoding="utf-8"))
    return loaded


@cache
def fixture_index() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / "fixtures.yaml").read_text(encoding="utf-8"))["fixtures"]
    return loaded


def fixture_text(name: str) -> str:
    """A fixture's text as the parser should see it: pinyin annotations out, traditional → simplified."""
    text = (DATA / "fixtures" / name).read_text(encoding="utf-8")
    if fixture_index()[name].get("traditional"):
        import opencc

        text = opencc.OpenCC("t2s").convert(_PINYIN.sub("", text))
    return text
