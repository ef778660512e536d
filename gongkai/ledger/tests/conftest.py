from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.ledger import services
from gongkai.ledger.sources import plan_from_file


@pytest.fixture
def national_plan(seeds_dir: Path):
    return plan_from_file(seeds_dir / "000_9e8f2a5be9429129.txt")


@pytest.fixture
def ledger(cast, national_plan):
    """The 2021 national 要点 as the county government's ledger, kept by its supervisor."""
    return services.ledger_create_from_plan(actor=cast.supervisor, organisation=cast.gov, plan=national_plan)


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
