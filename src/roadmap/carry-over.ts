import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { ACTION_STATUSES, type ActionStatus } from '../../workflows/action-plan';
import { AccessService, type EngagementAccess } from '../access/access.service';
import { badRequest, type FieldProblem } from '../common/api-error';
import { VersionedBody } from '../common/versioned.dto';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { EngagementWriter } from '../engagements/engagement-writer';
import { Engagement } from '../engagements/engagement.entity';
import { itemDataPoint, storedDataPoint } from '../kpis/values/kpi-value.entity';
import { Action, ActionTarget } from '../plans/action.entity';
import { toActionView } from '../plans/actions.service';
import { ActionView } from '../plans/plans.dto';

/** Actions not done when a cycle completes: offered to the next cycle's plan. */
export const OFFERED_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress'];

export class OfferedActionView {
  @ApiProperty({ description: "The action's id in the previous engagement" }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
  @ApiProperty() budget!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) startDate!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) endDate!: string | null;
  @ApiProperty() requiresProcurement!: boolean;
  @ApiProperty({ description: '[{code, dataPoint, expectedValue}]', type: 'array', items: { type: 'object', additionalProperties: true } })
  targets!: { code: string; dataPoint: string | null; expectedValue: number }[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The id of its copy in this engagement, once carried over' })
  carriedOverAs!: string | null;
}

export class CarryOverView {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The previous cycle (null for a first cycle: nothing is offered)' })
  fromEngagementId!: string | null;
  @ApiProperty({ type: [OfferedActionView], description: 'The actions of the previous cycle not done (planned, in progress), oldest first' })
  actions!: OfferedActionView[];
}

export class CarryOverDto extends VersionedBody {
  @ApiProperty({ type: [String], description: 'Ids of offered actions of the previous cycle (GET …/carry-over)' })
  @IsArray({ message: 'actionIds must be a list of action ids' })
  @ArrayNotEmpty({ message: 'actionIds must name at least one action' })
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'actionIds must not repeat an action' })
  @IsUUID('all', { each: true, message: 'actionIds must be action ids' })
  actionIds!: string[];
}

export class CarriedOverView {
  @ApiProperty({ type: [ActionView], description: 'The copies, in this engagement’s plan, planned' }) actions!: ActionView[];
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

/** The offer of one engagement: the previous cycle's actions not done, and which were carried. */
export async function offeredActions(db: EntityManager, engagement: Pick<Engagement, 'id' | 'previousEngagementId'>): Promise<CarryOverView> {
  const from = engagement.previousEngagementId;
  if (!from) return { fromEngagementId: null, actions: [] };
  const actions = await db.getRepository(Action).find({ where: { engagementId: from, status: In([...OFFERED_STATUSES]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const targets = actions.length === 0 ? [] : await db.getRepository(ActionTarget).find({ where: { actionId: In(actions.map((a) => a.id)) } });
  const copies = await db.getRepository(Action).find({ where: { engagementId: engagement.id, carriedOverFrom: Not(IsNull()) } });
  return {
    fromEngagementId: from,
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      budget: a.budget,
      startDate: a.startDate,
      endDate: a.endDate,
      requiresProcurement: a.requiresProcurement,
      targets: targets
        .filter((t) => t.actionId === a.id)
        .map((t) => ({ code: t.code, dataPoint: itemDataPoint(t.dataPoint), expectedValue: t.expectedValue }))
        .sort((x, y) => x.code.localeCompare(y.code) || (x.dataPoint ?? '').localeCompare(y.dataPoint ?? '')),
      carriedOverAs: copies.find((c) => c.carriedOverFrom === a.id)?.id ?? null,
    })),
  };
}

/**
 * Next cycle: the actions of the completed engagement that were not done are offered to the new
 * one; the chosen ones are copied into its plan as `planned`, with their targets (part 'actions').
 */
@Injectable()
export class CarryOverService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  offer(access: EngagementAccess): Promise<CarryOverView> {
    return offeredActions(this.db.manager, access.engagement);
  }

  async carry(access: EngagementAccess, dto: CarryOverDto): Promise<CarriedOverView> {
    this.access.require(access, 'actions.manage');
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const offer = await offeredActions(tx, engagement);
        const problems: FieldProblem[] = [];
        if (!offer.fromEngagementId) problems.push({ field: 'actionIds', rule: 'previousCycle', message: 'this engagement has no previous cycle to carry actions from' });
        for (const id of dto.actionIds) {
          const offered = offer.actions.find((a) => a.id === id);
          if (offer.fromEngagementId && !offered) {
            problems.push({ field: 'actionIds', rule: 'offered', message: `action ${id} is not an action of the previous cycle left planned or in progress` });
          } else if (offered?.carriedOverAs) {
            problems.push({ field: 'actionIds', rule: 'notCarried', message: `action "${offered.title}" is already carried over (as ${offered.carriedOverAs})` });
          }
        }
        if (problems.length > 0) throw badRequest(`Cannot carry these actions over: ${problems.map((p) => p.message).join('; ')}`, problems);

        const sources = await tx.getRepository(Action).findBy({ id: In(dto.actionIds) });
        const members = new Set((await tx.getRepository(EngagementMember).findBy({ engagementId: engagement.id })).map((m) => m.userId));
        const actions = tx.getRepository(Action);
        const copies: Action[] = [];
        const targets: ActionTarget[] = [];
        for (const id of dto.actionIds) {
          const source = sources.find((s) => s.id === id)!;
          const ownerId = source.ownerId && (members.has(source.ownerId) || source.ownerId === engagement.managerId) ? source.ownerId : null;
          const copy = await actions.save(
            actions.create({
              engagementId: engagement.id,
              title: source.title,
              description: source.description,
              ownerId,
              budget: source.budget,
              startDate: source.startDate,
              endDate: source.endDate,
              requiresProcurement: source.requiresProcurement,
              status: 'planned',
              createdBy: access.principal.id,
              carriedOverFrom: source.id,
            }),
          );
          copies.push(copy);
          const offered = offer.actions.find((a) => a.id === id)!;
          for (const t of offered.targets) {
            targets.push(
              await tx.getRepository(ActionTarget).save(
                tx.getRepository(ActionTarget).create({ actionId: copy.id, engagementId: engagement.id, code: t.code, dataPoint: storedDataPoint(t.dataPoint), expectedValue: t.expectedValue }),
              ),
            );
          }
        }
        const views = copies.map((c) => toActionView(c, targets, []));
        return {
          result: views,
          history: [
            {
              type: 'ACTIONS_CARRIED_OVER',
              payload: { fromEngagementId: offer.fromEngagementId, actions: copies.map((c) => ({ from: c.carriedOverFrom, id: c.id, title: c.title })) },
            },
          ],
        };
      },
      { part: 'actions' },
    );
    return { actions: result, engagementVersion: engagement.version };
  }
}
