import { Injectable } from '@nestjs/common';
import type { Stage } from '../../workflows/engagement.machine';
import { ENGAGEMENT_PARTS, EngagementPart, writeRefusal, WriteRefusal } from '../../workflows/gate-criteria';
import { stateOf } from './engagement-state';
import { Engagement } from './engagement.entity';

/**
 * Which parts of an engagement may be written where it is (workflows/gate-criteria.ts: writeRefusal).
 * What a review freezes comes from the gate criteria of the stage, told by the gates module
 * (GateCriteriaService); until it is told, a review freezes everything.
 */
@Injectable()
export class ReviewFreeze {
  private frozen: (stage: Stage) => ReadonlySet<EngagementPart> = () => new Set(ENGAGEMENT_PARTS);

  use(frozen: (stage: Stage) => ReadonlySet<EngagementPart>): void {
    this.frozen = frozen;
  }

  refusal(engagement: Engagement, part: EngagementPart): WriteRefusal | null {
    return writeRefusal(stateOf(engagement), part, this.frozen);
  }
}
