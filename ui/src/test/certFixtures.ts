import type { BundleReport } from "../bindings/BundleReport";
import type { CertificateInfo } from "../bindings/CertificateInfo";
import type { Check } from "../bindings/Check";
import type { EndpointReport } from "../bindings/EndpointReport";
import type { Generated } from "../bindings/Generated";

/** Certificates as the backend describes them: a CA, an intermediate it signed, and a leaf. */
export const ROOT_CA: CertificateInfo = {
  subject: "CN=Example Root CA, O=Example",
  issuer: "CN=Example Root CA, O=Example",
  serial: "1A:2B:3C:4D",
  notBefore: "2025-01-01T00:00:00Z",
  notAfter: "2035-01-01T00:00:00Z",
  sans: [],
  publicKey: "EC P-256",
  signatureAlgorithm: "ecdsa-with-SHA256",
  sha256Fingerprint:
    "AA:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:01",
  isCa: true,
  selfSigned: true,
  extensions: [
    { oid: "2.5.29.19", name: "X509v3 Basic Constraints", critical: true, value: "CA:TRUE" },
    { oid: "2.5.29.15", name: "X509v3 Key Usage", critical: true, value: "Certificate Sign, CRL Sign" },
  ],
  pem: "-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n",
};

export const INTERMEDIATE: CertificateInfo = {
  ...ROOT_CA,
  subject: "CN=Example Intermediate CA, O=Example",
  issuer: ROOT_CA.subject,
  serial: "02",
  selfSigned: false,
  sha256Fingerprint:
    "BB:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:02",
  pem: "-----BEGIN CERTIFICATE-----\nMIIBinter\n-----END CERTIFICATE-----\n",
};

export const LEAF: CertificateInfo = {
  subject: "CN=docker-registry-default.apps.example.com",
  issuer: INTERMEDIATE.subject,
  serial: "5F:01:9C",
  notBefore: "2026-01-01T00:00:00Z",
  notAfter: "2027-12-31T00:00:00Z",
  sans: [
    { kind: "dns", value: "docker-registry-default.apps.example.com" },
    { kind: "dns", value: "docker-registry.default.svc" },
    { kind: "dns", value: "172.30.2.98" },
    { kind: "ip", value: "172.30.2.98" },
  ],
  publicKey: "EC P-256",
  signatureAlgorithm: "ecdsa-with-SHA256",
  sha256Fingerprint:
    "CC:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:03",
  isCa: false,
  selfSigned: false,
  extensions: [
    { oid: "2.5.29.19", name: "X509v3 Basic Constraints", critical: true, value: "CA:FALSE" },
    { oid: "2.5.29.37", name: "X509v3 Extended Key Usage", critical: false, value: "TLS Web Server Authentication" },
    {
      oid: "2.5.29.17",
      name: "X509v3 Subject Alternative Name",
      critical: false,
      value: "DNS:docker-registry-default.apps.example.com, DNS:docker-registry.default.svc, DNS:172.30.2.98, IP Address:172.30.2.98",
    },
  ],
  pem: "-----BEGIN CERTIFICATE-----\nMIIBleaf\n-----END CERTIFICATE-----\n",
};

const check = (id: Check["id"], status: Check["status"], params: Record<string, string> = {}): Check => ({ id, status, params });

/**
 * The doctor's answer for `intermediate.pem` + `leaf.pem` (leaf last) + a key, checked against
 * the OpenShift service names: the order is reversed and one service name is missing.
 */
export const reversedBundleReport = (): BundleReport => ({
  bundleId: "b-1",
  certificates: [structuredClone(INTERMEDIATE), structuredClone(LEAF)],
  privateKeys: 1,
  checks: [
    check("certificatePresent", "pass", { count: "2" }),
    check("onePrivateKey", "pass", { count: "1" }),
    check("keyUnencrypted", "pass"),
    check("keyMatchesCertificate", "pass"),
    check("chainOrder", "fail", { detail: "certificate 1 (CN=Example Intermediate CA, O=Example) comes before the server certificate" }),
    check("chainTrusted", "warn", { detail: "CN=Example Root CA, O=Example is not in the system roots" }),
    check("validNow", "pass", { subject: LEAF.subject, notBefore: LEAF.notBefore, notAfter: LEAF.notAfter }),
    check("expiresSoon", "pass", { days: "402" }),
    check("validityLength", "pass", { days: "729" }),
    check("leafNotCa", "pass"),
    check("serverAuthUsage", "pass"),
    check("keyStrength", "pass"),
    check("signatureAlgorithm", "pass"),
    check("subjectAltNames", "pass", { cn: "docker-registry-default.apps.example.com" }),
    check("hostsCovered", "fail", { missing: "docker-registry.default.svc.cluster.local" }),
    check("ipAsDnsName", "warn", { names: "172.30.2.98" }),
  ],
  hosts: [
    { host: "docker-registry.default.svc", isIp: false, covered: true, matchedBy: "docker-registry.default.svc", nearMiss: null },
    { host: "docker-registry.default.svc.cluster.local", isIp: false, covered: false, matchedBy: null, nearMiss: null },
    { host: "172.30.2.98", isIp: true, covered: true, matchedBy: "172.30.2.98", nearMiss: null },
    { host: "a.b.apps.example.com", isIp: false, covered: false, matchedBy: null, nearMiss: "wildcardOneLabelOnly" },
  ],
  notes: [
    { kind: "crlfLineEndings", source: "leaf.pem", line: null, detail: null },
    { kind: "strayText", source: "pasted", line: 3, detail: "subject=CN = ..." },
  ],
  fixed: { changed: true, order: [LEAF.subject, INTERMEDIATE.subject], exportable: true, leftOut: [] },
  instructions: {
    ocCreateSecret: "oc create secret generic console-secret --from-file=/path/to/console.cert",
    dockerCertsD: [
      "sudo mkdir -p /etc/docker/certs.d/docker-registry.default.svc:5000 && sudo cp ca.crt /etc/docker/certs.d/docker-registry.default.svc:5000/ca.crt",
    ],
    podmanCertsD: [
      "sudo mkdir -p /etc/containers/certs.d/docker-registry.default.svc:5000 && sudo cp ca.crt /etc/containers/certs.d/docker-registry.default.svc:5000/ca.crt",
    ],
    additionalTrustedCa:
      "oc create configmap registry-cas -n openshift-config --from-file=docker-registry.default.svc..5000=ca.crt\noc patch image.config.openshift.io/cluster --type=merge -p '{\"spec\":{\"additionalTrustedCA\":{\"name\":\"registry-cas\"}}}'",
    routeCertificate:
      "sed '/-BEGIN [A-Z ]*PRIVATE KEY-/,/-END [A-Z ]*PRIVATE KEY-/d' console.cert > tls.crt\nopenssl pkey -in console.cert -out tls.key\noc create secret tls public-route-tls -n openshift-image-registry --cert=tls.crt --key=tls.key",
    quaySsl:
      "sed '/-BEGIN [A-Z ]*PRIVATE KEY-/,/-END [A-Z ]*PRIVATE KEY-/d' console.cert > ssl.cert\nopenssl pkey -in console.cert -out ssl.key",
  },
});

/** What the harness's TLS registry presents: a leaf and the test CA, not trusted by the system. */
export const untrustedEndpointReport = (): EndpointReport => ({
  inspectionId: "i-1",
  address: "127.0.0.1:5443",
  serverName: "localhost",
  tlsVersion: "TLSv1.3",
  cipherSuite: "TLS13_AES_256_GCM_SHA384",
  chain: [
    { ...structuredClone(LEAF), subject: "CN=localhost", issuer: ROOT_CA.subject, sans: [{ kind: "dns", value: "localhost" }] },
    structuredClone(ROOT_CA),
  ],
  trusted: false,
  trustError: "invalid peer certificate: UnknownIssuer",
  checks: [
    check("certificatePresent", "pass", { count: "2" }),
    check("chainOrder", "pass"),
    check("chainTrusted", "fail", { detail: "UnknownIssuer" }),
    check("hostsCovered", "pass", { missing: "" }),
  ],
  hosts: [{ host: "localhost", isIp: false, covered: true, matchedBy: "localhost", nearMiss: null }],
});

/** A self-signed certificate as the generator makes it. */
export const generatedSelfSigned = (hostnames: string[], days: number): Generated => ({
  generatedId: "g-1",
  certificate: {
    ...structuredClone(LEAF),
    subject: `CN=${hostnames[0] ?? ""}`,
    issuer: `CN=${hostnames[0] ?? ""}`,
    selfSigned: true,
    sans: hostnames.map((h) => (/^[\d.]+$/.test(h) ? { kind: "ip" as const, value: h } : { kind: "dns" as const, value: h })),
  },
  ca: null,
  // In the backend's order; self-signed as asked is a warning, not a failure (certs crate).
  checks: [
    check("chainTrusted", "warn", { problem: "selfSignedAsAsked", host: hostnames[0] ?? "", detail: `CN=${hostnames[0] ?? ""}` }),
    check("leafNotCa", "pass"),
    check("serverAuthUsage", "pass"),
    check("validityLength", days > 730 ? "warn" : "pass", { days: String(days) }),
  ],
});
