"""The grant's lifecycle: one table, one mover, a history of every move, and no way round it."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from grants import sepa
from grants.errors import PaymentRefused
from grants.lifecycle import FINAL_STATES, TRANSITIONS, GrantAction, grant_move, grant_move_many
from grants.models import Grant, GrantStatus, GrantTransition, PaymentStatus
from pilots import services as pilot_services
from pilots.errors import WrongState
from pilots.models import PilotStatus
from tests.grants.stripe_grants import ready_grants

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IBAN = "FI21 1234 5600 0007 85"


def test_every_state_that_is_not_final_has_a_way_forward():
    assert FINAL_STATES == {GrantStatus.CANCELLED, GrantStatus.REVERSED, GrantStatus.RECLAIM}
    for state in set(GrantStatus) - FINAL_STATES:
        assert any(state in move.sources for move in TRANSITIONS.values()), state


def test_only_the_lifecycle_writes_a_grant_status():
    """A status written anywhere else would skip the table, the history and the audit log."""
    writes = re.compile(r"grant\.status\s*=[^=]|Grant\.objects[^\n]*\.update\([^)]*status=")
    offenders = [
        str(path.relative_to(ROOT))
        for app in (
            "grants",
            "pilots",
            "accounts",
            "reporting",
            "pilotsite",
            "kernel",
            "privacy",
            "home",
            "search",
        )
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "lifecycle.py"
        and writes.search(path.read_text())
    ]
    assert offenders == []


def test_approval_opens_the_grant_and_its_moves_are_recorded_and_logged(
    approved, proposer, finance_officer
):
    grant = approved.grant
    assert (grant.status, grant.amount) == (
        GrantStatus.AWAITING_DETAILS,
        approved.call.grant_amount,
    )
    sepa.grant_set_bank_details(grant=grant, by=proposer, holder="Aino Asukas", iban=IBAN)
    batch = sepa.sepa_batch_export(by=finance_officer)
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    moves = list(grant.transitions.values_list("action", "from_status", "to_status", "actor"))
    assert moves == [
        (GrantAction.DETAILS_GIVEN, GrantStatus.AWAITING_DETAILS, GrantStatus.READY, proposer.pk),
        (GrantAction.CLAIM, GrantStatus.READY, GrantStatus.SUBMITTING, finance_officer.pk),
        (GrantAction.PAID, GrantStatus.SUBMITTING, GrantStatus.PAID, finance_officer.pk),
    ]
    logged = ModelLogEntry.objects.filter(object_id=str(grant.pk), action__startswith="grants.")
    assert sorted(logged.values_list("action", flat=True)) == sorted(
        f"grants.{action}" for action, *_rest in moves
    )
    approved.refresh_from_db()
    assert approved.status == PilotStatus.FUNDED  # the pilot followed its grant


def test_the_bank_s_answer_records_who_gave_it_and_when(approved, proposer, finance_officer):
    sepa.grant_set_bank_details(grant=approved.grant, by=proposer, holder="Aino", iban=IBAN)
    batch = sepa.sepa_batch_export(by=finance_officer)
    payment = batch.payments.get()
    sepa.sepa_payment_mark_failed(payment=payment, by=finance_officer, reason="Tili suljettu")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.confirmed_by == finance_officer and payment.confirmed_at
    grant = Grant.objects.get(pk=approved.grant.pk)
    assert grant.status == GrantStatus.AWAITING_DETAILS
    assert "Tili suljettu" in grant.blocked_reason
    last = grant.transitions.last()
    assert (last.action, last.actor) == (GrantAction.DETAILS_NEEDED, finance_officer)


def test_a_move_the_table_does_not_allow_changes_nothing(approved, proposer, area_director):
    grant = approved.grant
    with pytest.raises(PaymentRefused):
        grant_move(grant, GrantAction.PAID)  # nothing was claimed
    with pytest.raises(PaymentRefused):
        grant_move(grant, GrantAction.DETAILS_GIVEN, by=area_director)  # not the recipient
    grant.refresh_from_db()
    assert grant.status == GrantStatus.AWAITING_DETAILS
    assert not grant.transitions.exists()


def test_cancelling_a_pilot_whose_payment_is_in_flight_is_refused_in_the_grants_words(
    approved, proposer, finance_officer, area_director
):
    sepa.grant_set_bank_details(grant=approved.grant, by=proposer, holder="Aino", iban=IBAN)
    sepa.sepa_batch_export(by=finance_officer)  # the file is at the bank
    with translation.override("fi"), pytest.raises(WrongState) as refused:
        pilot_services.pilot_cancel(pilot=approved, by=area_director, grounds="Luovuttiin.")
    assert "maksu on kesken" in str(refused.value.message)  # the grants app's own words
    approved.refresh_from_db()
    assert approved.status == PilotStatus.APPROVED
    assert Grant.objects.get(pk=approved.grant.pk).status == GrantStatus.SUBMITTING


def test_cancelling_an_unpaid_pilot_cancels_its_grant_and_frees_the_budget_place(
    approved, area_director, budget
):
    from pilots.selectors import granted_count

    assert granted_count(budget.call_id, budget.area_id) == 1
    pilot_services.pilot_cancel(pilot=approved, by=area_director, grounds="Luovuttiin.")
    grant = Grant.objects.get(pk=approved.grant.pk)
    assert grant.status == GrantStatus.CANCELLED
    assert grant.transitions.get().actor == area_director
    assert granted_count(budget.call_id, budget.area_id) == 0


def test_many_grants_move_together_each_recorded_and_logged_or_none_at_all(
    approved, finance_officer, fake_stripe
):
    """`grant_move_many` checks every grant against the table before it changes any."""
    grants = list(Grant.objects.filter(pk__in=[g.pk for g in ready_grants(fake_stripe, 3)]))
    waiting = Grant.objects.get(pk=approved.grant.pk)  # awaiting details: cannot be claimed
    with pytest.raises(PaymentRefused):
        grant_move_many([*grants, waiting], GrantAction.CLAIM, by=finance_officer)
    statuses = Grant.objects.filter(pk__in=[g.pk for g in grants]).values_list("status", flat=True)
    assert set(statuses) == {GrantStatus.READY}
    assert not GrantTransition.objects.exists()
    with pytest.raises(PaymentRefused):
        grant_move_many(grants, GrantAction.CLAIM)  # finance's move, made by nobody
    grant_move_many(grants, GrantAction.CLAIM, by=finance_officer)
    for grant in Grant.objects.filter(pk__in=[g.pk for g in grants]):
        assert grant.status == GrantStatus.SUBMITTING
        move = grant.transitions.get()
        assert (move.action, move.from_status, move.to_status, move.actor) == (
            GrantAction.CLAIM,
            GrantStatus.READY,
            GrantStatus.SUBMITTING,
            finance_officer,
        )
        (entry,) = ModelLogEntry.objects.filter(object_id=str(grant.pk), action="grants.claim")
        assert (entry.user, entry.label, entry.data["from"]) == (
            finance_officer,
            str(grant),
            GrantStatus.READY,
        )
