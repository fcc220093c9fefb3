from django.contrib import admin

from audit.models import AuditEvent
from common.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "target_repr", "unit"]
    list_filter = ["action"]
    search_fields = ["actor_name", "action", "target_repr"]
