/**
 * Areas (areas.md): the city at the root, then 区县, 乡镇（街道）… up to five
 * levels. Every unit belongs to one area; a scoped statistician sees one
 * subtree. Pure: the worker feeds it the live tree or a published version's
 * frozen one, and consolidation, progress and trace read it the same way.
 */

export interface Area {
  code: string;
  name: string;
  /** null for the root (the city). */
  parent: string | null;
  /** 0 for the root, the parent's level + 1 otherwise. */
  level: number;
  /** 行政区划代码, ordering siblings; null when not given. */
  districtCode: string | null;
}

/** The root area's code; its name is the deployment setting CITY. */
export const ROOT_AREA = 'CITY';
/** The deepest level below the city. */
export const MAX_LEVEL = 5;
/** The district name of a unit attached to the city itself. */
export const CITY_LEVEL = '市本级';

const ZH = new Intl.Collator('zh-CN');

/** Siblings in order: 行政区划代码 (none last), then name, then code. */
export function compareAreas(a: Area, b: Area): number {
  return (
    (a.districtCode === null ? 1 : 0) - (b.districtCode === null ? 1 : 0) ||
    (a.districtCode ?? '').localeCompare(b.districtCode ?? '') ||
    ZH.compare(a.name, b.name) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** A tree of areas, with the root named after the city. */
export class AreaTree {
  private readonly byCode = new Map<string, Area>();
  private readonly kids = new Map<string, Area[]>();

  constructor(
    areas: readonly Area[],
    readonly cityName: string,
  ) {
    for (const a of areas) this.byCode.set(a.code, a.parent === null ? { ...a, name: cityName || a.name } : a);
    if (!this.byCode.has(ROOT_AREA)) this.byCode.set(ROOT_AREA, { code: ROOT_AREA, name: cityName, parent: null, level: 0, districtCode: null });
    for (const a of this.byCode.values()) {
      if (a.parent === null) continue;
      const list = this.kids.get(a.parent) ?? [];
      list.push(a);
      this.kids.set(a.parent, list);
    }
    for (const list of this.kids.values()) list.sort(compareAreas);
  }

  get root(): Area {
    return this.byCode.get(ROOT_AREA)!;
  }

  get(code: string): Area | undefined {
    return this.byCode.get(code);
  }

  all(): Area[] {
    return [...this.byCode.values()];
  }

  children(code: string): Area[] {
    return this.kids.get(code) ?? [];
  }

  /** The area and everything below it. */
  subtree(code: string): Set<string> {
    const out = new Set<string>();
    const stack = [code];
    while (stack.length) {
      const c = stack.pop()!;
      if (out.has(c) || !this.byCode.has(c)) continue;
      out.add(c);
      for (const k of this.children(c)) stack.push(k.code);
    }
    return out;
  }

  /** Whether `code` is `ancestor` or lies below it. */
  within(code: string, ancestor: string): boolean {
    for (let a = this.byCode.get(code); a; a = a.parent === null ? undefined : this.byCode.get(a.parent)) if (a.code === ancestor) return true;
    return false;
  }

  /** A unit's district as the contract names it: its level-1 area's name, or 市本级 at the root. */
  districtOf(code: string): string {
    let a = this.byCode.get(code);
    while (a && a.level > 1) a = a.parent === null ? undefined : this.byCode.get(a.parent);
    return a && a.level === 1 ? a.name : CITY_LEVEL;
  }
}
