import { Body, Controller, Headers, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { expectedVersionOf } from '../../common/version-header';
import { PublicationDto, PublicationView } from './publication.dto';
import { PublicationService } from './publication.service';

@ApiTags('reports and pages')
@ApiBearerAuth()
@Controller('api/engagements/:id/publication')
export class PublicationController {
  constructor(private readonly publication: PublicationService) {}

  @Put()
  @HttpCode(200)
  @RequirePermission('engagement.publish')
  @ApiOperation({
    summary: "Publish or withdraw the engagement's verified snapshot",
    description:
      'The snapshot is what the approval of the Assessment gate froze (its scorecard at the decision), recomputed from the values verified ' +
      'at that gate only: anything not verified then appears without a value. Anyone reads it at /public/cities/:cityId without signing in; ' +
      'withdrawn, that page answers 404 again (or shows an earlier cycle still published). Recorded in the history.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The engagement version acted on, instead of expectedVersion' })
  @ApiOkResponse({ type: PublicationView })
  @ApiConflictResponse({ description: 'NOT_VERIFIED: no approved Assessment gate yet; STALE_VERSION' })
  set(@Access() access: EngagementAccess, @Body() dto: PublicationDto, @Headers('if-match') ifMatch: string | undefined): Promise<PublicationView> {
    return this.publication.set(access, dto.published, expectedVersionOf(dto.expectedVersion, ifMatch));
  }
}
