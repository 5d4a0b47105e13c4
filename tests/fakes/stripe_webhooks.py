"""Webhook deliveries as Stripe sends them: the event's JSON, signed with the endpoint's secret
in the Stripe-Signature header."""

import hashlib
import hmac
import json
import time

SECRET = "whsec_minipilot_test"


def signed(event: dict, secret=SECRET, timestamp=None):
    payload = json.dumps(event)
    timestamp = int(timestamp or time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return payload, f"t={timestamp},v1={signature.hexdigest()}"


def post(client, event, url="/stripe/webhook/", **kwargs):
    payload, header = signed(event, **kwargs)
    return client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
