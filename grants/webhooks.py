"""Stripe's webhook endpoints: the platform's events and connected accounts' events.

Each is verified by signature on the raw body (a forged or stale request gets 400), then
processed once (grants.webhook_events).
"""

import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from grants.webhook_events import webhook_event_process

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 300


def _receive(request, secret: str) -> HttpResponse:
    if not secret:
        # Without a secret anyone could sign; refuse until the city configures one.
        return HttpResponseBadRequest("webhooks are not configured")
    payload = request.body.decode("utf-8", errors="replace")
    try:
        stripe.WebhookSignature.verify_header(
            payload, request.headers.get("Stripe-Signature", ""), secret, TOLERANCE_SECONDS
        )
        event = json.loads(payload)
        if not (event["id"] and event["type"] and isinstance(event["data"]["object"], dict)):
            raise ValueError("not a Stripe event")
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError):
        logger.warning("Rejected a Stripe webhook that failed verification")
        return HttpResponseBadRequest("invalid signature or payload")
    webhook_event_process(event)
    return HttpResponse("ok")


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
