"""The fake Stripe is only worth testing against while it behaves as Stripe does where our
code depends on it. Here: a request cut off mid-body (a worker killed between sending the
headers and the body) is not acted on, so the same key sent again in full makes the transfer.
"""

import socket

import stripe

from tests.fakes.stripe_server import FakeStripe


def test_a_request_cut_off_mid_body_does_nothing_and_its_key_works_in_full():
    fake = FakeStripe().start()
    try:
        account = fake.add_account()
        body = f"amount=50000&currency=eur&destination={account}&transfer_group=grant-1"
        host, port = fake.server.server_address
        with socket.create_connection((host, port)) as cut_off:
            cut_off.sendall(
                (
                    "POST /v1/transfers HTTP/1.1\r\n"
                    f"Host: {host}\r\n"
                    "Authorization: Bearer sk_test_minipilot\r\n"
                    "Idempotency-Key: payment-1-attempt\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                    f"{body[:12]}"
                ).encode()
            )
            cut_off.shutdown(socket.SHUT_WR)
            assert cut_off.recv(1024) == b""  # no answer: the fake hung up
        assert fake.saved == {}
        assert fake.transfers == {}

        client = stripe.StripeClient("sk_test_minipilot", base_addresses={"api": fake.url})
        transfer = client.v1.transfers.create(
            params={
                "amount": 50000,
                "currency": "eur",
                "destination": account,
                "transfer_group": "grant-1",
            },
            options={"idempotency_key": "payment-1-attempt"},
        )
        assert transfer.amount == 50000
        assert list(fake.transfers) == [transfer.id]
    finally:
        fake.stop()
