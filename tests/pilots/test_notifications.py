"""The pilots' emails: a greeting that reads well, the proposer's acknowledgement, the decision in
the resident's language, and links that work from a mail client."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from accounts.factories import UserFactory
from pilots import services
from pilots.factories import PilotFactory
from tests.city import approve

pytestmark = pytest.mark.django_db

SITE = "https://minipilot.hameenlinna.example"


@pytest.fixture
def run_emails(django_capture_on_commit_callbacks):
    """Run a service with its queued emails sent, and return the messages it sent."""

    def run(service, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            service(**kwargs)
        return list(mail.outbox)

    return run


def sent_to(messages, user):
    (message,) = [message for message in messages if message.to == [user.email]]
    return message


def test_emails_greet_by_name(draft, proposer, area_director, run_emails):
    messages = run_emails(services.pilot_submit, pilot=draft, by=proposer)
    assert sent_to(messages, area_director).body.startswith("Hei Leena Laine,\n")
    assert sent_to(messages, proposer).body.startswith("Hei Aino Asukas,\n")


def test_emails_greet_neutrally_without_a_name(budget, area_director, run_emails):
    nameless = UserFactory(first_name="", last_name="", language="sv")
    area_director.first_name = area_director.last_name = ""
    area_director.save()
    pilot = PilotFactory(call=budget.call, area=budget.area, proposer=nameless)
    messages = run_emails(services.pilot_submit, pilot=pilot, by=nameless)
    assert sent_to(messages, area_director).body.startswith("Hei,\n")
    assert sent_to(messages, nameless).body.startswith("Hej,\n")
    for message in messages:
        assert not re.search(r"\b(Hei|Hej|Hello) ,", message.body)


def test_proposer_is_told_the_proposal_arrived_and_what_happens_next(draft, proposer, run_emails):
    proposer.language = "sv"
    proposer.save()
    message = sent_to(run_emails(services.pilot_submit, pilot=draft, by=proposer), proposer)
    assert draft.title in message.subject
    assert message.subject.startswith("Vi har tagit emot")
    assert "områdesdirektören" in message.body
    assert f"/sv/pilots/{draft.pk}/" in message.body


def test_a_resubmission_is_acknowledged_as_revised(submitted, proposer, area_director, run_emails):
    services.pilot_request_changes(pilot=submitted, by=area_director, grounds="Lisää aikataulu.")
    message = sent_to(run_emails(services.pilot_submit, pilot=submitted, by=proposer), proposer)
    assert "muutetun" in message.body


@override_settings(WAGTAILADMIN_BASE_URL=SITE + "/")
def test_every_link_is_absolute_on_the_sites_address(draft, proposer, area_director, run_emails):
    messages = run_emails(services.pilot_submit, pilot=draft, by=proposer)
    messages += run_emails(approve, pilot=draft, director=area_director)
    links = [link for message in messages for link in re.findall(r"\S+://\S+", message.body)]
    assert len(links) >= 4
    for link in links:
        assert link.startswith(SITE + "/") and "//" not in link.removeprefix("https://")
    assert f"{SITE}/admin/proposals/inspect/{draft.pk}/" in links
    assert f"{SITE}/fi/decisions/{draft.decision.pk}/" in links


def test_decision_reaches_the_resident_in_their_language_with_its_standard_texts(
    submitted, proposer, area_director, run_emails
):
    proposer.language = "sv"
    proposer.save()
    message = sent_to(run_emails(approve, pilot=submitted, director=area_director), proposer)
    decision = submitted.decision
    assert decision.conditions_sv in message.body
    assert decision.appeal_instructions_sv in message.body
    assert decision.conditions_fi not in message.body
    assert decision.appeal_instructions_fi not in message.body
    assert "Hyvä idea." in message.body  # the director's grounds, as written
    assert decision.report_due.strftime("%-d.%-m.%Y") in message.body
    assert f"/sv/decisions/{decision.pk}/" in message.body


def test_a_rejection_quotes_the_appeal_instructions_in_finnish(
    submitted, proposer, area_director, run_emails
):
    from pilots.decision_texts import decision_defaults

    texts = decision_defaults(submitted, area_director)
    del texts["conditions"], texts["report_due"]
    messages = run_emails(
        services.pilot_reject, pilot=submitted, by=area_director, grounds="Ei nyt.", **texts
    )
    body = sent_to(messages, proposer).body
    assert submitted.decision.appeal_instructions_fi in body
    assert submitted.decision.appeal_instructions_sv not in body
