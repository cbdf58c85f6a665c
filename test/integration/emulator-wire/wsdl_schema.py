"""The XML Schema of an emulator WSDL for libxml2 (lxml): its inline schemas, each taken out as its own document.
Shared by zeep_connector_calls.py (validates the emulator's answers) and validate_requests.py (validates the
requests our own client encodes)."""

import copy

from lxml import etree

XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"


def schema_of(wsdl_bytes):
    """An lxml (libxml2) XMLSchema built from the WSDL's inline schemas, each taken out as its own document."""
    definitions = etree.fromstring(wsdl_bytes)
    inline = {s.get("targetNamespace"): copy.deepcopy(s) for s in definitions.iterfind(f"{{{WSDL}}}types/{{{XSD}}}schema")}
    location = {ns: f"inline:{i}" for i, ns in enumerate(inline)}
    for schema in inline.values():
        for imp in schema.iterfind(f"{{{XSD}}}import"):
            imp.set("schemaLocation", location[imp.get("namespace")])
    documents = {location[ns]: etree.tostring(s) for ns, s in inline.items()}

    class Inline(etree.Resolver):
        def resolve(self, url, pubid, context):
            return self.resolve_string(documents[url], context) if url in documents else None

    parser = etree.XMLParser()
    parser.resolvers.add(Inline())
    root = etree.Element(f"{{{XSD}}}schema")
    for ns, loc in location.items():
        etree.SubElement(root, f"{{{XSD}}}import", namespace=ns, schemaLocation=loc)
    return etree.XMLSchema(etree.fromstring(etree.tostring(root), parser))
