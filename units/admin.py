from django.contrib import admin

from common.admin import ReadOnlyAdmin
from units.models import Succession, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "valid_from", "valid_to", "is_demo"]
    list_filter = ["tree", "kind", "is_demo"]
    search_fields = ["name", "code", "key"]


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "kind", "successor", "effective_on", "is_confirmed"]
