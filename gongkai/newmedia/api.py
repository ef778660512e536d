"""The 政务新媒体 part of /api/v1/."""

from ninja import Router

router = Router(tags=["政务新媒体"])
