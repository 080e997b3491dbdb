import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsNotBlank } from '../common/validation';

export class CreateCityDto {
  @ApiProperty({ example: 'Ålesund' })
  @IsString() @IsNotBlank() @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Norway' })
  @IsString() @IsNotBlank() @MaxLength(200)
  country!: string;

  @ApiPropertyOptional({ example: 67000, minimum: 0 })
  @IsOptional() @IsInt({ message: 'population must be a whole number' }) @Min(0) @Max(100_000_000)
  population?: number;
}

export class CityView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) population!: number | null;
  @ApiProperty() createdAt!: Date;
}
