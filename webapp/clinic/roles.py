"""The three roles, as Django groups: coordinator (everything), viewer (read), professional (own week)."""
from __future__ import annotations

COORDINATOR = "coordenador"
VIEWER = "visualizador"
PROFESSIONAL = "profissional"
ROLES = (COORDINATOR, VIEWER, PROFESSIONAL)
_APPS = ("clinic", "schedules")


def role_of(user) -> str | None:
    """The strongest role a user holds (a superuser is a coordinator), or None."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return COORDINATOR
    names = {g.name for g in user.groups.all()}
    for role in ROLES:
        if role in names:
            return role
    return None


def ensure_groups(**_kwargs) -> None:
    """Create the role groups with their admin permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    Group.objects.get_or_create(name=PROFESSIONAL)
    perms = Permission.objects.filter(content_type__app_label__in=_APPS)
    coordinator.permissions.add(*perms)
    viewer.permissions.add(*perms.filter(codename__startswith="view_"))


def do_create_user(username: str, password: str, role: str, *, professional=None, email: str = ""):
    """A user in one role; coordinators and viewers may use the admin."""
    from django.contrib.auth.models import Group, User

    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    ensure_groups()
    user = User.objects.create_user(username, email=email, password=password, is_staff=role != PROFESSIONAL)
    user.groups.add(Group.objects.get(name=role))
    if professional is not None:
        professional.user = user
        professional.save(update_fields=["user"])
    return user
