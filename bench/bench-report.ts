// The printed tables (every target, and each Tollgate target against the floor) and the JSON files.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from './bench-checks.ts';
import { TARGETS, type TargetName } from './bench-config.ts';
import { SECTIONS, type Summary } from './bench-summary.ts';

const LABEL_WIDTH = 32;
const COLUMN_WIDTH = 11;
/** `tg-oai>anth` is 11 characters: one more, for the space between columns. */
const WIDE_COLUMN_WIDTH = 13;

function formatValue(value: number | null): string {
  if (value === null) return '—';
  const magnitude = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 10) return value.toFixed(2);
  return value.toFixed(magnitude >= 1 ? 3 : 4);
}

function formatDifference(value: number | null): string {
  if (value === null) return '—';
  return `${value >= 0 ? '+' : ''}${formatValue(value)}`;
}

const pad = (text: string, width = COLUMN_WIDTH): string => text.padStart(width);
const targetWidth = (target: TargetName): number =>
  target.length >= COLUMN_WIDTH - 1 ? WIDE_COLUMN_WIDTH : COLUMN_WIDTH;

/** The ratio columns: a Tollgate target over the floor (the passthrough also gets the difference). */
const RATIO_COLUMNS: readonly { title: string; target: TargetName; difference?: boolean }[] = [
  { title: 'tg/floor', target: 'tollgate' },
  { title: 'tg-floor', target: 'tollgate', difference: true },
  { title: 'o>a/floor', target: 'tg-oai>anth' },
  { title: 'a>o/floor', target: 'tg-anth>oai' },
];

/** The tables as text: one per scenario, then the target checks. */
export function renderReport(summary: Summary, checks: readonly Check[], notes: readonly string[]): string {
  const lines: string[] = [];
  const header =
    ''.padEnd(LABEL_WIDTH) +
    TARGETS.map((target) => pad(target, targetWidth(target))).join('') +
    RATIO_COLUMNS.map((column) => pad(column.title, COLUMN_WIDTH + 1)).join('');
  for (const section of SECTIONS) {
    lines.push('', section.title, header);
    for (const metric of section.metrics) {
      const row = summary[section.key]?.[metric.key];
      if (row === undefined) continue;
      const { floor } = row;
      const cells = RATIO_COLUMNS.map((column) => {
        const value = row[column.target];
        if (metric.noRatio || floor === null || value === null) return '—';
        if (column.difference) return formatDifference(value - floor);
        return floor === 0 ? '—' : `${(value / floor).toFixed(2)}x`;
      });
      lines.push(
        `  ${metric.label}`.padEnd(LABEL_WIDTH) +
          TARGETS.map((target) => pad(formatValue(row[target]), targetWidth(target))).join('') +
          cells.map((cell) => pad(cell, COLUMN_WIDTH + 1)).join(''),
      );
    }
  }
  lines.push('', 'Targets (Tollgate vs the floor proxy, same run, medians):');
  for (const check of checks) {
    const verdict = check.pass === null ? 'N/A ' : check.pass ? 'PASS' : 'FAIL';
    lines.push(`  [${verdict}] ${check.name.padEnd(55)} ${check.detail}`);
  }
  if (notes.length > 0) lines.push('', ...notes.map((note) => `Note: ${note}`));
  return lines.join('\n');
}

/** Writes `latest.json` and a timestamped copy into `dir`; returns both paths. */
export function writeResults(dir: string, data: unknown, startedAt: Date): string[] {
  mkdirSync(dir, { recursive: true });
  const latest = join(dir, 'latest.json');
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const stamped = join(dir, `bench-${stamp}.json`);
  writeFileSync(latest, `${JSON.stringify(data, null, 2)}\n`);
  copyFileSync(latest, stamped);
  return [latest, stamped];
}
