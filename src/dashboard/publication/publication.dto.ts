import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { VersionedBody } from '../../common/versioned.dto';

export class PublicationDto extends VersionedBody {
  @ApiProperty({ description: 'true: publish the verified snapshot of the approved Assessment gate; false: withdraw it' })
  @IsBoolean({ message: 'published must be true or false' })
  published!: boolean;
}

export class PublicationView {
  @ApiProperty() engagementId!: string;
  @ApiProperty() cityId!: string;
  @ApiProperty() published!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The approved Assessment gate whose frozen scorecard is published' }) gateId!: string | null;
  @ApiPropertyOptional({ type: Date, nullable: true }) publishedAt!: Date | null;
  @ApiProperty({ description: 'Where anyone reads it without signing in (404 while nothing is published)', example: '/public/cities/…' }) publicPath!: string;
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}
