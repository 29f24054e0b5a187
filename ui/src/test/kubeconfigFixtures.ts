import type { CommandError } from "../bindings/CommandError";
import type { KubeconfigListing } from "../bindings/KubeconfigListing";
import type { KubeContext } from "../bindings/KubeContext";

/** What the fake backend's kubeconfig side knows: files by path, and each context's token owner. */
export interface FakeKubeconfig {
  /** The listing of the default lookup (`$KUBECONFIG` / `~/.kube/config`), or its error. */
  defaultListing: KubeconfigListing | CommandError;
  /** Listings of paths the user may type. */
  files: Record<string, KubeconfigListing>;
  /** Context name -> the user its token signs in as; absent: the cluster refuses the token. */
  tokenUsers: Record<string, string>;
}

export const KUBECONFIG_PATH = "/home/admin/.kube/config";

const context = (over: Partial<KubeContext> & Pick<KubeContext, "name">): KubeContext => ({
  current: false,
  cluster: "api-prod-example-com:6443",
  server: "https://api.prod.example.com:6443",
  user: "admin/api-prod-example-com:6443",
  namespace: null,
  credential: { kind: "token" },
  hasToken: true,
  tls: { mode: "caData", certificates: 1 },
  problem: null,
  file: KUBECONFIG_PATH,
  ...over,
});

/** What `oc login` leaves behind, plus a cloud cluster with an exec plugin and a broken context. */
export const sampleKubeconfig = (): FakeKubeconfig => ({
  defaultListing: {
    files: [KUBECONFIG_PATH],
    source: "home",
    currentContext: "default/api-staging-example-com:6443/alice",
    contexts: [
      context({
        name: "default/api-staging-example-com:6443/alice",
        current: true,
        cluster: "api-staging-example-com:6443",
        server: "https://api.staging.example.com:6443",
        user: "alice/api-staging-example-com:6443",
        namespace: "default",
      }),
      context({
        name: "eks-prod",
        cluster: "eks-prod",
        server: "https://abc.gr7.eu-west-1.eks.amazonaws.com",
        user: "eks-admin",
        credential: { kind: "exec", command: "aws" },
        hasToken: false,
        tls: { mode: "system" },
      }),
      context({
        name: "old-lab",
        cluster: "lab",
        server: null,
        user: "lab-user",
        hasToken: false,
        credential: { kind: "none" },
        tls: { mode: "system" },
        problem: { kind: "missingCluster", cluster: "lab" },
      }),
    ],
  },
  files: {
    "/tmp/other.kubeconfig": {
      files: ["/tmp/other.kubeconfig"],
      source: "chosen",
      currentContext: null,
      contexts: [
        context({
          name: "lab",
          server: "https://api.lab.example.com:6443",
          tls: { mode: "insecure" },
          credential: { kind: "tokenFile", path: "/tmp/lab-token" },
        }),
      ],
    },
  },
  tokenUsers: { "default/api-staging-example-com:6443/alice": "alice", lab: "lab-admin" },
});
