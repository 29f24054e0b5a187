import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import type { Connection } from "../bindings/Connection";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";
import { signedIn } from "../test/authFixtures";
import { internalOnly, plainHttpOnly, ROUTE_HOST } from "../test/clusterRegistryFixtures";

type User = ReturnType<typeof userEvent.setup>;

/** prod-cluster (c2) signed in as alice. */
const clusterSignedIn = () => ({ statuses: { c2: signedIn("c2", "alice") } });

/** The sample connections plus a registry connection linked to prod-cluster. */
const withLinked = (): Connection[] => [
  ...sampleConnections(),
  {
    id: "r9",
    name: "prod-cluster registry",
    kind: "registry",
    url: `https://${ROUTE_HOST}`,
    tls: { mode: "caBundle", path: "/etc/pki/prod-ca.crt" },
    linkedCluster: "c2",
  },
];

async function start() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  return user;
}

const row = (name: string) => {
  const found = screen.getAllByTestId("connection-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

async function openDialogFromRow(user: User) {
  await user.click(within(row("prod-cluster")).getByTestId("open-cluster-registry"));
  return screen.findByTestId("cluster-registry-modal");
}

const tagNames = () => screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"));

async function openRepository(user: User, name: string) {
  await screen.findByTestId("catalog-count");
  const found = screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no repository ${name}`);
  await user.click(found);
  await waitFor(() => expect(tagNames().length).toBeGreaterThan(0));
}

describe("Open the cluster's registry", { timeout: 60000 }, () => {
  it("shows_the_host_and_why_then_adds_the_linked_connection_and_browses_it", async () => {
    const backend = fakeBackend({ auth: clusterSignedIn() });
    const user = await start();
    // Only the OpenShift connection offers it.
    expect(within(row("demo")).queryByTestId("open-cluster-registry")).toBeNull();
    const dialog = await openDialogFromRow(user);

    expect((await within(dialog).findByTestId("cluster-registry-host")).textContent).toBe(ROUTE_HOST);
    const why = within(dialog).getByTestId("cluster-registry-why").textContent;
    expect(why).toContain("The image config (images.config.openshift.io/cluster) lists it among the external registry host names");
    expect(why).toContain("image-registry.openshift-image-registry.svc:5000: that name is a Service name and works only inside the cluster");
    const lookups = within(dialog).getAllByTestId("cluster-registry-lookup").map((l) => l.textContent ?? "");
    expect(lookups[0]).toContain(`image config: external host ${ROUTE_HOST}, internal host image-registry.openshift-image-registry.svc:5000`);
    expect(lookups[1]).toContain(`route default-route in openshift-image-registry: host ${ROUTE_HOST} over TLS`);
    expect(lookups[2]).toContain("route docker-registry in default: 404: not there");
    expect(lookups[3]).toContain("image streams of openshift: read, but names no host");
    expect(backend.callsTo("cluster_registry_info")[0]?.args).toEqual({ connectionId: "c2", project: null });

    await user.click(within(dialog).getByTestId("cluster-registry-open"));
    const opened = await within(dialog).findByTestId("cluster-registry-opened");
    expect(opened.textContent).toContain(`Added the registry connection prod-cluster registry (https://${ROUTE_HOST}), linked to prod-cluster.`);
    expect(within(dialog).getByTestId("cluster-registry-tls").textContent).toContain("checked with prod-cluster's CA bundle");
    expect(backend.callsTo("cluster_registry_open")[0]?.args).toEqual({ connectionId: "c2", project: null, host: ROUTE_HOST });

    await user.click(within(dialog).getByTestId("cluster-registry-browse"));
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Registries"));
    const select = (await screen.findByTestId("registry-connection")) as HTMLSelectElement;
    expect(select.value).toBe("linked-4");
    expect(screen.getByTestId("linked-login").textContent).toContain("Signs in with prod-cluster's login");
    expect(screen.queryByTestId("registry-sign-out")).toBeNull();
    await screen.findByTestId("catalog-count");

    // Back on Connections: the linked row says whose login it uses, with no sign-in of its own.
    await user.click(screen.getByTestId("nav-connections"));
    const linkedRow = await waitFor(() => row("prod-cluster registry"));
    expect(within(linkedRow).getByTestId("linked-login").textContent).toContain("Signs in with prod-cluster's login");
    expect(within(linkedRow).queryByTestId("auth-sign-in")).toBeNull();
  });

  it("says_in_one_sentence_why_nothing_is_usable_and_what_the_admin_runs", async () => {
    const backend = fakeBackend({ auth: clusterSignedIn(), clusterRegistry: { info: internalOnly() } });
    const user = await start();
    let dialog = await openDialogFromRow(user);
    let none = await within(dialog).findByTestId("cluster-registry-none");
    expect(none.getAttribute("data-choice")).toBe("internalOnly");
    expect(none.textContent).toContain(
      "Only the internal name image-registry.openshift-image-registry.svc:5000 was found: it works only inside the cluster",
    );
    expect(within(dialog).getByTestId("cluster-registry-admin-4x").textContent).toBe(
      `oc patch configs.imageregistry.operator.openshift.io/cluster --type merge -p '{"spec":{"defaultRoute":true}}'`,
    );
    expect(within(dialog).queryByTestId("cluster-registry-open")).toBeNull();
    await user.click(within(dialog).getByTestId("cluster-registry-close"));

    backend.clusterRegistry.info = plainHttpOnly();
    dialog = await openDialogFromRow(user);
    none = await within(dialog).findByTestId("cluster-registry-none");
    expect(none.textContent).toContain(
      "The registry is exposed only by a plain-http route (docker-registry-default.apps.example.com): it is not used, because your token would travel in clear.",
    );
    const lookups = within(dialog).getAllByTestId("cluster-registry-lookup");
    expect(lookups[0]?.textContent).toContain("image config: 403: you may not read it");
    expect(lookups[0]?.textContent).toContain('User "alice" cannot get resource "images"');
    expect(lookups[2]?.textContent).toContain("host docker-registry-default.apps.example.com, plain http (not used)");
    expect(within(dialog).queryByTestId("cluster-registry-open")).toBeNull();
  });

  it("from_the_image_streams_tab_reads_the_project_too", async () => {
    const backend = fakeBackend({ auth: clusterSignedIn() });
    const user = await start();
    await user.click(screen.getByTestId("nav-access"));
    await screen.findByTestId("bindings-table");
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByTestId("tab-imageStreams"));
    await screen.findByTestId("streams-table");
    await user.click(screen.getByTestId("open-cluster-registry"));
    const dialog = await screen.findByTestId("cluster-registry-modal");
    await within(dialog).findByTestId("cluster-registry-host");
    expect(backend.callsTo("cluster_registry_info")[0]?.args).toEqual({ connectionId: "c2", project: "team-a" });
    await user.click(within(dialog).getByTestId("cluster-registry-open"));
    await user.click(await within(dialog).findByTestId("cluster-registry-browse"));
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Registries"));
    expect((screen.getByTestId("registry-connection") as HTMLSelectElement).value).toBe("linked-4");
  });
});

describe("A registry connection linked to a cluster", { timeout: 60000 }, () => {
  it("removes_a_tag_through_the_image_api_and_never_offers_the_manifest_delete", async () => {
    const backend = fakeBackend({ state: settingsState(withLinked()), auth: clusterSignedIn() });
    const user = await start();
    await user.click(screen.getByTestId("nav-registries"));
    await user.selectOptions(await screen.findByTestId("registry-connection"), "r9");
    await openRepository(user, "team/tools");

    await user.click(within(screen.getAllByTestId("tag-row")[0]!).getByTestId("tag-actions"));
    const remove = await screen.findByTestId("tag-delete");
    expect(remove.textContent).toBe("Remove tag from the image stream (as oc tag -d)");
    await user.click(within(remove).getByRole("menuitem"));
    const modal = await screen.findByTestId("cluster-tag-delete-modal");
    expect(modal.textContent).toContain("Remove tag team/tools:dev from the image stream?");
    expect(within(modal).getByTestId("cluster-tag-delete-command").textContent).toBe("oc tag -d tools:dev -n team");
    expect(within(modal).getByTestId("cluster-tag-delete-why").textContent).toContain("oc adm prune images");
    expect(backend.callsTo("registry_delete_plan")).toHaveLength(0);

    await user.click(within(modal).getByTestId("cluster-tag-delete-confirm"));
    await waitFor(() => expect(screen.queryByTestId("cluster-tag-delete-modal")).toBeNull());
    expect(backend.callsTo("cluster_registry_delete_tag")[0]?.args).toEqual({ connectionId: "r9", repository: "team/tools", tag: "dev" });
    expect(backend.callsTo("registry_delete")).toHaveLength(0);
    await screen.findByTestId("tags-empty");
    expect(backend.clusterRegistry.removed).toEqual(["team/tools:dev"]);
    expect((await screen.findByTestId("tags-notice-success")).textContent).toContain("Removed team/tools:dev from the image stream");
  });

  it("asks_for_the_clusters_sign_in_and_then_lists_again", async () => {
    const backend = fakeBackend({ state: settingsState(withLinked()) });
    const user = await start();
    await user.click(screen.getByTestId("nav-registries"));
    await user.selectOptions(await screen.findByTestId("registry-connection"), "r9");

    // The cluster's sign-in dialog, not a registry user name and password.
    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toContain("Sign in to prod-cluster to continue loading the repositories.");
    expect(screen.queryByTestId("registry-sign-in-modal")).toBeNull();
    await user.click(within(dialog).getByTestId("way-token"));
    await user.type(dialog.querySelector("#auth-token") as HTMLInputElement, "sha256~pasted-token-of-bob");
    await user.click(within(dialog).getByTestId("cluster-sign-in-submit"));
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    await screen.findByTestId("catalog-count");
    expect(backend.callsTo("registry_catalog").filter((c) => c.args?.connectionId === "r9")).toHaveLength(2);
    expect(backend.callsTo("auth_openshift_token")[0]?.args).toMatchObject({ connectionId: "c2" });
  });

  it("the_cluster_removal_confirm_names_what_gets_unlinked", async () => {
    fakeBackend({ state: settingsState(withLinked()), auth: clusterSignedIn() });
    const user = await start();
    await user.click(within(row("prod-cluster")).getByTestId("remove-connection"));
    const items = await screen.findAllByTestId("remove-unlinks-item");
    expect(items.map((i) => i.textContent)).toEqual([`prod-cluster registry https://${ROUTE_HOST}`]);
    expect(screen.getByTestId("remove-unlinks").textContent).toContain("they stay, unlinked, and ask for their own sign-in");
    // Removing a plain registry names nothing.
    await user.click(screen.getByText("Cancel"));
    await user.click(within(row("demo")).getByTestId("remove-connection"));
    await screen.findByTestId("confirm-remove");
    expect(screen.queryByTestId("remove-unlinks")).toBeNull();
  });
});
