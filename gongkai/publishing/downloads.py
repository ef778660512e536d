"""Attachment downloads (decision 0559): the public ones through `selectors.public_attachment`, staff ones
through `staff_document`; both answered here with the same headers.

The stored `content_type` was judged from the bytes at upload (services.attachment_add), never from the
name, and `nosniff` keeps browsers from guessing another. With ATTACHMENT_SENDFILE the web server sends the
bytes (X-Accel-Redirect for nginx, X-Sendfile for Apache); the app still decides who gets them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase

from gongkai.core.downloads import content_disposition
from gongkai.publishing.models import Attachment


def _stored_path(item: Attachment) -> Path:
    """The file's absolute path inside MEDIA_ROOT; a stored name that climbs out of it (`../`, an absolute
    path) or a missing file is a 404, never another file of the server."""
    name = item.file.name or ""
    try:
        path = Path(default_storage.path(name)).resolve()
    except (SuspiciousFileOperation, ValueError) as exc:
        raise Http404("附件文件不存在。") from exc
    root = Path(settings.MEDIA_ROOT).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("附件文件不存在。")
    return path


def attachment_response(item: Attachment) -> HttpResponseBase:
    path = _stored_path(item)
    mode = settings.ATTACHMENT_SENDFILE
    response: HttpResponseBase
    if mode == "nginx":
        relative = path.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
        response = HttpResponse(content_type=item.content_type)
        response["X-Accel-Redirect"] = settings.ATTACHMENT_ACCEL_PREFIX + quote(relative)
    elif mode == "apache":
        response = HttpResponse(content_type=item.content_type)
        # mod_xsendfile ≥ 1.0 percent-decodes the header (XSendFileUnescape On, its default); headers are ASCII.
        response["X-Sendfile"] = quote(str(path))
    else:
        response = FileResponse(path.open("rb"), content_type=item.content_type)
        response["Content-Length"] = str(path.stat().st_size)
    response["Content-Disposition"] = content_disposition(item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{item.sha256}"'
    return response
