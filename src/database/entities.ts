import { Task } from '../checklists/task.entity';
import { City } from '../cities/city.entity';
import { IdempotentRequest } from '../idempotency/idempotent-request.entity';
import { GateApproval } from '../gates/gate-approval.entity';
import { Gate } from '../gates/gate.entity';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';
import { HistoryEntry } from '../engagements/history-entry.entity';
import { KpiCatalogueEdition, KpiRecord } from '../kpis/kpi-catalogue.entity';
import { KpiTargetOverride } from '../kpis/targets/target-override.entity';
import { KpiAnswer, KpiFlagNote, KpiQuestion, KpiValue } from '../kpis/values/kpi-value.entity';
import { KpiEvidence } from '../kpis/evidence/kpi-evidence.entity';
import { Action, ActionTarget, GapDeferral, ProcurementItem } from '../plans/action.entity';
import { KpiMeasurement } from '../monitoring/measurement.entity';
import { BusinessCase, BusinessCaseAction, InvestmentAllocation, InvestmentProject } from '../financing/financing.entity';
import { User } from '../users/user.entity';
import { PageSession } from '../auth/page-session.entity';
import { PublishedSnapshot } from '../dashboard/publication/published-snapshot.entity';
import { AppSetting } from './app-setting.entity';
import { OutboxAttempt, OutboxDelivery, OutboxRecord } from '../outbox/outbox.entity';
import { Notification, NotificationPreference } from '../notifications/notification.entity';
import { Webhook } from '../webhooks/webhook.entity';
import { DeadlineNotice } from '../deadlines/deadline-notice.entity';

/** Every TypeORM entity of the application. */
export const ENTITIES = [AppSetting, User, City, Engagement, EngagementMember, HistoryEntry, Task, Gate, GateApproval, IdempotentRequest, KpiCatalogueEdition, KpiRecord, KpiValue, KpiQuestion, KpiAnswer, KpiFlagNote, KpiEvidence, KpiTargetOverride, Action, ActionTarget, ProcurementItem, GapDeferral, KpiMeasurement, BusinessCase, BusinessCaseAction, InvestmentProject, InvestmentAllocation, OutboxRecord, OutboxDelivery, OutboxAttempt, Notification, NotificationPreference, DeadlineNotice, PageSession, PublishedSnapshot, Webhook];
