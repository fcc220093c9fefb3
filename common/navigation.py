"""Navigation by capability: each entry shows only to people who hold its permission.

Later apps add their entries here; an entry whose page does not exist yet is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs-ext is a development tool
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavEntry:
    label: StrOrPromise
    url_name: str
    # Shown when the person holds any of these capabilities (None: everyone signed in).
    permission: str | tuple[str, ...] | None
    section: str


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry(_("Đơn vị"), "units:tree", "units.view_unit", "work"),
    NavEntry(_("Nhập số liệu NTM"), "monitoring:index", "accounts.enter_indicators", "work"),
    NavEntry(_("Nông thôn mới"), "criteria:overview", "accounts.view_ntm", "work"),
    NavEntry(_("Chương trình, kế hoạch"), "plans:plan-list", "accounts.view_plans", "work"),
    NavEntry(
        _("Nhiệm vụ"),
        "plans:task-board",
        ("accounts.view_plans", "accounts.update_tasks", "accounts.manage_plans"),
        "work",
    ),
    NavEntry(_("Văn bản"), "plans:document-list", "accounts.view_plans", "work"),
    NavEntry(_("Kiểm tra, giám sát"), "oversight:case-list", "accounts.view_oversight", "work"),
    NavEntry(_("Kỷ luật"), "oversight:discipline-list", "accounts.view_oversight", "work"),
    NavEntry(_("Đơn thư, tố cáo"), "oversight:letter-list", "accounts.view_oversight", "work"),
    NavEntry(
        _("Thống kê kiểm tra, giám sát"),
        "oversight:statistics",
        ("accounts.view_oversight", "accounts.view_oversight_statistics"),
        "work",
    ),
    NavEntry(_("Tiếp công dân"), "petitions:session-list", "accounts.view_reception", "work"),
    NavEntry(_("Xếp loại chất lượng"), "ratings:overview", "accounts.view_ratings", "work"),
    NavEntry(_("Mô hình, phong trào"), "movements:list", "accounts.view_movements", "work"),
    NavEntry(_("Đỡ đầu xã"), "sponsorship:list", "accounts.view_sponsorship", "work"),
    NavEntry(_("Người dùng"), "accounts:user-list", "accounts.manage_users", "admin"),
    NavEntry(_("Nhật ký thay đổi"), "audit:log", "accounts.view_audit_log", "admin"),
)
