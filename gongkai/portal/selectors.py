"""Reads for the site frame: the header name and the footer of every page."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from gongkai.core.models import Organisation
from gongkai.portal import rules
from gongkai.portal.models import DEFAULT_ERROR_REPORT_URL, SiteSettings

CACHE_SECONDS = 60  # other processes see a change within a minute; the writing process at once
FALLBACK_NAME = "政务公开平台"


@dataclass(frozen=True)
class SiteFrame:
    """What every page shows around its content. `configured` is False before an admin saved the
    settings: the footer then says which items are still missing instead of inventing them."""

    name: str
    sponsor: str
    organiser: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    site_id_code: str = ""
    icp_number: str = ""
    police_number: str = ""
    conac_url: str = ""
    error_report_url: str = DEFAULT_ERROR_REPORT_URL
    configured: bool = False

    @property
    def police_record_code(self) -> str:
        return rules.police_record_code(self.police_number)

    @property
    def error_report_href(self) -> str:
        """政府网站找错: the national error-report page, told which site (by its 网站标识码) is meant."""
        if not self.site_id_code:
            return self.error_report_url
        joiner = "&" if "?" in self.error_report_url else "?"
        return self.error_report_url + joiner + urlencode({"site_code": self.site_id_code})

    @property
    def missing(self) -> list[str]:
        """Footer items 国办发〔2017〕47号 requires that are not configured yet."""
        labels = {"sponsor": "主办单位", "phone": "联系方式", "site_id_code": "网站标识码", "icp_number": "ICP备案编号",
                  "police_number": "公安机关备案号", "conac_url": "党政机关网站标识"}
        return [label for name, label in labels.items() if not getattr(self, name)]


def site_settings() -> SiteSettings | None:
    return SiteSettings.objects.select_related("organisation").order_by("pk").first()


def _frame() -> SiteFrame:
    row = site_settings()
    if row is not None:
        return SiteFrame(
            name=row.site_name, sponsor=row.sponsor, organiser=row.organiser, phone=row.contact_phone,
            email=row.contact_email, address=row.contact_address, site_id_code=row.site_id_code,
            icp_number=row.icp_number, police_number=row.police_number, conac_url=row.conac_url,
            error_report_url=row.error_report_url or DEFAULT_ERROR_REPORT_URL, configured=True)
    # Not configured yet: the top-level government and its contact details, never made-up numbers.
    gov = Organisation.objects.filter(kind=Organisation.Kind.GOVERNMENT, parent__isnull=True,
                                      is_active=True).order_by("pk").first()
    if gov is None:
        return SiteFrame(name=FALLBACK_NAME, sponsor="")
    return SiteFrame(name=gov.name, sponsor=gov.name, phone=gov.phone, email=gov.email, address=gov.address)


# Kept in each process's memory, not in Django's cache: that cache may be a database table (rate limits
# need a shared one), which would cost every page the query this saves.
_memo: dict[str, object] = {"frame": None, "at": 0.0}


def site_frame() -> SiteFrame:
    """The frame, kept for a minute: it is read by every page and changes a few times a year."""
    frame = _memo["frame"]
    now = time.monotonic()
    if not isinstance(frame, SiteFrame) or now - float(str(_memo["at"])) > CACHE_SECONDS:
        frame = _frame()
        _memo["frame"], _memo["at"] = frame, now
    return frame


def forget_site_frame() -> None:
    """After a change: this process reads the settings again at once, the others within a minute."""
    _memo["frame"] = None


def settings_government(user: object) -> Organisation | None:
    """The government whose site settings this user may edit (管理员 of a government), if any."""
    from gongkai.core.models import Role
    from gongkai.core.selectors import has_role

    row = site_settings()
    if row is not None:
        return row.organisation if has_role(user, row.organisation, [Role.ADMIN]) else None
    for gov in Organisation.objects.filter(kind=Organisation.Kind.GOVERNMENT, parent__isnull=True).order_by("pk"):
        if has_role(user, gov, [Role.ADMIN]):
            return gov
    return None
