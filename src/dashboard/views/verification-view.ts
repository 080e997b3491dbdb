/** The verifier's desk as page data: consistency flags in words, evidence files as links, the queue's filters. Pure. */

interface Note {
  text: string;
  by: string;
  at: Date | string;
}

export interface FlagInput {
  rule: string;
  severity: 'warning' | 'error';
  message: string;
  answer: Note | null;
  acknowledgement: Note | null;
  open: boolean;
}

export interface FlagRow {
  severity: 'warning' | 'error';
  severityLabel: string;
  message: string;
  answer: { text: string; by: string; at: Date | string } | null;
  acknowledgement: { text: string; by: string; at: Date | string } | null;
  open: boolean;
}

/** Each flag with its severity in words and who answered or acknowledged it (a name when known). */
export function flagRows(flags: readonly FlagInput[], people: ReadonlyMap<string, string>): FlagRow[] {
  const note = (n: Note | null) => (n ? { text: n.text, by: people.get(n.by) ?? 'someone no longer listed', at: n.at } : null);
  return flags.map((f) => ({
    severity: f.severity,
    severityLabel: f.severity === 'error' ? 'Error' : 'Warning',
    message: f.message,
    answer: note(f.answer),
    acknowledgement: note(f.acknowledgement),
    open: f.open,
  }));
}

/** The people the flags' notes name. */
export const notePeople = (flags: readonly FlagInput[]): string[] => flags.flatMap((f) => [f.answer?.by, f.acknowledgement?.by]).filter((id): id is string => !!id);

export interface EvidenceInput {
  id: string;
  filename: string;
  size: number;
  current: boolean;
}

/** The files of a value's current submission, each linked to the page's download; how many earlier ones are kept. */
export function evidenceCell(engagementId: string, code: string, files: readonly EvidenceInput[]) {
  const current = files.filter((f) => f.current);
  return {
    count: current.length,
    files: current.map((f) => ({
      name: f.filename,
      size: fileSize(f.size),
      href: `/engagements/${engagementId}/kpi-values/${encodeURIComponent(code)}/evidence/${f.id}`,
    })),
    earlier: files.length - current.length,
  };
}

/** The `?flag=` choices of the queue page: the kinds, then each rule of the rule file. */
export function flagOptions(rules: readonly string[], selected: string | undefined) {
  const kinds = [
    { value: 'flagged', label: 'Any flag' },
    { value: 'unflagged', label: 'No flag' },
    { value: 'error', label: 'An error' },
    { value: 'warning', label: 'A warning' },
  ];
  return [...kinds, ...rules.map((r) => ({ value: r, label: `Rule: ${r}` }))].map((o) => ({ ...o, selected: o.value === selected }));
}

/** A size in words: bytes, kB or MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 100) / 10} kB`;
  return `${Math.round(bytes / 100_000) / 10} MB`;
}
