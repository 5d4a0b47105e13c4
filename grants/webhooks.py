"""Stripe's webhook endpoints: the platform's events and connected accounts' events.

Each is verified by signature on the raw body; a forged request, or one signed too long ago or
too far in the future, gets 400, and so does a signed body that is not an event of Stripe's
shape. A verified event is then processed once (grants.webhook_events): 200 with its outcome,
or 503 when Stripe itself could not be asked about it. A well-signed event never gets a 500
from a known path: Stripe would redeliver it for days, and every retry would fail the same way.
"""

import json
import logging
import time

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from grants.stripe_gateway import UNKNOWN_OUTCOMES
from grants.webhook_events import webhook_event_problem, webhook_event_process

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 300
RETRY_AFTER_SECONDS = 300


def _signed_at(header: str) -> int:
    """The `t=` of a Stripe-Signature header (parsed as Stripe's library does)."""
    items = [item.split("=", 2) for item in header.split(",")]
    return int(next(item[1] for item in items if item[0] == "t"))


def _verify(payload: str, header: str, secret: str) -> None:
    """Stripe's check, which refuses only what is too old, and ours of the future: a clock far
    ahead, or a signature made to be replayed later, is refused the same way."""
    stripe.WebhookSignature.verify_header(payload, header, secret, TOLERANCE_SECONDS)
    if _signed_at(header) > time.time() + TOLERANCE_SECONDS:
        raise stripe.SignatureVerificationError("Timestamp in the future", header, payload)


def _receive(request, secret: str) -> HttpResponse:
    if not secret:
        # Without a secret anyone could sign; refuse until the city configures one.
        return HttpResponseBadRequest("webhooks are not configured")
    payload = request.body.decode("utf-8", errors="replace")
    try:
        _verify(payload, request.headers.get("Stripe-Signature", ""), secret)
    except stripe.SignatureVerificationError:
        logger.warning("Rejected a Stripe webhook that failed verification")
        return HttpResponseBadRequest("invalid signature")
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        event = None
    problem = webhook_event_problem(event)
    if problem:
        # Signed with our secret, yet not an event: say what was wrong, never what it held.
        logger.warning("Rejected a signed Stripe webhook: %s", problem)
        return HttpResponseBadRequest(f"malformed event: {problem}")
    try:
        outcome = webhook_event_process(event)
    except (*UNKNOWN_OUTCOMES, stripe.AuthenticationError) as error:
        # Stripe did not answer our read-back (or refused our own key), so nothing is known
        # about the event yet and nothing was recorded. 503 rather than 500: this is no bug of
        # ours to report but a state that passes; any 5xx makes Stripe deliver the event
        # again later, and Retry-After says when it is worth it.
        log = logger.error if isinstance(error, stripe.AuthenticationError) else logger.warning
        log("Stripe event %s left for redelivery: %s", event["id"], type(error).__name__)
        response = HttpResponse("Stripe could not be reached; deliver again later", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(outcome, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
@ratelimit(key="ip", rate="300/m")
def platform_events(request):
    return _receive(request, settings.STRIPE_WEBHOOK_SECRET)


@csrf_exempt
@require_POST
@ratelimit(key="ip", rate="300/m")
def connect_events(request):
    return _receive(request, settings.STRIPE_CONNECT_WEBHOOK_SECRET)
