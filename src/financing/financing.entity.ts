import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { FundingSource, ProjectStatus } from '../../workflows/financing';
import { money } from '../plans/action.entity';

/** A business case: the cost and yearly benefits of one or more actions, and the KPIs they move. */
@Entity('business_case')
export class BusinessCase {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Catalogue codes (URL-safe), in the order given. */
  @Column({ name: 'kpi_codes', type: 'jsonb' })
  kpiCodes!: string[];

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: money })
  cost!: number;

  /** Monetary benefits per year, in the city's currency. */
  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: money })
  benefits!: number;

  @Column({ name: 'benefits_description', type: 'text', nullable: true })
  benefitsDescription!: string | null;

  /** As given; null: computed (cost ÷ benefits per year) when read. */
  @Column({ name: 'payback_years', type: 'double precision', nullable: true })
  paybackYears!: number | null;

  @VersionColumn()
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** An action a business case is made for. */
@Entity('business_case_action')
export class BusinessCaseAction {
  @PrimaryColumn({ name: 'business_case_id', type: 'uuid' })
  businessCaseId!: string;

  @PrimaryColumn({ name: 'action_id', type: 'uuid' })
  actionId!: string;
}

/** An investment project: an amount sought or found from a funding source, covering actions of the plan. */
@Entity('investment_project')
export class InvestmentProject {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The sum of its allocations. */
  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: money })
  amount!: number;

  @Column({ name: 'funding_source', type: 'text' })
  fundingSource!: FundingSource;

  @Column({ type: 'text' })
  status!: ProjectStatus;

  @Column({ type: 'boolean' })
  published!: boolean;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @VersionColumn()
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The part of a project's amount that covers one action. */
@Entity('investment_allocation')
export class InvestmentAllocation {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @PrimaryColumn({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: money })
  amount!: number;
}
