"""Background sending (`django.tasks`): the worker the project configures runs it; tests and
`make run` run it at once (ImmediateBackend)."""

from django.tasks import task

from . import services


@task
def send_digests_task(frequency: str | None = None) -> int:
    return services.send_digests(frequency)
