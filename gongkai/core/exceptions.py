"""The one domain error every service raises; views and the API show its Chinese message.

The message names the rule (条例第几条) so an officer can act on it; `code` is stable for API
clients; `status` is the HTTP status the API answers with.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the law or of the workflow refused the action; nothing was changed."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class PermissionDeniedError(DomainError):
    """Visible to the user, but not theirs to change (403)."""

    status = 403

    def __init__(self, message: str = "您没有执行此操作的权限。", *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)


class NotFoundError(DomainError):
    """Outside the user's scope or absent: the same answer, so ids cannot be probed (404)."""

    status = 404

    def __init__(self, message: str = "未找到该对象，或您无权查看。", *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class StateError(DomainError):
    """The transition is not allowed from the object's current state (409)."""

    status = 409

    def __init__(self, message: str, *, code: str = "wrong_state") -> None:
        super().__init__(message, code=code)
