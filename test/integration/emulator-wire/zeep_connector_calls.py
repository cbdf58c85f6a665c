"""Python zeep (strict mode) against the emulator: what the Univention OX connector sends to OX, operation by
operation, plus libxml2 schema validation of every answer against the emulator's own WSDL.

Run by zeep.test.ts: python3 zeep_connector_calls.py <base url, e.g. http://127.0.0.1:PORT/webservices> <master password>
Prints one JSON document: {"loaded": [...], "steps": [...], "invalid": [...], "answers": [...]}.
Nothing here asserts; the TypeScript test does, so failures show up in vitest with the full context.
"""

import base64
import datetime
import json
import sys
import urllib.request

from lxml import etree
from wsdl_schema import schema_of
from zeep import Client, Plugin, Settings, xsd
from zeep.exceptions import Fault
from zeep.helpers import serialize_object

BASE, MASTER_PASSWORD = sys.argv[1], sys.argv[2]
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICES = [
    "OXContextService",
    "OXUserService",
    "OXGroupService",
    "OXResourceService",
    "OXUserCopyService",
    "OXSecondaryAccountService",
    "OXUtilService",
    "OXDeputyPermissionsService",
]


class ValidateAnswers(Plugin):
    """Validates the Body child (or each fault detail child) of every answer against the service's schema."""

    def __init__(self, service, schema, invalid, answers):
        self.service, self.schema, self.invalid, self.answers = service, schema, invalid, answers

    def ingress(self, envelope, http_headers, operation):
        body = envelope.find(f"{{{SOAP}}}Body")
        children = [c for c in body if isinstance(c.tag, str)]
        if not children:
            self.answers.append({"service": self.service, "operation": operation.name, "kind": "empty"})
            return envelope, http_headers
        first = children[0]
        if first.tag == f"{{{SOAP}}}Fault":
            detail = first.find("detail")
            targets = [c for c in detail if isinstance(c.tag, str)] if detail is not None else []
            kind = "fault"
        else:
            targets, kind = [first], "element"
        self.answers.append({"service": self.service, "operation": operation.name, "kind": kind,
                             "elements": [t.tag for t in targets]})
        for target in targets:
            if not self.schema.validate(etree.fromstring(etree.tostring(target))):
                self.invalid.append({"service": self.service, "operation": operation.name,
                                     "errors": [str(e) for e in self.schema.error_log][:5]})
        return envelope, http_headers


def plain(value):
    value = serialize_object(value)
    if isinstance(value, (bytes, bytearray)):
        return {"base64": base64.b64encode(value).decode()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


loaded, steps, invalid, answers = [], [], [], []
clients = {}
settings = Settings(strict=True, xml_huge_tree=True)
for name in SERVICES:
    url = f"{BASE}/{name}?wsdl"
    try:
        schema = schema_of(urllib.request.urlopen(url).read())
        clients[name] = Client(url, settings=settings, plugins=[ValidateAnswers(name, schema, invalid, answers)])
        loaded.append(name)
    except Exception as error:  # reported, asserted in TypeScript
        steps.append({"step": f"load {name}", "error": f"{type(error).__name__}: {error}"})


def step(name, call):
    try:
        steps.append({"step": name, "ok": True, "value": plain(call())})
    except Fault as fault:
        detail = [c for c in fault.detail if isinstance(c.tag, str)] if fault.detail is not None else []
        inner = [c for c in detail[0] if isinstance(c.tag, str)] if detail else []
        steps.append({"step": name, "ok": False, "fault": fault.message, "code": fault.code,
                      "detail": detail[0].tag if detail else None,
                      "detailChildren": [c.tag for c in inner[0]] if inner else [],
                      "detailTexts": [c.text for c in inner[0]] if inner else []})
    except Exception as error:
        steps.append({"step": name, "error": f"{type(error).__name__}: {error}"})


ctx = clients["OXContextService"].service
usr = clients["OXUserService"].service
grp = clients["OXGroupService"].service
res = clients["OXResourceService"].service
copy_ = clients["OXUserCopyService"].service
acc = clients["OXSecondaryAccountService"].service
dep = clients["OXDeputyPermissionsService"].service
master = {"login": "oxadminmaster", "password": MASTER_PASSWORD}
admin = {"login": "oxadmin", "password": "admin-pw"}
admin_user = {"name": "oxadmin", "display_name": "Context Admin", "given_name": "Con", "sur_name": "Admin",
              "primaryEmail": "oxadmin@ten.example", "email1": "oxadmin@ten.example", "password": "admin-pw"}

# Contexts, as the connector's context handling does it (master credentials).
step("context.create", lambda: ctx.create(ctx={"id": 10, "name": "ten", "maxQuota": 1000}, admin_user=admin_user, auth=master))
step("context.getData", lambda: ctx.getData(ctx={"id": 10}, auth=master))
step("context.exists", lambda: ctx.exists(ctx={"id": 10}, auth=master))
step("context.list", lambda: ctx.list(search_pattern="*", auth=master))
step("context.listAll", lambda: ctx.listAll(auth=master))
step("context.change", lambda: ctx.change(ctx={"id": 10, "maxQuota": 2000}, auth=master))
step("context.getData unknown id", lambda: ctx.getData(ctx={"id": 99}, auth=master))
step("context.getData unknown name", lambda: ctx.getData(ctx={"name": "nope"}, auth=master))
step("context.getData wrong password", lambda: ctx.getData(ctx={"id": 10}, auth={"login": "oxadminmaster", "password": "x"}))
step("context.create second", lambda: ctx.create(ctx={"id": 11, "maxQuota": -1}, admin_user=admin_user, auth=master))

# Users: the connector builds a full zeep User with every member it knows, None for the unset ones.
User = clients["OXUserService"].get_type("{http://dataobjects.soap.admin.openexchange.com/xsd}User")
anna = User(name="anna", display_name="Anna Alster", given_name="Anna", sur_name="Alster",
            primaryEmail="anna@ten.example", email1="anna@ten.example", password="S3cret!",
            aliases=["anna@ten.example", "a.alster@ten.example"], defaultSenderAddress=None,
            language="de_DE", timezone="Europe/Berlin", imapServer="imap://mail.ten.example:143",
            smtpServer="smtp://mail.ten.example:587", imapLogin="anna", image1=b"\x89PNG\r\n", image1ContentType="image/png",
            drive_user_folder_mode=None, convert_drive_user_folders=None, primaryAccountName=None,
            mail_folder_archive_full_name=None, department="Sales & <Marketing>", userfield01="x",
            birthday=datetime.date(1980, 5, 2), maxQuota=-1)
step("user.create", lambda: usr.create(ctx={"id": 10}, usrdata=anna, auth=admin))
step("user.getData by id", lambda: usr.getData(ctx={"id": 10}, user={"id": 3}, auth=admin))
step("user.getData by name", lambda: usr.getData(ctx={"id": 10}, user={"name": "anna"}, auth=admin))
step("user.getData unknown name", lambda: usr.getData(ctx={"id": 10}, user={"name": "bob"}, auth=admin))
step("user.exists", lambda: usr.exists(ctx={"id": 10}, user={"name": "anna"}, auth=admin))
step("user.change", lambda: usr.change(ctx={"id": 10}, usrdata={"id": 3, "display_name": "Anna M. Alster", "userfield01": "",
                                                               "department": xsd.Nil, "aliases": ["anna@ten.example"]}, auth=admin))
step("user.getData after change", lambda: usr.getData(ctx={"id": 10}, user={"id": 3}, auth=admin))
step("user.change unknown id", lambda: usr.change(ctx={"id": 10}, usrdata={"id": 999, "display_name": "X"}, auth=admin))
step("user.create duplicate", lambda: usr.create(ctx={"id": 10}, usrdata=anna, auth=admin))
step("user.list", lambda: usr.list(ctx={"id": 10}, search_pattern="*", auth=admin, include_guests=False, exclude_users=False))
step("user.listAll", lambda: usr.listAll(ctx={"id": 10}, auth=admin, include_guests=False, exclude_users=False))
step("user.getMultipleData", lambda: usr.getMultipleData(ctx={"id": 10}, users=[{"id": 2}, {"id": 3}], auth=admin))
step("user.getModuleAccess", lambda: usr.getModuleAccess(ctx={"id": 10}, user={"id": 3}, auth=admin))
access = {k: True for k in ["calendar", "contacts", "webmail", "tasks", "infostore", "editPassword"]}
step("user.changeByModuleAccess", lambda: usr.changeByModuleAccess(ctx={"id": 10}, user={"id": 3}, moduleAccess=access, auth=admin))
step("user.getData wrong context password", lambda: usr.getData(ctx={"id": 10}, user={"id": 3}, auth={"login": "oxadmin", "password": "x"}))

# Groups and resources.
step("group.create", lambda: grp.create(ctx={"id": 10}, grp={"name": "sales", "displayname": "Sales", "members": [3]}, auth=admin))
step("group.getData by name", lambda: grp.getData(ctx={"id": 10}, grp={"name": "sales"}, auth=admin))
step("group.getData unknown name", lambda: grp.getData(ctx={"id": 10}, grp={"name": "nosuch"}, auth=admin))
step("group.change", lambda: grp.change(ctx={"id": 10}, grp={"id": 4, "displayname": "Sales Team", "members": [2, 3]}, auth=admin))
step("group.list", lambda: grp.list(ctx={"id": 10}, pattern="*", auth=admin))
step("group.listAll", lambda: grp.listAll(ctx={"id": 10}, auth=admin))
step("group.getMultipleData", lambda: grp.getMultipleData(ctx={"id": 10}, grps=[{"id": 4}], auth=admin))
step("group.listGroupsForUser", lambda: grp.listGroupsForUser(ctx={"id": 10}, usr={"id": 3}, auth=admin))
step("group.create duplicate", lambda: grp.create(ctx={"id": 10}, grp={"name": "sales", "displayname": "Sales"}, auth=admin))
step("resource.create", lambda: res.create(ctx={"id": 10}, res={"name": "beamer", "displayname": "Beamer", "email": "beamer@ten.example"}, auth=admin))
step("resource.getData by name", lambda: res.getData(ctx={"id": 10}, res={"name": "beamer"}, auth=admin))
step("resource.getData unknown name", lambda: res.getData(ctx={"id": 10}, res={"name": "nope"}, auth=admin))
step("resource.change", lambda: res.change(ctx={"id": 10}, res={"id": 5, "description": "Room 1"}, auth=admin))
step("resource.list", lambda: res.list(ctx={"id": 10}, pattern="*", auth=admin))
step("resource.getMultipleData", lambda: res.getMultipleData(ctx={"id": 10}, resources=[{"id": 5}], auth=admin))
step("resource.delete", lambda: res.delete(ctx={"id": 10}, res={"id": 5}, auth=admin))

# Functional mailboxes, as the connector does them: one account per member user, delete through group 0.
step("account.create", lambda: acc.create(accountDataOnCreate={"login": "fa-anna", "password": "p", "name": "Team", "primaryAddress": "team@ten.example",
                                                               "mailEndpointSource": "primary", "transportEndpointSource": "primary"},
                                          context={"id": 10}, users=[{"id": 3}], groups=[], auth=admin))
step("account.list", lambda: acc.list(context={"id": 10}, auth=admin))
step("account.delete", lambda: acc.delete(primaryAddress="team@ten.example", context={"id": 10}, groups=[{"id": 0}], auth=admin))

# Deputy permissions (OX 8), as the connector grants and revokes them.
viewer = {"moduleId": "mail", "admin": False, "folderPermission": 2, "readPermission": 4, "writePermission": 0, "deletePermission": 0}
step("deputy.grant", lambda: dep.grant(context={"id": 10}, user=3, deputyPermission={"userId": 2, "sendOnBehalfOf": True, "modulePermissions": [viewer]}, auth=admin))
step("deputy.list", lambda: dep.list(context={"id": 10}, user=3, auth=admin))
step("deputy.revokeAll", lambda: dep.revokeAll(context={"id": 10}, user=3, auth=admin))

# Context move: copy, then delete the source user.
step("user.copy", lambda: copy_.copyUser(user={"id": 3}, src={"id": 10}, dest={"id": 11}, auth=master))
step("user.copy duplicate", lambda: copy_.copyUser(user={"id": 3}, src={"id": 10}, dest={"id": 11}, auth=master))
step("user.delete", lambda: usr.delete(ctx={"id": 10}, user={"id": 3}, auth=admin))
step("group.delete", lambda: grp.delete(ctx={"id": 10}, grp={"id": 4}, auth=admin))
step("context.delete", lambda: ctx.delete(ctx={"id": 11}, auth=master))

print(json.dumps({"loaded": loaded, "steps": steps, "invalid": invalid, "answers": answers}, default=str))
