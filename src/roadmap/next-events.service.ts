import { Injectable } from '@nestjs/common';
import { acceptedEventTypes, PersistedEngagementSnapshot } from '../../workflows/engagement.machine';
import { Actor, mayActorSend } from '../../workflows/roadmap.definition';
import { EngagementAccess } from '../access/access.service';

export const actorOf = (access: EngagementAccess): Actor => ({
  globalRole: access.principal.role,
  isEngagementManager: access.isManager,
  memberRoles: access.memberRoles,
});

/**
 * What may happen next, for the calling user: the events the machine accepts where the engagement
 * is now, that the user's roles may send (roadmap.definition.ts).
 */
@Injectable()
export class NextEventsService {
  allowedEvents(access: EngagementAccess): string[] {
    const snapshot = access.engagement.snapshot as unknown as PersistedEngagementSnapshot;
    const actor = actorOf(access);
    return acceptedEventTypes(snapshot).filter((type) => mayActorSend(type, actor));
  }
}
