from rest_framework.permissions import SAFE_METHODS, BasePermission

from webapp.clinic.roles import COORDINATOR, PROFESSIONAL, VIEWER, role_of


class RolePermission(BasePermission):
    """Anonymous: never. Reads: the view's `read_roles`. Writes: the view's `write_roles`."""

    message = "Seu perfil não tem permissão para esta ação."

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role is None:
            return False
        if role == PROFESSIONAL and getattr(request.user, "professional", None) is None:
            return False
        allowed = (
            getattr(view, "read_roles", (COORDINATOR, VIEWER))
            if request.method in SAFE_METHODS
            else getattr(view, "write_roles", (COORDINATOR,))
        )
        return role in allowed
