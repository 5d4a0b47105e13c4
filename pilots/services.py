"""Every write that matters to a pilot: saving a draft and each transition of its lifecycle.

Each service is atomic, locks the pilot's row, checks who may act and from which state
(`pilots.actions.TRANSITIONS`), then changes the pilot, records the transition (database and
Wagtail's audit log) and queues the emails for after the commit. A refused action raises a
`PilotActionRefused` and changes nothing.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images.models import Image
from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update

from kernel.bulk_writes import announce_saved, log_many
from kernel.templatetags.money import money
from pilots.decision_texts import decider_title
from pilots.errors import BudgetExhausted, Incomplete, NotAllowed, PilotActionRefused, WrongState
from pilots.events import pilot_transitioned, proposal_shown
from pilots.models import (
    MAX_REPORT_PHOTOS,
    SUPPORTABLE_STATES,
    TRANSITIONS,
    Action,
    Area,
    AreaBudget,
    BudgetLine,
    Call,
    CoProposer,
    Decision,
    DecisionOutcome,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    PilotTransition,
    ResultPhoto,
    ResultReport,
    SpendingLine,
    StoryIndexPage,
    StoryPhoto,
    recount_adaptations,
)
from pilots.models.lifecycle import LANGUAGE_CODES, STANDARD_TEXTS
from pilots.permissions import may_act, may_edit_content, may_make_story
from pilots.report_problems import report_problems
from pilots.selectors import granted_count
from pilots.submission import submission_problems
from pilots.tasks import send_report_reminder, send_transition_emails


def _locked(pilot: Pilot) -> Pilot:
    return (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("call", "area")
        .get(pk=pilot.pk)
    )


def _check(pilot: Pilot, by, action: str) -> None:
    if not may_act(by, pilot, action):
        raise NotAllowed()
    if pilot.status not in TRANSITIONS[action].sources:
        raise WrongState(
            _("A pilot that is “%(status)s” cannot be changed this way.")
            % {"status": pilot.get_status_display()}
        )


def _require_grounds(grounds: str) -> str:
    grounds = (grounds or "").strip()
    if not grounds:
        raise PilotActionRefused(_("Write the grounds: the resident will read them."))
    return grounds


def _record(pilot: Pilot, by, action: str, note: str = "") -> PilotTransition:
    target = TRANSITIONS[action].target
    record = PilotTransition.objects.create(
        pilot=pilot, action=action, actor=by, from_status=pilot.status, to_status=target, note=note
    )
    pilot.status = target
    pilot.save(update_fields=["status", "submitted_at", "updated_at"])
    if pilot.submitted_at:
        # A draft is the resident's private work: staff's audit log starts at submission.
        log(
            instance=pilot,
            action=f"pilots.{action}",
            user=by,
            data={"from": record.from_status, "to": record.to_status, "note": note},
        )
    if pilot.inspired_by_id:  # the adapted story shows how often its practice was taken up
        recount_adaptations(pilot.inspired_by_id)
    pilot_transitioned.send(sender=Pilot, pilot=pilot, action=action, by=by)
    transaction.on_commit(lambda: send_transition_emails.enqueue(record.pk))
    return record


@transaction.atomic
def pilot_save_draft(
    *,
    pilot: Pilot,
    by,
    budget_lines: Sequence[tuple[str, Decimal]],
    themes: Iterable = (),
    sdgs: Iterable = (),
) -> Pilot:
    """Create or update the residents' proposal while it is theirs to edit: the proposer's,
    or a co-proposer's edit of it.

    Raises ValidationError for values that are wrong in themselves (dates in the wrong order,
    budget lines over the grant); what is merely missing is asked for only at submission.
    """
    if pilot.pk is None:
        pilot.proposer = by
        pilot.status = PilotStatus.DRAFT
    else:
        current = _locked(pilot)
        if not may_edit_content(by, current):
            raise NotAllowed()
        if not current.is_editable:
            raise WrongState(
                _("A proposal can be edited only while it is a draft or changes are requested.")
            )
        pilot.status = current.status
        if current.proposer_id != by.pk:
            # A co-proposer edits the text; the proposer's own choices stay the proposer's.
            pilot.publish_name = current.publish_name
            pilot.shown_publicly = current.shown_publicly
    total = sum((amount for _description, amount in budget_lines), Decimal("0"))
    if total > pilot.call.grant_amount:
        raise ValidationError(
            _("The budget lines add up to %(total)s, more than the grant of %(grant)s.")
            % {"total": money(total), "grant": money(pilot.call.grant_amount)}
        )
    pilot.full_clean()
    pilot.save()
    pilot.themes.set(themes)
    pilot.sdgs.set(sdgs)
    pilot.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(pilot=pilot, description=description, amount=amount)
        for description, amount in budget_lines
    )
    return pilot


def _set_proposers_choice(pilot: Pilot, by, field: str, value: bool) -> Pilot:
    pilot = _locked(pilot)
    if pilot.proposer_id != by.pk:
        raise NotAllowed()
    setattr(pilot, field, value)
    pilot.save(update_fields=[field, "updated_at"])
    return pilot


@transaction.atomic
def pilot_set_name_consent(*, pilot: Pilot, by, publish: bool) -> Pilot:
    """Give or withdraw consent to show one's own name with the pilot, in any state, as easily
    either way: the proposer's, or a co-proposer's own (each consents for themself only)."""
    if by.is_authenticated and pilot.proposer_id != by.pk:
        member = CoProposer.objects.select_for_update().filter(pilot=pilot, user=by).first()
        if member is None:
            raise NotAllowed()
        member.publish_name = publish
        member.save(update_fields=["publish_name"])
        return pilot
    return _set_proposers_choice(pilot, by, "publish_name", publish)


@transaction.atomic
def pilot_set_shown_publicly(*, pilot: Pilot, by, publish: bool) -> Pilot:
    """Show the proposal on the public proposal pages, or stop showing it, in any state.

    Supports given while it was shown stay: shown again, it has them again. A proposal awaiting
    its decision that starts to be shown is told to the layers above (`proposal_shown`).
    """
    was_public = Pilot.objects.get(pk=pilot.pk).is_public_proposal
    pilot = _set_proposers_choice(pilot, by, "shown_publicly", publish)
    if not was_public and pilot.is_public_proposal and pilot.status in SUPPORTABLE_STATES:
        proposal_shown.send(sender=Pilot, pilot=pilot)
    return pilot


@transaction.atomic
def pilot_submit(*, pilot: Pilot, by) -> Pilot:
    """draft → submitted, or changes requested → submitted (resubmit); tells the directors."""
    pilot = _locked(pilot)
    action = Action.RESUBMIT if pilot.status == PilotStatus.CHANGES_REQUESTED else Action.SUBMIT
    _check(pilot, by, action)
    problems = submission_problems(pilot)
    if problems:
        raise Incomplete(problems)
    pilot.submitted_at = pilot.submitted_at or timezone.now()
    _record(pilot, by, action)
    return pilot


@transaction.atomic
def pilot_withdraw(*, pilot: Pilot, by, note: str = "") -> Pilot:
    """draft, submitted or changes requested → withdrawn, by the proposer."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.WITHDRAW)
    _record(pilot, by, Action.WITHDRAW, note.strip())
    return pilot


@transaction.atomic
def pilot_request_changes(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """submitted → changes requested: the director asks the resident to edit and resubmit."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.REQUEST_CHANGES)
    _record(pilot, by, Action.REQUEST_CHANGES, _require_grounds(grounds))
    return pilot


def _decide(
    pilot: Pilot,
    by,
    outcome: str,
    amount: Decimal,
    *,
    grounds: str,
    grounds_language: str,
    standard_texts: dict[str, Mapping[str, str] | None],
    report_due: datetime.date | None = None,
) -> Decision:
    """Write the decision record with every standard text in every language.

    `standard_texts` maps each of `STANDARD_TEXTS` to {language: text}; a title left empty
    in a language is the director's own job title in it, or the generic one.
    """
    if not by.get_full_name():
        # The decision is public under the official's name, never their email address.
        raise PilotActionRefused(_("Add your first and last name to your profile before deciding."))
    decision = Decision(
        pilot=pilot,
        outcome=outcome,
        decider=by,
        decider_name=by.get_full_name(),
        decided_on=timezone.localdate(),
        amount=amount,
        grounds=grounds,
        grounds_language=grounds_language or pilot.language,
        report_due=report_due,
    )
    for name in STANDARD_TEXTS:
        texts = standard_texts.get(name) or {}
        for code in LANGUAGE_CODES:
            text = (texts.get(code) or "").strip()
            if name == "decider_title":
                text = text or decider_title(by, code)
            setattr(decision, f"{name}_{code}", text)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def pilot_approve(
    *,
    pilot: Pilot,
    by,
    grounds: str,
    conditions: Mapping[str, str],
    report_due: datetime.date,
    contact_person: Mapping[str, str],
    appeal_instructions: Mapping[str, str],
    decider_title: Mapping[str, str] | None = None,
    grounds_language: str = "",
) -> Pilot:
    """submitted → approved: the decision record and the grant, within the area's budget.

    Each standard text is given as {language: text} for Finnish, Swedish and English
    (`pilots.decision_texts.decision_defaults` pre-fills them). The report is never due before
    the pilot has ended. The area's budget row is locked (SELECT … FOR UPDATE on PostgreSQL),
    so directors approving at the same moment are counted one after another and the budget is
    never exceeded.
    """
    pilot = _locked(pilot)
    _check(pilot, by, Action.APPROVE)
    if not pilot.proposer.is_active:
        # Nobody could carry the pilot out or receive its grant.
        raise WrongState(
            _("The proposer has deleted their account, so the proposal cannot be approved.")
        )
    grounds = _require_grounds(grounds)
    if pilot.ends_on and report_due < pilot.ends_on:
        raise PilotActionRefused(_("The result report cannot be due before the pilot ends."))
    budget = AreaBudget.objects.select_for_update().filter(call=pilot.call, area=pilot.area).first()
    if budget is None:
        raise BudgetExhausted(_("This call has no budget for the area."))
    if granted_count(pilot.call_id, pilot.area_id) >= budget.grants:
        raise BudgetExhausted()
    _decide(
        pilot,
        by,
        DecisionOutcome.APPROVED,
        pilot.call.grant_amount,
        grounds=grounds,
        grounds_language=grounds_language,
        report_due=report_due,
        standard_texts={
            "decider_title": decider_title,
            "conditions": conditions,
            "contact_person": contact_person,
            "appeal_instructions": appeal_instructions,
        },
    )
    _record(pilot, by, Action.APPROVE, grounds)  # the grant opens (pilotsite.pilot_grant_links)
    return pilot


@transaction.atomic
def pilot_reject(
    *,
    pilot: Pilot,
    by,
    grounds: str,
    contact_person: Mapping[str, str],
    appeal_instructions: Mapping[str, str],
    decider_title: Mapping[str, str] | None = None,
    grounds_language: str = "",
) -> Pilot:
    """submitted → rejected, with the decision record (texts as in `pilot_approve`); no grant."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.REJECT)
    grounds = _require_grounds(grounds)
    _decide(
        pilot,
        by,
        DecisionOutcome.REJECTED,
        Decimal("0"),
        grounds=grounds,
        grounds_language=grounds_language,
        standard_texts={
            "decider_title": decider_title,
            "contact_person": contact_person,
            "appeal_instructions": appeal_instructions,
        },
    )
    _record(pilot, by, Action.REJECT, grounds)
    return pilot


@transaction.atomic
def pilot_cancel(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """approved → cancelled before the grant is paid (the grant returns to the area's budget),
    or funded → cancelled after a Stripe transfer and before its payout, reversing the transfer.
    The grant is withdrawn by the grants app within this transaction (pilotsite.
    pilot_grant_links), which refuses once the money has left: the city then reclaims it."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.CANCEL)
    grounds = _require_grounds(grounds)
    _record(pilot, by, Action.CANCEL, grounds)
    return pilot


@transaction.atomic
def pilots_mark_funded(*, pilots: Sequence[Pilot], paid_by=None) -> list[Pilot]:
    """approved → funded for each pilot whose grant's money has moved (grants.events.grants_paid):
    one grant, or a chunk of them a payment run settled together.

    Joins the caller's transaction. `paid_by` is the finance officer who started the payments,
    or None when reconciliation or a webhook settled them. Each pilot gets the transition
    record, audit log entry, signal and email of every transition, written with one lock query,
    one UPDATE and one INSERT each for the transitions and the audit log. A pilot in a state
    that cannot be funded refuses them all, and nothing changes.
    """
    locked = list(
        Pilot.objects.select_for_update(of=("self",))
        .select_related("call", "area")
        .filter(pk__in=[pilot.pk for pilot in pilots])
        .order_by("pk")
    )
    fund = TRANSITIONS[Action.FUND]
    target = fund.target
    if len(locked) != len(pilots) or any(pilot.status not in fund.sources for pilot in locked):
        raise WrongState()
    records = PilotTransition.objects.bulk_create(
        PilotTransition(
            pilot=pilot,
            action=Action.FUND,
            actor=paid_by,
            from_status=pilot.status,
            to_status=target,
        )
        for pilot in locked
    )
    before = {record.pilot_id: record.from_status for record in records}
    now = timezone.now()
    Pilot.objects.filter(pk__in=list(before)).update(status=target, updated_at=now)
    for pilot in locked:
        pilot.status, pilot.updated_at = target, now
    announce_saved(records, created=True)
    # A pilot's status is no reference to another object: Wagtail's reference index, which
    # would otherwise queue a task per pilot to re-read it, has nothing to learn here.
    with disable_reference_index_auto_update():
        announce_saved(locked, created=False, update_fields=("status", "updated_at"))
    # A draft is the resident's private work: staff's audit log starts at submission.
    log_many(
        [pilot for pilot in locked if pilot.submitted_at],
        f"pilots.{Action.FUND}",
        user=paid_by,
        data=lambda pilot: {"from": before[pilot.pk], "to": target, "note": ""},
    )
    for pilot in locked:
        pilot_transitioned.send(sender=Pilot, pilot=pilot, action=Action.FUND, by=paid_by)
    for record in records:
        transaction.on_commit(partial(send_transition_emails.enqueue, record.pk))
    return locked


# Results: the residents' report, and the coordinator's answer to it.


@transaction.atomic
def report_save_draft(
    *,
    pilot: Pilot,
    by,
    values: dict,
    spending_lines: Sequence[tuple[str, Decimal]],
    new_photos: Sequence[tuple[object, str]] = (),
    remove_photo_ids: Iterable[int] = (),
) -> ResultReport:
    """Create or update the result report of a funded pilot, by the proposer or a co-proposer;
    a draft until the proposer submits it.

    `values` holds the report's own fields; `new_photos` are (cleaned upload, alt text) pairs.
    Raises ValidationError when the money spent exceeds the grant or there are too many photos.
    """
    pilot = _locked(pilot)
    if not may_edit_content(by, pilot):
        raise NotAllowed()
    if pilot.proposer_id != by.pk:
        # The photos' consent is the proposer's (report_set_photo_consent), as the report's
        # submission is: a co-proposer writes the rest.
        values = {name: value for name, value in values.items() if name != "photos_consent"}
    if pilot.status != PilotStatus.FUNDED:
        raise WrongState(
            _("Results can be reported once the grant is paid, and edited until you submit them.")
        )
    report, _created = ResultReport.objects.get_or_create(pilot=pilot)
    for name, value in values.items():
        setattr(report, name, value)
    spent = sum((amount for _description, amount in spending_lines), Decimal("0"))
    if spent > pilot.grant.amount:
        raise ValidationError(
            _("The money used adds up to %(spent)s, more than the grant of %(grant)s.")
            % {"spent": money(spent), "grant": money(pilot.grant.amount)}
        )
    report.photos.filter(pk__in=list(remove_photo_ids)).delete()
    if report.photos.count() + len(new_photos) > MAX_REPORT_PHOTOS:
        raise ValidationError(
            _("A report can have at most %(count)s photos.") % {"count": MAX_REPORT_PHOTOS}
        )
    report.full_clean(exclude=["pilot"])
    report.save()
    report.spending_lines.all().delete()
    SpendingLine.objects.bulk_create(
        SpendingLine(report=report, description=description, amount=amount)
        for description, amount in spending_lines
    )
    for upload, alt_text in new_photos:
        photo = ResultPhoto(report=report, image=upload, alt_text=alt_text.strip())
        photo.full_clean(exclude=["report"])
        photo.save()
    return report


@transaction.atomic
def report_submit(*, pilot: Pilot, by) -> Pilot:
    """funded → reported: the residents hand in their results; the coordinators are told."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.REPORT)
    report = ResultReport.objects.filter(pilot=pilot).first()
    if report is None:
        raise Incomplete([("what_was_done", _("Write the report first."))])
    problems = report_problems(report)
    if problems:
        raise Incomplete(problems)
    report.submitted_at = timezone.now()
    report.save(update_fields=["submitted_at", "updated_at"])
    _record(pilot, by, Action.REPORT)
    return pilot


@transaction.atomic
def report_return(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """reported → funded: a coordinator asks the residents to complete or correct the report."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.RETURN_REPORT)
    _record(pilot, by, Action.RETURN_REPORT, _require_grounds(grounds))
    return pilot


@transaction.atomic
def pilot_mark_published(*, pilot: Pilot, by=None) -> Pilot:
    """reported → published, when the pilot's first story page goes live (a signal calls this).

    A translation published later, or a story republished after an edit, changes nothing.
    """
    pilot = _locked(pilot)
    if pilot.status != PilotStatus.REPORTED:
        return pilot
    _record(pilot, by, Action.PUBLISH)
    return pilot


def report_send_reminders(*, today: datetime.date, days_before: int = 14) -> int:
    """Remind the proposers of funded pilots whose report is due within `days_before` days.

    At most one reminder a week per pilot, so a daily cron run does not flood anyone.
    Returns how many reminders were queued.
    """
    due = Pilot.objects.filter(
        status=PilotStatus.FUNDED,
        decision__report_due__lte=today + datetime.timedelta(days=days_before),
    ).exclude(report__reminded_on__gt=today - datetime.timedelta(days=7))
    sent = 0
    for pilot in due:
        with transaction.atomic():
            report, _created = ResultReport.objects.select_for_update().get_or_create(pilot=pilot)
            report.reminded_on = today
            report.save(update_fields=["reminded_on", "updated_at"])
            transaction.on_commit(lambda pk=pilot.pk: send_report_reminder.enqueue(pk))
        sent += 1
    return sent


@transaction.atomic
def story_create_from_report(*, pilot: Pilot, by) -> PilotStoryPage:
    """A coordinator turns a submitted report into a draft story page in the pilot's language.

    The draft goes through Wagtail's moderation workflow like any page; publishing it marks the
    pilot published (pilots.signals). Photos are copied only when the residents consented.
    """
    pilot = _locked(pilot)
    if not may_make_story(by):
        raise NotAllowed()
    if pilot.status != PilotStatus.REPORTED:
        raise WrongState(_("A story can be made from a submitted result report only."))
    if pilot.stories.exists():
        raise WrongState(_("This pilot already has a story: edit that one in Pages."))
    index_page = StoryIndexPage.objects.filter(locale__language_code=pilot.language).first()
    if index_page is None:
        raise PilotActionRefused(
            _("There is no story index page in %(language)s yet: create one under the home page.")
            % {"language": pilot.get_language_display()}
        )
    report = pilot.report
    story = PilotStoryPage(
        title=pilot.title,
        slug=f"{slugify(pilot.title)[:40] or 'pilot'}-{pilot.pk}",
        live=False,
        owner=by,
        pilot=pilot,
        summary=pilot.summary,
        what_was_done=report.what_was_done,
        what_happened=report.what_happened,
        lessons=report.lessons,
        outcome=report.outcome,
        would_recommend=report.would_recommend,
        area=pilot.area,
        year=pilot.decision.decided_on.year,
    )
    index_page.add_child(instance=story)
    story.themes.set(pilot.themes.all())
    story.sdgs.set(pilot.sdgs.all())
    if report.photos_consent:
        for number, photo in enumerate(report.photos.all()):
            image = Image.objects.create(
                title=photo.alt_text[:255],
                description=photo.alt_text[:255],
                file=File(photo.image.open("rb"), name=photo.image.name.rsplit("/", 1)[-1]),
            )
            story.photos.add(StoryPhoto(image=image, alt_text=photo.alt_text, sort_order=number))
    story.save_revision(user=by, log_action=True)
    return story


def pilot_adapt(*, story: PilotStoryPage, by, area: Area) -> Pilot:
    """Start the visitor's own draft proposal from a published story, linked to its pilot.

    The draft is pre-filled from the story and the original budget; the resident then
    describes their own area's need and sends it to that area's director as usual. The draft
    is in the resident's language, not the story's: it is their proposal, and the emails
    about it reach them in that language.
    """
    if not by.is_authenticated:
        raise NotAllowed()
    today = timezone.localdate()
    call = next(
        (c for c in Call.objects.filter(budgets__area=area).distinct() if c.is_open(today)), None
    )
    if call is None:
        raise PilotActionRefused(
            _("No call for proposals is open in %(area)s right now.") % {"area": area.name}
        )
    original = story.pilot
    pilot = Pilot(
        call=call,
        area=area,
        title=story.title[:120],
        summary=story.summary,
        activities=story.what_was_done,
        language=by.language,
        inspired_by=original,
    )
    lines = [(line.description, line.amount) for line in original.budget_lines.all()]
    return pilot_save_draft(
        pilot=pilot,
        by=by,
        budget_lines=_within(lines, call.grant_amount),
        themes=story.themes.all(),
        sdgs=story.sdgs.all(),
    )


def _within(lines: list[tuple[str, Decimal]], limit: Decimal) -> list[tuple[str, Decimal]]:
    """The original budget's lines as long as they fit this call's grant."""
    kept, total = [], Decimal("0")
    for description, amount in lines:
        if total + amount > limit:
            break
        kept.append((description, amount))
        total += amount
    return kept


@transaction.atomic
def report_set_photo_consent(*, pilot: Pilot, by, publish: bool) -> ResultReport:
    """Give or withdraw consent to publish the report's photos, as easily either way.

    Withdrawing takes the photos off every story of the pilot at once (the images themselves
    are deleted, renditions included); giving it again lets a coordinator add them back.
    """
    pilot = _locked(pilot)
    if pilot.proposer_id != by.pk:
        raise NotAllowed()
    report = ResultReport.objects.select_for_update().filter(pilot=pilot).first()
    if report is None:
        raise WrongState(_("There is no result report yet."))
    report.photos_consent = publish
    report.save(update_fields=["photos_consent", "updated_at"])
    if not publish:
        withdraw_story_photos(pilot)
    return report


def withdraw_story_photos(pilot: Pilot) -> None:
    """Delete the published copies of a pilot's photos (the story pages' images)."""
    image_ids = StoryPhoto.objects.filter(page__pilot=pilot).values_list("image_id", flat=True)
    for image in Image.objects.filter(pk__in=list(image_ids)):
        image.delete()


def pilot_erase_stale_drafts(*, now: datetime.datetime) -> int:
    """Delete proposals never submitted and untouched for the draft retention period.

    A draft is the resident's private work: kept while they may come back to it, not forever.
    """
    cutoff = now - datetime.timedelta(days=settings.PILOTS_DRAFT_RETENTION_DAYS)
    stale = Pilot.objects.filter(
        status=PilotStatus.DRAFT, submitted_at__isnull=True, updated_at__lt=cutoff
    )
    for pilot in stale.exclude(image=""):
        pilot.image.delete(save=False)
    _total, by_model = stale.delete()
    return by_model.get(Pilot._meta.label, 0)
