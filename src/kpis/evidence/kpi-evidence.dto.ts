import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/**
 * The text fields of the multipart upload beside `file`. Multipart fields are text: expectedVersion
 * is read as a number ("3"), anything else in it is refused.
 */
export class AttachEvidenceDto {
  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The engagement version the upload was made on (or send If-Match); a stale one answers 409 STALE_VERSION' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'expectedVersion must be a whole number' })
  @Min(1, { message: 'expectedVersion must be a whole number' })
  expectedVersion?: number;
}

export class EvidenceWriteView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'census-2024.pdf', description: 'The name it is kept under: the base name sent, cleaned, with the extension of its kind' })
  filename!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Read from the content' }) contentType!: string;
  @ApiProperty({ description: 'In bytes' }) size!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256!: string;
  @ApiProperty({ description: "The value's submission it is attached to" }) submission!: number;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty() uploadedAt!: Date;
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}
