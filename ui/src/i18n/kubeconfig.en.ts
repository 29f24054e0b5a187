// English strings of "Import from kubeconfig" (merged into `en`). Words as oc and kubectl
// use them: kubeconfig, context, cluster, user, namespace, current-context.
export const kubeconfigEn = {
  "kubeconfig.open": "Import from kubeconfig",
  "kubeconfig.title": "Import from kubeconfig",
  "kubeconfig.intro":
    "Pick a context of the kubeconfig that oc and kubectl use. Its cluster becomes an OpenShift connection; a token in the context signs you in and is kept in the OS keyring, never shown here.",
  "kubeconfig.file": "Kubeconfig file",
  "kubeconfig.fileHelp.env": "From $KUBECONFIG; several files separated by : are merged as oc does.",
  "kubeconfig.fileHelp.home": "The default of oc and kubectl.",
  "kubeconfig.fileHelp.chosen": "The file you chose.",
  "kubeconfig.filePlaceholder": "~/.kube/config",
  "kubeconfig.load": "Load",
  "kubeconfig.loading": "Reading the kubeconfig…",
  "kubeconfig.loadFailed": "The kubeconfig could not be read",
  "kubeconfig.none": "This kubeconfig has no context.",
  "kubeconfig.tableLabel": "Contexts",
  "kubeconfig.columnContext": "Context",
  "kubeconfig.columnServer": "Server",
  "kubeconfig.columnUser": "User",
  "kubeconfig.columnNamespace": "Namespace",
  "kubeconfig.columnCredentials": "Credentials",
  "kubeconfig.columnTls": "TLS",
  "kubeconfig.current": "Current",

  "kubeconfig.cred.token": "Token",
  "kubeconfig.cred.tokenFile": "Token file",
  "kubeconfig.cred.tokenFileUnreadable": "Token file unreadable",
  "kubeconfig.cred.clientCertificate": "Client certificate: not usable",
  "kubeconfig.cred.exec": "Exec plugin: not usable",
  "kubeconfig.cred.authProvider": "Auth provider: not usable",
  "kubeconfig.cred.basicAuth": "Username and password: not usable",
  "kubeconfig.cred.none": "No credentials",
  "kubeconfig.credHelp.token": "After the import, this token signs you in: it is checked against the cluster, then kept in the OS keyring.",
  "kubeconfig.credHelp.tokenFile": "After the import, the token in {path} signs you in: it is checked against the cluster, then kept in the OS keyring.",
  "kubeconfig.credHelp.tokenFileUnreadable": "{path} cannot be read ({reason}). The connection is imported without signing in.",
  "kubeconfig.credHelp.clientCertificate":
    "Registry Console does not sign in with client certificates. The connection is imported; then sign in from its row.",
  "kubeconfig.credHelp.exec":
    "Registry Console does not run credential plugins (exec: {command}). The connection is imported; then sign in from its row.",
  "kubeconfig.credHelp.authProvider":
    "The auth-provider plugin {name} is not supported (kubectl dropped it too). The connection is imported; then sign in from its row.",
  "kubeconfig.credHelp.basicAuth":
    "Registry Console does not take user names and passwords from a kubeconfig. The connection is imported; then sign in from its row.",
  "kubeconfig.credHelp.none": "The user has no credentials. The connection is imported; then sign in from its row.",

  "kubeconfig.tls.system": "System roots",
  "kubeconfig.tls.caFile": "CA file",
  "kubeconfig.tls.caData": "CA data ({count})",
  "kubeconfig.tls.insecure": "Verification off",
  "kubeconfig.tlsHelp.system": "The server's certificate is checked against the system's trusted roots.",
  "kubeconfig.tlsHelp.caFile": "The CA certificates of {path} are copied to the app's CA store for this connection, as Trust this CA does.",
  "kubeconfig.tlsHelp.caData":
    "The context's certificate-authority-data ({count} certificates) is saved to the app's CA store for this connection, as Trust this CA does.",
  "kubeconfig.tlsHelp.insecure": "insecure-skip-tls-verify is set: the connection will not check the server's certificate.",

  "kubeconfig.problem.missingCluster": "Cannot be imported: its cluster {cluster} is not defined in the kubeconfig.",
  "kubeconfig.problem.missingUser": "Cannot be imported: its user {user} is not defined in the kubeconfig.",
  "kubeconfig.problem.noServer": "Cannot be imported: its cluster {cluster} has no server URL.",
  "kubeconfig.problem.badCaData": "Cannot be imported: the certificate-authority-data of cluster {cluster} is unusable ({reason}).",
  "kubeconfig.problem.badCaFile": "Cannot be imported: the CA file {path} is unusable ({reason}).",
  "kubeconfig.problem.caWithInsecure":
    "Cannot be imported: cluster {cluster} has both a certificate authority and insecure-skip-tls-verify, which kubectl refuses too.",

  "kubeconfig.details": "Context {name}",
  "kubeconfig.detailCluster": "Cluster",
  "kubeconfig.detailFile": "Defined in",
  "kubeconfig.noNamespace": "—",
  "kubeconfig.noneSelected": "Select a context to import.",
  "kubeconfig.name": "Connection name",
  "kubeconfig.nameHelp": "Taken from the context; change it if you like.",
  "kubeconfig.import": "Import",
  "kubeconfig.importFailed": "The context was not imported",
  "kubeconfig.added": "Connection {name} added",
  "kubeconfig.addedNoToken": "This context has no token Registry Console can use. Sign in from the connection's row.",
  "kubeconfig.tokenRefused": "The cluster did not accept the context's token. The connection is kept; sign in from its row.",
  "kubeconfig.signInFailed": "The token could not be checked. The connection is kept; sign in from its row.",
  "kubeconfig.keyring": "The cluster accepted the token, but the OS keyring could not keep it.",
} as const;
