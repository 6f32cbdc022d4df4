/**
 * manifest.xml against the published Office add-in schemas (offline, with
 * xmllint: `office-addin-manifest validate` needs the network), and the
 * settings the pane relies on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The project carries Microsoft's published schemas (manifest-schemas/README.md says where they come from).
const schema = fileURLToPath(new URL('./manifest-schemas/OfficeAppManifestV1_1.xsd', import.meta.url));
const manifest = readFileSync(`${root}manifest.xml`, 'utf8');

describe('manifest.xml', () => {
  it('validates against OfficeAppManifestV1_1.xsd and its imports', () => {
    const out = execFileSync('xmllint', ['--noout', '--schema', schema, `${root}manifest.xml`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
  });

  it('is an Excel task pane that reads and writes the workbook, opened from a ribbon button', () => {
    expect(manifest).toContain('xsi:type="TaskPaneApp"');
    expect(manifest).toContain('<Host Name="Workbook" />');
    expect(manifest).toContain('<Permissions>ReadWriteDocument</Permissions>');
    expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1\.8" \/>/);
    expect(manifest).toMatch(/<SourceLocation DefaultValue="https:\/\/[^"]+\/taskpane\.html" \/>/);
    expect(manifest).toContain('xsi:type="ShowTaskpane"');
  });
});

/** The origins of a manifest's AppDomain entries and of its SourceLocation. */
function domains(xml: string) {
  const appDomains = [...xml.matchAll(/<AppDomain>([^<]*)<\/AppDomain>/g)].map((m) => new URL(m[1]!).origin);
  const source = new URL(/<SourceLocation DefaultValue="([^"]+)"/.exec(xml)![1]!).origin;
  return { appDomains, source };
}

describe('manifest.xml domains', () => {
  it("does not repeat SourceLocation's origin as an AppDomain (\"no effect and may be misleading\")", () => {
    const { appDomains, source } = domains(manifest);
    expect(appDomains).not.toContain(source);
    // Every URL of the manifest (pane, icons, support) is on that one origin: no other domain is needed.
    for (const url of manifest.matchAll(/"(https:\/\/[^"]+)"/g)) expect(new URL(url[1]!).origin).toBe(source);
  });
});

describe('npm run manifest', () => {
  it('writes a production copy that points every URL at the production origin and still validates', () => {
    const out = `${root}dist/manifest.test.xml`;
    execFileSync('npx', ['tsx', 'scripts/manifest.ts', '--base', 'https://report.example.org', '--out', out], { cwd: root, stdio: 'pipe' });
    const prod = readFileSync(out, 'utf8');
    expect(prod).not.toContain('localhost');
    expect(prod).toContain('<SourceLocation DefaultValue="https://report.example.org/taskpane.html" />');
    expect(domains(prod).appDomains).not.toContain('https://report.example.org');
    expect(execFileSync('xmllint', ['--noout', '--schema', schema, out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
  });
});
