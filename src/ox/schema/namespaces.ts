/**
 * XML namespaces of OX's administrative SOAP API (docs/reference/ox-soap-contract.md).
 * Keys are the short names the schema data uses; prefixes on the wire are our choice.
 */
export const NAMESPACES = {
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsd: 'http://www.w3.org/2001/XMLSchema',
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  wsdlsoap: 'http://schemas.xmlsoap.org/wsdl/soap/',
  /** Operation wrappers, fault wrappers, tns:Exception — every service except OXUserCopyService. */
  tns: 'http://soap.admin.openexchange.com',
  /** The same role for OXUserCopyService. */
  copy: 'http://soap.copy.user.admin.openexchange.com',
  do: 'http://dataobjects.soap.admin.openexchange.com/xsd',
  rmido: 'http://dataobjects.rmi.admin.openexchange.com/xsd',
  exc: 'http://exceptions.rmi.admin.openexchange.com/xsd',
  rmi: 'http://rmi.java/xsd',
  io: 'http://io.java/xsd',
} as const;

export type NamespaceKey = keyof typeof NAMESPACES;
/** Namespaces data types live in. */
export type DataNamespace = 'do' | 'rmido';
/** Namespaces a service's wrapper elements live in. */
export type ServiceNamespace = 'tns' | 'copy';
