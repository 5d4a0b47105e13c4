from django.core.management.base import BaseCommand, CommandError

from search.index import rebuild, registered_kinds


class Command(BaseCommand):
    help = "Rebuild the search index of every registered kind of document (or those named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="e.g. pilots.story; all kinds if none")

    def handle(self, *args, kinds, **options):
        unknown = set(kinds) - set(registered_kinds())
        if unknown:
            raise CommandError(
                f"Unknown kinds: {', '.join(sorted(unknown))}; "
                f"known: {', '.join(registered_kinds())}"
            )
        for kind, count in rebuild(kinds or None).items():
            self.stdout.write(f"{kind}: {count} documents")
