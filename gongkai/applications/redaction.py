"""部分公开 redaction (条例第三十七条)."""

from __future__ import annotations

from gongkai.applications.letter_models import ReleasedCopy
from gongkai.applications.models import Application


def current_released(application: Application) -> list[ReleasedCopy]:
    """The released copies the applicant receives (one per disclosed file, the newest)."""
    return list(ReleasedCopy.objects.filter(disclosure__application=application, disclosure__withdrawn=False,
                                            is_current=True).select_related("disclosure").order_by("disclosure_id"))
