from django.contrib import admin

from accounts.models import Role, RoleAssignment, User
from common.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "position", "is_active", "is_demo"]
    search_fields = ["username", "full_name"]
    exclude = ["password"]


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "unit", "include_subtree"]
