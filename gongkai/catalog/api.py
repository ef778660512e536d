"""The 基层政务公开标准目录 part of /api/v1/."""

from ninja import Router

router = Router(tags=["基层政务公开标准目录"])
