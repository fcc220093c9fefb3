"""Evidence files (minh chứng) attached to a commune's values: checked, stored and audited."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from monitoring.models import Evidence, IndicatorValue, ValueSheet

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

# Extension -> the first bytes every such file starts with (docx and xlsx are zip packages).
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
ALLOWED_LABEL = "PDF, JPG, PNG, DOCX, XLSX"


def check_evidence_file(upload: UploadedFile) -> None:
    """Refuse a file that is too large or not one of the accepted types, in Vietnamese."""
    name = upload.name or ""
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” lớn hơn 20 MB; hãy nén hoặc chia nhỏ rồi tải lại.")
                % {"name": name}
            }
        )
    extension = PurePath(name).suffix.lower()
    signatures = ALLOWED_TYPES.get(extension)
    if signatures is None:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” không đúng loại cho phép (%(allowed)s).")
                % {"name": name, "allowed": ALLOWED_LABEL}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                "file": _("Nội dung tệp “%(name)s” không phải là tệp %(kind)s hợp lệ.")
                % {"name": name, "kind": extension.lstrip(".").upper()}
            }
        )


def _check_open(sheet: ValueSheet) -> None:
    if sheet.status != ValueSheet.Status.DRAFT:
        raise ValidationError(
            _("Số liệu đã gửi duyệt hoặc đã duyệt; mở lại bảng số liệu để thay đổi minh chứng.")
        )


@transaction.atomic
def attach_evidence(sheet: ValueSheet, code: str, upload: UploadedFile, *, actor: Any) -> Evidence:
    """Attach a file proving one value of an open sheet (the value row is made if none yet)."""
    sheet = ValueSheet.objects.select_for_update().get(pk=sheet.pk)
    _check_open(sheet)
    check_evidence_file(upload)
    value, _created = IndicatorValue.objects.get_or_create(sheet=sheet, code=code)
    name = PurePath(upload.name or "minh-chung").name[:200]
    evidence = Evidence.objects.create(
        value=value,
        file=upload,
        name=name,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor,
        "evidence.attached",
        sheet,
        unit=sheet.unit,
        data={"code": code, "file": name, "size": upload.size},
    )
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: Any) -> None:
    """Remove a file from an open sheet; the audit log keeps its name."""
    sheet = ValueSheet.objects.select_for_update().get(pk=evidence.value.sheet_id)
    _check_open(sheet)
    data = {"code": evidence.value.code, "file": evidence.name}
    stored = evidence.file.name
    evidence.delete()
    audit.record(actor, "evidence.removed", sheet, unit=sheet.unit, data=data)
    if stored:
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
