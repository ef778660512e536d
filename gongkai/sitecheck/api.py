"""The 网站检查 part of /api/v1/."""

from ninja import Router

router = Router(tags=["网站检查"])
