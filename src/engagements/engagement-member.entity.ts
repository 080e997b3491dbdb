import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberRole } from '../../workflows/roles';


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
  role!: MemberRole;

  /** For approvers: the stakeholder group they speak for (city council, U4SSC, a funding partner…). */
  @Column({ name: 'stakeholder_group', type: 'text', nullable: true })
  stakeholderGroup!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
