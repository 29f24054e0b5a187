import { describe, expect, it } from "vitest";
import { makeTranslate } from "../i18n/i18n";
import { sampleConnections } from "../test/fixtures";
import { bySeverity, checkSentence, CHECK_IDS } from "./checkWords";
import type { Check } from "../bindings/Check";
import { octalMode } from "./files";
import { isIpAddress, parseHostList, presetHosts, splitSans } from "./hosts";
import { isAbsolutePath } from "./SaveToPath";
import { en } from "../i18n/en";

describe("check sentences", () => {
  const t = makeTranslate("en");

  it("every_check_has_a_title_and_a_sentence_per_status_in_both_languages", () => {
    const keys = new Set(Object.keys(en));
    expect(CHECK_IDS).toHaveLength(18);
    for (const id of CHECK_IDS) {
      for (const part of ["title", "pass", "warn", "fail"]) expect(keys.has(`check.${id}.${part}`), `${id}.${part}`).toBe(true);
    }
    expect(keys.has("check.noSuchCheck.pass")).toBe(false);
  });

  it("an_expired_certificate_says_how_long_ago", () => {
    expect(checkSentence(t, { id: "expiresSoon", status: "fail", params: { days: "-12" } })).toBe(
      "The server certificate expired 12 days ago. Issue a new one.",
    );
    expect(checkSentence(t, { id: "expiresSoon", status: "warn", params: { days: "9" } })).toContain("expires in 9 days");
  });

  it("two_server_certificates_say_which_one_the_key_belongs_to_or_that_none_can_tell", () => {
    const withKey = checkSentence(t, {
      id: "oneServerCertificate",
      status: "fail",
      params: { count: "2", subjects: "CN=old; CN=new", keySubject: "CN=new", leftOut: "CN=old" },
    });
    expect(withKey).toContain("The private key belongs to CN=new");
    expect(withKey).toContain("leaves out CN=old");
    const noKey = checkSentence(t, { id: "oneServerCertificate", status: "fail", params: { count: "2", subjects: "CN=old; CN=new" } });
    expect(noKey).toContain("without the private key the doctor cannot tell");
    expect(noKey).not.toContain("—");
  });

  it("a_missing_param_shows_a_dash_not_a_placeholder", () => {
    expect(checkSentence(t, { id: "keyUnencrypted", status: "fail", params: {} })).toContain("The private key in — is encrypted");
  });

  it("dates_are_written_in_the_ui_language", () => {
    const ja = makeTranslate("ja");
    const check = {
      id: "validNow" as const,
      status: "fail" as const,
      params: { subject: "CN=r", notBefore: "2020-01-01T00:00:00Z", notAfter: "2021-01-01T00:00:00Z" },
    };
    expect(checkSentence(t, check)).toContain("from Jan 1, 2020 to Jan 1, 2021");
    expect(checkSentence(ja, check)).toContain("2020年1月1日");
  });
});

describe("host names", () => {
  it("ip_addresses_become_ip_sans_and_the_rest_dns_sans", () => {
    expect(splitSans(["registry.example.com", "172.30.124.220", "::1", "[2001:db8::1]", "172.30.2.98.nip.io"])).toEqual({
      dns: ["registry.example.com", "172.30.2.98.nip.io"],
      ip: ["172.30.124.220", "::1", "2001:db8::1"],
    });
    expect(isIpAddress("300.1.1.1")).toBe(false);
  });

  it("a_list_splits_on_commas_spaces_and_lines_without_duplicates", () => {
    expect(parseHostList(" a.example.com,b.example.com\nA.example.com  c ")).toEqual(["a.example.com", "b.example.com", "c"]);
  });

  it("openshift_connections_give_their_registrys_names_by_version", () => {
    const [registry, openshift] = sampleConnections();
    expect(presetHosts(registry!)).toEqual(["registry.example.com"]);
    // Never picked: 4.x, whose registry route sits beside the API server's name.
    expect(presetHosts(openshift!)).toEqual([
      "default-route-openshift-image-registry.apps.prod.example.com",
      "image-registry.openshift-image-registry.svc",
      "image-registry.openshift-image-registry.svc.cluster.local",
    ]);
    expect(presetHosts({ ...openshift!, openshiftVersion: "v3" })).toEqual([
      "docker-registry.default.svc",
      "docker-registry.default.svc.cluster.local",
    ]);
    expect(presetHosts({ ...openshift!, url: "https://openshift.example.com:8443", openshiftVersion: "v4" })).toEqual([
      "image-registry.openshift-image-registry.svc",
      "image-registry.openshift-image-registry.svc.cluster.local",
    ]);
  });
});

describe("saving", () => {
  it("paths_must_be_absolute_and_modes_read_as_octal", () => {
    expect(isAbsolutePath("/home/admin/console.cert")).toBe(true);
    expect(isAbsolutePath("C:\\certs\\console.cert")).toBe(true);
    expect(isAbsolutePath("console.cert")).toBe(false);
    expect(octalMode(384)).toBe("0600");
    expect(octalMode(0o100644)).toBe("0644");
  });
});

describe("certificate feedback", () => {
  it("lists_failed_checks_first_then_warnings_then_passes_each_in_the_backends_order", () => {
    const checks: Check[] = [
      { id: "certificatePresent", status: "pass", params: {} },
      { id: "chainTrusted", status: "warn", params: {} },
      { id: "validNow", status: "fail", params: {} },
      { id: "expiresSoon", status: "pass", params: {} },
      { id: "subjectAltNames", status: "fail", params: {} },
      { id: "ipAsDnsName", status: "warn", params: {} },
    ];
    expect(bySeverity(checks).map((c) => c.id)).toEqual([
      "validNow",
      "subjectAltNames",
      "chainTrusted",
      "ipAsDnsName",
      "certificatePresent",
      "expiresSoon",
    ]);
    // The input is left as the backend sent it.
    expect(checks[0]?.id).toBe("certificatePresent");
  });

  it("a_certificate_generated_self_signed_as_asked_says_so_and_how_to_trust_it", () => {
    const check: Check = { id: "chainTrusted", status: "warn", params: { problem: "selfSignedAsAsked", host: "registry.example.com", detail: "CN=registry.example.com" } };
    const en = checkSentence(makeTranslate("en"), check);
    expect(en).toMatch(/^Self-signed, as asked\./);
    expect(en).toContain("additionalTrustedCA");
    expect(en).toContain("/etc/containers/certs.d/registry.example.com[:port]/ca.crt");
    expect(en).toContain("/etc/docker/certs.d/registry.example.com[:port]/ca.crt");
    expect(en).not.toContain("does not end at a trusted root");
    const ja = checkSentence(makeTranslate("ja"), check);
    expect(ja).toMatch(/^指定どおりの自己署名証明書です。/);
    expect(ja).toContain("/etc/containers/certs.d/registry.example.com[:port]/ca.crt");
    // A self-signed certificate the user did not ask for still fails in its own words.
    const untrusted = checkSentence(makeTranslate("en"), { id: "chainTrusted", status: "fail", params: { problem: "selfSignedUntrusted", detail: "CN=x" } });
    expect(untrusted).toContain("does not end at a trusted root");
  });
});
