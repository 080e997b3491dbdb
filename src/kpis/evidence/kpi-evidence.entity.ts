import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An evidence file of a KPI value, kept in the database (never on disk), tied to the value's
 * submission it was attached to. Never changed nor removed (the database refuses it): a
 * resubmitted value keeps the files the verifier saw before. `bytes` is read only for a download.
 */
@Entity('kpi_evidence')
export class KpiEvidence {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_value_id', type: 'uuid' })
  valueId!: string;

  /** `kpi_value.submission` when it was attached. */
  @Column({ type: 'integer' })
  submission!: number;

  /** Sanitised (evidence-file.ts `sanitizeFilename`), with the extension of its kind. */
  @Column({ type: 'text' })
  filename!: string;

  /** Sniffed from the content, never what the client declared. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** SHA-256 of the bytes, hex. */
  @Column({ type: 'text' })
  sha256!: string;

  /**
   * Never read unless asked for (a listing reads every other column). Written as hex text decoded by
   * the database and read back as base64 (KpiEvidenceService): PGlite moves a large bytea as a
   * parameter or a result many times slower, holding its one session all the while.
   */
  @Column({ type: 'bytea', select: false })
  bytes!: Buffer;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
