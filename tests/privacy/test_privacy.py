"""A resident's rights: a copy of their data, withdrawing consent, deleting the account."""

import datetime
import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.factories import UserFactory
from accounts.models import User
from discussions.models import Comment, Thread
from discussions.services import comment_add
from grants.models import BankDetails, Grant
from notifications.models import Follow, Frequency, Kind, Notification, NotificationPreference
from notifications.services import follow_add, preferences_set
from pilots import selectors, services, supports
from pilots.models import Action, Pilot, PilotStatus, ResultPhoto, Support
from privacy.services import AccountActionRefused, user_delete_account
from tests.browser.session import PASSWORD
from tests.city import approve, write_report


def test_my_data_holds_the_account_pilots_decision_money_and_report(client, funded):
    write_report(funded)
    client.force_login(funded.proposer)
    response = client.get("/fi/me/my-data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == funded.proposer.email
    (pilot,) = data["pilots"]
    assert pilot["title"] == funded.title
    assert pilot["decision"]["grounds"] == funded.decision.grounds
    assert pilot["grant"]["bank_details"]["iban"] == funded.grant.bank_details.iban
    assert pilot["result_report"]["what_we_learnt"] == funded.report.lessons
    assert [step["to"] for step in pilot["history"]][-1] == "funded"


def test_my_data_holds_nothing_of_another_resident(client, funded):
    other = UserFactory()
    client.force_login(other)
    data = json.loads(client.get("/fi/me/my-data.json").content)
    assert data["pilots"] == []
    assert funded.proposer.email not in json.dumps(data)


def test_my_data_needs_a_login(client):
    assert client.get("/fi/me/my-data.json").status_code == 302


def published_story_with_photo(funded, coordinator):
    write_report(funded, photo_alt="Naapurit kirjakaapilla", photos_consent=True)
    services.report_submit(pilot=funded, by=funded.proposer)
    story = services.story_create_from_report(pilot=funded, by=coordinator)
    story.save_revision(user=coordinator).publish()
    return story


def test_withdrawing_photo_consent_takes_the_photos_off_the_story(
    client, funded, coordinator, story_indexes
):
    story = published_story_with_photo(funded, coordinator)
    assert "Naapurit kirjakaapilla" in client.get(story.url).content.decode()
    client.force_login(funded.proposer)
    client.post(f"/fi/pilots/{funded.pk}/photo-consent/", {"photos_consent": "0"})
    client.logout()
    assert "Naapurit kirjakaapilla" not in client.get(story.url).content.decode()
    funded.report.refresh_from_db()
    assert funded.report.photos_consent is False


def test_withdrawing_name_consent_takes_the_name_off_the_story(
    client, funded, coordinator, story_indexes
):
    story = published_story_with_photo(funded, coordinator)
    services.pilot_set_name_consent(pilot=funded, by=funded.proposer, publish=True)
    name = funded.proposer.get_full_name()
    assert name in client.get(story.url).content.decode()
    client.force_login(funded.proposer)
    client.post(f"/fi/pilots/{funded.pk}/name-consent/", {"publish_name": "0"})
    client.logout()
    assert name not in client.get(story.url).content.decode()
    assert name not in client.get("/fi/open-data/grants.json").content.decode()


def test_deleting_the_account_anonymises_and_keeps_the_records(
    client, funded, coordinator, story_indexes, budget
):
    story = published_story_with_photo(funded, coordinator)
    user = funded.proposer
    user.set_password(PASSWORD)
    user.save()
    services.pilot_set_name_consent(pilot=funded, by=user, publish=True)
    never_sent = Pilot.objects.create(
        call=budget.call, area=budget.area, proposer=user, title="Oma"
    )
    name, email = user.get_full_name(), user.email
    client.force_login(user)
    response = client.post("/fi/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.email, user.first_name, user.is_active) == (
        f"deleted-{user.pk}@invalid",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Pilot.objects.filter(pk=never_sent.pk).exists()
    funded.refresh_from_db()
    assert funded.decision.grounds and funded.grant.payments.exists()  # records stay
    assert not ResultPhoto.objects.filter(report__pilot=funded).exists()
    assert not BankDetails.objects.filter(grant=funded.grant).exists()
    page = client.get(story.url).content.decode()
    assert name not in page and "Naapurit kirjakaapilla" not in page
    assert email not in client.get("/fi/open-data/grants.json").content.decode()
    assert not client.login(username=email, password=PASSWORD)


def test_the_wrong_password_deletes_nothing(client, funded):
    user = funded.proposer
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    response = client.post("/fi/me/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.email == "aino@example.org"


def test_staff_cannot_delete_their_account_here(coordinator):
    with pytest.raises(AccountActionRefused):
        user_delete_account(user=coordinator, by=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_retention_erases_stale_drafts_only(draft):
    fresh = Pilot.objects.create(
        call=draft.call, area=draft.area, proposer=draft.proposer, title="Tuore luonnos"
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Pilot.objects.filter(pk=draft.pk).update(updated_at=long_ago)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert not Pilot.objects.filter(pk=draft.pk).exists()
    assert Pilot.objects.filter(pk=fresh.pk).exists()
    assert out.getvalue().startswith("1 stale drafts deleted")


def test_retention_keeps_a_submitted_pilot_however_old(submitted):
    Pilot.objects.filter(pk=submitted.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=4000)
    )
    call_command("apply_retention", stdout=io.StringIO())
    assert Pilot.objects.filter(pk=submitted.pk).exists()


def test_deleting_the_account_withdraws_proposals_awaiting_a_decision(
    submitted, area_director, budget
):
    """A proposal nobody can carry out leaves the director's queue and frees its budget place:
    approving it would make a public decision and a grant nobody can claim."""
    user = submitted.proposer
    assert selectors.awaiting_decision_count(area_director) == 1
    user_delete_account(user=user, by=user)
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.WITHDRAWN
    (record,) = submitted.transitions.filter(action=Action.WITHDRAW)
    assert record.note
    assert selectors.awaiting_decision_count(area_director) == 0
    assert selectors.granted_count(budget.call_id, budget.area_id) == 0
    with pytest.raises(services.WrongState):
        approve(submitted, area_director)


def test_a_proposal_of_a_deleted_account_cannot_be_approved(submitted, area_director):
    """Whatever left it undecided (an account deleted before deletion withdrew proposals), a
    proposal whose proposer has no account is not approved: no decision, no grant."""
    User.objects.filter(pk=submitted.proposer_id).update(is_active=False)
    with translation.override("fi"), pytest.raises(services.WrongState) as refused:
        approve(submitted, area_director)
    assert "poistanut käyttäjätilinsä" in str(refused.value.message)
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.SUBMITTED
    assert not Grant.objects.filter(pilot=submitted).exists()
    assert not hasattr(submitted, "decision") or submitted.decision is None


def supported_by_another(submitted):
    """A public proposal and a resident who supports it."""
    services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=True)
    supporter = UserFactory()
    supports.support_add(pilot=submitted, by=supporter)
    return supporter


def test_my_data_lists_the_proposals_i_support(client, submitted):
    supporter = supported_by_another(submitted)
    client.force_login(supporter)
    data = json.loads(client.get("/fi/me/my-data.json").content)
    assert [(row["pilot"], row["title"]) for row in data["supports"]] == [
        (submitted.pk, submitted.title)
    ]
    client.force_login(submitted.proposer)
    assert json.loads(client.get("/fi/me/my-data.json").content)["supports"] == []


def test_deleting_the_account_takes_back_its_supports(submitted):
    supporter = supported_by_another(submitted)
    other = UserFactory()
    supports.support_add(pilot=submitted, by=other)
    user_delete_account(user=supporter, by=supporter)
    assert list(Support.objects.values_list("user", flat=True)) == [other.pk]


def commented_by_another(public_proposal):
    """A resident with a comment that has a reply, and one without."""
    commenter = UserFactory(first_name="Kalle", password=PASSWORD)
    replier = UserFactory(first_name="Bea")  # a random Finnish first name may be Kalle too
    answered = comment_add(pilot=public_proposal, thread=Thread.PROPOSAL, by=commenter, body="A")
    comment_add(
        pilot=public_proposal, thread=Thread.PROPOSAL, by=replier, body="B", parent=answered
    )
    alone = comment_add(pilot=public_proposal, thread=Thread.PROPOSAL, by=commenter, body="C")
    return commenter, answered, alone


def test_my_data_lists_the_comments_i_wrote(client, public_proposal):
    commenter, answered, alone = commented_by_another(public_proposal)
    client.force_login(commenter)
    data = json.loads(client.get("/fi/me/my-data.json").content)
    assert [(row["id"], row["pilot"], row["text"]) for row in data["comments"]] == [
        (answered.pk, public_proposal.pk, "A"),
        (alone.pk, public_proposal.pk, "C"),
    ]


def test_deleted_accounts_comments_stay_as_a_deleted_users_by_default(client, public_proposal):
    commenter, _answered, _alone = commented_by_another(public_proposal)
    client.force_login(commenter)
    client.post("/fi/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert Comment.objects.filter(author=commenter).count() == 2
    page = client.get(f"/en/proposals/{public_proposal.pk}/").content.decode()
    assert "Deleted user" in page and "Kalle" not in page


def test_deleting_the_account_removes_the_comments_when_chosen(client, public_proposal):
    commenter, answered, alone = commented_by_another(public_proposal)
    client.force_login(commenter)
    assert 'name="comments"' in client.get("/fi/me/delete/").content.decode()
    client.post("/fi/me/delete/", {"password": PASSWORD, "confirm": "on", "comments": "remove"})
    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    assert answered.is_removed and answered.body == ""  # its reply keeps its place


def following_and_told(public_proposal, follower):
    """The follower follows Kallio and the proposal, chose weekly for decisions, and was told
    of a comment."""
    follow_add(by=follower, area=public_proposal.area)
    follow_add(by=follower, pilot=public_proposal)
    preferences_set(user=follower, by=follower, chosen={Kind.DECISION: Frequency.WEEKLY})
    comment_add(pilot=public_proposal, thread=Thread.PROPOSAL, by=UserFactory(), body="Hei")


def test_my_data_lists_what_i_follow_my_notifications_and_email_choices(
    client, public_proposal, follower
):
    following_and_told(public_proposal, follower)
    client.force_login(follower)
    data = json.loads(client.get("/fi/me/my-data.json").content)
    assert [(row["area"], row["pilot"]) for row in data["following"]] == [
        ("kallio", None),
        (None, public_proposal.pk),
    ]
    assert [(row["kind"], row["pilot"]) for row in data["notifications"]] == [
        ("followed_comment", public_proposal.pk)
    ]
    assert data["notification_emails"]["decision"] == "weekly"
    assert data["notification_emails"]["reply"] == "immediately"


def test_deleting_the_account_erases_its_follows_notifications_and_choices(
    public_proposal, follower
):
    following_and_told(public_proposal, follower)
    user_delete_account(user=follower, by=follower)
    assert not Follow.objects.filter(user=follower).exists()
    assert not Notification.objects.filter(recipient=follower).exists()
    assert not NotificationPreference.objects.filter(user=follower).exists()
    # The proposer's own notification of the comment stays.
    assert Notification.objects.filter(recipient=public_proposal.proposer).exists()
