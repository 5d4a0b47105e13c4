"""Writes of many rows at once that keep what the one-at-a-time writes give: a payment run's
chunk of grants (and their pilots) moves in one UPDATE and one INSERT per table, yet each row
still gets its Wagtail audit log entry and its `post_save`.

- `log_many`: the rows `wagtail.log_actions.log` writes
  (https://docs.wagtail.org/en/stable/extending/audit_log.html), in one INSERT instead of one
  `save()` with its `full_clean()` per object: the object's content type, id and title
  (`str()`), the action (checked once against the registered actions, as `full_clean()`
  checks it for each row), the user (or the active log context's) and the log context's uuid.
- `announce_saved`: Django's `post_save` for each row written by `QuerySet.update` or
  `bulk_create`, which send none, so that whoever listens to a model's saves (the public page
  cache's purge, the search index) hears of these too.

It imports no app, so both lifecycles can use it.
"""

from collections.abc import Callable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, log, registry
from wagtail.models import ModelLogEntry


def log_many(instances: Sequence, action: str, *, user=None, data: Callable[[object], dict]):
    """Log `action` on each of `instances` (all of one model); `data(instance)` is its data."""
    if not instances:
        return
    model = registry.get_log_model_for_instance(instances[0])
    if model is None or not issubclass(model, ModelLogEntry):
        # Pages and other loggers of their own: the one-at-a-time way.
        for instance in instances:
            log(instance=instance, action=action, user=user, data=data(instance))
        return
    if not registry.action_exists(action):
        raise ValueError(f"The log action {action!r} has not been registered.")
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
    now = timezone.now()
    model.objects.bulk_create(
        model(
            content_type=content_type,
            object_id=str(instance.pk),
            label=str(instance) or f"{type(instance).__name__} object ({instance.pk})",
            action=action,
            timestamp=now,
            data=data(instance),
            user=user or context.user,
            uuid=context.uuid,
        )
        for instance in instances
    )


def announce_saved(instances: Sequence, *, created: bool, update_fields=None) -> None:
    """Send `post_save` for each of `instances` (all of one model), as `save()` would have."""
    for instance in instances:
        post_save.send(
            sender=type(instance),
            instance=instance,
            created=created,
            update_fields=frozenset(update_fields) if update_fields else None,
            raw=False,
            using=instance._state.db or "default",
        )
