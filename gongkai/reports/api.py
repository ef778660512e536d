"""The 年度报告 part of /api/v1/."""

from ninja import Router

router = Router(tags=["年度报告"])
