"""Every transition works for the right person in the right state and is refused otherwise,
changing nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from grants.models import Grant, GrantStatus
from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.errors import BudgetExhausted, Incomplete, NotAllowed, PilotActionRefused, WrongState
from pilots.factories import PilotFactory
from pilots.models import Decision, Pilot, PilotStatus, PilotTransition
from tests.city import approve

pytestmark = pytest.mark.django_db


class Snapshot:
    """What a refused action must leave exactly as it was."""

    def __init__(self, pilot):
        self.pilot = pilot
        self.state = self.read()

    def read(self):
        pilot = Pilot.objects.get(pk=self.pilot.pk)
        return (
            pilot.status,
            PilotTransition.objects.filter(pilot=pilot).count(),
            Decision.objects.filter(pilot=pilot).count(),
            list(Grant.objects.filter(pilot=pilot).values_list("status", flat=True)),
            ModelLogEntry.objects.filter(object_id=str(pilot.pk)).count(),
        )

    def unchanged(self):
        return self.read() == self.state


def refused(call, pilot, error=PilotActionRefused, **kwargs):
    snapshot = Snapshot(pilot)
    with pytest.raises(error) as raised:
        call(pilot=pilot, **kwargs)
    assert snapshot.unchanged()
    return raised.value


# submit / resubmit


def test_proposer_submits_a_complete_draft(
    draft, proposer, area_director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pilot = services.pilot_submit(pilot=draft, by=proposer)
    assert pilot.status == PilotStatus.SUBMITTED
    assert pilot.submitted_at is not None
    (step,) = pilot.transitions.all()
    assert (step.action, step.actor, step.from_status, step.to_status) == (
        "submit",
        proposer,
        "draft",
        "submitted",
    )
    assert ModelLogEntry.objects.filter(action="pilots.submit", object_id=str(pilot.pk)).exists()
    (message,) = [message for message in mail.outbox if message.to == [area_director.email]]
    assert draft.title in message.subject
    assert "/admin/proposals/inspect/" in message.body


def test_submission_email_is_in_each_directors_language(
    draft, proposer, area_director, django_capture_on_commit_callbacks
):
    area_director.language = "sv"
    area_director.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.pilot_submit(pilot=draft, by=proposer)
    assert mail.outbox[0].subject.startswith("Nytt förslag")


def test_only_the_proposer_submits(draft, area_director):
    refused(services.pilot_submit, draft, NotAllowed, by=area_director)
    refused(services.pilot_submit, draft, NotAllowed, by=UserFactory())


def test_submit_refuses_an_incomplete_draft_and_lists_what_is_missing(budget, proposer):
    pilot = PilotFactory(
        call=budget.call, area=budget.area, proposer=proposer, need="", starts_on=None, budget=[]
    )
    error = refused(services.pilot_submit, pilot, Incomplete, by=proposer)
    fields = [field for field, _message in error.problems]
    assert fields == ["need", "starts_on", "budget"]


def test_submit_refuses_a_closed_call(draft, proposer):
    draft.call.closes_on = datetime.date(2026, 1, 31)
    draft.call.save()
    error = refused(services.pilot_submit, draft, Incomplete, by=proposer)
    assert [field for field, _message in error.problems] == ["call"]


def test_submit_refuses_an_area_without_budget_in_the_call(draft, proposer):
    draft.call.budgets.filter(area=draft.area).delete()
    error = refused(services.pilot_submit, draft, Incomplete, by=proposer)
    assert [field for field, _message in error.problems] == ["area"]


def test_submit_twice_is_refused(submitted, proposer):
    refused(services.pilot_submit, submitted, WrongState, by=proposer)


def test_resubmit_after_changes_requested(submitted, proposer, area_director):
    services.pilot_request_changes(pilot=submitted, by=area_director, grounds="Tarkenna aikataulu.")
    pilot = services.pilot_submit(pilot=submitted, by=proposer)
    assert pilot.status == PilotStatus.SUBMITTED
    assert [step.action for step in pilot.transitions.all()] == [
        "submit",
        "request_changes",
        "resubmit",
    ]


# withdraw


@pytest.mark.parametrize("fixture", ["draft", "submitted"])
def test_proposer_withdraws(request, fixture, proposer):
    pilot = request.getfixturevalue(fixture)
    pilot = services.pilot_withdraw(pilot=pilot, by=proposer, note="Ei aikaa.")
    assert pilot.status == PilotStatus.WITHDRAWN
    assert pilot.transitions.last().note == "Ei aikaa."


def test_withdraw_is_refused_for_others_and_after_a_decision(
    approved, submitted, area_director, proposer
):
    refused(services.pilot_withdraw, approved, WrongState, by=proposer)


def test_director_cannot_withdraw_a_residents_pilot(submitted, area_director):
    refused(services.pilot_withdraw, submitted, NotAllowed, by=area_director)


# request changes


def test_director_requests_changes_and_the_proposer_is_told(
    submitted, area_director, proposer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pilot = services.pilot_request_changes(
            pilot=submitted, by=area_director, grounds="Kerro missä."
        )
    assert pilot.status == PilotStatus.CHANGES_REQUESTED
    assert pilot.is_editable
    (message,) = mail.outbox
    assert message.to == [proposer.email]
    assert "Kerro missä." in message.body
    assert f"/fi/pilots/{pilot.pk}/" in message.body


def test_request_changes_needs_grounds(submitted, area_director):
    refused(
        services.pilot_request_changes,
        submitted,
        PilotActionRefused,
        by=area_director,
        grounds="  ",
    )


def test_request_changes_refused_for_the_wrong_director_and_state(
    submitted, draft, other_director, area_director
):
    refused(services.pilot_request_changes, submitted, NotAllowed, by=other_director, grounds="x")


def test_request_changes_refused_on_a_draft(draft, area_director):
    refused(services.pilot_request_changes, draft, WrongState, by=area_director, grounds="x")


# approve


def test_director_approves_with_a_decision_record_and_a_grant(
    submitted, area_director, proposer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pilot = approve(submitted, area_director)
    assert pilot.status == PilotStatus.APPROVED
    decision = pilot.decision
    assert decision.outcome == "approved"
    assert decision.amount == Decimal("500.00")
    assert decision.decider == area_director
    assert (decision.decider_name, decision.decider_title) == ("Leena Laine", "Aluejohtaja")
    assert decision.grounds == "Hyvä idea."
    assert "14" in decision.appeal_instructions
    assert decision.report_due > decision.decided_on
    grant = Grant.objects.get(pilot=pilot)
    assert (grant.amount, grant.status) == (Decimal("500.00"), GrantStatus.AWAITING_DETAILS)
    (message,) = mail.outbox
    assert message.to == [proposer.email]
    assert "500" in message.body


def test_approval_needs_grounds(submitted, area_director):
    texts = decision_defaults(submitted, area_director)
    refused(
        services.pilot_approve, submitted, PilotActionRefused, by=area_director, grounds="", **texts
    )


def test_director_of_another_area_cannot_approve(submitted, other_director):
    texts = decision_defaults(submitted, other_director)
    refused(services.pilot_approve, submitted, NotAllowed, by=other_director, grounds="x", **texts)


def test_coordinator_and_resident_cannot_approve(submitted, coordinator, proposer):
    for user in (coordinator, proposer, UserFactory()):
        texts = decision_defaults(submitted, user)
        refused(services.pilot_approve, submitted, NotAllowed, by=user, grounds="x", **texts)


def test_director_cannot_decide_on_a_pilot_they_take_part_in(budget, area_director):
    own = PilotFactory(call=budget.call, area=budget.area, proposer=area_director)
    services.pilot_submit(pilot=own, by=area_director)
    texts = decision_defaults(own, area_director)
    refused(services.pilot_approve, own, NotAllowed, by=area_director, grounds="x", **texts)


def test_co_proposing_director_is_disqualified(submitted, area_director):
    submitted.co_proposers.add(area_director)
    texts = decision_defaults(submitted, area_director)
    refused(services.pilot_approve, submitted, NotAllowed, by=area_director, grounds="x", **texts)
    refused(
        services.pilot_reject,
        submitted,
        NotAllowed,
        by=area_director,
        grounds="x",
        contact_person={"fi": "x"},
        appeal_instructions={"fi": "x"},
    )


@pytest.mark.parametrize("fixture", ["draft", "approved"])
def test_approve_refused_in_the_wrong_state(request, fixture, area_director):
    pilot = request.getfixturevalue(fixture)
    texts = decision_defaults(pilot, area_director)
    refused(services.pilot_approve, pilot, WrongState, by=area_director, grounds="x", **texts)


@pytest.fixture
def two_proposals_one_grant(budget, proposer):
    """Two submitted pilots in an area whose budget funds only one."""
    budget.grants = 1
    budget.save()
    return [
        services.pilot_submit(
            pilot=PilotFactory(call=budget.call, area=budget.area, proposer=proposer), by=proposer
        )
        for _ in range(2)
    ]


def test_approval_beyond_the_areas_budget_is_refused(two_proposals_one_grant, area_director):
    first, second = two_proposals_one_grant
    approve(first, area_director)
    texts = decision_defaults(second, area_director)
    refused(services.pilot_approve, second, BudgetExhausted, by=area_director, grounds="x", **texts)


def test_cancelled_approval_gives_the_grant_back_to_the_budget(
    two_proposals_one_grant, area_director
):
    first, second = two_proposals_one_grant
    approve(first, area_director)
    services.pilot_cancel(pilot=first, by=area_director, grounds="Luovuttiin.")
    assert approve(second, area_director).status == PilotStatus.APPROVED


# reject


def test_director_rejects_with_a_public_decision_and_no_grant(
    submitted, area_director, proposer, django_capture_on_commit_callbacks
):
    texts = decision_defaults(submitted, area_director)
    with django_capture_on_commit_callbacks(execute=True):
        pilot = services.pilot_reject(
            pilot=submitted,
            by=area_director,
            grounds="Toiminta on jo käynnissä.",
            contact_person=texts["contact_person"],
            appeal_instructions=texts["appeal_instructions"],
        )
    assert pilot.status == PilotStatus.REJECTED
    assert pilot.decision.outcome == "rejected"
    assert pilot.decision.amount == 0
    assert not Grant.objects.filter(pilot=pilot).exists()
    assert "Toiminta on jo käynnissä." in mail.outbox[0].body


def test_rejection_needs_grounds_and_the_right_director(submitted, area_director, other_director):
    kwargs = {"contact_person": {"fi": "x"}, "appeal_instructions": {"fi": "x"}}
    refused(
        services.pilot_reject, submitted, PilotActionRefused, by=area_director, grounds="", **kwargs
    )
    refused(services.pilot_reject, submitted, NotAllowed, by=other_director, grounds="x", **kwargs)


# cancel


def test_director_cancels_an_approved_pilot_before_payment(approved, area_director):
    pilot = services.pilot_cancel(pilot=approved, by=area_director, grounds="Asukkaat luopuivat.")
    assert pilot.status == PilotStatus.CANCELLED
    assert Grant.objects.get(pilot=pilot).status == GrantStatus.CANCELLED


def test_cancel_refused_without_grounds_for_others_and_in_the_wrong_state(
    approved, submitted, area_director, other_director, proposer
):
    refused(services.pilot_cancel, approved, PilotActionRefused, by=area_director, grounds="")
    refused(services.pilot_cancel, approved, NotAllowed, by=other_director, grounds="x")
    refused(services.pilot_cancel, approved, NotAllowed, by=proposer, grounds="x")


@pytest.mark.parametrize(
    "status", [GrantStatus.SUBMITTING, GrantStatus.PAID, GrantStatus.CANCELLED]
)
def test_cancel_refused_once_the_grant_is_being_paid(approved, area_director, status):
    Grant.objects.filter(pilot=approved).update(status=status)
    refused(services.pilot_cancel, approved, WrongState, by=area_director, grounds="x")


# drafts


def test_resident_saves_a_draft_with_budget_lines(budget, proposer):
    pilot = services.pilot_save_draft(
        pilot=Pilot(call=budget.call, area=budget.area, title="Pihakirpputori"),
        by=proposer,
        budget_lines=[("Pöydät", Decimal("100")), ("Mainokset", Decimal("50"))],
    )
    assert pilot.proposer == proposer
    assert pilot.status == PilotStatus.DRAFT
    assert pilot.budget_total() == Decimal("150")


def test_budget_lines_over_the_grant_are_refused(budget, proposer):
    with translation.override("en"), pytest.raises(ValidationError, match="more than the grant"):
        services.pilot_save_draft(
            pilot=Pilot(call=budget.call, area=budget.area, title="Liian kallis"),
            by=proposer,
            budget_lines=[("Kaikki", Decimal("400")), ("Lisää", Decimal("100.01"))],
        )
    assert not Pilot.objects.exists()


def test_dates_in_the_wrong_order_are_refused(budget, proposer):
    pilot = Pilot(
        call=budget.call,
        area=budget.area,
        title="Väärin päin",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as raised:
        services.pilot_save_draft(pilot=pilot, by=proposer, budget_lines=[])
    assert "ends_on" in raised.value.message_dict


def test_a_decided_pilot_is_frozen(approved, proposer):
    approved.title = "Muutettu"
    with pytest.raises(WrongState):
        services.pilot_save_draft(pilot=approved, by=proposer, budget_lines=[])
    assert Pilot.objects.get(pk=approved.pk).title != "Muutettu"


def test_another_resident_cannot_save_someone_elses_draft(draft):
    draft.title = "Kaapattu"
    with pytest.raises(NotAllowed):
        services.pilot_save_draft(pilot=draft, by=UserFactory(), budget_lines=[])
    assert Pilot.objects.get(pk=draft.pk).title != "Kaapattu"


def test_resubmission_is_allowed_after_the_call_has_closed(submitted, proposer, area_director):
    services.pilot_request_changes(pilot=submitted, by=area_director, grounds="Tarkenna.")
    submitted.call.closes_on = datetime.date(2026, 1, 31)
    submitted.call.save()
    assert services.pilot_submit(pilot=submitted, by=proposer).status == PilotStatus.SUBMITTED


def test_a_director_without_a_name_cannot_decide(submitted, area_director):
    area_director.first_name = area_director.last_name = ""
    area_director.save()
    texts = decision_defaults(submitted, area_director)
    refused(
        services.pilot_approve,
        submitted,
        PilotActionRefused,
        by=area_director,
        grounds="x",
        **texts,
    )


def test_proposer_withdraws_name_consent_after_approval(approved, proposer):
    approved.publish_name = True
    approved.save()
    assert not services.pilot_set_name_consent(
        pilot=approved, by=proposer, publish=False
    ).publish_name


def test_only_the_proposer_changes_name_consent(approved, area_director):
    with pytest.raises(NotAllowed):
        services.pilot_set_name_consent(pilot=approved, by=area_director, publish=True)
    assert not Pilot.objects.get(pk=approved.pk).publish_name


# the decision's standard texts and due date


def test_decision_keeps_every_standard_text_in_every_language(submitted, area_director):
    decision = approve(submitted, area_director).decision
    with translation.override("fi"):
        finnish = (decision.conditions, decision.appeal_instructions, decision.decider_title)
    with translation.override("sv"):
        swedish = (decision.conditions, decision.appeal_instructions, decision.decider_title)
    assert finnish[0].startswith("Avustusta saa käyttää vain")
    assert swedish[0].startswith("Bidraget får användas bara")
    assert "14 päivän" in finnish[1] and "14 dagar" in swedish[1]
    assert (finnish[2], swedish[2]) == ("Aluejohtaja", "Områdesdirektör")
    assert decision.contact_person_sv == "Leena Laine, Områdesdirektör"
    assert decision.conditions_en.startswith("The grant may be used only")
    assert decision.grounds_language == "fi"


def test_a_title_not_given_in_a_language_is_the_generic_one(submitted, area_director):
    area_director.job_title_sv = ""
    area_director.save()
    texts = decision_defaults(submitted, area_director)
    del texts["decider_title"]
    decision = services.pilot_approve(
        pilot=submitted, by=area_director, grounds="Hyvä idea.", **texts
    ).decision
    assert (decision.decider_title_fi, decision.decider_title_sv) == (
        "Aluejohtaja",
        "Områdesdirektör",
    )
    assert decision.decider_title_en == "Area director"


def test_the_record_keeps_the_title_of_the_day(approved, area_director):
    area_director.job_title_fi = "Kaupunginosajohtaja"
    area_director.save()
    approved.decision.refresh_from_db()
    assert approved.decision.decider_title_fi == "Aluejohtaja"


def test_prefilled_report_due_date_is_never_before_the_pilots_end(submitted, area_director):
    submitted.call.report_due_days = 30
    submitted.call.save()
    today = timezone.localdate()
    submitted.starts_on = today
    submitted.ends_on = today + datetime.timedelta(days=200)
    submitted.save()
    due = decision_defaults(submitted, area_director)["report_due"]
    assert due == submitted.ends_on + datetime.timedelta(days=30)
    # A pilot that ended long ago reports within the call's time from the decision.
    submitted.starts_on = today - datetime.timedelta(days=90)
    submitted.ends_on = today - datetime.timedelta(days=60)
    submitted.save()
    assert decision_defaults(submitted, area_director)["report_due"] == today + datetime.timedelta(
        days=30
    )


def test_approval_with_a_report_due_before_the_pilots_end_is_refused(submitted, area_director):
    texts = decision_defaults(submitted, area_director)
    texts["report_due"] = submitted.ends_on - datetime.timedelta(days=1)
    refused(
        services.pilot_approve,
        submitted,
        PilotActionRefused,
        by=area_director,
        grounds="x",
        **texts,
    )


# adapting


def test_adapting_starts_the_draft_in_the_residents_language(stories, budget):
    story = stories["library"]
    assert story.locale.language_code == "fi"
    swedish_resident = UserFactory(language="sv")
    pilot = services.pilot_adapt(story=story, by=swedish_resident, area=budget.area)
    assert pilot.language == "sv"
    assert pilot.inspired_by == story.pilot
