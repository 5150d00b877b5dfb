from wagtail import hooks

from .admin import ResearchersGroup


@hooks.register("register_admin_viewset")
def register_researchers_viewsets():
    return ResearchersGroup()
