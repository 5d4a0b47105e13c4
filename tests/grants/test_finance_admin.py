"""Finance pays grants from the admin; nobody else can."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from grants import stripe_payments
from grants.lifecycle import FINAL_STATES, GrantAction
from grants.models import Grant, GrantStatus, GrantTransition, Payment, PaymentStatus, Reversal
from pilots import services as pilot_services

# Real commits: the admin claims the payment, the task calls Stripe after the commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_finance_pays_a_grant_from_the_admin(client, ready_grant, finance_officer, fake_stripe):
    client.force_login(finance_officer)
    listing = client.get("/admin/grants/").content.decode()
    assert f"/admin/grants/inspect/{ready_grant.pk}/" in listing
    page = client.get(f"/admin/grants/inspect/{ready_grant.pk}/").content.decode()
    assert f"/admin/grants/pay/{ready_grant.pk}/" in page
    # The finance officer's admin is in Finnish; its labels start with a capital letter.
    for label in ("Maksutapa", "Maksut", "Viimeisin virhe", "Siirron peruutus"):
        assert f">{label}<" in page, label
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert len(fake_stripe.transfers) == 1
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert len(fake_stripe.transfers) == 1
    assert Payment.objects.count() == 1


def test_finance_pays_again_after_the_balance_is_topped_up(
    client, ready_grant, finance_officer, fake_stripe
):
    fake_stripe.balance_cents = 0
    client.force_login(finance_officer)
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.BLOCKED
    assert grant.blocked_reason
    fake_stripe.balance_cents = 1_000_000
    # "Pay" no longer pays a blocked grant: it takes a check first.
    page = client.get(f"/admin/grants/inspect/{grant.pk}/").content.decode()
    assert f"/admin/grants/pay/{grant.pk}/" not in page
    assert f"/admin/grants/retry/{grant.pk}/" in page
    client.post(f"/admin/grants/pay/{grant.pk}/")
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.BLOCKED
    confirm = client.get(f"/admin/grants/retry/{grant.pk}/").content.decode()
    assert escape(grant.blocked_reason) in confirm
    assert 'name="checked"' in confirm and "required" in confirm
    client.post(f"/admin/grants/retry/{grant.pk}/", {"checked": "  "})
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.BLOCKED  # no check, no retry
    client.post(f"/admin/grants/retry/{grant.pk}/", {"checked": "Balance topped up 1.12."})
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.PAID
    assert sorted(Payment.objects.values_list("status", flat=True)) == [
        PaymentStatus.FAILED,
        PaymentStatus.SUCCEEDED,
    ]
    assert len(fake_stripe.transfers) == 1
    release = GrantTransition.objects.get(grant=grant, action=GrantAction.RELEASE)
    assert (release.actor, release.note) == (finance_officer, "Balance topped up 1.12.")
    history = client.get(f"/admin/grants/inspect/{grant.pk}/").content.decode()
    assert "Balance topped up 1.12." in history


def test_retrying_a_grant_that_is_not_blocked_is_refused_with_the_reason(
    client, ready_grant, finance_officer, fake_stripe
):
    client.force_login(finance_officer)
    response = client.get(f"/admin/grants/retry/{ready_grant.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/grants/inspect/{ready_grant.pk}/"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    client.post(f"/admin/grants/retry/{ready_grant.pk}/", {"checked": "Looked."}, follow=True)
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.READY
    assert not Payment.objects.exists()


def test_finance_asks_stripe_again_about_a_payment_left_unknown(
    client, ready_grant, finance_officer, fake_stripe
):
    fake_stripe.faults.extend(["reset before"] * 3)
    client.force_login(finance_officer)
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.UNKNOWN
    page = client.get(f"/admin/grants/inspect/{ready_grant.pk}/").content.decode()
    assert f"/admin/grants/ask-stripe/{ready_grant.pk}/" in page
    response = client.post(f"/admin/grants/ask-stripe/{ready_grant.pk}/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert Payment.objects.get().idempotency_key == payment.idempotency_key
    assert len(fake_stripe.transfers) == 1
    # Nothing is open any more: asking again is refused with words, not a traceback.
    response = client.post(f"/admin/grants/ask-stripe/{ready_grant.pk}/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert len(fake_stripe.transfers) == 1


def test_finance_asks_stripe_again_about_a_reversal_left_unknown(
    client, ready_grant, finance_officer, area_director, fake_stripe
):
    stripe_payments.grant_pay(grant=ready_grant, by=finance_officer)
    fake_stripe.faults.extend(["timeout after"] * 3)
    pilot_services.pilot_cancel(pilot=ready_grant.pilot, by=area_director, grounds="Luovuttiin.")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.REVERSING
    client.force_login(finance_officer)
    page = client.get(f"/admin/grants/inspect/{ready_grant.pk}/").content.decode()
    assert f"/admin/grants/ask-stripe/reversal/{ready_grant.pk}/" in page
    client.post(f"/admin/grants/ask-stripe/reversal/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.REVERSED
    assert Reversal.objects.get().status == PaymentStatus.SUCCEEDED
    assert len(fake_stripe.reversals) == 1


def next_step(html: str) -> str:
    return html.split('id="next-step"', 1)[1].split("</dd>", 1)[0]


@pytest.mark.django_db  # reads pages only: no Stripe call, nothing to commit
def test_every_state_that_is_not_final_shows_its_way_forward(
    client, ready_grant, finance_officer, fake_stripe
):
    """The resident's states say what the resident was emailed; finance's show a button (the
    in-flight ones, submitting and reversing, are the two "Ask Stripe again" tests above)."""
    client.force_login(finance_officer)
    inspect = f"/admin/grants/inspect/{ready_grant.pk}/"
    with translation.override("fi"):
        onboarding = gettext(
            "The resident acts: they have been emailed a link to finish Stripe's set-up. The "
            "grant becomes ready to pay again when Stripe says their account can receive "
            "transfers."
        )
        payout = gettext(
            "The resident acts: they have been emailed a link to check their bank account on "
            "Stripe's pages; Stripe pays the money out again once it is correct."
        )
    expected = {
        GrantStatus.AWAITING_DETAILS: onboarding,
        GrantStatus.READY: f"/admin/grants/pay/{ready_grant.pk}/",
        GrantStatus.BLOCKED: f"/admin/grants/retry/{ready_grant.pk}/",
        GrantStatus.PAYOUT_FAILED: payout,
    }
    for status, way in expected.items():
        note = "Stripe still needs details." if status == GrantStatus.AWAITING_DETAILS else ""
        Grant.objects.filter(pk=ready_grant.pk).update(status=status, blocked_reason=note)
        page = client.get(inspect).content.decode()
        assert way in page, status
        assert next_step(page).strip(), status
    assert set(GrantStatus) - FINAL_STATES == {
        GrantStatus.AWAITING_DETAILS,
        GrantStatus.READY,
        GrantStatus.SUBMITTING,
        GrantStatus.BLOCKED,
        GrantStatus.PAID,
        GrantStatus.PAYOUT_FAILED,
        GrantStatus.REVERSING,
    }, "a new state that is not final needs its way forward on the grant's page"


def test_directors_and_residents_cannot_see_or_pay_grants(
    client, ready_grant, area_director, proposer, fake_stripe
):
    for user in (area_director, proposer):
        client.force_login(user)
        assert client.get("/admin/grants/").status_code == 302
        client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.READY
    assert not fake_stripe.transfers


def test_finance_pays_all_ready_grants_at_once_and_follows_the_run(
    client, ready_grant, finance_officer, fake_stripe
):
    client.force_login(finance_officer)
    assert ready_grant.pilot.title in client.get("/admin/grants/pay-all/").content.decode()
    response = client.post("/admin/grants/pay-all/")
    payment = Payment.objects.get()
    assert response.url == f"/admin/grants/pay-all/{payment.run}/"
    assert Grant.objects.get(pk=ready_grant.pk).status == GrantStatus.PAID
    assert len(fake_stripe.transfers) == 1
    page = client.get(response.url)
    progress = page.context["progress"]
    assert (progress["found"], progress["paid"], progress["done"]) == (1, 1, True)
    html = page.content.decode()
    assert 'aria-live="polite"' in html
    assert 'data-done="true"' in html
    assert "grants/js/payment_progress" in html
    assert f'href="{response.url}"' in html  # reload link, for a browser without scripts
    assert "<script>" not in html.split('id="payment-progress"')[1]  # no inline script
    client.post("/admin/grants/pay-all/")  # nothing left to pay
    assert len(fake_stripe.transfers) == 1


def test_the_run_page_counts_payments_still_in_flight_and_what_was_not_paid(
    client, ready_grant, approved, finance_officer, fake_stripe, monkeypatch
):
    from grants import stripe_payments

    # The worker is still busy: nothing is settled yet.
    monkeypatch.setattr(stripe_payments, "payments_settle", lambda **kwargs: [])
    client.force_login(finance_officer)
    run = client.post("/admin/grants/pay-all/").url
    progress = client.get(run).context["progress"]
    assert (progress["sending"], progress["done"]) == (1, False)
    assert 'data-done="false"' in client.get(run).content.decode()
    Payment.objects.update(status=PaymentStatus.FAILED)
    Grant.objects.update(status=GrantStatus.BLOCKED, blocked_reason="Stripe refused the transfer")
    page = client.get(run)
    assert (page.context["progress"]["refused"], page.context["progress"]["done"]) == (1, True)
    html = page.content.decode()
    assert "Stripe refused the transfer" in html
    assert f"/admin/grants/inspect/{ready_grant.pk}/" in html


@pytest.mark.django_db  # reads pages only: no Stripe call, nothing to commit
def test_the_run_page_is_for_finance_only(client, area_director):
    client.force_login(area_director)
    response = client.get("/admin/grants/pay-all/00000000-0000-0000-0000-000000000000/")
    assert response.status_code in (302, 403)


def test_finance_sees_what_to_do_next_for_a_grant_sent_back_to_onboarding(
    client, ready_grant, finance_officer, fake_stripe
):
    fake_stripe.accounts[next(iter(fake_stripe.accounts))]["capabilities"]["transfers"] = "x"
    client.force_login(finance_officer)
    client.post(f"/admin/grants/pay/{ready_grant.pk}/")
    grant = Grant.objects.get(pk=ready_grant.pk)
    assert grant.status == GrantStatus.AWAITING_DETAILS
    page = client.get(f"/admin/grants/inspect/{grant.pk}/").content.decode()
    assert escape(grant.blocked_reason) in page
    listing = client.get("/admin/grants/?status=payout_failed")
    assert listing.status_code == 200


@pytest.mark.django_db  # reads pages only: no Stripe call, nothing to commit
@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/admin/grants/pay-all/", "Betala alla klara bidrag"),
        ("/admin/grants/totals/", "Bidrag totalt"),
        ("/admin/sepa-batches/new/", "Ny SEPA-betalningsfil"),
    ],
)
def test_finance_pages_are_headed_with_their_own_title(client, finance_officer, url, title):
    """Wagtail heads a page with its breadcrumbs: without one of its own it would say "Hem"."""
    finance_officer.language = "sv"
    finance_officer.save()
    client.force_login(finance_officer)
    page = client.get(url).content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert title in header
