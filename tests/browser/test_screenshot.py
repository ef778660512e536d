"""Home page and staff dashboard in Debian's chromium, desktop and mobile: Chinese renders, no sideways scroll.

The PNGs land in test-artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import Image, ImageStat

OUT = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = [("desktop", 1280, 900), ("mobile", 390, 844)]

# Width of a 20px string: real CJK glyphs are ~20px each; tofu boxes or a missing font give other widths.
MEASURE = """(text) => { const s = document.createElement('span'); s.style.fontSize = '20px';
    s.style.whiteSpace = 'nowrap'; s.textContent = text; document.body.appendChild(s);
    const w = s.getBoundingClientRect().width; s.remove(); return w; }"""


def check_rendering(tab, name: str) -> None:
    assert tab.locator("h1").count() == 1 and tab.locator("h1").is_visible()
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"horizontal scroll of {overflow}px on {name}"
    width_px = tab.evaluate(MEASURE, "政务公开")
    assert 76 <= width_px <= 84, f"'政务公开' at 20px is {width_px}px wide: not a CJK font"
    family = tab.evaluate("getComputedStyle(document.body).fontFamily")
    used = [f.strip().strip('"') for f in family.split(",")]
    assert tab.evaluate("(f) => document.fonts.check('20px \"' + f + '\"', '政务公开')", used[0]) or any(
        "CJK" in f or "Noto" in f for f in used), family
    OUT.mkdir(exist_ok=True)
    shot = tab.screenshot(full_page=False)
    (OUT / f"{name}.png").write_bytes(shot)
    tab.screenshot(full_page=True, path=str(OUT / f"{name}-full.png"))
    image = Image.open(BytesIO(shot)).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20, f"{name} screenshot is nearly blank"


@pytest.mark.browser
@pytest.mark.parametrize(("size", "width", "height"), SIZES)
def test_home_page_screenshot(demo_data, page, size: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    assert "青溪县人民政府" in page.title()  # the government named in the site settings (decision 0552)
    assert page.locator("text=最新公开").first.is_visible()
    check_rendering(page, f"home-{size}")


@pytest.mark.browser
@pytest.mark.parametrize(("size", "width", "height"), SIZES)
def test_staff_dashboard_screenshot(demo_data, login_as, size: str, width: int, height: int) -> None:
    tab = login_as(get_user_model().objects.get(username="jingban"))
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto("/staff/")
    assert "工作台" in tab.title()
    check_rendering(tab, f"staff-{size}")


@pytest.mark.browser
def test_document_page_fits_a_phone(demo_data, page) -> None:
    """The 公开目录 metadata table folds into label/value pairs instead of scrolling sideways."""
    from gongkai.publishing.models import Document

    document = Document.objects.filter(status="published").order_by("pk").first()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(document.get_absolute_url())
    assert page.locator("table.meta-table").count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"horizontal scroll of {overflow}px on a document page"
    page.screenshot(path=str(OUT / "document-mobile.png"))
