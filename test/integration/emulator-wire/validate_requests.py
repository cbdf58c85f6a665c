"""libxml2 (lxml) validation of the requests our own client encodes, against the emulator's WSDLs.

Run by requests-xsd.test.ts: python3 validate_requests.py <base url> <requests.json>
requests.json: [{"service": ..., "operation": ..., "xml": ...}, ...]. Prints one JSON document:
{"checked": N, "invalid": [{"service", "operation", "errors"}], "names": [[service, operation, body child tag]]}.
Nothing here asserts; the TypeScript test does.
"""

import json
import sys
import urllib.request

from lxml import etree
from wsdl_schema import schema_of

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
BASE, REQUESTS = sys.argv[1], sys.argv[2]

schemas = {}
checked, invalid, names = 0, [], []
with open(REQUESTS, encoding="utf-8") as f:
    requests = json.load(f)
for request in requests:
    service = request["service"]
    if service not in schemas:
        schemas[service] = schema_of(urllib.request.urlopen(f"{BASE}/{service}?wsdl").read())
    envelope = etree.fromstring(request["xml"].encode("utf-8"))
    body = envelope.find(f"{{{SOAP}}}Body")
    operation = [c for c in body if isinstance(c.tag, str)][0]
    names.append([service, request["operation"], operation.tag])
    checked += 1
    schema = schemas[service]
    if not schema.validate(etree.fromstring(etree.tostring(operation))):
        invalid.append({"service": service, "operation": request["operation"],
                        "errors": [str(e) for e in schema.error_log][:5]})
print(json.dumps({"checked": checked, "invalid": invalid, "names": names}))
