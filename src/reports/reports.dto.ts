import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'html', description: 'html (default), or pdf printed by headless Chromium (503 PDF_UNAVAILABLE without one)' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;

  @ApiPropertyOptional({ example: 'en-GB', description: 'BCP 47 locale for numbers and dates; one the server does not know falls back to en-GB' })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;
}
