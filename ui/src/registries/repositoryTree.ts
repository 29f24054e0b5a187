/**
 * The repository list's data: names merged as catalog pages arrive, filtered as the user types,
 * and grouped by path segment (`team/app/api` under `team` › `app`). Everything here is pure
 * and linear in the number of names so a keystroke over 10,000 names stays cheap.
 */

/** Code-unit order, the order the distribution registry returns its catalog in. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges one page into the names already sorted. Registries send pages in order, so this is
 * usually an append; sorting only the page keeps a 10,000-name listing linear overall.
 */
export function mergeSorted(sorted: readonly string[], page: readonly string[]): string[] {
  const incoming = [...page].sort(compare);
  const last = sorted[sorted.length - 1];
  const first = incoming[0];
  if (first === undefined) return sorted as string[];
  if (last === undefined || compare(last, first) <= 0) return sorted.concat(incoming);
  const out: string[] = new Array<string>(sorted.length + incoming.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < sorted.length && j < incoming.length) {
    const a = sorted[i] as string;
    const b = incoming[j] as string;
    if (compare(a, b) <= 0) {
      out[k++] = a;
      i++;
    } else {
      out[k++] = b;
      j++;
    }
  }
  while (i < sorted.length) out[k++] = sorted[i++] as string;
  while (j < incoming.length) out[k++] = incoming[j++] as string;
  return out;
}

/** Case-insensitive substring match; an empty filter keeps every name. */
export function filterNames(names: readonly string[], filter: string): readonly string[] {
  return new NameIndex(names).filter(filter);
}

/**
 * The names with their lower-case forms computed once, and the last filter's matches kept:
 * typing one more character searches only what the previous keystroke matched, so each
 * keystroke over 10,000 names touches the shrinking match set rather than every name.
 */
export class NameIndex {
  private readonly lower: string[];
  private lastNeedle = "";
  private lastMatches: number[] | null = null;

  constructor(readonly names: readonly string[]) {
    this.lower = names.map((n) => n.toLowerCase());
  }

  /** The names containing `filter` (trimmed, case-insensitive), in the index's order. */
  filter(filter: string): readonly string[] {
    const needle = filter.trim().toLowerCase();
    if (!needle) {
      this.lastNeedle = "";
      this.lastMatches = null;
      return this.names;
    }
    const matches: number[] = [];
    // A longer needle that contains the last one can only match what the last one matched.
    if (this.lastMatches && this.lastNeedle && needle.includes(this.lastNeedle)) {
      for (const i of this.lastMatches) if ((this.lower[i] as string).includes(needle)) matches.push(i);
    } else {
      for (let i = 0; i < this.lower.length; i++) if ((this.lower[i] as string).includes(needle)) matches.push(i);
    }
    this.lastNeedle = needle;
    this.lastMatches = matches;
    return matches.map((i) => this.names[i] as string);
  }
}

interface GroupNode {
  path: string;
  segment: string;
  count: number;
  groups: Map<string, GroupNode>;
  repositories: string[];
}

/** One line of the tree as drawn: a group (expandable) or a repository. */
export type TreeRow =
  | { type: "group"; path: string; label: string; depth: number; count: number; expanded: boolean }
  | { type: "repository"; name: string; label: string; depth: number };

function newGroup(path: string, segment: string): GroupNode {
  return { path, segment, count: 0, groups: new Map(), repositories: [] };
}

/** Groups names by their path segments; each group counts every repository below it. */
export function buildTree(names: readonly string[]): GroupNode {
  const root = newGroup("", "");
  for (const name of names) {
    const segments = name.split("/");
    let node = root;
    node.count += 1;
    for (let d = 0; d < segments.length - 1; d++) {
      const segment = segments[d] as string;
      let child = node.groups.get(segment);
      if (!child) {
        child = newGroup(node.path ? `${node.path}/${segment}` : segment, segment);
        node.groups.set(segment, child);
      }
      child.count += 1;
      node = child;
    }
    node.repositories.push(name);
  }
  return root;
}

/**
 * The visible lines of the tree, groups before repositories at each level, both by name.
 * A group is open when `expandedByDefault` differs from whether the user toggled it, so
 * "filtering opens everything" and "the user closed this one" compose without extra state.
 */
export function flattenTree(root: GroupNode, toggled: ReadonlySet<string>, expandedByDefault: boolean): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: GroupNode, depth: number) => {
    const groups = [...node.groups.values()].sort((a, b) => compare(a.segment, b.segment));
    for (const group of groups) {
      const expanded = expandedByDefault !== toggled.has(group.path);
      rows.push({ type: "group", path: group.path, label: group.segment, depth, count: group.count, expanded });
      if (expanded) walk(group, depth + 1);
    }
    for (const name of node.repositories) {
      const slash = name.lastIndexOf("/");
      rows.push({ type: "repository", name, label: slash < 0 ? name : name.slice(slash + 1), depth });
    }
  };
  walk(root, 0);
  return rows;
}
