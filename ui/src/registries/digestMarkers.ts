/**
 * Tags that point to the same manifest, found from the summaries read so far: deleting one
 * deletes the manifest and so every one of them, which an admin must see without opening the
 * delete dialog (Quay marks them with a colour per manifest; we add the digest's first hex
 * digits so the marker reads without colour too).
 */

/** Label colours a marker may take: all but red (kept for danger) and grey (kept for "none"). */
export const MARKER_COLORS = ["blue", "teal", "green", "orange", "purple", "yellow", "orangered"] as const;
export type MarkerColor = (typeof MARKER_COLORS)[number];

/** The digest's hex part (`sha256:` dropped), lower case. */
function hexOf(digest: string): string {
  const colon = digest.indexOf(":");
  return (colon < 0 ? digest : digest.slice(colon + 1)).toLowerCase();
}

/** The first four hex digits: what the marker says, so it reads without colour. */
export function markerText(digest: string): string {
  return hexOf(digest).slice(0, 4);
}

/**
 * The same colour for the same digest on every screen and every run: taken from the digest's
 * own hex digits (a content hash, so evenly spread), never from the order tags happen to load.
 */
export function markerColor(digest: string): MarkerColor {
  const hex = hexOf(digest);
  const n = Number.parseInt(hex.slice(0, 8), 16);
  return MARKER_COLORS[(Number.isNaN(n) ? 0 : n) % MARKER_COLORS.length]!;
}

/**
 * Digest → the listed tags known to point there, for the digests two or more listed tags share
 * (a digest with one tag gets no marker). Tags keep the listing's order.
 */
export function sharedDigests(tags: readonly string[], digestOf: (tag: string) => string | null): Map<string, string[]> {
  const byDigest = new Map<string, string[]>();
  for (const tag of tags) {
    const digest = digestOf(tag);
    if (!digest) continue;
    const group = byDigest.get(digest);
    if (group) group.push(tag);
    else byDigest.set(digest, [tag]);
  }
  for (const [digest, group] of byDigest) if (group.length < 2) byDigest.delete(digest);
  return byDigest;
}
