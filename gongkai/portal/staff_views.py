"""Staff page of the portal: the site settings (header name and the footer of 国办发〔2017〕47号)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError, PermissionDeniedError
from gongkai.portal import selectors, services
from gongkai.portal.forms import SiteSettingsForm
from gongkai.portal.models import SiteSettings


@staff_required
def site_settings(request: HttpRequest) -> HttpResponse:
    row = selectors.site_settings()
    government = selectors.settings_government(request.user)
    initial = {}
    if row is None and government is not None:
        initial = {"site_name": government.name, "sponsor": government.name, "contact_phone": government.phone,
                   "contact_email": government.email, "contact_address": government.address}
    form = SiteSettingsForm(request.POST if request.method == "POST" else None,
                            instance=row or SiteSettings(), initial=initial)
    if request.method == "POST":
        if government is None:
            raise PermissionDeniedError("只有本级人民政府的管理员可以修改网站设置。")
        if form.is_valid():
            try:
                services.site_settings_update(actor=request.user, organisation=government, values=form.cleaned_data)
                messages.success(request, "网站设置已保存，页眉和页脚已更新。")
                return redirect("portal_staff:site_settings")
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "portal/site_settings.html", {
        "form": form, "row": row, "can_edit": government is not None, "frame": selectors.site_frame(),
    }, status=400 if request.method == "POST" else 200)
