/**
 * What a client leaves out of an upload: the templates whose figures are
 * those of the unit's current revision, compared in the form the worker
 * stores (`figuresText`), unless that revision was returned.
 */
import { describe, expect, it } from 'vitest';
import { EDITIONS, unchangedTemplates, type RevisionMeta, type RevisionStatus, type TemplateId, type UnitContext } from '../../shared/index.ts';
import type { ReadResult } from '../../shared/read.ts';
import { report } from './fixtures.ts';

const E2024 = EDITIONS['2024'];
const data = report('women');

const meta = (template: TemplateId, status: RevisionStatus): RevisionMeta => ({
  id: `id-${template}`,
  unit: 'XB-WOMEN',
  year: 2024,
  template,
  revision: 1,
  status,
  checksum: '0'.repeat(64),
  warnings: [],
  explanation: null,
  createdAt: '2025-01-15T02:00:00.000Z',
  createdBy: 'tok',
});
const reports = (rows: typeof data) => E2024.templates.map((t) => ({ template: t.id, rows: rows[t.id]! }) as unknown as ReadResult);

describe('unchangedTemplates', () => {
  it('keeps out what is on record, figure for figure, however the workbook wrote it', () => {
    const ctx: UnitContext = {
      previous: {},
      stored: data,
      statuses: [],
      current: { members: meta('members', 'accepted'), trainings: meta('trainings', 'submitted'), awards: meta('awards', 'returned') },
    };
    // 20.1 written as 20.10, a name with spaces around it: the same figures.
    const written = { ...data, trainings: data.trainings.map((r) => ({ ...r, name: ` ${r.name as string} `, cost: Number((r.cost as number).toFixed(2)) })) };
    expect(unchangedTemplates(reports(written), ctx, 'women', E2024)).toEqual(['members', 'trainings']);
    // One figure changed: that template goes; a returned one always goes; one not on record goes.
    const changed = { ...data, members: [{ ...data.members[0]!, staff_part: 41 }] };
    expect(unchangedTemplates(reports(changed), ctx, 'women', E2024)).toEqual(['trainings']);
    expect(unchangedTemplates(reports(data), null, 'women', E2024)).toEqual([]);
  });
});
