"""Request types for views: an HttpRequest whose user is our User and which knows htmx."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User
    from common.middleware import PagePicker


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
    picker: PagePicker
