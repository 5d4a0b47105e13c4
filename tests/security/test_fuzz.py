"""Arbitrary input to every public form and API never makes a server error.

Hypothesis draws text (control characters, NUL, surrogates the HTTP layer can carry, very long
strings), numbers and bytes for each field; a 5xx, or an exception raised through the test
client, fails the test with the smallest input that did it.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notifications.models import Kind
from pilots.forms import PilotForm, ResultReportForm

# Function-scoped fixtures are built once per test, not per example: the examples only read
# them or add drafts, which is what residents do anyway.
fuzz = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a browser can send in a form field or a query string: any text without lone surrogates.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
values = st.one_of(
    text,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", "2026-02-30", "../../etc/passwd", "\x00"]),
)


def fields(*names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))


def assert_no_server_error(response):
    assert response.status_code < 500


@fuzz
@given(query=fields("area", "call", "page", "q", "year", "outcome", "theme", "sdg"))
def test_public_listings_and_apis_take_any_query(client, stories, query):
    for url in [
        reverse("pilots:decision_list"),
        stories["library"].get_parent().url,
        reverse("reporting:story_api"),
        reverse("reporting:statistics"),
        reverse("reporting:open_data"),
        reverse("reporting:grants_json"),
    ]:
        assert_no_server_error(client.get(url, query))


@fuzz
@given(
    form=fields(
        *(name for name in PilotForm.Meta.fields if name != "image"),
        "budget-TOTAL_FORMS",
        "budget-INITIAL_FORMS",
        "budget-0-description",
        "budget-0-amount",
        "budget-0-DELETE",
        "budget-1-amount",
        "budget-add",
    ),
    image=st.binary(max_size=2000),
)
# Found by this test: an id beyond the database's integers made SQLite raise OverflowError.
@example(form={"themes": "99999999999999999999"}, image=b"")
@example(form={"sdgs": "-99999999999999999999", "area": "99999999999999999999"}, image=b"")
@example(form={"budget-0-amount": "NaN", "budget-add": "1"}, image=b"")
def test_the_proposal_form_takes_any_input(client, proposer, budget, form, image):
    client.force_login(proposer)
    data = {**form, "image": SimpleUploadedFile("photo.jpg", image, "image/jpeg")}
    assert_no_server_error(client.post(reverse("pilots:propose"), data))


@fuzz
@given(
    form=fields(
        *ResultReportForm.Meta.fields,
        "spending-TOTAL_FORMS",
        "spending-INITIAL_FORMS",
        "spending-0-description",
        "spending-0-amount",
        "photos-TOTAL_FORMS",
        "photos-INITIAL_FORMS",
        "photos-0-alt_text",
        "remove_photo",
    ),
    photo=st.binary(max_size=2000),
)
@example(form={"remove_photo": "99999999999999999999"}, photo=b"")
def test_the_report_form_and_photo_upload_take_any_input(client, funded, form, photo):
    client.force_login(funded.proposer)
    data = {**form, "photos-0-image": SimpleUploadedFile("p.jpg", photo, "image/jpeg")}
    assert_no_server_error(client.post(reverse("pilots:report", args=[funded.pk]), data))


@fuzz
@given(form=fields("area"), query=fields("area"))
def test_adapting_takes_any_area(client, stories, proposer, form, query):
    client.force_login(proposer)
    url = reverse("pilots:adapt", args=[stories["library"].pk])
    assert_no_server_error(client.get(url, query))
    assert_no_server_error(client.post(url, form))


@fuzz
@given(form=fields("body", "parent"), edit=fields("body"))
@example(form={"body": "a\x00b"}, edit={"body": "\x00"})
@example(form={"parent": "99999999999999999999", "body": "x"}, edit={})
def test_the_comment_forms_take_any_input(client, public_proposal, stories, form, edit):
    client.force_login(public_proposal.proposer)
    for url in [
        reverse("discussions:proposal_comment", args=[public_proposal.pk]),
        reverse("discussions:story_comment", args=[stories["library"].pk]),
    ]:
        assert_no_server_error(client.post(url, form))
    own = public_proposal.comments.order_by("pk").last()
    if own is not None:
        assert_no_server_error(client.post(reverse("discussions:edit", args=[own.pk]), edit))


@fuzz
@given(form=fields(*Kind.values), token=text)
@example(form={"reply": "\x00"}, token="a:b:c")
def test_the_notification_settings_and_the_unsubscribe_link_take_any_input(
    client, follower, form, token
):
    client.force_login(follower)
    assert_no_server_error(client.post(reverse("notifications:settings"), form))
    client.logout()
    if token and "/" not in token:
        url = reverse("notifications:unsubscribe", args=[token])
        assert_no_server_error(client.get(url))
        assert_no_server_error(client.post(url))


@fuzz
@given(form=fields("holder", "iban"))
def test_the_bank_details_form_takes_any_input(client, approved, form):
    client.force_login(approved.proposer)
    url = reverse("grants:bank_details", args=[approved.pk])
    assert_no_server_error(client.post(url, form))


@fuzz
@given(
    signup=fields("email", "password1", "password2"),
    login=fields("login", "password", "remember"),
    reset=fields("email"),
)
def test_the_account_forms_take_any_input(client, site_pages, signup, login, reset):
    assert_no_server_error(client.post(reverse("account_signup"), signup))
    client.logout()
    assert_no_server_error(client.post(reverse("account_login"), login))
    assert_no_server_error(client.post(reverse("account_reset_password"), reset))


@fuzz
@given(body=st.binary(max_size=2000), signature=text)
def test_the_stripe_webhooks_take_any_body_and_signature(client, db, settings, body, signature):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_test"
    for name in ("stripe_webhook", "stripe_connect_webhook"):
        response = client.post(
            reverse(name),
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature.encode("utf-8", "ignore").decode("latin-1"),
        )
        assert response.status_code == 400
