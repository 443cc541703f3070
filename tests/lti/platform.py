"""A small, real LTI 1.3 platform for the tests, built on the ``lti1p3platform`` package.

It runs as its own WSGI server on a free port of 127.0.0.1 (a thread of the test process) and
talks to Trellis only over HTTP, like an LMS: it starts OIDC logins, answers the tool's
authentication request with an id_token it signs with its own RSA key, publishes that key at
its JWKS URL, issues OAuth2 access tokens (checking the tool's signed client assertion against
Trellis's published key set), serves a Names and Role Provisioning membership list and an
Assignment and Grade Services line item and score endpoint, and receives deep-linking
responses (validated against Trellis's keys). Nothing in it is Trellis code.

What a test can ask for a launch (``start`` query): ``mode=tamper`` (the signed claims
changed after signing), ``mode=wrongkey`` (signed by a key the platform never published),
``mode=expired`` (signed, already expired), ``deployment=...`` (signed with a deployment id
Trellis does not know). ``/replay`` posts the last launch form again.
"""

from __future__ import annotations

import html
import json
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from jwcrypto.jwk import JWK
from lti1p3platform.exceptions import LineItemNotFoundException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from lti1p3platform.response import Response
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
)

CLIENT_ID = "trellis-test-client"
DEPLOYMENT_ID = "deployment-1"
CONTEXT = {"id": "course-101", "title": "Grade 9 Math in the LMS", "label": "MATH9"}
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


class WsgiRequest(Request):
    def build_metadata(self, request: dict) -> dict:
        return request


def _wsgi_request(environ) -> dict:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    ctype = environ.get("CONTENT_TYPE", "")
    form = dict(parse_qsl(body.decode())) if "form" in ctype else {}
    headers = {
        k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")
    }
    return {
        "method": environ["REQUEST_METHOD"],
        "form_data": form,
        "get_data": dict(parse_qsl(environ.get("QUERY_STRING", ""))),
        "headers": headers,
        "content_type": ctype,
        "path": environ.get("PATH_INFO", "/"),
        "json": json.loads(body) if body and "json" in ctype else None,
    }


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self.registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs):
        return self.registration


class Oidc(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        return launch_data


class Ags(AssignmentsGradesService):
    def __init__(self, request, platform, store):
        super().__init__(request, platform.conf, platform.url("/lineitems"))
        self.store = store

    def find_lineitems(
        self,
        page=1,
        limit=None,
        line_item_id=None,
        resource_link_id=None,
        resource_id=None,
        tag=None,
        **kwargs,
    ):
        items = list(self.store.lineitems.values())
        if resource_id:
            items = [i for i in items if i.get("resourceId") == resource_id]
        return {"content": items, "has_next": False}

    def find_lineitem(self, line_item_id):
        if line_item_id not in self.store.lineitems:
            raise LineItemNotFoundException()
        return self.store.lineitems[line_item_id]

    def create_lineitem(self, creation_data):
        return self.store.add_lineitem(dict(creation_data))

    def update_lineitem(self, update_data):
        self.store.lineitems[update_data["id"]].update(update_data)
        return self.store.lineitems[update_data["id"]]

    def delete_lineitem(self, line_item_id):
        self.store.lineitems.pop(line_item_id, None)

    def update_score(self, line_item_id, score):
        if line_item_id not in self.store.lineitems:
            raise LineItemNotFoundException()
        self.store.scores.append({"lineitem": line_item_id, **score})
        return UpdateScoreStatus.SUCCESS

    def get_results(self, line_item_id, page=1, limit=None, user_id=None):
        return {"content": [], "has_next": False}


class Nrps(NamesRoleProvisioningService):
    def __init__(self, request, platform):
        super().__init__(request, platform.conf, platform.url("/memberships"))
        self.platform = platform

    def get_context_by_id(self):
        return Context(**CONTEXT)

    def get_member_data_page(self, page=1, limit=None, role=None, since=None, **kwargs):
        return {"content": [dict(m) for m in self.platform.members], "has_next": False}


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Platform:
    """``Platform(tool_base_url)``; ``start()`` serves it; ``stop()`` ends it."""

    def __init__(self, tool_base: str):
        self.tool_base = tool_base.rstrip("/")
        key = JWK.generate(kty="RSA", size=2048)
        self.private_pem = key.export_to_pem(private_key=True, password=None).decode()
        self.public_pem = key.export_to_pem().decode()
        self.server = make_server(
            "127.0.0.1", 0, self.app, server_class=_Server, handler_class=_Quiet
        )
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.members: list[dict] = []
        self.users: dict[str, dict] = {}
        self.content_items: list[dict] = []
        self.lineitems: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.last_form: dict | None = None
        self._pending: dict[str, dict] = {}
        self.errors: list[str] = []
        self.conf = PlatformConf(registration=self._registration())

    # -- set-up ------------------------------------------------------------------------
    @property
    def issuer(self) -> str:
        return self.base

    def url(self, path: str) -> str:
        return self.base + path

    def tool(self, path: str) -> str:
        return self.tool_base + path

    def _registration(self, deployment_id: str = DEPLOYMENT_ID) -> Registration:
        return (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(CLIENT_ID)
            .set_deployment_id(deployment_id)
            .set_oidc_login_url(self.tool("/lti/login/"))
            .set_launch_url(self.tool("/lti/launch/"))
            .set_deeplink_launch_url(self.tool("/lti/launch/"))
            .set_platform_public_key(self.public_pem)
            .set_platform_private_key(self.private_pem)
            .set_tool_key_set_url(self.tool("/lti/jwks/"))
        )

    def add_user(self, user_id, *, name, email, role="Learner", sourcedid="", status="Active"):
        member = {
            "user_id": user_id,
            "name": name,
            "given_name": name.split()[0],
            "family_name": name.split()[-1],
            "email": email,
            "roles": [ROLE + role],
            "status": status,
        }
        if sourcedid:
            member["lis_person_sourcedid"] = sourcedid
        self.users[user_id] = member
        self.members.append(member)
        return member

    def add_lineitem(self, data: dict) -> dict:
        n = len(self.lineitems) + 1
        data["id"] = self.url(f"/lineitems/{n}")
        self.lineitems[data["id"]] = data
        return data

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # -- what a browser visits --------------------------------------------------------
    def start_url(self, user_id: str, kind: str = "resource", **options) -> str:
        return self.url("/start?" + urlencode({"user": user_id, "kind": kind, **options}))

    def _start(self, req):
        q = req["get_data"]
        hint = f"hint-{len(self._pending) + 1}"
        self._pending[hint] = q
        oidc = Oidc(WsgiRequest(req), self.conf)
        oidc.set_lti_message_hint(hint=hint)
        if q.get("kind") == "deeplink":
            oidc.set_deeplinking_launch_url()
        return ("302 Found", [("Location", oidc.initiate_login(q["user"]))], b"")

    def _authorize(self, req):
        params = {**req["get_data"], **req["form_data"]}
        q = self._pending[params["lti_message_hint"]]
        conf = self.conf
        if q.get("deployment"):
            conf = PlatformConf(registration=self._registration(q["deployment"]))
        launch = Launch(WsgiRequest({**req, "get_data": params, "form_data": {}}), conf)
        member = self.users[q["user"]]
        launch.set_user_data(member["user_id"], member["roles"], member["name"], member["email"])
        launch.set_extra_claims(
            {"given_name": member["given_name"], "family_name": member["family_name"]}
        )
        if member.get("lis_person_sourcedid"):
            launch.set_extra_claims(
                {
                    "https://purl.imsglobal.org/spec/lti/claim/lis": {
                        "person_sourcedid": member["lis_person_sourcedid"]
                    }
                }
            )
        launch.set_launch_context_claim(
            CONTEXT["id"],
            ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
            CONTEXT["title"],
            CONTEXT["label"],
        )
        launch.set_nrps(self.url("/memberships"))
        launch.set_ags(self.url("/lineitems"), allow_creating_lineitems=True)
        if q.get("kind") == "deeplink":
            launch.set_dl(
                self.url("/deep-link-return"), title="Trellis", accept_types={"ltiResourceLink"}
            )
        else:
            item = self.content_items[int(q.get("item", 0))] if self.content_items else {}
            launch.set_resource_link_claim(f"rl-{q.get('item', 0)}", title=item.get("title"))
            if item.get("custom"):
                launch.set_custom_parameters_claim(item["custom"])
        if q.get("mode") == "expired":
            launch.set_id_token_expiration(-60)
        form = launch.lti_launch()
        if q.get("mode") == "tamper":
            head, body, sig = form["id_token"].split(".")
            claims = json.loads(_b64d(body))
            claims["name"] = "Someone Else"
            form["id_token"] = ".".join([head, _b64e(json.dumps(claims)), sig])
        if q.get("mode") == "wrongkey":  # well formed, signed by a key the platform never published
            head, body, _sig = form["id_token"].split(".")
            other = JWK.generate(kty="RSA", size=2048).export_to_pem(True, None).decode()
            kid = json.loads(_b64d(head))["kid"]
            form["id_token"] = jwt.encode(
                json.loads(_b64d(body)), other, algorithm="RS256", headers={"kid": kid}
            )
        self.last_form = form
        return self._form_page(form)

    def _form_page(self, form):
        body = (
            "<!doctype html><html lang='en'><head><title>LMS launch</title></head><body>"
            f"<form method='post' action='{html.escape(form['launch_url'])}' id='f'>"
            f"<input type='hidden' name='id_token' value='{html.escape(form['id_token'])}'>"
            f"<input type='hidden' name='state' value='{html.escape(form['state'])}'>"
            "<button type='submit'>Continue</button></form>"
            "<script>document.getElementById('f').submit()</script></body></html>"
        )
        return ("200 OK", [("Content-Type", "text/html; charset=utf-8")], body.encode())

    def _deep_link_return(self, req):
        items = self.conf.validate_deeplinking_resp(req["form_data"])
        for item in items:
            self.content_items.append(item)
            if item.get("lineItem"):
                li = dict(item["lineItem"])
                self.add_lineitem(li)
        links = "".join(
            f"<li><a href='/items/{i}'>{html.escape(it.get('title', ''))}</a></li>"
            for i, it in enumerate(self.content_items)
        )
        body = (
            "<!doctype html><html lang='en'><head><title>Course</title></head><body>"
            f"<h1>Placed in the course</h1><ul>{links}</ul></body></html>"
        )
        return ("200 OK", [("Content-Type", "text/html; charset=utf-8")], body.encode())

    def _service(self, resp: Response):
        status = f"{resp.code} X"
        if 200 <= resp.code < 300:
            data = resp.result
            if isinstance(data, dict) and "content" in data:
                data = data["content"]
        else:
            data = {"error": resp.message}
        return (status, [("Content-Type", resp.media_type)], json.dumps(data).encode())

    def app(self, environ, start_response):
        req = _wsgi_request(environ)
        path = req["path"]
        try:
            if path == "/start":
                out = self._start(req)
            elif path == "/authorize":
                out = self._authorize(req)
            elif path == "/replay":
                out = self._form_page(self.last_form)
            elif path == "/jwks":
                out = (
                    "200 OK",
                    [("Content-Type", "application/json")],
                    json.dumps({"keys": self.conf.registration.get_jwks()}).encode(),
                )
            elif path == "/token":
                token = self.conf.get_access_token(req["form_data"])
                out = ("200 OK", [("Content-Type", "application/json")], json.dumps(token).encode())
            elif path == "/memberships":
                out = self._service(Nrps(WsgiRequest(req), self).handle_get_members())
            elif path == "/lineitems":
                ags = Ags(WsgiRequest(req), self, self)
                call = (
                    ags.handle_create_lineitem
                    if req["method"] == "POST"
                    else (ags.handle_get_lineitems)
                )
                out = self._service(call())
            elif path.startswith("/lineitems/") and path.endswith("/scores"):
                ags = Ags(WsgiRequest(req), self, self)
                out = self._service(ags.handle_update_score(self.url(path[: -len("/scores")])))
            elif path.startswith("/items/"):
                q = {"user": self.teacher_id, "kind": "resource", "item": path.rsplit("/", 1)[1]}
                out = self._start({**req, "get_data": q})
            elif path == "/deep-link-return":
                out = self._deep_link_return(req)
            else:
                out = ("404 Not Found", [("Content-Type", "text/plain")], b"not found")
        except Exception as e:  # shown to the test, never swallowed
            self.errors.append(repr(e))
            out = ("500 Error", [("Content-Type", "text/plain")], repr(e).encode())
        status, headers, body = out
        start_response(status, headers)
        return [body]

    teacher_id = "lms-teacher"


def _b64d(s: str) -> str:
    import base64

    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode()


def _b64e(s: str) -> str:
    import base64

    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")
