import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ENGAGEMENT_ROLES = ['city_coordinator', 'data_contributor', 'verifier', 'approver', 'observer'] as const;
export type EngagementRole = (typeof ENGAGEMENT_ROLES)[number];

/** A person's role in one engagement; a person may hold several roles (one row each). */
@Entity('engagement_member')
export class EngagementMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: EngagementRole;

  /** For approvers: the stakeholder group they speak for (city council, U4SSC, a funding partner…). */
  @Column({ name: 'stakeholder_group', type: 'text', nullable: true })
  stakeholderGroup!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
