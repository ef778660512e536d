"""tantivy is never asked for more than MAX_RESULT_WINDOW hits, whatever page a caller passes.

On the first build `search(..., page=999999999999)` made tantivy allocate a collector for about
160 TB and abort the process (SIGABRT): the probe runs in a child process so that a regression
fails this test instead of killing the test worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = """
import json, django
django.setup()
from datetime import date
from gongkai.search import documents as d
docs = [d.IndexedDocument(pk=i, index_no=f"X/2026-{i:05d}", title=f"政务公开通知{i}", doc_no="", publisher="县政府",
        org_id=1, written_on=date(2026, 1, 1), published_on=date(2026, 1, 2), topic="综合政务", genre="通知",
        validity="valid", kind="policy", rank_penalty=0, keywords="", body="政务公开工作要点", url="/")
        for i in range(1, 26)]
d.index_documents(docs)
out = {}
for page, per_page in ((999999999999, 10), (10**18, 100), (101, 10), (100, 10), (2, 20)):
    r = d.search("政务", page=page, per_page=per_page)
    out[f"{page}x{per_page}"] = [r.total, len(r.hits)]
r = d.search("政务", page=999999999999, sort="date")
out["date"] = [r.total, len(r.hits)]
r = d.search("政务", year=99999999999999999999, org_id=-(10**30))
out["filters"] = [r.total, len(r.hits)]
print(json.dumps(out))
"""


def test_huge_pages_neither_abort_nor_list_beyond_the_window(tmp_path: Path) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", SEARCH_INDEX_DIR=str(tmp_path / "idx"))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"search process died ({result.returncode}): {result.stderr[-2000:]}"
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["999999999999x10"] == [25, 0]  # counted, nothing listed
    assert out["1000000000000000000x100"] == [25, 0]
    assert out["101x10"] == [25, 0]  # just past the 1,000-hit window
    assert out["100x10"] == [25, 0]  # inside the window, past the results
    assert out["2x20"] == [25, 5]
    assert out["date"] == [25, 0]
    assert out["filters"] == [0, 0]  # numbers tantivy cannot hold match nothing instead of raising


def test_max_page_follows_the_window() -> None:
    from gongkai.search.documents import MAX_RESULT_WINDOW, max_page

    assert max_page(10) == MAX_RESULT_WINDOW // 10 and max_page(20) == MAX_RESULT_WINDOW // 20
    assert max_page(10**9) == MAX_RESULT_WINDOW // 100  # page sizes are capped too
