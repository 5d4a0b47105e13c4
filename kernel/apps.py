from django.apps import AppConfig


class KernelConfig(AppConfig):
    """What every app of ours builds on, importing none of them: the refused-action error, form
    and admin helpers, fields per language, the text blocks pages share, bulk writes, the public
    page cache, the security headers, and the background worker with its schedule
    (`manage.py run_worker`).

    An app so that the `money` template tags, the form and block templates and the worker's
    command are found; it holds no models."""

    name = "kernel"
