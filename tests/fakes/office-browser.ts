/**
 * The browser entry of the fake Office.js: `window.fakeExcel` (and
 * `window.fakeWorkbook`, the name the pane tests share with the fake WPS) is
 * there for the test to look into.
 */
import { installOffice } from './office.ts';

const g = globalThis as unknown as Record<string, unknown>;
const opts = (g.fakeOfficeOptions ?? {}) as Parameters<typeof installOffice>[1];
g.fakeExcel = installOffice(g, opts);
g.fakeWorkbook = g.fakeExcel;
