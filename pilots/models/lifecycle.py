"""A pilot, its lifecycle and the legal record of each decision on it.

A pilot's life is a plain model with an explicit transition table (`pilots.actions`, where
each action is declared once), not Wagtail's page workflow: residents are not admin users and a
proposal is not a page. Every change of status goes through `pilots.services`, which checks the
table, records a `PilotTransition` and writes Wagtail's audit log.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.i18n import localized_value
from pilots.actions import NEXT_STEPS, Action, PilotStatus
from pilots.models.calls import Area, Call, SustainableDevelopmentGoal, Theme

S = PilotStatus
# The resident may change the content only while it is theirs to change.
EDITABLE_STATES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# A pilot in these states has had its money: its results are reported or awaited.
FUNDED_STATES = frozenset({S.FUNDED, S.REPORTED, S.PUBLISHED})
# A proposal its proposer chose to show is public from submission on, decided or not; a draft or
# a withdrawn proposal never is.
NEVER_PUBLIC_STATES = frozenset({S.DRAFT, S.WITHDRAWN})
PUBLIC_PROPOSALS = Q(shown_publicly=True) & ~Q(status__in=NEVER_PUBLIC_STATES)
# Lists, search and the sitemap leave out a public proposal the moderators hold or hid; its own
# page stays, with the moderator's note in place of its text (discussions.moderation).
LISTED_PROPOSALS = PUBLIC_PROPOSALS & Q(
    proposal_held_at__isnull=True, proposal_hidden_at__isnull=True
)
# Supports inform a decision: they are given while the proposal awaits it.
SUPPORTABLE_STATES = frozenset({S.SUBMITTED, S.CHANGES_REQUESTED})


def pilot_image_path(instance, filename):
    return f"pilots/{datetime.date.today():%Y/%m}/{filename}"


class Pilot(models.Model):
    """A resident's proposal for a minipilot in one area, from draft to decision and beyond."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("call")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("area")
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_pilots",
        verbose_name=_("proposer"),
    )
    co_proposers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="co_proposed_pilots",
        blank=True,
        through="pilots.CoProposer",
        verbose_name=_("co-proposers"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PilotStatus.choices, default=PilotStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(
        _("short summary"), max_length=500, blank=True, help_text=_("One or two sentences.")
    )
    need = models.TextField(_("the need it answers"), blank=True)
    activities = models.TextField(_("what will be done"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, verbose_name=_("sustainable development goals")
    )
    image = models.ImageField(_("image"), upload_to=pilot_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    language = models.CharField(
        _("language of the proposal"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    publish_name = models.BooleanField(
        _("my name may be published with the pilot"),
        default=False,
        help_text=_(
            "You can change this at any time. Without it the pilot is shown without a name."
        ),
    )
    shown_publicly = models.BooleanField(
        _("show the proposal publicly before the decision"),
        default=False,
    )
    # Moderation of the public proposal (discussions.moderation writes these): held once
    # PROPOSAL_REPORTS_TO_HIDE readers reported it, until a coordinator looks; hidden by a
    # coordinator, whose grounds its public page shows in place of its text.
    proposal_held_at = models.DateTimeField(
        _("public proposal held for moderation at"), null=True, blank=True
    )
    proposal_hidden_at = models.DateTimeField(
        _("public proposal hidden by the moderator at"), null=True, blank=True
    )
    proposal_hidden_grounds = models.TextField(_("grounds for hiding the proposal"), blank=True)
    inspired_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("inspired by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="pilot_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["area", "call", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The pilot cannot end before it starts.")})
        if self.image and not self.image_alt:
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def is_public_proposal(self) -> bool:
        """Shown on the public proposal pages (`PUBLIC_PROPOSALS`, for one pilot)."""
        return self.shown_publicly and self.status not in NEVER_PUBLIC_STATES

    @property
    def is_proposal_hidden(self) -> bool:
        return self.proposal_hidden_at is not None

    @property
    def is_proposal_held(self) -> bool:
        return self.proposal_held_at is not None and self.proposal_hidden_at is None

    @property
    def next_step(self):
        """What happens next, for the proposer and for staff (`pilots.actions.NextStep`)."""
        return NEXT_STEPS[self.status]

    def team_members(self) -> list:
        """The proposer and the co-proposers: everyone who takes part in the pilot."""
        return [self.proposer, *self.co_proposers.all()]

    def is_participant(self, user) -> bool:
        """The proposer and co-proposers: they may see the pilot and never decide on it."""
        if not user.is_authenticated:
            return False
        return self.proposer_id == user.pk or self.co_proposers.filter(pk=user.pk).exists()

    def public_names(self) -> list[str]:
        """The names the public pages show with the pilot: the proposer's and each
        co-proposer's, each only with that person's own consent. One query for the team."""
        names = [self.proposer.get_full_name()] if self.publish_name else []
        named = self.team.filter(publish_name=True).select_related("user")
        names += [member.user.get_full_name() for member in named]
        return [name for name in names if name]

    def budget_total(self) -> Decimal:
        return self.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class MoneyLine(models.Model):
    """One line of money: what it is for and how much, in euros (a budget or its spending)."""

    description = models.CharField(_("what"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return f"{self.description}: {self.amount} €"


class BudgetLine(MoneyLine):
    """What the grant will be spent on; the lines add up to no more than the call's grant."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("pilot")
    )

    class Meta(MoneyLine.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive")
        ]


class PilotTransition(models.Model):
    """One change of a pilot's status: who, when, from, to, and the note they wrote."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("pilot")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=20, choices=PilotStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PilotStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("pilot transition")
        verbose_name_plural = _("pilot transitions")

    def __str__(self):
        return f"{self.pilot}: {self.from_status} → {self.to_status}"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The authority's standard texts of a decision, kept in every language of the site.
STANDARD_TEXTS = ("decider_title", "conditions", "contact_person", "appeal_instructions")
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def _standard_text(field: str) -> property:
    """`decision.<field>` reads the copy in the active language (the reader's).

    Writing sets the active language's copy only, so code that builds a record with one text
    (test builders, load seeds) keeps working; the services write every language explicitly.
    """

    def read(decision) -> str:
        return localized_value(decision, field)

    def write(decision, value: str) -> None:
        language = (get_language() or "").split("-")[0]
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        setattr(decision, f"{field}_{language}", value)

    return property(read, write)


class Decision(models.Model):
    """The public legal record of an area director's decision on a pilot's grant.

    A municipal grant decision is a public document: it names the deciding official, the date,
    the amount, the grounds and conditions, the report due date, a contact person and the
    appeal instructions. It never holds a resident's contact or bank details.

    The authority's standard texts (`STANDARD_TEXTS`) are stored in Finnish, Swedish and
    English as they were on the day, because a bilingual city gives them to each reader in
    their language and the record must not change later. The director's grounds stay in the
    language they were written in (`grounds_language`).
    """

    pilot = models.OneToOneField(
        Pilot, on_delete=models.PROTECT, related_name="decision", verbose_name=_("pilot")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="decisions",
        verbose_name=_("decided by"),
    )
    # The official's name and title as they were on the day: the record must not change later.
    decider_name = models.CharField(_("deciding official"), max_length=200)
    decider_title_fi = models.CharField(
        _("title of the deciding official in Finnish"), max_length=200
    )
    decider_title_sv = models.CharField(
        _("title of the deciding official in Swedish"), max_length=200
    )
    decider_title_en = models.CharField(
        _("title of the deciding official in English"), max_length=200
    )
    decided_on = models.DateField(_("date of decision"))
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2)
    grounds = models.TextField(_("grounds"))
    grounds_language = models.CharField(
        _("language of the grounds"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    conditions_fi = models.TextField(_("conditions in Finnish"), blank=True)
    conditions_sv = models.TextField(_("conditions in Swedish"), blank=True)
    conditions_en = models.TextField(_("conditions in English"), blank=True)
    report_due = models.DateField(_("result report due"), null=True, blank=True)
    contact_person_fi = models.CharField(_("contact person in Finnish"), max_length=300)
    contact_person_sv = models.CharField(_("contact person in Swedish"), max_length=300)
    contact_person_en = models.CharField(_("contact person in English"), max_length=300)
    appeal_instructions_fi = models.TextField(_("appeal instructions in Finnish"))
    appeal_instructions_sv = models.TextField(_("appeal instructions in Swedish"))
    appeal_instructions_en = models.TextField(_("appeal instructions in English"))
    created_at = models.DateTimeField(auto_now_add=True)

    decider_title = _standard_text("decider_title")
    conditions = _standard_text("conditions")
    contact_person = _standard_text("contact_person")
    appeal_instructions = _standard_text("appeal_instructions")

    class Meta:
        ordering = ["-decided_on", "-pk"]
        # The public decision list reads them newest first, 20 a page: without this index
        # PostgreSQL sorts every decision to show 20 (117 ms at 100,000; docs/benchmarks.md).
        indexes = [models.Index(fields=["-decided_on", "-id"], name="decision_newest_first")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="rejected", amount=0) | Q(outcome="approved", amount__gt=0),
                name="decision_amount_matches_outcome",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.pilot}"
