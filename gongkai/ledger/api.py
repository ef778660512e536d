"""The 工作台账 part of /api/v1/."""

from ninja import Router

router = Router(tags=["工作台账"])
