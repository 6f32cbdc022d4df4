/**
 * The browser entry of the fake WPS 表格: installs its application as
 * `window.Application`, as WPS does for its add-in pages; `window.fakeEt`
 * (and `window.fakeWorkbook`, the name the pane tests share with the fake
 * Excel) is there for the test to look into.
 */
import { FakeEt } from './wps.ts';

const g = globalThis as unknown as Record<string, unknown>;
const et = new FakeEt();
g.Application = et.application;
g.fakeEt = et;
g.fakeWorkbook = et;
