"""A local fake of the Stripe API, for the real `stripe` library to talk HTTP to.

It keeps Stripe's idempotency rules: a request repeated with the same Idempotency-Key and the
same parameters replays the saved response; the same key with other parameters is refused
with an idempotency error. Faults can be queued for the next transfer request:
- "500 before": answer 500 before doing anything (as a proxy in front of Stripe might);
  nothing is saved, so a retry does the work;
- "timeout after": make the transfer and save the response, then answer too late for the
  client's timeout, so the client retries and gets the saved response;
- "reset before": close the connection without an answer and without doing anything (a
  network fault: the client cannot tell whether the work was done);
- "500 stored": answer 500 without doing the work and save that answer under the key, as
  Stripe does, so every retry with the same key gets the same 500 back;
- "429": answer 429 (rate limited) without doing or saving anything.
- "409 in progress": answer 409 as Stripe does while another request with the same key is
  still being executed, without doing or saving anything (the stripe library retries 409s).
A request whose body is cut off (its client killed between the headers and the body) is
dropped unread, as Stripe does: it makes nothing and saves nothing under its key.
Faults apply to transfer and reversal requests alike. Connected accounts keep a balance:
a transfer adds to it, a reversal takes from it (refused when it has been paid out), and
`pay_out` makes a payout, read back as the account (the Stripe-Account header). As on Stripe,
a transfer lands on the account as a payment (py_…, `source_transfer` naming the tr_…) with a
balance transaction; an automatic payout carries the account's balance transactions not yet
paid out, listed with GET /v1/balance_transactions?payout=… as that account (expand[] of
data.source gives the payment itself); a failed payout's money comes back as a
`payout_failure` transaction that the next payout carries; a manual payout cannot be listed.
Only the endpoints Minipilot uses exist. Serves on loopback only.
"""

import itertools
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LATE_BY_SECONDS = 1.5


def parse_form(body: str) -> dict:
    """Stripe's form encoding (metadata[grant_id]=1, capabilities[transfers][requested]=true)."""
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


class FakeStripe:
    def __init__(self):
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.transfers: dict[str, dict] = {}
        self.reversals: dict[str, dict] = {}
        self.payouts: dict[str, dict] = {}
        self.accounts: dict[str, dict] = {}
        # The payments transfers make on their destination, and the accounts' balance
        # transactions; "_account" and "_payout" are the fake's bookkeeping, never sent.
        self.payments: dict[str, dict] = {}
        self.balance_transactions: dict[str, dict] = {}
        self.saved: dict[str, tuple[dict, int, dict]] = {}
        self.faults: list[str] = []
        self.balance_cents = 1_000_000
        self.latency = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # shutdown() waits for the serving loop to look up: at the default half second, every
        # test with a fake Stripe would wait that long for its teardown.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_account(self, transfers="active") -> str:
        account_id = f"acct_fake{next(self.ids)}"
        self.accounts[account_id] = {
            "id": account_id,
            "object": "account",
            "capabilities": {"transfers": transfers},
            "balance": 0,
        }
        return account_id

    def pay_out(self, account_id: str, status: str = "paid", automatic: bool = True) -> str:
        """Pay the account's balance out to its bank; a failed payout leaves it on the balance.

        The payout carries the account's balance transactions that no payout has carried yet
        (those since the last one); a failed one gives its money back in a `payout_failure`
        transaction, which the next payout carries."""
        account = self.accounts[account_id]
        payout = {
            "id": self._new_id("po"),
            "object": "payout",
            "amount": account["balance"],
            "currency": "eur",
            "status": status,
            "automatic": automatic,
            "account": account_id,
        }
        with self.lock:
            for transaction in self.balance_transactions.values():
                if transaction["_account"] == account_id and transaction["_payout"] is None:
                    transaction["_payout"] = payout["id"]
            self._add_balance_transaction(
                account_id, "payout", -payout["amount"], payout["id"], payout=payout["id"]
            )
            if status == "paid":
                account["balance"] = 0
            elif status == "failed":
                self._add_balance_transaction(
                    account_id, "payout_failure", payout["amount"], payout["id"]
                )
            self.payouts[payout["id"]] = payout
        return payout["id"]

    def _add_balance_transaction(self, account_id, kind, amount, source, payout=None):
        transaction = {
            "id": self._new_id("txn"),
            "object": "balance_transaction",
            "amount": amount,
            "net": amount,
            "fee": 0,
            "currency": "eur",
            "type": kind,
            "source": source,
            "_account": account_id,
            "_payout": payout,
        }
        self.balance_transactions[transaction["id"]] = transaction
        return transaction

    def _list_balance_transactions(self, query, account_id):
        """Stripe's listing, for the `payout=` filter we use (type= and expand[] honoured)."""
        payout = self.payouts.get(query.get("payout", [""])[0])
        if payout is None or payout["account"] != account_id:
            return 404, error("invalid_request_error", "resource_missing", "No such payout")
        if not payout["automatic"]:
            return 400, error(
                "invalid_request_error",
                None,
                "Balance transaction history can only be filtered on automatic payouts.",
            )
        kinds = query.get("type")
        expand_source = "data.source" in query.get("expand", [])
        data = []
        for transaction in self.balance_transactions.values():
            if transaction["_payout"] != payout["id"]:
                continue
            if kinds and transaction["type"] not in kinds:
                continue
            shown = {key: value for key, value in transaction.items() if not key.startswith("_")}
            if expand_source:
                shown["source"] = self.payments.get(shown["source"]) or self.payouts.get(
                    shown["source"], shown["source"]
                )
            data.append(shown)
        return 200, {
            "object": "list",
            "data": data,
            "has_more": False,
            "url": "/v1/balance_transactions",
        }

    def _new_id(self, prefix):
        return f"{prefix}_fake{next(self.ids)}"

    def _create_transfer(self, params):
        account = self.accounts.get(params.get("destination", ""))
        if account is None:
            return 400, error("invalid_request_error", "account_invalid", "No such account")
        if account["capabilities"].get("transfers") != "active":
            return 400, error(
                "invalid_request_error",
                "insufficient_capabilities_for_transfer",
                "The destination account needs the transfers capability enabled.",
            )
        amount = int(params["amount"])
        if amount > self.balance_cents:
            return 400, error("invalid_request_error", "balance_insufficient", "Insufficient funds")
        self.balance_cents -= amount
        transfer = {
            "id": self._new_id("tr"),
            "object": "transfer",
            "amount": amount,
            "currency": params["currency"],
            "destination": params["destination"],
            "transfer_group": params.get("transfer_group"),
            "metadata": params.get("metadata", {}),
            "reversed": False,
            "amount_reversed": 0,
            "created": int(time.time()),
        }
        payment = {
            "id": self._new_id("py"),
            "object": "charge",
            "amount": amount,
            "currency": params["currency"],
            "source_transfer": transfer["id"],
        }
        transfer["destination_payment"] = payment["id"]
        self.transfers[transfer["id"]] = transfer
        self.payments[payment["id"]] = payment
        self._add_balance_transaction(params["destination"], "payment", amount, payment["id"])
        account["balance"] = account.get("balance", 0) + amount
        return 200, transfer

    def _create_reversal(self, transfer_id, params):
        transfer = self.transfers.get(transfer_id)
        if transfer is None:
            return 404, error("invalid_request_error", "resource_missing", "No such transfer")
        amount = int(params.get("amount", transfer["amount"] - transfer["amount_reversed"]))
        if amount > transfer["amount"] - transfer["amount_reversed"]:
            return 400, error("invalid_request_error", "amount_too_large", "Already reversed")
        account = self.accounts[transfer["destination"]]
        if amount > account["balance"]:
            return 400, error(
                "invalid_request_error", "balance_insufficient", "Insufficient funds on account"
            )
        account["balance"] -= amount
        self.balance_cents += amount
        reversal = {
            "id": self._new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": transfer_id,
            "metadata": params.get("metadata", {}),
        }
        self.reversals[reversal["id"]] = reversal
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        return 200, reversal

    def _create_account(self, params):
        account_id = f"acct_fake{next(self.ids)}"
        account = {
            "id": account_id,
            "object": "account",
            "email": params.get("email"),
            "capabilities": {"transfers": "inactive"},
            "metadata": params.get("metadata", {}),
            "tos_acceptance": params.get("tos_acceptance", {}),
            "balance": 0,
        }
        self.accounts[account_id] = account
        return 200, account

    def _route(self, path, params):
        if path == "/v1/transfers":
            return self._create_transfer(params)
        if path.startswith("/v1/transfers/") and path.endswith("/reversals"):
            return self._create_reversal(path.split("/")[3], params)
        if path == "/v1/accounts":
            return self._create_account(params)
        if path == "/v1/account_links":
            return 200, {
                "object": "account_link",
                "url": f"{self.url}/onboarding/{params.get('account')}",
                "expires_at": int(time.time()) + 300,
            }
        return 404, error("invalid_request_error", None, "Unknown endpoint")

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=None):
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the fault being simulated

            def _authorised(self):
                if not self.headers.get("Authorization", "").startswith("Bearer sk_test_"):
                    self._send(401, error("invalid_request_error", None, "Invalid API Key"))
                    return False
                return True

            def do_GET(self):
                if not self._authorised():
                    return
                url = urlsplit(self.path)
                query = dict(parse_qsl(url.query))
                if url.path == "/v1/balance":
                    self._send(
                        200,
                        {
                            "object": "balance",
                            "available": [{"amount": fake.balance_cents, "currency": "eur"}],
                            "pending": [],
                        },
                    )
                elif url.path == "/v1/balance_transactions":
                    # Lists keep every value of a repeated key (expand[0]=…, expand[1]=…).
                    query_lists: dict[str, list[str]] = {}
                    for name, value in parse_qsl(url.query):
                        query_lists.setdefault(name.split("[", 1)[0], []).append(value)
                    with fake.lock:
                        status, body = fake._list_balance_transactions(
                            query_lists, self.headers.get("Stripe-Account")
                        )
                    self._send(status, body)
                elif url.path == "/v1/transfers":
                    with fake.lock:
                        data = [
                            t
                            for t in fake.transfers.values()
                            if t["transfer_group"] == query.get("transfer_group")
                        ]
                    self._send(
                        200,
                        {"object": "list", "data": data, "has_more": False, "url": "/v1/transfers"},
                    )
                elif url.path.startswith("/v1/transfers/") and url.path.endswith("/reversals"):
                    transfer_id = url.path.split("/")[3]
                    with fake.lock:
                        data = [r for r in fake.reversals.values() if r["transfer"] == transfer_id]
                    self._send(
                        200,
                        {"object": "list", "data": data, "has_more": False, "url": url.path},
                    )
                elif url.path.startswith("/v1/payouts/"):
                    payout = fake.payouts.get(url.path.rsplit("/", 1)[1])
                    # A payout exists only on its own account: Stripe-Account must name it.
                    if payout is None or payout["account"] != self.headers.get("Stripe-Account"):
                        self._send(
                            404,
                            error("invalid_request_error", "resource_missing", "No such payout"),
                        )
                    else:
                        self._send(200, payout)
                elif url.path.startswith("/v1/transfers/"):
                    transfer = fake.transfers.get(url.path.rsplit("/", 1)[1])
                    if transfer is None:
                        self._send(
                            404,
                            error("invalid_request_error", "resource_missing", "No such transfer"),
                        )
                    else:
                        self._send(200, transfer)
                elif url.path.startswith("/v1/accounts/"):
                    account = fake.accounts.get(url.path.rsplit("/", 1)[1])
                    if account is None:
                        self._send(
                            404,
                            error("invalid_request_error", "resource_missing", "No such account"),
                        )
                    else:
                        self._send(200, account)
                else:
                    self._send(404, error("invalid_request_error", None, "Unknown endpoint"))

            def do_POST(self):
                if not self._authorised():
                    return
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if len(raw) < length:
                    # The client went away mid-request (its worker was killed between the
                    # headers and the body): like Stripe, act on nothing not wholly received.
                    self.close_connection = True
                    return
                params = parse_form(raw.decode())
                path = urlsplit(self.path).path
                key = self.headers.get("Idempotency-Key")
                if fake.latency:
                    time.sleep(fake.latency)
                with fake.lock:
                    money = path.startswith("/v1/transfers")
                    fault = fake.faults.pop(0) if fake.faults and money else None
                if fault == "500 before":
                    self._send(500, error("api_error", None, "Something went wrong"))
                    return
                if fault == "429":
                    self._send(429, error("rate_limit_error", "rate_limit", "Too many requests"))
                    return
                if fault == "409 in progress":
                    self._send(
                        409,
                        error(
                            "idempotency_error",
                            None,
                            "There is currently another in-progress request using this "
                            "Idempotent Key. Please try again later.",
                        ),
                    )
                    return
                if fault == "reset before":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault == "500 stored" and key:
                    with fake.lock:
                        if key not in fake.saved:
                            fake.saved[key] = (
                                params,
                                500,
                                error("api_error", None, "Something went wrong"),
                            )
                headers = {}
                with fake.lock:
                    if key and key in fake.saved:
                        saved_params, status, response = fake.saved[key]
                        headers = {"Idempotent-Replayed": "true"}
                        if saved_params != params:
                            status, response = (
                                400,
                                error(
                                    "idempotency_error",
                                    None,
                                    "Keys for idempotent requests can only be used with the same "
                                    "parameters.",
                                ),
                            )
                    else:
                        status, response = fake._route(path, params)
                        if key:
                            fake.saved[key] = (params, status, response)
                if fault == "timeout after":
                    time.sleep(LATE_BY_SECONDS)
                self._send(status, response, headers)

        return Handler


def error(error_type, code, message):
    return {"error": {"type": error_type, "code": code, "message": message}}
