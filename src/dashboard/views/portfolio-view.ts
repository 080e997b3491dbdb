/** The portfolio page as data: engagements grouped by stage, overdue tasks, gates waiting for the reader. Pure. */
import { ENGAGEMENT_STAGES } from '../../../workflows/engagement.machine';
import { whereInWords } from './engagement-view';

export interface PortfolioEngagement {
  id: string;
  title: string;
  cityId: string;
  cityName: string;
  cycle: number;
  stage: string;
  step: string | null;
  updatedAt: Date | string;
}

const STAGE_LABELS: Record<string, string> = {
  assessment: 'Assessment',
  design: 'Design',
  financing: 'Financing',
  implementation: 'Implementation',
  completed: 'Completed',
  onHold: 'On hold',
  cancelled: 'Cancelled',
};

export const stageLabel = (stage: string): string => STAGE_LABELS[stage] ?? stage;

/** The stage filter's options, the selected one marked. */
export function stageOptions(selected: string | undefined) {
  return ENGAGEMENT_STAGES.map((s) => ({ value: s, label: stageLabel(s), selected: s === selected }));
}

export function cityOptions(cities: readonly { id: string; name: string; country: string }[], selected: string | undefined) {
  return cities.map((c) => ({ value: c.id, label: `${c.name} (${c.country})`, selected: c.id === selected }));
}

/** Engagements by stage, in roadmap order; stages without any are left out. */
export function byStage(engagements: readonly PortfolioEngagement[]) {
  return ENGAGEMENT_STAGES.map((stage) => ({
    stage,
    label: stageLabel(stage),
    engagements: engagements
      .filter((e) => e.stage === stage)
      .map((e) => ({ ...e, where: whereInWords(e.stage, e.step, null), inReview: e.step === 'inReview' })),
  }))
    .filter((g) => g.engagements.length > 0)
    .map((g) => ({ ...g, count: g.engagements.length }));
}
