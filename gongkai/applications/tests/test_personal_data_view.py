"""personal_data_view: the unmasked data for the handling officer only, every view logged."""

from __future__ import annotations

import pytest

from gongkai.applications import services
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent


def test_only_the_handling_officer_sees_it_and_it_is_logged(app, cast) -> None:
    data = services.personal_data_view(actor=cast.officer_a, application=app)
    assert data == {"id_number": "11010519491231002X", "phone": "13800138000", "address": "江苏省青溪县人民路 8 号"}
    assert AuditEvent.objects.filter(action="application.view_personal_data", actor=cast.officer_a).count() == 1
    with pytest.raises(DomainError, match="只有经办人"):
        services.personal_data_view(actor=cast.admin, application=app)
    with pytest.raises(PermissionDeniedError):
        services.personal_data_view(actor=cast.supervisor, application=app)
    with pytest.raises(NotFoundError):
        services.personal_data_view(actor=cast.officer_b, application=app)
    assert AuditEvent.objects.filter(action="application.view_personal_data").count() == 1
