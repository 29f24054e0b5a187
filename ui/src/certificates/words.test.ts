import { describe, expect, it } from "vitest";
import { makeTranslate } from "../i18n/i18n";
import { sampleConnections } from "../test/fixtures";
import { checkSentence, CHECK_IDS } from "./checkWords";
import { octalMode } from "./files";
import { isIpAddress, parseHostList, presetHosts, splitSans } from "./hosts";
import { isAbsolutePath } from "./SaveToPath";
import { en } from "../i18n/en";

describe("check sentences", () => {
  const t = makeTranslate("en");

  it("every_check_has_a_title_and_a_sentence_per_status_in_both_languages", () => {
    const keys = new Set(Object.keys(en));
    expect(CHECK_IDS).toHaveLength(16);
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

  it("openshift_connections_add_the_service_host_names", () => {
    const [registry, openshift] = sampleConnections();
    expect(presetHosts(registry!)).toEqual(["registry.example.com"]);
    expect(presetHosts(openshift!)).toEqual([
      "api.prod.example.com:6443",
      "docker-registry.default.svc",
      "docker-registry.default.svc.cluster.local",
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
