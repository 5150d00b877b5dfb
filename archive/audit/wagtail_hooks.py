from wagtail import hooks

from .admin import AuditEntryViewSet


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
