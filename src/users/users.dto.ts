import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, ValidateBy, ValidationArguments } from 'class-validator';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, PASSWORD_RULES, passwordProblem } from '../common/password-policy';
import { GLOBAL_ROLES, type GlobalRole } from '../../workflows/roles';
import { IsNotBlank } from '../common/validation';

/** The password policy as one rule on a field; `emailField` names the field holding the account's e-mail. */
export const IsAcceptablePassword = (emailField?: string) =>
  ValidateBy({
    name: 'isAcceptablePassword',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        typeof value === 'string' && passwordProblem(value, emailOf(args, emailField), args?.property) === null,
      defaultMessage: (args?: ValidationArguments) =>
        (typeof args?.value === 'string' && passwordProblem(args.value, emailOf(args, emailField), args.property)) || `${args?.property} is not acceptable`,
    },
  });

const emailOf = (args: ValidationArguments | undefined, field: string | undefined): string | undefined => {
  const value = field ? (args?.object as Record<string, unknown> | undefined)?.[field] : undefined;
  return typeof value === 'string' ? value : undefined;
};

export class CreateUserDto {
  @ApiProperty({ example: 'coordinator@city.example' })
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ana Coordinator' })
  @IsString() @IsNotBlank() @MaxLength(200)
  name!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: PASSWORD_RULES })
  @IsString() @IsAcceptablePassword('email')
  password!: string;

  @ApiProperty({ enum: GLOBAL_ROLES })
  @IsIn(GLOBAL_ROLES, { message: `role must be one of: ${GLOBAL_ROLES.join(', ')}` })
  role!: GlobalRole;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the caller signs in with now' })
  @IsString() @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, description: `${PASSWORD_RULES} Must differ from currentPassword. At most ${PASSWORD_MAX_BYTES} bytes.` })
  @IsString() @MaxLength(200)
  newPassword!: string;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'false deactivates the user (they cannot sign in and their tokens stop working); true reactivates them' })
  @IsBoolean({ message: 'active must be true or false' })
  active!: boolean;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GLOBAL_ROLES }) role!: GlobalRole;
  @ApiProperty({ description: 'false: deactivated by an admin, cannot sign in' }) active!: boolean;
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
