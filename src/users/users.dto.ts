import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { GLOBAL_ROLES, type GlobalRole } from './user.entity';
import { IsNotBlank } from '../common/validation';

export class CreateUserDto {
  @ApiProperty({ example: 'coordinator@city.example' })
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ana Coordinator' })
  @IsString() @IsNotBlank() @MaxLength(200)
  name!: string;

  @ApiProperty({ minLength: 8, description: 'At least 8 characters' })
  @IsString() @MinLength(8, { message: 'password must be at least 8 characters' }) @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: GLOBAL_ROLES })
  @IsIn(GLOBAL_ROLES, { message: `role must be one of: ${GLOBAL_ROLES.join(', ')}` })
  role!: GlobalRole;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GLOBAL_ROLES }) role!: GlobalRole;
  @ApiProperty() createdAt!: Date;
}

export class MembershipView {
  @ApiProperty() id!: string;
  @ApiProperty() engagementId!: string;
  @ApiProperty() role!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) stakeholderGroup!: string | null;
}

export class MeView extends UserView {
  @ApiProperty({ type: [MembershipView] }) memberships!: MembershipView[];
}
