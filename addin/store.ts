/**
 * Where the token lives: localStorage, partitioned by Office's partitionKey
 * when the pane runs inside Office — never in the workbook.
 */
const BASE_KEY = 'quntuan.token';

export function tokenKey(partitionKey?: string | null): string {
  return partitionKey ? `${partitionKey}:${BASE_KEY}` : BASE_KEY;
}

export class TokenStore {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly partitionKey?: string | null,
  ) {}
  get(): string | null {
    try {
      return this.storage?.getItem(tokenKey(this.partitionKey)) ?? null;
    } catch {
      return null;
    }
  }
  set(token: string) {
    try {
      this.storage?.setItem(tokenKey(this.partitionKey), token);
    } catch {
      /* private mode: the token lasts for this page only */
    }
  }
  clear() {
    try {
      this.storage?.removeItem(tokenKey(this.partitionKey));
    } catch {
      /* nothing stored */
    }
  }
}
