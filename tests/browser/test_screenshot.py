"""The home page in Debian's chromium, desktop and mobile: renders Chinese, no sideways scroll."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageStat

OUT = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("mobile", 390, 844)])
def test_home_page_screenshot(demo_data, page, name: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    assert "政务公开平台" in page.title()
    assert page.locator("text=最新公开").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"horizontal scroll of {overflow}px on {name}"
    # CJK glyphs render with a real font: "政务公开" is wider than four tofu boxes would be tall and is not 0.
    width_px = page.evaluate("""() => { const s = document.createElement('span'); s.style.fontSize = '20px';
        s.textContent = '政务公开'; document.body.appendChild(s); const w = s.getBoundingClientRect().width;
        s.remove(); return w; }""")
    assert 60 <= width_px <= 100
    fonts = page.evaluate("document.fonts.check('20px \"Noto Sans CJK SC\"')")
    assert fonts is True
    OUT.mkdir(exist_ok=True)
    shot = page.screenshot(full_page=False)
    (OUT / f"home-{name}.png").write_bytes(shot)
    image = Image.open(BytesIO(shot)).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20  # not a blank page
