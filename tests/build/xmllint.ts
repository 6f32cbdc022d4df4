/** xmllint (Debian's libxml2-utils) on a document held in memory. */
import { execFileSync } from 'node:child_process';

/** '' when the document is well-formed XML; xmllint's complaint otherwise. */
export function xmllint(xml: string): string {
  try {
    return execFileSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}
