import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** How many evidence files each value of an engagement has on its current submission (by value id). */
@Injectable()
export class EvidenceCounts {
  async filesOfCurrentSubmissions(_db: EntityManager, _engagementId: string): Promise<Map<string, number>> {
    return new Map(); // STUB: the evidence branch's table answers this at merge.
  }
}
