"""A migrated database with the demo archive, built once per benchmark run."""

from functools import cache


@cache
def demo_site() -> None:
    from django.core.management import call_command

    from kafamuya.demo.builder import DemoBuilder

    call_command("migrate", verbosity=0)
    DemoBuilder(log=lambda *a: None).build()
