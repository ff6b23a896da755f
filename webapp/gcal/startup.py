"""Start-up glue: the GOOGLE_* settings are checked when Django loads, and the roles get this app's permissions."""
from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from webapp.gcal.config import GoogleConfig, GoogleConfigError


def check_settings() -> GoogleConfig:
    """Refuse malformed GOOGLE_* values. Missing credentials are not an error: Google is then simply
    not configured, and publishing and the read-back say so."""
    try:
        return GoogleConfig.from_env(os.environ)
    except GoogleConfigError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def grant_permissions(**_kwargs) -> None:
    """Coordinators manage this app's records in the admin, viewers read them (as for the clinic's)."""
    from django.contrib.auth.models import Group, Permission

    from webapp.clinic.roles import COORDINATOR, VIEWER, ensure_groups

    ensure_groups()
    perms = Permission.objects.filter(content_type__app_label="gcal")
    Group.objects.get(name=COORDINATOR).permissions.add(*perms)
    Group.objects.get(name=VIEWER).permissions.add(*perms.filter(codename__startswith="view_"))
