import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import type { BundleInput } from "../bindings/BundleInput";
import type { GenerateRequest } from "../bindings/GenerateRequest";
import { fakeBackend } from "../test/fakeBackend";

// Whole-page flows through the real App with many fields typed: slower than a unit test on a
// busy machine; the waits inside are what prove behaviour.
vi.setConfig({ testTimeout: 30_000 });

const LEAF_PEM = "-----BEGIN CERTIFICATE-----\nMIIBleaf\n-----END CERTIFICATE-----\n";
const KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n";

async function openCertificates(language?: "ja") {
  const user = userEvent.setup({ delay: null });
  render(<App />);
  await screen.findByTestId("page-title");
  if (language) await user.selectOptions(screen.getByTestId("language-switch"), language);
  await user.click(screen.getByTestId("nav-certificates"));
  return user;
}

const hostChips = () => screen.queryAllByTestId("doctor-host").map((h) => h.getAttribute("data-host"));
const checkRow = (id: string) => {
  const row = screen.getAllByTestId("check-row").find((r) => r.getAttribute("data-check") === id);
  if (!row) throw new Error(`no check ${id}`);
  return row;
};

async function runDoctor(backend: ReturnType<typeof fakeBackend>, user: ReturnType<typeof userEvent.setup>) {
  // Picked in the (fake) native open dialog: only the path goes to the backend.
  backend.answerDialog(["/home/admin/leaf.pem"]);
  await user.click(screen.getByTestId("doctor-open"));
  await screen.findByTestId("doctor-file");
  await user.click(screen.getByTestId("doctor-run"));
  await screen.findByTestId("doctor-result");
}

describe("Certificates: bundle doctor", () => {
  it("a_certificates_directory_says_which_file_the_console_uses_and_checks_it", async () => {
    const backend = fakeBackend({
      certs: { directories: { "/srv/ws-certs.d": ["console.cert", "0-self-signed.cert", "notes.txt"], "/srv/empty": [] } },
    });
    const user = await openCertificates();
    await user.type(screen.getByTestId("doctor-dir"), "ws-certs.d");
    expect((screen.getByTestId("doctor-dir-run") as HTMLButtonElement).disabled).toBe(true);
    await user.clear(screen.getByTestId("doctor-dir"));
    await user.type(screen.getByTestId("doctor-dir"), "/srv/ws-certs.d{Enter}");
    const result = await screen.findByTestId("doctor-dir-result");
    expect(result.textContent).toContain("The registry console uses console.cert: the last of 2 .cert files");
    expect(within(result).getByTestId("doctor-dir-files").textContent).toBe("0-self-signed.certconsole.cert");
    expect(result.textContent).toContain("Ignored (not .cert files): notes.txt");
    await screen.findByTestId("doctor-result");
    expect(backend.callsTo("certs_doctor_directory")[0]?.args?.input).toMatchObject({ path: "/srv/ws-certs.d" });

    await user.clear(screen.getByTestId("doctor-dir"));
    await user.type(screen.getByTestId("doctor-dir"), "/srv/empty{Enter}");
    await waitFor(() => expect(screen.getByTestId("doctor-dir-result").textContent).toContain("0-self-signed.cert"));
    expect(screen.queryByTestId("doctor-result")).toBeNull();

    await user.clear(screen.getByTestId("doctor-dir"));
    await user.type(screen.getByTestId("doctor-dir"), "/nope{Enter}");
    expect((await screen.findByTestId("doctor-dir-error")).textContent).toContain("cannot read /nope");
  });

  it("a_server_certificate_left_out_of_the_fixed_bundle_is_named", async () => {
    const backend = fakeBackend();
    backend.certs.doctor.fixed.leftOut = ["CN=old-registry.example.com"];
    const user = await openCertificates();
    await runDoctor(backend, user);
    expect(screen.getByTestId("fixed-left-out").textContent).toContain("Left out: CN=old-registry.example.com");
  });

  it("opened_files_go_to_the_doctor_by_path_with_the_pasted_text_and_hosts", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    expect(screen.getByTestId("page-title").textContent).toBe("Certificates");
    expect(screen.queryByTestId("not-built")).toBeNull();
    expect((screen.getByTestId("doctor-run") as HTMLButtonElement).disabled).toBe(true);

    backend.answerDialog(["/home/admin/leaf.pem", "/home/admin/intermediate.der"]);
    await user.click(screen.getByTestId("doctor-open"));
    await waitFor(() => expect(screen.getAllByTestId("doctor-file").map((f) => f.textContent)).toEqual(["leaf.pem", "intermediate.der"]));
    await user.click(screen.getByTestId("doctor-paste"));
    await user.paste(KEY_PEM);
    await user.type(screen.getByTestId("doctor-add-host"), "registry.example.com{Enter}");
    await user.click(screen.getByTestId("doctor-run"));
    await screen.findByTestId("doctor-result");

    const input = backend.callsTo("certs_doctor")[0]?.args?.input as BundleInput;
    expect(input.files).toEqual([
      { name: "leaf.pem", contentBase64: "", path: "/home/admin/leaf.pem" },
      { name: "intermediate.der", contentBase64: "", path: "/home/admin/intermediate.der" },
    ]);
    expect(input.pasted).toBe(KEY_PEM);
    expect(input.hosts).toEqual(["registry.example.com"]);
    expect(input.caFile).toBeNull();
  });

  it("a_dropped_file_is_read_like_an_opened_one", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    const zone = screen.getByTestId("doctor-drop");
    const file = new File([LEAF_PEM], "dropped.crt");
    const { fireEvent } = await import("@testing-library/react");
    fireEvent.dragEnter(zone, { dataTransfer: { types: ["Files"], files: [file] } });
    expect(zone.className).toContain("rc-drop-zone--over");
    fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [file] } });
    await waitFor(() => expect(screen.getAllByTestId("doctor-file").map((f) => f.textContent)).toEqual(["dropped.crt"]));
    expect(zone.className).not.toContain("rc-drop-zone--over");
    await user.click(screen.getByTestId("doctor-run"));
    await screen.findByTestId("doctor-result");
    expect((backend.callsTo("certs_doctor")[0]?.args?.input as BundleInput).files[0]?.contentBase64).toBe(btoa(LEAF_PEM));
  });

  it("host_presets_follow_the_connection_and_include_the_service_ip_and_route", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    expect(screen.getByTestId("doctor-hosts-empty")).toBeTruthy();

    await user.selectOptions(screen.getByTestId("doctor-connection"), "c2");
    expect(hostChips()).toEqual([
      "default-route-openshift-image-registry.apps.prod.example.com",
      "image-registry.openshift-image-registry.svc",
      "image-registry.openshift-image-registry.svc.cluster.local",
    ]);
    await user.type(screen.getByTestId("doctor-add-host"), "mydocker-registry.example.com");
    await user.click(screen.getByTestId("doctor-add-host-button"));
    // Switching connections swaps its presets and keeps what the user added.
    await user.selectOptions(screen.getByTestId("doctor-connection"), "c1");
    expect(hostChips()).toEqual(["mydocker-registry.example.com", "registry.example.com"]);
    await user.click(screen.getByLabelText("Remove registry.example.com"));
    expect(hostChips()).toEqual(["mydocker-registry.example.com"]);

    await user.type(screen.getByTestId("doctor-service-ip"), "172.30.124.220");
    await user.type(screen.getByTestId("doctor-route-host"), "docker-registry-default.apps.example.com");
    await runDoctor(backend, user);
    expect((backend.callsTo("certs_doctor")[0]?.args?.input as BundleInput).hosts).toEqual([
      "mydocker-registry.example.com",
      "172.30.124.220",
      "docker-registry-default.apps.example.com",
    ]);
  });

  it("the_checklist_words_fail_warn_and_pass_with_their_params", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await runDoctor(backend, user);

    expect(screen.getByTestId("check-summary").textContent).toBe("Failed: 2 · Warnings: 2 · Passed: 12");
    const order = checkRow("chainOrder");
    expect(order.getAttribute("data-status")).toBe("fail");
    expect(within(order).getByRole("img").getAttribute("aria-label")).toBe("Fail");
    expect(order.textContent).toContain(
      "The certificates are out of order (certificate 1 (CN=Example Intermediate CA, O=Example) comes before the server certificate).",
    );
    expect(checkRow("hostsCovered").textContent).toContain("Not in the SANs: docker-registry.default.svc.cluster.local.");
    const ip = checkRow("ipAsDnsName");
    expect(ip.getAttribute("data-status")).toBe("warn");
    expect(within(ip).getByRole("img").getAttribute("aria-label")).toBe("Warning");
    expect(ip.textContent).toContain("Also written as DNS names: 172.30.2.98.");
    expect(checkRow("validityLength").textContent).toContain("The server certificate is valid for 729 days.");
    expect(checkRow("keyUnencrypted").textContent).toContain("The private key is not encrypted.");
    // No sentence shows a raw placeholder, even for params the backend leaves out.
    for (const row of screen.getAllByTestId("check-row")) expect(row.textContent).not.toMatch(/\{\w+\}/);

    const rows = screen.getAllByTestId("host-row");
    expect(rows.map((r) => [r.getAttribute("data-host"), r.getAttribute("data-covered")])).toEqual([
      ["docker-registry.default.svc", "true"],
      ["docker-registry.default.svc.cluster.local", "false"],
      ["172.30.2.98", "true"],
      ["a.b.apps.example.com", "false"],
    ]);
    expect(rows[1]?.textContent).toContain("Missing");
    expect(rows[1]?.textContent).toContain("No SAN matches.");
    expect(rows[3]?.textContent).toContain("A wildcard covers one label only");
    expect(screen.getAllByTestId("parse-note").map((n) => n.textContent)).toEqual([
      "leaf.pem — Windows (CRLF) line endings; accepted.",
      "pasted, line 3 — Text outside any PEM block was ignored.(subject=CN = ...)",
    ]);

    const cards = screen.getAllByTestId("certificate-card");
    expect(cards.map((c) => c.getAttribute("data-role"))).toEqual(["intermediate", "server"]);
    await user.click(within(cards[1]!).getByTestId("certificate-toggle"));
    const sans = within(cards[1]!).getByTestId("certificate-sans").textContent;
    expect(sans).toContain("DNS:172.30.2.98");
    expect(sans).toContain("IP Address:172.30.2.98");
    expect(within(cards[1]!).getByTestId("certificate-fingerprint").textContent).toMatch(/^CC:11:22/);
    expect(within(cards[1]!).getByTestId("certificate-extensions").textContent).toContain("TLS Web Server Authentication");

    expect(screen.getByTestId("fixed-order").textContent).toBe(
      "CN=docker-registry-default.apps.example.comCN=Example Intermediate CA, O=ExamplePrivate key",
    );
    // No connection chosen: OpenShift 4.x's steps (route, cluster-wide CA, Podman) ...
    const steps = () => screen.getByTestId("instructions").textContent ?? "";
    expect(steps()).toContain("oc create secret tls public-route-tls -n openshift-image-registry");
    expect(steps()).toContain("--from-file=docker-registry.default.svc..5000=ca.crt");
    expect(steps()).toContain("/etc/containers/certs.d/docker-registry.default.svc:5000/ca.crt");
    expect(steps()).not.toContain("console-secret");
    // ... and 3.x's (the registry console's secret, Docker's certs.d) one click away.
    await user.click(screen.getByRole("button", { name: "OpenShift 3.x" }));
    expect(steps()).toContain("oc create secret generic console-secret");
    expect(steps()).toContain("/etc/docker/certs.d/docker-registry.default.svc:5000/ca.crt");
    expect(steps()).not.toContain("additionalTrustedCA");
    await user.click(screen.getByRole("button", { name: "Quay" }));
    expect(steps()).toContain("> ssl.cert");
  });

  it("the_checklist_is_worded_in_japanese_too", async () => {
    const backend = fakeBackend();
    const user = await openCertificates("ja");
    expect(screen.getByTestId("page-title").textContent).toBe("証明書");
    await runDoctor(backend, user);
    expect(screen.getByTestId("check-summary").textContent).toBe("失敗 2 · 警告 2 · 合格 12");
    expect(checkRow("chainOrder").textContent).toContain("証明書の順序が正しくありません");
    expect(checkRow("hostsCovered").textContent).toContain("SAN に含まれていません: docker-registry.default.svc.cluster.local");
    expect(screen.getAllByTestId("host-row")[1]?.textContent).toContain("含まれない");
  });

  it("export_writes_once_asks_before_overwriting_and_shows_a_failure_in_place", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await runDoctor(backend, user);

    // The save dialog suggests the file in the home folder and asks itself before replacing
    // one, so the app writes with overwrite and does not ask again.
    backend.answerDialog("/home/admin/console.cert");
    await user.click(screen.getByTestId("export"));
    expect((await screen.findByTestId("export-saved")).textContent).toMatch(
      /Written to \/home\/admin\/console\.cert: \d+ bytes, mode 0600/,
    );
    expect(backend.callsTo("plugin:dialog|save")[0]?.args).toMatchObject({ options: { defaultPath: "/home/admin/console.cert" } });
    expect(screen.queryByTestId("export-exists")).toBeNull();

    // Cancelling the dialog writes nothing.
    backend.answerDialog(null);
    await user.click(screen.getByTestId("export"));
    await waitFor(() => expect(backend.callsTo("plugin:dialog|save")).toHaveLength(2));
    expect(backend.callsTo("certs_export_bundle").map((c) => c.args)).toEqual([{ bundleId: "b-1", path: "/home/admin/console.cert", overwrite: true }]);

    backend.fail("certs_export_bundle", {
      code: "invalidInput",
      message: "cannot write /etc/cockpit/ws-certs.d/console.cert: permission denied.",
      detail: "Permission denied (os error 13)",
    });
    backend.answerDialog("/etc/cockpit/ws-certs.d/console.cert");
    await user.click(screen.getByTestId("export"));
    const error = await screen.findByTestId("export-error");
    expect(error.textContent).toContain("The bundle could not be exported");
    expect(error.textContent).toContain("Permission denied (os error 13)");
  });

  it("a_bundle_without_a_usable_key_cannot_be_exported", async () => {
    const backend = fakeBackend();
    backend.certs.doctor.fixed.exportable = false;
    const user = await openCertificates();
    await runDoctor(backend, user);
    expect(screen.getByTestId("fixed-not-exportable").textContent).toContain("one unencrypted private key");
    expect(screen.queryByTestId("export")).toBeNull();
  });
});

describe("Certificates: live endpoint", () => {
  it("inspect_errors_are_shown_in_words_where_the_user_acted", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-endpoint"));

    await user.click(screen.getByTestId("endpoint-inspect"));
    expect(screen.getByTestId("endpoint-tab").textContent).toContain("Enter a host name or IP address.");
    expect(backend.callsTo("certs_inspect")).toHaveLength(0);

    await user.type(screen.getByTestId("endpoint-host"), "127.0.0.1");
    await user.clear(screen.getByTestId("endpoint-port"));
    await user.type(screen.getByTestId("endpoint-port"), "1");
    backend.fail("certs_inspect", {
      code: "unreachable",
      message: "127.0.0.1:1 refused the connection.",
      detail: "Connection refused (os error 111)",
    });
    await user.click(screen.getByTestId("endpoint-inspect"));
    let error = await screen.findByTestId("endpoint-error");
    expect(error.getAttribute("data-code")).toBe("unreachable");
    expect(error.textContent).toContain("The endpoint cannot be reached");
    expect(error.textContent).toContain("127.0.0.1:1 refused the connection.");
    expect(error.textContent).toContain("Connection refused (os error 111)");
    expect(backend.callsTo("certs_inspect")[0]?.args?.input).toEqual({
      host: "127.0.0.1",
      port: 1,
      serverName: null,
      connectionId: null,
    });

    backend.fail("certs_inspect", {
      code: "tlsFailure",
      message: "127.0.0.1:5000 answered with plain HTTP, not TLS.",
      detail: "HTTP/1.0 400 Bad Request",
    });
    await user.click(screen.getByTestId("endpoint-inspect"));
    await waitFor(() => expect(screen.getByTestId("endpoint-error").getAttribute("data-code")).toBe("tlsFailure"));
    error = screen.getByTestId("endpoint-error");
    expect(error.textContent).toContain("The TLS handshake failed");
    expect(error.textContent).toContain("If it serves plain HTTP on this port");
    expect(error.textContent).toContain("HTTP/1.0 400 Bad Request");
  });

  it("a_connection_fills_host_and_port_and_the_untrusted_chain_is_shown", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-endpoint"));
    await user.selectOptions(screen.getByTestId("endpoint-connection"), "c2");
    expect((screen.getByTestId("endpoint-host") as HTMLInputElement).value).toBe("api.prod.example.com");
    expect((screen.getByTestId("endpoint-port") as HTMLInputElement).value).toBe("6443");
    await user.type(screen.getByTestId("endpoint-sni"), "localhost");
    await user.click(screen.getByTestId("endpoint-inspect"));
    await screen.findByTestId("endpoint-result");
    expect(backend.callsTo("certs_inspect")[0]?.args?.input).toEqual({
      host: "api.prod.example.com",
      port: 6443,
      serverName: "localhost",
      connectionId: "c2",
    });
    expect(screen.getByTestId("endpoint-tls-version").textContent).toBe("TLSv1.3");
    expect(screen.getByTestId("endpoint-trust").getAttribute("data-trusted")).toBe("false");
    expect(screen.getByTestId("endpoint-trust").textContent).toContain("Not trusted");
    expect(screen.getByTestId("endpoint-trust-error").textContent).toContain("UnknownIssuer");
    expect(screen.getAllByTestId("certificate-card").filter((c) => c.closest("[data-testid=endpoint-tab]")).map((c) => c.getAttribute("data-role"))).toEqual([
      "server",
      "root",
    ]);
    expect(checkRow("chainTrusted").getAttribute("data-status")).toBe("fail");
  });

  it("trusting_a_ca_asks_once_and_says_which_connection_now_trusts_it", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-endpoint"));
    await user.type(screen.getByTestId("endpoint-host"), "127.0.0.1");
    await user.click(screen.getByTestId("endpoint-inspect"));
    await screen.findByTestId("endpoint-result");

    // Only the CA certificate offers to be trusted.
    const trustButtons = screen.getAllByTestId("trust-ca");
    expect(trustButtons).toHaveLength(1);
    await user.click(trustButtons[0]!);
    let modal = await screen.findByTestId("trust-ca-modal");
    expect(modal.textContent).toContain("Trust CN=Example Root CA, O=Example?");
    await user.click(within(modal).getByTestId("trust-ca-cancel"));
    await waitFor(() => expect(screen.queryByTestId("trust-ca-modal")).toBeNull());
    expect(backend.callsTo("certs_trust_ca")).toHaveLength(0);

    await user.click(screen.getByTestId("trust-ca"));
    modal = await screen.findByTestId("trust-ca-modal");
    // A connection already on a CA bundle keeps its TLS mode, and so its sign-in.
    await user.selectOptions(within(modal).getByTestId("trust-ca-connection"), "c2");
    expect(within(modal).queryByTestId("trust-ca-signs-out")).toBeNull();
    // One on the system roots changes mode: its saved sign-in is forgotten, and the dialog says so.
    await user.selectOptions(within(modal).getByTestId("trust-ca-connection"), "c1");
    expect(within(modal).getByTestId("trust-ca-signs-out").textContent).toContain(
      "a sign-in saved for it was given under its old TLS setting and is forgotten",
    );
    await user.click(within(modal).getByTestId("trust-ca-confirm"));
    const done = await screen.findByTestId("trust-done");
    expect(done.textContent).toContain("Connection demo now trusts CN=Example Root CA, O=Example.");
    expect(done.textContent).toContain("/home/admin/.config/io.registryconsole.desktop/ca/c1.pem");
    expect(backend.callsTo("certs_trust_ca").map((c) => c.args)).toEqual([
      { inspectionId: "i-1", certIndex: 1, connectionId: "c1" },
    ]);
    // Inspecting again goes through the connection that now trusts the CA.
    await user.click(screen.getByTestId("inspect-again"));
    await waitFor(() => expect(backend.callsTo("certs_inspect")).toHaveLength(2));
    expect((backend.callsTo("certs_inspect")[1]?.args?.input as { connectionId: string }).connectionId).toBe("c1");

    // The app's settings follow: the Connections page shows the new CA bundle.
    const current = backend.state;
    expect(current.settings.connections[0]?.tls).toEqual({ mode: "caBundle", path: "/home/admin/.config/io.registryconsole.desktop/ca/c1.pem" });
    await user.click(screen.getByTestId("nav-connections"));
    expect(await screen.findByText(/ca\/c1\.pem/)).toBeTruthy();
  });

  it("a_failed_trust_stays_in_the_dialog", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-endpoint"));
    await user.type(screen.getByTestId("endpoint-host"), "127.0.0.1");
    await user.click(screen.getByTestId("endpoint-inspect"));
    await screen.findByTestId("endpoint-result");
    backend.fail("certs_trust_ca", {
      code: "other",
      message: "The settings file could not be written.",
      detail: "Read-only file system (os error 30)",
    });
    await user.click(screen.getByTestId("trust-ca"));
    await user.click(await screen.findByTestId("trust-ca-confirm"));
    const error = await screen.findByTestId("trust-ca-error");
    expect(error.textContent).toContain("The CA could not be trusted");
    expect(error.textContent).toContain("Read-only file system (os error 30)");
    expect(screen.getByTestId("trust-ca-modal")).toBeTruthy();
  });
});

describe("Certificates: generate", () => {
  it("splits_names_into_dns_and_ip_sans_generates_and_saves_each_part", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-generate"));

    await user.click(screen.getByTestId("generate-submit"));
    expect(screen.getByTestId("generate-tab").textContent).toContain("Enter at least one host name or IP address.");
    expect(backend.callsTo("certs_generate")).toHaveLength(0);

    await user.type(screen.getByTestId("generate-hostnames"), "registry.example.com, 172.30.124.220\ndocker-registry.default.svc");
    expect(screen.getByTestId("generate-dns").textContent).toBe("DNS:registry.example.comDNS:docker-registry.default.svc");
    expect(screen.getByTestId("generate-ip").textContent).toBe("IP Address:172.30.124.220");
    expect((screen.getByTestId("generate-days") as HTMLInputElement).value).toBe("730");
    expect((screen.getByTestId("generate-key-p256") as HTMLInputElement).checked).toBe(true);

    await user.clear(screen.getByTestId("generate-days"));
    await user.type(screen.getByTestId("generate-days"), "825");
    expect(screen.getByTestId("generate-days-long").textContent).toContain("More than two years");
    await user.click(screen.getByTestId("generate-key-p384"));
    await user.click(screen.getByTestId("generate-submit"));
    await screen.findByTestId("generate-result");
    expect(backend.callsTo("certs_generate")[0]?.args?.request).toEqual({
      hostnames: ["registry.example.com", "172.30.124.220", "docker-registry.default.svc"],
      days: 825,
      keyType: "ecdsaP384",
      signer: { kind: "selfSigned" },
    } satisfies GenerateRequest);
    expect(checkRow("validityLength").getAttribute("data-status")).toBe("warn");
    // Self-signed, as asked: a warning that says how to trust it; warnings before passes.
    expect(checkRow("chainTrusted").getAttribute("data-status")).toBe("warn");
    expect(checkRow("chainTrusted").textContent).toContain("Self-signed, as asked.");
    expect(checkRow("chainTrusted").textContent).toContain("/etc/containers/certs.d/registry.example.com[:port]/ca.crt");
    expect(
      [...screen.getByTestId("generate-result").querySelectorAll("[data-testid=check-row]")].map((r) => r.getAttribute("data-check")),
    ).toEqual(["chainTrusted", "validityLength", "leafNotCa", "serverAuthUsage"]);
    expect(screen.getByTestId("generate-result").querySelector("[data-testid=certificate-subject]")?.textContent).toBe(
      "CN=registry.example.com",
    );

    backend.answerDialog("/home/admin/registry.key");
    await user.click(screen.getByTestId("save-key"));
    expect((await screen.findByTestId("save-key-saved")).textContent).toContain("mode 0600");
    backend.answerDialog("/home/admin/registry.cert");
    await user.click(screen.getByTestId("save-bundle"));
    await screen.findByTestId("save-bundle-saved");
    expect(backend.callsTo("plugin:dialog|save").map((c) => (c.args as { options: { defaultPath: string } }).options.defaultPath)).toEqual([
      "/home/admin/registry.key",
      "/home/admin/registry.cert",
    ]);
    expect(backend.callsTo("certs_save_generated").map((c) => c.args)).toEqual([
      { generatedId: "g-1", part: "key", path: "/home/admin/registry.key", overwrite: true },
      { generatedId: "g-1", part: "bundle", path: "/home/admin/registry.cert", overwrite: true },
    ]);
    expect(screen.queryByTestId("save-certificate-saved")).toBeNull();
  });

  it("a_ca_signer_needs_both_files_and_sends_them", async () => {
    const backend = fakeBackend();
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-generate"));
    await user.selectOptions(screen.getByTestId("generate-connection"), "c1");
    expect((screen.getByTestId("generate-hostnames") as HTMLTextAreaElement).value).toBe("registry.example.com");

    await user.click(screen.getByTestId("generate-ca-signed"));
    await user.click(screen.getByTestId("generate-submit"));
    expect(screen.getByTestId("generate-tab").textContent).toContain("Choose the CA certificate and its key.");
    expect(backend.callsTo("certs_generate")).toHaveLength(0);

    backend.answerDialog("/home/admin/ca/ca.crt");
    await user.click(screen.getByTestId("generate-ca-cert"));
    backend.answerDialog("/home/admin/ca/ca.key");
    await user.click(screen.getByTestId("generate-ca-key"));
    await screen.findByTestId("generate-ca-key-file");
    await user.click(screen.getByTestId("generate-submit"));
    await screen.findByTestId("generate-result");
    expect((backend.callsTo("certs_generate")[0]?.args?.request as GenerateRequest).signer).toEqual({
      kind: "ca",
      // Paths only: the backend reads the CA's key, the webview never holds it.
      certificate: { name: "ca.crt", contentBase64: "", path: "/home/admin/ca/ca.crt" },
      key: { name: "ca.key", contentBase64: "", path: "/home/admin/ca/ca.key" },
    });
  });

  it("a_generate_failure_is_shown_under_the_form", async () => {
    const backend = fakeBackend();
    backend.fail("certs_generate", {
      code: "invalidInput",
      message: "ca.key is encrypted; give the CA's unencrypted key.",
      detail: null,
    });
    const user = await openCertificates();
    await user.click(screen.getByTestId("tab-generate"));
    await user.type(screen.getByTestId("generate-hostnames"), "registry.example.com");
    await user.click(screen.getByTestId("generate-submit"));
    const error = await screen.findByTestId("generate-error");
    expect(error.textContent).toContain("The certificate could not be generated");
    expect(error.textContent).toContain("ca.key is encrypted");
  });
});
