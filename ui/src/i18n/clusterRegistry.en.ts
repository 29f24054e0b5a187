// English strings of "Open the cluster's registry" (merged into `en`): the dialog that finds
// the integrated registry's host names as `oc registry info` does, the registry connection
// linked to the cluster's login, and image stream tags removed as `oc tag -d` does.
export const clusterRegistryEn = {
  "clusterRegistry.open": "Open the cluster's registry",
  "clusterRegistry.openLabel": "Open the cluster's registry: {name}",
  "clusterRegistry.title": "The registry of {name}",
  "clusterRegistry.looking": "Looking for the registry's host names, as oc registry info does…",
  "clusterRegistry.lookFailed": "Could not look for the cluster's registry",
  "clusterRegistry.host": "Host",
  "clusterRegistry.hostPick": "Registry host",
  "clusterRegistry.why": "Why this one",
  "clusterRegistry.internal": "Inside the cluster it is {host}: that name is a Service name and works only inside the cluster.",
  "clusterRegistry.signsIn":
    "The new registry connection signs in with your login to {name} (user name “user”, as oc registry login sends it) and follows it when it is renewed; no second copy of the token is kept.",
  "clusterRegistry.lookups": "Where it looked",

  "clusterRegistry.source.imageConfigExternal":
    "The image config (images.config.openshift.io/cluster) lists it among the external registry host names: reachable from this machine.",
  "clusterRegistry.source.defaultRoute":
    "The route default-route in openshift-image-registry exposes the registry over TLS (OpenShift 4 with defaultRoute: true).",
  "clusterRegistry.source.dockerRegistryRoute":
    "The route docker-registry in default exposes the registry over TLS (OpenShift 3.x).",
  "clusterRegistry.source.imageStreamPublic":
    "The image stream {object} gives it as its public pull spec, which is what oc registry login reads.",
  "clusterRegistry.source.imageConfigInternal": "The image config's internal registry host name.",
  "clusterRegistry.source.imageStreamInternal": "The internal pull spec of the image stream {object}.",

  "clusterRegistry.place.imageConfig": "image config",
  "clusterRegistry.place.route": "route {name} in {namespace}",
  "clusterRegistry.place.imageStreams": "image streams of {namespace}",
  "clusterRegistry.place.other": "{request}",
  "clusterRegistry.said.externalHost": "external host {host}",
  "clusterRegistry.said.internalHost": "internal host {host}",
  "clusterRegistry.said.routeTls": "host {host} over TLS",
  "clusterRegistry.said.routePlain": "host {host}, plain http (not used)",
  "clusterRegistry.said.empty": "read, but names no host",
  "clusterRegistry.said.notFound": "404: not there",
  "clusterRegistry.said.forbidden": "403: you may not read it",
  "clusterRegistry.said.failed": "failed",

  "clusterRegistry.none.internalOnly":
    "Only the internal name {host} was found: it works only inside the cluster, and no route exposes the registry outside it.",
  "clusterRegistry.none.plainHttpOnly":
    "The registry is exposed only by a plain-http route ({host}): it is not used, because your token would travel in clear.",
  "clusterRegistry.none.notFound":
    "No host name of the registry was found: it is not exposed by a route, or you may not read where it is.",
  "clusterRegistry.admin4":
    "An administrator exposes it with a TLS route. On OpenShift 4 the image registry operator makes default-route:",
  "clusterRegistry.admin3": "On OpenShift 3.x, a passthrough route for the docker-registry service:",
  "clusterRegistry.copyCommand": "Copy the command",
  "clusterRegistry.retry": "Look again",

  "clusterRegistry.openButton": "Open in Registries",
  "clusterRegistry.opening": "Opening…",
  "clusterRegistry.openFailed": "Could not open the cluster's registry",
  "clusterRegistry.added": "Added the registry connection {name} ({url}), linked to {cluster}.",
  "clusterRegistry.reused": "The registry connection {name} ({url}) is already linked to {cluster}: it is used again.",
  "clusterRegistry.tls.system": "Its certificate is checked with the system's trusted certificates.",
  "clusterRegistry.tls.clusterCa": "Its certificate is checked with {cluster}'s CA bundle (the route's certificate is signed by the cluster's CA).",
  "clusterRegistry.tls.clusterInsecure": "{cluster} does not verify TLS, and neither does this connection.",
  "clusterRegistry.tls.unverified":
    "Neither the system's certificates nor {cluster}'s CA bundle verify its certificate: browsing will say why. Add the registry's CA to the connection on the Connections page.",
  "clusterRegistry.browse": "Browse the registry",

  "clusterRegistry.linkedLogin": "Signs in with {cluster}'s login",
  "clusterRegistry.linkedLoginNote": "Sign in or out on the {cluster} connection.",

  "clusterRegistry.delete.tooltip": "Remove tag from the image stream (as oc tag -d)",
  "clusterRegistry.delete.label": "Remove tag {tag} from the image stream",
  "clusterRegistry.delete.title": "Remove tag {tag} from the image stream?",
  "clusterRegistry.delete.body":
    "The tag {tag} leaves the image stream {stream} of project {project} through the image API, as this command does:",
  "clusterRegistry.delete.why":
    "The registry's own manifest delete is not offered here: it would remove stored content and leave the image stream pointing at it. The image stays in the registry until an administrator runs oc adm prune images, which removes images no tag points at.",
  "clusterRegistry.delete.confirm": "Remove tag",
  "clusterRegistry.delete.failed": "Could not remove the tag",
  "clusterRegistry.delete.notCluster":
    "{repository} is not an image stream of the cluster's registry (<project>/<image stream>): there is no tag to remove through the image API.",

  "clusterRegistry.remove.unlinks":
    "These registry connections sign in with its login; they stay, unlinked, and ask for their own sign-in:",

  "reauth.what.clusterRegistry": "looking for the cluster's registry",
  "reauth.what.clusterRegistryOpen": "opening the cluster's registry",
  "reauth.what.clusterRegistryDelete": "removing the tag from the image stream",
};
