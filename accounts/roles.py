"""The roles the product ships, as data: code, name, and the capabilities each grants.

`accounts.services.sync_roles` writes them after every migrate, so a new capability
reaches existing installations without anyone editing groups by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoleDefinition:
    code: str
    name: str
    description: str
    permissions: tuple[str, ...]


_VIEW_UNITS = ("units.view_unit",)

ROLES: tuple[RoleDefinition, ...] = (
    RoleDefinition(
        "system_admin",
        "Quản trị hệ thống",
        "Quản lý đơn vị, người dùng, vai trò, bộ tiêu chí; xem nhật ký thay đổi.",
        _VIEW_UNITS
        + (
            "accounts.manage_units",
            "accounts.manage_users",
            "accounts.view_audit_log",
            "accounts.manage_criteria",
            "accounts.view_ntm",
            "accounts.view_plans",
            "accounts.view_reports",
        ),
    ),
    RoleDefinition(
        "ntm_office",
        "Văn phòng điều phối nông thôn mới",
        "Theo dõi mọi xã theo bộ tiêu chí, duyệt số liệu, lập lộ trình về đích.",
        _VIEW_UNITS
        + (
            "accounts.view_ntm",
            "accounts.approve_indicators",
            "accounts.view_plans",
            "accounts.view_reports",
            "accounts.view_movements",
            "accounts.view_sponsorship",
            "accounts.manage_sponsorship",
        ),
    ),
    RoleDefinition(
        "commune_data_officer",
        "Cán bộ nhập liệu cấp xã",
        "Nhập số liệu chỉ tiêu và minh chứng của xã; cập nhật nhiệm vụ được giao.",
        _VIEW_UNITS + ("accounts.view_ntm", "accounts.enter_indicators", "accounts.update_tasks"),
    ),
    RoleDefinition(
        "committee_office",
        "Văn phòng cấp ủy",
        "Quản lý chương trình hành động, chỉ tiêu, nhiệm vụ, văn bản; lập báo cáo định kỳ.",
        _VIEW_UNITS
        + (
            "accounts.view_plans",
            "accounts.manage_plans",
            "accounts.update_tasks",
            "accounts.view_ntm",
            "accounts.view_reports",
            "accounts.view_ratings",
            "accounts.view_movements",
            "accounts.view_sponsorship",
            "accounts.manage_sponsorship",
        ),
    ),
    RoleDefinition(
        "inspection_member",
        "Ủy viên Ủy ban kiểm tra",
        "Thực hiện chương trình kiểm tra, giám sát, kỷ luật, giải quyết tố cáo, khiếu nại.",
        _VIEW_UNITS
        + (
            "accounts.view_oversight",
            "accounts.manage_oversight",
            "accounts.view_oversight_statistics",
        ),
    ),
    RoleDefinition(
        "inspection_chair",
        "Chủ nhiệm Ủy ban kiểm tra",
        "Như ủy viên, và được xem danh tính người tố cáo.",
        _VIEW_UNITS
        + (
            "accounts.view_oversight",
            "accounts.manage_oversight",
            "accounts.view_oversight_statistics",
            "accounts.view_denouncer_identity",
        ),
    ),
    RoleDefinition(
        "reception_officer",
        "Cán bộ tiếp công dân",
        "Ghi nhận phiên tiếp công dân, đối thoại, đơn thư và theo dõi thời hạn giải quyết.",
        _VIEW_UNITS
        + (
            "accounts.view_reception",
            "accounts.manage_reception",
            "accounts.view_citizen_personal_data",
        ),
    ),
    RoleDefinition(
        "organisation_office",
        "Ban Tổ chức cấp ủy",
        "Ghi nhận kiểm điểm, xếp loại chất lượng tổ chức đảng và đảng viên; kiểm tra tỷ lệ.",
        _VIEW_UNITS + ("accounts.view_ratings", "accounts.manage_ratings"),
    ),
    RoleDefinition(
        "mass_mobilisation_office",
        "Ban Tuyên giáo và Dân vận cấp ủy",
        "Quản lý mô hình “Dân vận khéo” và các mô hình, phong trào; xem số liệu tiếp dân, đối thoại.",
        _VIEW_UNITS
        + ("accounts.view_movements", "accounts.manage_movements", "accounts.view_reception"),
    ),
    RoleDefinition(
        "leader",
        "Lãnh đạo (chỉ xem)",
        "Bí thư, thường trực cấp ủy: xem bảng điều khiển, báo cáo và số liệu tổng hợp.",
        _VIEW_UNITS
        + (
            "accounts.view_ntm",
            "accounts.view_plans",
            "accounts.view_reports",
            "accounts.view_oversight_statistics",
            "accounts.view_reception",
            "accounts.view_ratings",
            "accounts.view_movements",
            "accounts.view_sponsorship",
        ),
    ),
)

ROLE_CODES = tuple(role.code for role in ROLES)
