import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Computes the scorecard to freeze into a gate record; registered by the scoring module. */
export type GateScorer = (tx: EntityManager, engagementId: string) => Promise<Record<string, unknown>>;

/** Scoring is invoked at every gate: at submission and at the deciding approval. */
@Injectable()
export class GateScoringService {
  private scorer?: GateScorer;

  use(scorer: GateScorer): void {
    this.scorer = scorer;
  }

  /** The scorecard with its inputs, frozen as JSON; null only while no scorer is registered. */
  async freeze(tx: EntityManager, engagementId: string): Promise<Record<string, unknown> | null> {
    if (!this.scorer) return null;
    return JSON.parse(JSON.stringify(await this.scorer(tx, engagementId))) as Record<string, unknown>;
  }
}
