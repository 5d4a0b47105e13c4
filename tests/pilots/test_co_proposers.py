"""Co-proposers: the proposer's invitations by email, the signed link and its answers, what a
co-proposer may do, their own consent to be named, a director's disqualification, leaving and
removal, and the invitations' personal data."""

import datetime
import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone, translation

from accounts.factories import UserFactory
from pilots import co_proposers, services, supports
from pilots.co_proposers import InvitationExpired, InvitationRefused
from pilots.errors import NotAllowed, PilotActionRefused
from pilots.factories import PilotFactory
from pilots.models import (
    CoProposer,
    CoProposerInvitation,
    PilotStatus,
    ResultReport,
    Support,
)
from pilots.permissions import may_decide
from privacy.personal_data import personal_data
from privacy.services import user_delete_account
from tests.city import approve, write_report
from tests.pilots.proposal_posts import proposal

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/(fi|sv|en)/co-proposer-invitations/([^/\s]+)/")


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """The proposer invites `email` to `pilot`, and the email goes out (mail.outbox)."""

    def send(pilot, email):
        with django_capture_on_commit_callbacks(execute=True):
            return co_proposers.co_proposer_invite(pilot=pilot, by=pilot.proposer, email=email)

    return send


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


@pytest.fixture
def join(invite):
    """`user` invited to `pilot` and accepting, the way the services do it."""

    def accept(pilot, user, publish_name=False):
        invitation = invite(pilot, user.email)
        co_proposers.invitation_accept(invitation=invitation, by=user, publish_name=publish_name)
        return user

    return accept


@pytest.fixture
def friend(db):
    return UserFactory(email="ville@example.org", first_name="Ville", last_name="Ystävä")


# --- inviting


def test_the_proposer_invites_by_email_and_the_link_comes_in_their_language(draft, invite):
    with translation.override("sv"):
        invitation = invite(draft, "Ville@Example.org")
    assert invitation.email == "ville@example.org"
    assert invitation.language == "sv"
    (message,) = mail.outbox
    assert message.to == ["ville@example.org"]
    assert link_in(message).startswith("/sv/co-proposer-invitations/")
    assert draft.title in message.subject


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested"])
def test_invitations_are_sent_while_the_proposal_awaits_its_decision(
    request, state, area_director, invite
):
    pilot = request.getfixturevalue("submitted" if state != "draft" else "draft")
    if state == "changes_requested":
        pilot = services.pilot_request_changes(pilot=pilot, by=area_director, grounds="Tarkenna.")
    invite(pilot, "ville@example.org")
    assert pilot.invitations.count() == 1


def test_no_invitations_once_the_proposal_is_decided(approved, invite):
    with pytest.raises(PilotActionRefused):
        invite(approved, "ville@example.org")
    assert not CoProposerInvitation.objects.exists()


def test_at_most_four_co_proposers_and_invitations_together(draft, friend, invite, join):
    join(draft, friend)
    for number in range(3):
        invite(draft, f"friend{number}@example.org")
    with pytest.raises(PilotActionRefused):
        invite(draft, "fifth@example.org")
    assert draft.invitations.count() == 3 and draft.team.count() == 1
    # A withdrawn invitation frees its place.
    co_proposers.invitation_withdraw(invitation=draft.invitations.first(), by=draft.proposer)
    invite(draft, "fifth@example.org")


def test_an_expired_invitation_frees_its_place_and_its_address(draft, invite):
    for number in range(4):
        invite(draft, f"friend{number}@example.org")
    CoProposerInvitation.objects.filter(email="friend0@example.org").update(
        created_at=timezone.now() - co_proposers.INVITATION_MAX_AGE - datetime.timedelta(hours=1)
    )
    assert co_proposers.places_left(draft) == 1
    invite(draft, "friend0@example.org")
    assert draft.invitations.count() == 4 and co_proposers.places_left(draft) == 0


def test_one_address_is_invited_once_and_a_member_not_again(draft, friend, invite, join):
    invite(draft, "someone@example.org")
    with pytest.raises(PilotActionRefused):
        invite(draft, "SOMEONE@example.org")
    join(draft, friend)
    with pytest.raises(PilotActionRefused):
        invite(draft, friend.email)
    with pytest.raises(PilotActionRefused):
        invite(draft, draft.proposer.email)
    assert draft.invitations.count() == 1


def test_only_the_proposer_invites(draft, friend, join):
    join(draft, friend)
    with pytest.raises(NotAllowed):
        co_proposers.co_proposer_invite(pilot=draft, by=friend, email="x@example.org")
    with pytest.raises(NotAllowed):
        co_proposers.co_proposer_invite(pilot=draft, by=UserFactory(), email="x@example.org")
    assert not draft.invitations.exists()


def test_the_proposer_sees_and_withdraws_pending_invitations(client, draft, site_pages):
    client.force_login(draft.proposer)
    response = client.post(reverse("pilots:team", args=[draft.pk]), {"email": "v@example.org"})
    assert response.status_code == 302
    page = client.get(reverse("pilots:team", args=[draft.pk])).content.decode()
    assert "v@example.org" in page
    invitation = draft.invitations.get()
    client.post(reverse("pilots:invitation_withdraw", args=[draft.pk, invitation.pk]))
    assert not draft.invitations.exists()
    assert (
        "v@example.org" not in client.get(reverse("pilots:team", args=[draft.pk])).content.decode()
    )


def test_a_wrong_address_is_refused_in_the_form(client, draft, site_pages):
    client.force_login(draft.proposer)
    response = client.post(reverse("pilots:team", args=[draft.pk]), {"email": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not draft.invitations.exists()


def test_another_resident_reaches_no_team_page(client, draft, site_pages):
    client.force_login(UserFactory())
    assert client.get(reverse("pilots:team", args=[draft.pk])).status_code == 404
    response = client.post(reverse("pilots:team", args=[draft.pk]), {"email": "v@example.org"})
    assert response.status_code == 404
    assert not draft.invitations.exists()


# --- the link


def test_the_invitee_signs_in_from_the_link_and_accepts(client, draft, friend, site_pages, invite):
    invite(draft, friend.email)
    link = link_in(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "next=" in response["Location"]
    client.force_login(friend)
    page = client.get(link)
    assert page.status_code == 200 and b'id="answer"' in page.content
    response = client.post(link, {"answer": "accept", "publish_name": "on"})
    assert response["Location"] == reverse("pilots:detail", args=[draft.pk])
    member = CoProposer.objects.get(pilot=draft, user=friend)
    assert member.publish_name is True
    assert not CoProposerInvitation.objects.exists()  # the address is not kept


def test_a_support_given_before_joining_is_taken_back(submitted, friend, join):
    services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=True)
    supports.support_add(pilot=submitted, by=friend)
    join(submitted, friend)
    assert not Support.objects.filter(pilot=submitted).exists()


def test_declining_deletes_the_invitation(client, draft, friend, site_pages, invite):
    invite(draft, friend.email)
    client.force_login(friend)
    client.post(link_in(mail.outbox[0]), {"answer": "decline"})
    assert not CoProposerInvitation.objects.exists()
    assert not draft.co_proposers.exists()


def refusal_on(client, link) -> str:
    page = client.get(link)
    assert page.status_code == 200
    assert b'id="answer"' not in page.content
    return page.context["refusal"]


def test_a_used_withdrawn_or_tampered_link_says_so(client, draft, friend, site_pages, invite):
    client.force_login(friend)
    invite(draft, friend.email)
    used = link_in(mail.outbox[-1])
    client.post(used, {"answer": "accept"})
    assert refusal_on(client, used) == InvitationRefused.default_message
    withdrawn = invite(draft, "other@example.org")
    co_proposers.invitation_withdraw(invitation=withdrawn, by=draft.proposer)
    assert refusal_on(client, link_in(mail.outbox[-1])) == InvitationRefused.default_message
    assert refusal_on(client, used[:-3] + "xx/") == InvitationRefused.default_message
    # Posting to a dead link changes nothing either.
    client.post(used, {"answer": "accept"})
    assert draft.team.count() == 1


def test_an_expired_link_says_so(client, draft, friend, site_pages, monkeypatch, invite):
    invite(draft, friend.email)
    link = link_in(mail.outbox[0])
    later = time.time() + co_proposers.INVITATION_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    client.force_login(friend)
    assert refusal_on(client, link) == InvitationExpired.default_message
    client.post(link, {"answer": "accept"})
    assert not draft.co_proposers.exists()


def test_another_account_cannot_answer(client, draft, friend, site_pages, invite):
    invitation = invite(draft, friend.email)
    stranger = UserFactory()
    client.force_login(stranger)
    link = link_in(mail.outbox[0])
    assert friend.email in refusal_on(client, link)
    client.post(link, {"answer": "accept"})
    client.post(link, {"answer": "decline"})
    assert not draft.co_proposers.exists()
    assert CoProposerInvitation.objects.filter(pk=invitation.pk).exists()
    # An address of theirs that is not confirmed is not enough.
    EmailAddress.objects.create(user=stranger, email=friend.email.upper(), verified=False)
    with pytest.raises(PilotActionRefused):
        co_proposers.invitation_accept(invitation=invitation, by=stranger, publish_name=False)
    # Confirmed, it is theirs.
    EmailAddress.objects.filter(user=stranger, verified=False).update(verified=True)
    co_proposers.invitation_accept(invitation=invitation, by=stranger, publish_name=False)
    assert list(draft.co_proposers.all()) == [stranger]


def test_an_invitation_to_a_decided_proposal_is_no_longer_accepted(
    submitted, friend, area_director, invite
):
    invitation = invite(submitted, friend.email)
    approve(submitted, area_director)
    with pytest.raises(PilotActionRefused):
        co_proposers.invitation_accept(invitation=invitation, by=friend, publish_name=False)
    assert not submitted.co_proposers.exists()


# --- what a co-proposer may do


def test_a_co_proposer_edits_the_draft_but_not_the_proposers_choices(
    client, draft, friend, budget, site_pages, join
):
    join(draft, friend)
    client.force_login(friend)
    form = client.get(reverse("pilots:edit", args=[draft.pk]))
    assert form.status_code == 200
    assert "publish_name" not in form.context["form"].fields
    data = proposal(budget, title="Yhteinen pihakirjasto", publish_name="on", shown_publicly="True")
    response = client.post(reverse("pilots:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Yhteinen pihakirjasto"
    assert draft.proposer_id != friend.pk
    assert draft.publish_name is False and draft.shown_publicly is False


def test_submitting_and_withdrawing_stay_the_proposers(client, draft, friend, join, site_pages):
    join(draft, friend)
    with pytest.raises(NotAllowed):
        services.pilot_submit(pilot=draft, by=friend)
    with pytest.raises(NotAllowed):
        services.pilot_withdraw(pilot=draft, by=friend)
    client.force_login(friend)
    detail = client.get(reverse("pilots:detail", args=[draft.pk])).content.decode()
    assert reverse("pilots:submit", args=[draft.pk]) not in detail
    assert reverse("pilots:withdraw", args=[draft.pk]) not in detail
    response = client.get(reverse("pilots:withdraw", args=[draft.pk]))
    assert response["Location"] == reverse("pilots:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == PilotStatus.DRAFT


def test_a_co_proposer_writes_the_result_report_and_the_proposer_hands_it_in(
    client, submitted, friend, area_director, finance_officer, site_pages, join
):
    from tests.city import fund

    join(submitted, friend)
    funded = fund(approve(submitted, area_director), finance_officer)
    client.force_login(friend)
    assert client.get(reverse("pilots:report", args=[funded.pk])).status_code == 200
    write_report(funded, photos_consent=True)  # the proposer's draft, photos consent given
    services.report_save_draft(
        pilot=funded,
        by=friend,
        values={"what_was_done": "Teimme yhdessä.", "photos_consent": False},
        spending_lines=[],
    )
    report = ResultReport.objects.get(pilot=funded)
    assert report.what_was_done == "Teimme yhdessä."
    assert report.photos_consent is True  # the proposer's consent, not the co-proposer's
    with pytest.raises(NotAllowed):
        services.report_submit(pilot=funded, by=friend)
    page = client.get(reverse("pilots:detail", args=[funded.pk])).content.decode()
    assert reverse("pilots:report", args=[funded.pk]) in page
    assert reverse("pilots:report_submit", args=[funded.pk]) not in page


def test_my_pilots_shows_a_co_proposed_pilot(client, draft, friend, site_pages, join):
    join(draft, friend)
    client.force_login(friend)
    assert list(client.get(reverse("pilots:mine")).context["pilots"]) == [draft]


# --- names, each with its own consent


def test_a_co_proposer_is_named_publicly_only_with_their_consent(
    client, submitted, friend, site_pages, join
):
    submitted = services.pilot_set_shown_publicly(
        pilot=submitted, by=submitted.proposer, publish=True
    )
    join(submitted, friend)
    public_page = reverse("pilots:proposal_detail", args=[submitted.pk])
    assert "Ystävä" not in client.get(public_page).content.decode()
    owner = client
    owner.force_login(friend)
    owner.post(reverse("pilots:name_consent", args=[submitted.pk]), {"publish_name": "1"})
    assert CoProposer.objects.get(user=friend).publish_name is True
    submitted.refresh_from_db()
    assert submitted.publish_name is False  # the proposer's own consent is untouched
    owner.logout()
    assert "Ville Ystävä" in client.get(public_page).content.decode()
    assert "Asukas" not in client.get(public_page).content.decode()
    services.pilot_set_name_consent(pilot=submitted, by=friend, publish=False)
    assert "Ystävä" not in client.get(public_page).content.decode()


def test_the_decision_page_names_consenting_co_proposers(
    client, submitted, friend, area_director, site_pages, join
):
    join(submitted, friend, publish_name=True)
    approved = approve(submitted, area_director)
    page = client.get(reverse("pilots:decision_detail", args=[approved.decision.pk]))
    assert "Ville Ystävä" in page.content.decode()


# --- a director who co-proposes


def test_a_director_who_accepts_cannot_decide(submitted, area_director, invite):
    assert may_decide(area_director, submitted)
    invitation = invite(submitted, area_director.email)
    co_proposers.invitation_accept(invitation=invitation, by=area_director, publish_name=False)
    assert not may_decide(area_director, submitted)
    with pytest.raises(NotAllowed):
        approve(submitted, area_director)
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.SUBMITTED


def test_a_director_who_co_proposes_stays_in_the_team_until_the_decision(
    submitted, area_director, other_director, join
):
    join(submitted, area_director)
    with pytest.raises(PilotActionRefused):
        co_proposers.co_proposer_leave(pilot=submitted, by=area_director)
    with pytest.raises(PilotActionRefused):
        co_proposers.co_proposer_remove(
            pilot=submitted, by=submitted.proposer, member=area_director
        )
    assert not may_decide(area_director, submitted)
    # The director of another area decides nothing here, and may leave as anyone may.
    join(submitted, other_director)
    co_proposers.co_proposer_leave(pilot=submitted, by=other_director)
    assert list(submitted.co_proposers.all()) == [area_director]


def test_staff_see_the_team_on_the_proposal(client, submitted, friend, coordinator, join):
    join(submitted, friend)
    client.force_login(coordinator)
    page = client.get(reverse("proposals:inspect", args=[submitted.pk])).content.decode()
    assert "Ville Ystävä" in page


# --- leaving and removal


def test_a_co_proposer_leaves_and_loses_access(client, draft, friend, site_pages, join):
    join(draft, friend, publish_name=True)
    client.force_login(friend)
    response = client.post(reverse("pilots:team_leave", args=[draft.pk]))
    assert response["Location"] == reverse("pilots:mine")
    assert not draft.co_proposers.exists()
    assert client.get(reverse("pilots:detail", args=[draft.pk])).status_code == 404


def test_the_proposer_removes_a_co_proposer(client, draft, friend, site_pages, join):
    join(draft, friend)
    other = UserFactory()
    with pytest.raises(NotAllowed):
        co_proposers.co_proposer_remove(pilot=draft, by=other, member=friend)
    with pytest.raises(NotAllowed):
        co_proposers.co_proposer_remove(pilot=draft, by=friend, member=friend)
    client.force_login(draft.proposer)
    client.post(reverse("pilots:team_remove", args=[draft.pk, friend.pk]))
    assert not draft.co_proposers.exists()
    with pytest.raises(PilotActionRefused):
        co_proposers.co_proposer_leave(pilot=draft, by=friend)


def test_the_proposer_is_no_co_proposer_to_leave(draft):
    with pytest.raises(PilotActionRefused):
        co_proposers.co_proposer_leave(pilot=draft, by=draft.proposer)


# --- personal data


def test_invitations_are_in_the_data_download_of_both_sides(draft, friend, invite, join):
    join(draft, friend, publish_name=True)
    invite(draft, "later@example.org")
    sent = personal_data(draft.proposer)["co_proposer_invitations_sent"]
    assert [row["email"] for row in sent] == ["later@example.org"]
    invitee = UserFactory(email="later@example.org")
    received = personal_data(invitee)["co_proposer_invitations_received"]
    assert [row["pilot"] for row in received] == [draft.pk]
    (pilot,) = personal_data(friend)["pilots"]
    assert pilot["role"] == "co-proposer" and pilot["consent_to_publish_name"] is True


def test_deleting_an_account_deletes_its_invitations_sent_and_received(submitted, friend, invite):
    invite(submitted, friend.email)
    invite(submitted, "another@example.org")
    user_delete_account(user=friend, by=friend)
    assert list(CoProposerInvitation.objects.values_list("email", flat=True)) == [
        "another@example.org"
    ]
    user_delete_account(user=submitted.proposer, by=submitted.proposer)
    assert not CoProposerInvitation.objects.exists()


def test_expired_and_decided_invitations_are_erased(submitted, area_director, invite):
    draft = PilotFactory(call=submitted.call, area=submitted.area, proposer=submitted.proposer)
    fresh = invite(draft, "fresh@example.org")
    old = invite(draft, "old@example.org")
    CoProposerInvitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    invite(submitted, "decided@example.org")
    approve(submitted, area_director)
    assert co_proposers.invitations_erase_stale(now=timezone.now()) == 2
    assert list(CoProposerInvitation.objects.all()) == [fresh]
